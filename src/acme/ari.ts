// ACME Renewal Information (RFC 9773): the CertID of a certificate and the renewal window the CA suggests.
import { b64uEncode } from '../crypto/base64url.ts';
import type { AcmeClient } from './client.ts';
import { AcmeProtocolError } from './errors.ts';
import { msg } from '../words/words.ts';

/**
 * CertID = base64url(AKI keyIdentifier) "." base64url(serial DER INTEGER content bytes) (§4.1).
 * `serialBytes` keeps the leading 0x00 a DER INTEGER has when the high bit is set.
 */
export function ariCertId(cert: { authorityKeyId?: Uint8Array; serialBytes: Uint8Array }): string {
  if (!cert.authorityKeyId?.length) {
    throw new AcmeProtocolError('', msg('This certificate has no authority key identifier, so the CA cannot be asked when to renew it.'), msg('Renew by the expiry date instead.'));
  }
  return `${b64uEncode(cert.authorityKeyId)}.${b64uEncode(cert.serialBytes)}`;
}

export interface RenewalInfo {
  start: Date;
  end: Date;
  explanationURL?: string;
  /** When to ask again (Retry-After), if the CA said. */
  retryAfter?: Date;
}

/** Parse a renewalInfo response body; throws when the suggested window is missing or reversed. */
export function parseRenewalInfo(body: unknown, url = ''): RenewalInfo {
  const w = (body as { suggestedWindow?: { start?: unknown; end?: unknown } } | null)?.suggestedWindow;
  const start = typeof w?.start === 'string' ? new Date(w.start) : undefined;
  const end = typeof w?.end === 'string' ? new Date(w.end) : undefined;
  if (!start || !end || Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end < start) {
    throw new AcmeProtocolError(url, msg('The CA sent a renewal window that cannot be read.'), msg('Renew by the expiry date instead.'));
  }
  const info: RenewalInfo = { start, end };
  const explanation = (body as { explanationURL?: unknown }).explanationURL;
  if (typeof explanation === 'string') info.explanationURL = explanation;
  return info;
}

/** Ask the CA (unsigned GET) for the suggested renewal window; undefined when the CA has no ARI. */
export async function fetchRenewalInfo(client: AcmeClient, certId: string): Promise<RenewalInfo | undefined> {
  const base = client.directory.renewalInfo;
  if (!base) return undefined;
  const url = `${base.replace(/\/$/, '')}/${certId}`;
  const res = await client.get<unknown>(url, 'renewalInfo');
  const info = parseRenewalInfo(res.body, url);
  if (res.retryAfter) info.retryAfter = res.retryAfter;
  return info;
}

/** A random moment inside the window, as RFC 9773 §4.2 suggests, so renewals do not all arrive at once. */
export function pickRenewalTime(info: RenewalInfo, random = Math.random()): Date {
  return new Date(info.start.getTime() + random * (info.end.getTime() - info.start.getTime()));
}
