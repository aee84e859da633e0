// The signed-request core: directory, nonces, JWS, problem documents, badNonce retry.
// Every ACME call in this folder goes through AcmeClient.post (or .get for the few unsigned reads).
import { ACME_CHAIN_MAX_BYTES, ACME_JSON_MAX_BYTES, readBody } from './body.ts';
import { AcmeNetworkError, AcmeProblemError, AcmeProtocolError } from './errors.ts';
import { parseLinks, parseRetryAfter } from './headers.ts';
import type { Payload, Signer } from './jws.ts';
import { NoncePool } from './nonce-pool.ts';
import { sleep } from './poll.ts';
import { RateLimiter } from './rate.ts';
import type { Directory, DirectoryMeta, Problem } from './types.ts';
import { msg, str } from '../words/words.ts';

export type RequestKind =
  | 'directory' | 'nonce' | 'account' | 'order' | 'authz' | 'challenge' | 'poll'
  | 'finalize' | 'certificate' | 'revoke' | 'keyChange' | 'renewalInfo';

export interface RequestEvent {
  kind: RequestKind;
  method: string;
  url: string;
  status: number;
  ms: number;
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ClientOptions {
  /** Defaults to the global fetch. */
  fetch?: FetchLike;
  /** Called after every HTTP exchange (for counting and for an activity log). */
  onRequest?: (event: RequestEvent) => void;
  /** How often a request is re-signed with a fresh nonce after `badNonce` (default 16). */
  maxBadNonceRetries?: number;
  /**
   * How many signed requests may be underway at once (default 4). Widening costs one newNonce request per extra
   * request in flight, once: the nonces then circulate (see nonce-pool.ts).
   */
  parallel?: number;
  /**
   * The pace towards the CA: requests a second on average (default 15), in bursts of at most a third of that, so
   * no second ever sees more than about 20.
   */
  requestsPerSecond?: number;
}

/** A CA that answers 503 (or 429 with a short Retry-After) is asked again after its wait, at most this often. */
const BUSY_RETRIES = 3;
/** Longer waits than this are not waited out in the background: the user sees the time to retry instead. */
const BUSY_MAX_WAIT_MS = 60_000;

export interface AcmeResponse<T> {
  status: number;
  url: string;
  location?: string;
  links: Record<string, string[]>;
  retryAfter?: Date;
  headers: Headers;
  body: T;
}

/** The browser's (or Node's) fetch, looked up when called, so a test or page may replace it later. */
export const globalFetch: FetchLike = (input, init) => globalThis.fetch(input, init);

export class AcmeClient {
  readonly directoryUrl: string;
  readonly directory: Directory;
  private readonly fetchFn: FetchLike;
  private readonly onRequest: ((event: RequestEvent) => void) | undefined;
  private readonly maxBadNonceRetries: number;
  private readonly nonces: NoncePool;
  private readonly pace: RateLimiter;

  private constructor(directoryUrl: string, directory: Directory, opts: ClientOptions) {
    this.directoryUrl = directoryUrl;
    this.directory = directory;
    this.fetchFn = opts.fetch ?? globalFetch;
    this.onRequest = opts.onRequest;
    this.maxBadNonceRetries = opts.maxBadNonceRetries ?? 16;
    this.nonces = new NoncePool(() => this.newNonce(), opts.parallel);
    // 20 a second, as Let's Encrypt's strictest per-IP limit on a busy endpoint (new-nonce); a burst of 15 lets a
    // small issuance (11 requests for two names) go unpaced, while an order for many names is spread out.
    const rate = opts.requestsPerSecond ?? 20;
    this.pace = new RateLimiter(rate, Math.max(1, Math.round(rate * 0.75)));
  }

  /** Fetch the directory and return a client for that CA. */
  static async connect(directoryUrl: string, opts: ClientOptions = {}): Promise<AcmeClient> {
    let url: URL;
    try {
      url = new URL(directoryUrl.trim());
    } catch {
      throw new AcmeProtocolError(directoryUrl, msg('This is not a valid URL.'), msg('Enter the full directory URL, starting with https://.'));
    }
    const probe = new AcmeClient(url.href, {} as Directory, opts);
    const res = await probe.exchange(url.href, { method: 'GET' }, 'directory');
    const body = await readJson(res, url.href);
    const directory = asDirectory(body, url.href);
    return new AcmeClient(url.href, directory, opts);
  }

