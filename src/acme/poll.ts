// Waiting for a status: Retry-After when the CA gives one, else a bounded doubling backoff.
import { AcmeTimeoutError } from './errors.ts';

export interface WaitOptions {
  signal?: AbortSignal;
  /** Give up after this long (default 3 minutes). */
  timeoutMs?: number;
  /** First pause before re-reading (default 50 ms, then doubling: a prompt CA is not kept waiting, a slow one is not hammered). */
  firstDelayMs?: number;
  /** Longest pause between reads (default 10 s). */
  maxDelayMs?: number;
  /** Longest Retry-After that is honoured as given (default 60 s). */
  maxRetryAfterMs?: number;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(timer); reject(signal?.reason); };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Re-read a resource until `done` says so. `read` returns the status text and the CA's Retry-After, if any.
 * Throws AcmeTimeoutError when the time is up.
 */
export async function pollUntil<T>(
  url: string,
  first: { value: T; status: string; retryAfter?: Date },
  read: () => Promise<{ value: T; status: string; retryAfter?: Date }>,
  done: (status: string) => boolean,
  opts: WaitOptions = {},
): Promise<T> {
  const started = Date.now();
  const timeoutMs = opts.timeoutMs ?? 180_000;
  const maxDelay = opts.maxDelayMs ?? 10_000;
  const maxRetryAfter = opts.maxRetryAfterMs ?? 60_000;
  let delay = opts.firstDelayMs ?? 50;
  let current = first;
  while (!done(current.status)) {
    const waited = Date.now() - started;
    if (waited >= timeoutMs) throw new AcmeTimeoutError(url, waited, current.status);
    let pause = delay;
    // A Retry-After that is not a real date (NaN would be a zero-length timer) leaves the backoff in charge.
    const until = current.retryAfter?.getTime();
    if (until !== undefined && Number.isFinite(until)) pause = Math.min(Math.max(until - Date.now(), 0), maxRetryAfter);
    await sleep(Math.min(pause, timeoutMs - waited), opts.signal);
    delay = Math.min(delay * 2, maxDelay);
    current = await read();
  }
  return current.value;
}
