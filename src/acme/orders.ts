// Orders (RFC 8555 §7.4): create, read, wait, finalize, download.
import { b64uEncode } from '../crypto/base64url.ts';
import { splitPemChain } from '../crypto/pem.ts';
import type { AcmeAccount } from './account.ts';
import { authorizationError, getAuthorization } from './authorizations.ts';
import { AcmeProblemError, AcmeProtocolError } from './errors.ts';
import { identifierKey, toIdentifier } from './identifiers.ts';
import { pollUntil, type Reading, type WaitOptions } from './poll.ts';
import type { Authorization, Identifier, Located, Order } from './types.ts';
import { msg, str } from '../words/words.ts';

export interface NewOrderOptions {
  /** Names ("example.com", "*.example.com", "192.0.2.1") or identifiers. */
  identifiers: (string | Identifier)[];
  /** A profile the directory lists in meta.profiles. */
  profile?: string;
  /** ARI CertID of the certificate this order renews (RFC 9773 §5). */
  replaces?: string;
}

/** When each order object came from the CA (Date.now()), so waitForOrder knows whether a snapshot is fresh. */
const readAt = new WeakMap<Order, number>();
function fromCa(order: Order): Order {
  if (order && typeof order === 'object') readAt.set(order, Date.now());
  return order;
}

export async function newOrder(account: AcmeAccount, opts: NewOrderOptions): Promise<Located<Order>> {
  const identifiers = opts.identifiers.map((i) => (typeof i === 'string' ? toIdentifier(i) : i));
  const payload: Record<string, unknown> = { identifiers };
  if (opts.profile) payload.profile = opts.profile;
  if (opts.replaces) payload.replaces = opts.replaces;
  const url = account.client.directory.newOrder;
  let res;
  try {
    res = await account.post<Order>(url, payload, 'order');
  } catch (err) {
    // Another order already replaced that certificate: renew without the hint rather than fail (as lego does).
    if (opts.replaces && err instanceof AcmeProblemError && err.is('alreadyReplaced')) {
      return newOrder(account, { ...opts, replaces: undefined });
    }
    throw err;
  }
  if (!res.location) throw new AcmeProtocolError(url, msg('The CA did not say where the order lives (no Location header).'), msg('Try again; if it persists, this CA cannot be used from a browser.'));
  checkIdentifiers(identifiers, res.body, url);
  return { url: res.location, data: fromCa(res.body) };
}

export async function getOrder(account: AcmeAccount, url: string, kind: 'order' | 'poll' = 'order'): Promise<Located<Order>> {
  return { url, data: fromCa((await account.post<Order>(url, '', kind)).body) };
}

/** All authorizations of an order, fetched in parallel. */
export function getAuthorizations(account: AcmeAccount, order: Order): Promise<Located<Authorization>[]> {
  return Promise.all(order.authorizations.map((url) => getAuthorization(account, url)));
}

/**
 * Wait until the order leaves pending/processing, then require `want` (ready or valid).
 * An invalid order throws the CA's error; when the order has none, the failed authorization's.
 * A snapshot read from the CA a moment ago is re-read after the usual pause; an older one (or one of unknown age,
 * e.g. from storage) at once, since the CA may have moved on meanwhile.
 */
export async function waitForOrder(account: AcmeAccount, order: Located<Order>, want: 'ready' | 'valid', opts: WaitOptions = {}): Promise<Located<Order>> {
  const read = async (): Promise<Reading<Order>> => {
    const res = await account.post<Order>(order.url, '', 'poll');
    return { value: fromCa(res.body), status: res.body.status, readAt: Date.now(), ...(res.retryAfter ? { retryAfter: res.retryAfter } : {}) };
  };
  const busy = want === 'ready' ? ['pending'] : ['pending', 'ready', 'processing'];
  const seen = readAt.get(order.data);
  const first: Reading<Order> = { value: order.data, status: order.data.status, ...(seen === undefined ? {} : { readAt: seen }) };
  const data = await pollUntil(order.url, first, read, (s) => !busy.includes(s), opts);
  if (data.status === want || (want === 'ready' && data.status === 'valid')) return { url: order.url, data };
  throw await orderError(account, { url: order.url, data });
}