  get meta(): DirectoryMeta {
    return this.directory.meta ?? {};
  }

  /** A signed POST. Payload `''` is POST-as-GET. Retries transparently on badNonce. */
  async post<T>(url: string, payload: Payload, signer: Signer, kind: RequestKind, accept?: string): Promise<AcmeResponse<T>> {
    // Signing (jose) loads with the first signed request: reading a directory does not need it.
    const { signRequest } = await import('./jws.ts');
    let nonce = await this.nonces.take();
    let busy = 0;
    for (let attempt = 0; ; attempt++) {
      let res: Response | undefined;
      try {
        const jws = await signRequest(signer, url, nonce, payload);
        const headers: Record<string, string> = { 'Content-Type': 'application/jose+json' };
        if (accept) headers.Accept = accept;
        res = await this.exchange(url, { method: 'POST', headers, body: JSON.stringify(jws) }, kind, false);
      } finally {
        this.nonces.end(res?.headers.get('Replay-Nonce') ?? null);
      }
      if (res.ok) return this.wrap<T>(res, url, kind);
      const problem = await this.problemOf(res, url);
      if (problem.is('badNonce') && attempt < this.maxBadNonceRetries) {
        // The error response carried a fresh nonce into the pool.
        nonce = await this.nonces.take();
        continue;
      }
      const wait = busyWait(res.status, problem.retryAfter, busy);
      if (wait !== undefined) {
        busy++;
        await sleep(wait);
        nonce = await this.nonces.take();
        continue;
      }
      throw problem;
    }
  }

  /** An unsigned GET (directory-like resources such as ARI renewalInfo). */
  async get<T>(url: string, kind: RequestKind): Promise<AcmeResponse<T>> {
    for (let busy = 0; ; busy++) {
      const res = await this.exchange(url, { method: 'GET' }, kind);
      if (res.ok) return this.wrap<T>(res, url, kind);
      const problem = await this.problemOf(res, url);
      const wait = busyWait(res.status, problem.retryAfter, busy);
      if (wait === undefined) throw problem;
      await sleep(wait);
    }
  }

  private async newNonce(): Promise<string> {
    const url = this.directory.newNonce;
    let res = await this.exchange(url, { method: 'HEAD', cache: 'no-store' }, 'nonce', false);
    for (let busy = 0; !res.ok; busy++) {
      const wait = busyWait(res.status, parseRetryAfter(res.headers.get('Retry-After')), busy);
      if (wait === undefined) break;
      await sleep(wait);
      res = await this.exchange(url, { method: 'HEAD', cache: 'no-store' }, 'nonce', false);
    }
    const nonce = res.headers.get('Replay-Nonce');
    if (!res.ok || !nonce) {
      throw new AcmeProtocolError(url, res.ok
        ? msg('The CA did not let this page read its Replay-Nonce header, so no request can be signed.')
        : msg(str`The CA answered HTTP ${res.status} when asked for a nonce.`),
      msg('This CA cannot be used from a browser; choose another CA.'));
    }
    return nonce;
  }

  /** One HTTP exchange; network failures become AcmeNetworkError. Signed POSTs hand their nonce to the pool in post(). */
  private async exchange(url: string, init: RequestInit, kind: RequestKind, keepNonce = true): Promise<Response> {
    await this.pace.take();
    const started = Date.now();
    let res: Response;
    try {
      res = await this.fetchFn(url, init);
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      throw new AcmeNetworkError(url, err);
    }
    if (keepNonce) this.nonces.add(res.headers.get('Replay-Nonce'));
    this.onRequest?.({ kind, method: init.method ?? 'GET', url, status: res.status, ms: Date.now() - started });
    return res;
  }

