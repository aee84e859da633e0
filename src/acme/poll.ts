// Waiting for a status: Retry-After when the CA gives a usable one, else a bounded doubling backoff.
// Every value that sets a pause (the CA's Retry-After, the options) is checked and clamped here, so a bad one can
// never make a busy loop nor an endless wait: reads of one resource are at least `minDelayMs` apart.
import { AcmeTimeoutError } from './errors.ts';

export interface WaitOptions {
  signal?: AbortSignal;
  /** Give up after this long (default 3 minutes). */
  timeoutMs?: number;
  /**
   * Pause before the first re-read (default 50 ms, then doubling: a prompt CA is not kept waiting, a slow one is not
   * hammered). It may be shorter than `minDelayMs` when the first reading did not come from the resource's own URL
   * (an order as the finalize request answered it): the floor is about reading one URL again.
   */
  firstDelayMs?: number;
  /** Shortest time between two reads, whatever the CA says (default 50 ms). */
  minDelayMs?: number;
  /** Longest pause between reads (default 10 s). */
  maxDelayMs?: number;
  /** Longest Retry-After that is honoured as given (default 60 s). */
  maxRetryAfterMs?: number;
}

/** One reading of the resource: its status, the CA's Retry-After, and when it was read (Date.now()). */
export interface Reading<T> {
  value: T;
  status: string;
  retryAfter?: Date;
  /** Unknown for a snapshot of unknown age: it may be old, so the resource is read again at once. */
  readAt?: number;
}

const DEFAULTS = { timeoutMs: 180_000, firstDelayMs: 50, minDelayMs: 50, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 };

/** A finite, non-negative number of milliseconds, or the default. */
function ms(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(Math.max(x, lo), hi);

/** The CA's Retry-After as a time, when it is a real date; anything else (Invalid Date, not a Date) is ignored. */
export function usableRetryAfter(value: unknown): number | undefined {
  if (!(value instanceof Date)) return undefined;
  const at = value.getTime();
  return Number.isFinite(at) ? at : undefined;
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
 * The first re-read comes once `firstDelayMs` have passed since `first` was read (at once when its age is unknown),
 * or at the CA's Retry-After; later ones back off. Throws AcmeTimeoutError when the time is up.
 */
export async function pollUntil<T>(
  url: string,
  first: Reading<T>,
  read: () => Promise<Reading<T>>,
  done: (status: string) => boolean,
  opts: WaitOptions = {},
): Promise<T> {
  const started = Date.now();
  const timeoutMs = ms(opts.timeoutMs, DEFAULTS.timeoutMs);
  const floor = Math.max(1, ms(opts.minDelayMs, DEFAULTS.minDelayMs));
  const maxDelay = Math.max(floor, ms(opts.maxDelayMs, DEFAULTS.maxDelayMs));
  const maxRetryAfter = Math.max(floor, ms(opts.maxRetryAfterMs, DEFAULTS.maxRetryAfterMs));
  let delay = clamp(ms(opts.firstDelayMs, DEFAULTS.firstDelayMs), 1, maxDelay);
  let current = first;
  let lastRead = typeof first.readAt === 'number' && Number.isFinite(first.readAt) ? first.readAt : undefined;
  while (!done(current.status)) {
    const now = Date.now();
    const waited = now - started;
    if (waited >= timeoutMs) throw new AcmeTimeoutError(url, waited, current.status);
    const retryAt = usableRetryAfter(current.retryAfter);
    let readAt: number;
    if (lastRead === undefined) {
      // A snapshot of unknown age: read now, unless the CA asked for a pause that has not passed yet.
      readAt = retryAt === undefined ? now : clamp(retryAt, now, now + maxRetryAfter);
    } else {
      // Only the first re-read may come sooner than the floor, and only when asked for (firstDelayMs).
      const least = current === first ? Math.min(delay, floor) : floor;
      readAt = retryAt === undefined
        ? lastRead + Math.max(delay, least)
        : clamp(retryAt, lastRead + least, lastRead + maxRetryAfter);
      delay = Math.max(Math.min(delay * 2, maxDelay), floor);
    }
    const pause = Math.min(readAt - now, timeoutMs - waited);
    if (pause > 0) await sleep(pause, opts.signal);
    else if (opts.signal?.aborted) throw opts.signal.reason;
    current = await read();
    lastRead = Date.now();
  }
  return current.value;
}
