// One RFC 8484 look-up: GET <resolver>?dns=<base64url query>.
// GET with only an Accept header is a CORS "simple request" (no preflight),
// and id 0 keeps the URL identical for identical questions (§4.1).

import { msg, str } from '../words/words.ts';
import { DnsFormatError, DohError } from './errors.ts';
import { decodeResponse, DNS_MAX_MESSAGE_BYTES, encodeQuery, normalName, type DnsMessage, type RecordType } from './wire.ts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface DohOptions {
  /** Defaults to globalThis.fetch. */
  fetch?: FetchLike;
  signal?: AbortSignal;
  /** Whole request, body included. Default 5000. */
  timeoutMs?: number;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Parses and checks a resolver URL: https:, or http: on loopback only (for tests and local forwarders). */
export function resolverUrl(resolver: string): URL {
  let url: URL;
  try {
    // Accept the RFC 8484 URI template form too: https://host/dns-query{?dns}
    url = new URL(resolver.replace(/\{\?dns\}$/, ''));
  } catch {
    throw new DohError('bad-url', resolver, msg(str`"${resolver}" is not a valid resolver URL.`));
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return url;
  throw new DohError('bad-url', resolver, msg(str`The resolver URL must start with https:// (got "${resolver}").`));
}

export async function queryDoh(resolver: string, name: string, type: RecordType, opts: DohOptions = {}): Promise<DnsMessage> {
  const url = resolverUrl(resolver);
  url.searchParams.set('dns', base64url(encodeQuery(name, type)));
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = opts.timeoutMs ?? 5000;

  // One controller covers the request and the body, fired by our timer or the caller.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = (): void => controller.abort();
  if (opts.signal?.aborted) controller.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  const failed = (err: unknown, during: string): DohError => {
    if (timedOut) return new DohError('timeout', resolver, msg(str`The DNS resolver ${url.host} did not answer within ${timeoutMs / 1000} s.`), { cause: err });
    if (opts.signal?.aborted) return new DohError('aborted', resolver, msg('The DNS look-up was cancelled.'), { cause: err });
    return new DohError('network', resolver, during === 'request'
      ? msg(str`Could not reach the DNS resolver ${url.host}. The computer may be offline, something (an ad blocker, a company network) may block it, or the resolver does not allow requests from web pages (no CORS header).`)
      : msg(str`The connection to the DNS resolver ${url.host} broke while reading its answer.`), { cause: err });
  };

  try {
    let response: Response;
    try {
      response = await doFetch(url.href, {
        method: 'GET',
        headers: { accept: 'application/dns-message' },
        // A cached "not found" from an earlier check would hide a record the user just added.
        cache: 'no-store',
        signal: controller.signal,
      });
    } catch (err) {
      throw failed(err, 'request');
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new DohError('http', resolver, msg(str`The DNS resolver ${url.host} answered with HTTP status ${response.status}.`), { status: response.status });
    }
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (contentType !== 'application/dns-message') {
      await response.body?.cancel().catch(() => undefined);
      throw new DohError('format', resolver, contentType ? msg(str`The DNS resolver ${url.host} did not send a DNS message (content type "${contentType}"). Check the resolver URL.`) : msg(str`The DNS resolver ${url.host} did not send a DNS message (content type "none"). Check the resolver URL.`));
    }
    let body: Uint8Array | undefined;
    try {
      body = await readAtMost(response, DNS_MAX_MESSAGE_BYTES);
    } catch (err) {
      throw failed(err, 'body');
    }
    if (!body) {
      throw new DohError('too-large', resolver, msg(str`The DNS resolver ${url.host} sent an answer of more than 64 KB; a DNS message is at most 65,535 bytes. Check the resolver URL, or choose another resolver.`));
    }
    let message: DnsMessage;
    try {
      message = decodeResponse(body);
    } catch (err) {
      if (err instanceof DnsFormatError) throw new DohError('format', resolver, msg(str`The DNS resolver ${url.host} sent a broken DNS message: ${err.message}`), { cause: err });
      throw err;
    }
    const q = message.questions[0];
    if (message.id !== 0 || (q && (q.name !== normalName(name) || q.type !== type))) {
      throw new DohError('format', resolver, msg(str`The DNS resolver ${url.host} answered a different question.`));
    }
    return message;
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * The body, read as a stream and given up as soon as it passes `limit` bytes (undefined then). A Content-Length
 * over the limit ends it before reading; a smaller one is not trusted, the bytes are counted.
 */
async function readAtMost(response: Response, limit: number): Promise<Uint8Array | undefined> {
  const declared = Number(response.headers.get('content-length') ?? '');
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(0);
  if (declared > limit) {
    await reader.cancel().catch(() => undefined);
    return undefined;
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Unpadded base64url (RFC 8484 §4.1 wants no padding). */
export function base64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) out += B64URL[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}