  private async wrap<T>(res: Response, url: string, kind: RequestKind): Promise<AcmeResponse<T>> {
    const type = res.headers.get('Content-Type') ?? '';
    const text = await readBody(res, url, kind === 'certificate' ? ACME_CHAIN_MAX_BYTES : ACME_JSON_MAX_BYTES);
    let body: unknown = text;
    if (/json/i.test(type) && text) {
      try { body = JSON.parse(text); } catch { throw new AcmeProtocolError(url, msg('The CA sent a reply that is not valid JSON.'), msg('Try again later.')); }
    }
    const out: AcmeResponse<T> = {
      status: res.status,
      url,
      // i18n-exempt: a header name
      links: parseLinks(res.headers.get('Link'), url),
      headers: res.headers,
      body: body as T,
    };
    // i18n-exempt: a header name
    const location = res.headers.get('Location');
    if (location) out.location = new URL(location, url).href;
    const retryAfter = parseRetryAfter(res.headers.get('Retry-After'));
    if (retryAfter) out.retryAfter = retryAfter;
    return out;
  }

  private async problemOf(res: Response, url: string): Promise<AcmeProblemError> {
    const text = await readBody(res, url, ACME_JSON_MAX_BYTES);
    let problem: Problem = { detail: `HTTP ${res.status} ${res.statusText}`.trim() };
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object') problem = parsed as Problem;
    } catch {
      if (text) problem.detail = `${problem.detail}: ${text.slice(0, 200)}`;
    }
    // i18n-exempt: a header name
    const opts: { retryAfter?: Date; links?: Record<string, string[]> } = { links: parseLinks(res.headers.get('Link'), url) };
    const retryAfter = parseRetryAfter(res.headers.get('Retry-After'));
    if (retryAfter) opts.retryAfter = retryAfter;
    return new AcmeProblemError(problem, res.status, opts);
  }
}

/**
 * How long to wait before asking again when the CA said it is busy (503, or 429 with a Retry-After of at most a
 * minute): its Retry-After, else 1, 2, 4 s. undefined when the answer is final (any other error, or retries used up).
 */
export function busyWait(status: number, retryAfter: Date | undefined, tried: number, now = Date.now()): number | undefined {
  if (tried >= BUSY_RETRIES || (status !== 503 && status !== 429)) return undefined;
  const asked = retryAfter ? retryAfter.getTime() - now : undefined;
  if (status === 429 && (asked === undefined || asked > BUSY_MAX_WAIT_MS)) return undefined;
  if (asked !== undefined && asked > BUSY_MAX_WAIT_MS) return undefined;
  return Math.max(asked ?? 1000 * 2 ** tried, 250);
}

async function readJson(res: Response, url: string): Promise<unknown> {
  if (!res.ok) {
    throw new AcmeProtocolError(url, msg(str`The CA answered HTTP ${res.status} instead of its directory.`));
  }
  const text = await readBody(res, url, ACME_JSON_MAX_BYTES);
  try {
    return JSON.parse(text);
  } catch {
    throw new AcmeProtocolError(url, msg('This address answered, but not with an ACME directory (the reply is not JSON).'));
  }
}

function asDirectory(body: unknown, url: string): Directory {
  const d = body as Partial<Directory> | null;
  const required = ['newNonce', 'newAccount', 'newOrder'] as const;
  if (!d || typeof d !== 'object' || required.some((k) => typeof d[k] !== 'string')) {
    throw new AcmeProtocolError(url, msg('This address answered with JSON, but it is not an ACME directory (newNonce, newAccount or newOrder is missing).'));
  }
  // Keep only what we know; the CA may add random keys to test that clients ignore them.
  const dir: Directory = {
    newNonce: d.newNonce as string,
    newAccount: d.newAccount as string,
    newOrder: d.newOrder as string,
    revokeCert: typeof d.revokeCert === 'string' ? d.revokeCert : '',
    keyChange: typeof d.keyChange === 'string' ? d.keyChange : '',
  };
  if (typeof d.newAuthz === 'string') dir.newAuthz = d.newAuthz;
  if (typeof d.renewalInfo === 'string') dir.renewalInfo = d.renewalInfo;
  if (d.meta && typeof d.meta === 'object') dir.meta = d.meta;
  return dir;
}