/** Send the CSR (DER) once the order is ready; the order as the CA answered (processing, or valid at once). */
export async function requestFinalize(account: AcmeAccount, order: Located<Order>, csrDer: Uint8Array): Promise<Located<Order>> {
  const res = await account.post<Order>(order.data.finalize, { csr: b64uEncode(csrDer) }, 'finalize');
  return { url: order.url, data: fromCa(res.body) };
}

/** Pause between the finalize answer "processing" and the first read of the order. */
const FINALIZE_FIRST_READ_MS = 10;

/** Send the CSR (DER) once the order is ready, and wait until the certificate is issued. */
export async function finalizeOrder(account: AcmeAccount, order: Located<Order>, csrDer: Uint8Array, opts: WaitOptions = {}): Promise<Located<Order>> {
  const finalized = await requestFinalize(account, order, csrDer);
  if (finalized.data.status === 'valid') return finalized; // issued at once: nothing to wait for
  // The order's own URL has not been read yet: a prompt CA (Pebble, or Boulder signing at once) is done within
  // milliseconds, so the first read comes sooner than the floor between two reads of it.
  return waitForOrder(account, finalized, 'valid', { firstDelayMs: FINALIZE_FIRST_READ_MS, ...opts });
}

export interface CertificateChain {
  url: string;
  /** Leaf first, then the issuers, as the CA sent it. */
  pem: string;
}

/** Most alternate chains asked for: CAs offer one or two, and each is a signed request a Link header could multiply. */
export const MAX_ALTERNATES = 3;

/** The chain's first certificate (normalized PEM), or undefined when the text is not a certificate chain. */
function leafOf(pem: string): string | undefined {
  try {
    return splitPemChain(pem)[0];
  } catch {
    return undefined;
  }
}

/**
 * Download the certificate chain; with `alternates`, also up to MAX_ALTERNATES chains the CA links as
 * rel="alternate". An alternate is extra: one that fails to download, or does not start with the same certificate
 * (RFC 8555 §7.4.2), is left out and the chain stands.
 */
export async function downloadCertificate(account: AcmeAccount, url: string, opts: { alternates?: boolean } = {}): Promise<{ chain: CertificateChain; alternates: CertificateChain[] }> {
  const accept = 'application/pem-certificate-chain';
  const res = await account.post<string>(url, '', 'certificate', accept);
  if (typeof res.body !== 'string' || !res.body.includes('-----BEGIN CERTIFICATE-----')) {
    throw new AcmeProtocolError(url, msg('The CA sent something other than a PEM certificate chain.'), msg('Try the download again.'));
  }
  const leaf = leafOf(res.body);
  const links = opts.alternates && leaf ? [...new Set(res.links.alternate)].filter((alt) => alt !== url).slice(0, MAX_ALTERNATES) : [];
  const alternates = await Promise.all(links.map(async (alt) => {
    const pem = await account.post<string>(alt, '', 'certificate', accept).then((r) => r.body, () => undefined);
    return typeof pem === 'string' && leafOf(pem) === leaf ? [{ url: alt, pem }] : [];
  }));
  return { chain: { url, pem: res.body }, alternates: alternates.flat() };
}

async function orderError(account: AcmeAccount, order: Located<Order>): Promise<AcmeProblemError> {
  if (order.data.error) return new AcmeProblemError(order.data.error, order.data.error.status ?? 403);
  const authzs = await Promise.all(order.data.authorizations.map((u) => getAuthorization(account, u)));
  const failed = authzs.find((a) => a.data.status !== 'valid');
  if (failed) return authorizationError(failed);
  const status = order.data.status;
  return new AcmeProblemError({ type: 'urn:ietf:params:acme:error:serverInternal', detail: msg(str`The order ended "${status}" without a reason.`) }, 500);
}

/** The CA must not change what was asked for (lego checks this too). */
function checkIdentifiers(asked: Identifier[], order: Order, url: string): void {
  const key = (i: Identifier) => identifierKey(i);
  const want = new Set(asked.map(key));
  const got = new Set((order.identifiers ?? []).map(key));
  if (want.size !== got.size || [...want].some((k) => !got.has(k))) {
    const names = [...got].join(', ');
    throw new AcmeProtocolError(url, msg(str`The CA created an order for different names than asked (${names}).`), msg('Start a new order; if it happens again, report it to the CA.'));
  }
}
