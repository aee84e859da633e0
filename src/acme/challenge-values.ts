// What the user must place for a challenge (RFC 8555 §8.1, §8.3, §8.4): pure functions, no requests.
import { b64uEncode, toHex, utf8 } from '../crypto/base64url.ts';
import { wildcardBase } from '../crypto/identifiers.ts';
import { AcmeProtocolError } from './errors.ts';
import type { Challenge, Identifier } from './types.ts';
import { msg, str } from '../words/words.ts';

const TOKEN = /^[A-Za-z0-9_-]+$/;

export function keyAuthorization(token: string, thumbprint: string): string {
  // The token ends up in a URL path and a file name; refuse anything but base64url (§8.3 security note).
  if (!TOKEN.test(token)) throw new AcmeProtocolError(token, msg('The CA sent a challenge token that is not base64url.'), msg('Start a new order; if it happens again, the CA is misbehaving.'));
  return `${token}.${thumbprint}`;
}

export interface Http01Instructions {
  /** The URL the CA will fetch (port 80). */
  url: string;
  /** The path under the web root. */
  path: string;
  /** The file name inside /.well-known/acme-challenge/. */
  fileName: string;
  /** The exact file content. */
  body: string;
}

export function http01(identifier: Identifier, challenge: Pick<Challenge, 'token'>, thumbprint: string): Http01Instructions {
  const body = keyAuthorization(challenge.token, thumbprint);
  const host = identifier.type === 'ip' && identifier.value.includes(':') ? `[${identifier.value}]` : identifier.value;
  const path = `/.well-known/acme-challenge/${challenge.token}`;
  return { url: `http://${host}${path}`, path, fileName: challenge.token, body };
}

export interface Dns01Instructions {
  /** Fully qualified record name, without the trailing dot. */
  name: string;
  type: 'TXT';
  value: string;
}

export async function dns01(identifier: Identifier, challenge: Pick<Challenge, 'token'>, thumbprint: string): Promise<Dns01Instructions> {
  const keyAuth = keyAuthorization(challenge.token, thumbprint);
  const digest = await globalThis.crypto.subtle.digest('SHA-256', utf8(keyAuth));
  // A wildcard's authorization names the base domain, so the record is the same for *.example.com and example.com.
  const base = wildcardBase(identifier.value);
  return { name: `_acme-challenge.${base}`, type: 'TXT', value: b64uEncode(digest) };
}

export interface TlsAlpn01Instructions {
  /** The DNS name the CA connects to (port 443, SNI = this name, ALPN "acme-tls/1"). */
  name: string;
  /** "<token>.<thumbprint>": what crypto/tls-alpn.ts turns into the validation certificate. */
  keyAuthorization: string;
  /** SHA-256 of the key authorization: the acmeIdentifier extension's value (RFC 8737 §3). */
  digest: Uint8Array;
  /** The digest as `openssl x509 -text` prints it inside the extension (hex pairs with colons, upper case). */
  digestHex: string;
}

/** TLS-ALPN-01 (RFC 8737) is for DNS names that are not wildcards; IP addresses need RFC 8738's reverse name, not offered here. */
export async function tlsAlpn01(identifier: Identifier, challenge: Pick<Challenge, 'token'>, thumbprint: string): Promise<TlsAlpn01Instructions> {
  if (identifier.type !== 'dns' || identifier.value.startsWith('*.')) {
    const name = identifier.value;
    throw new AcmeProtocolError(name, msg(str`TLS-ALPN-01 cannot prove ${name}: it is for plain DNS names only.`), msg('Use HTTP-01 or DNS-01 for this name.'));
  }
  const keyAuth = keyAuthorization(challenge.token, thumbprint);
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', utf8(keyAuth)));
  return { name: identifier.value, keyAuthorization: keyAuth, digest, digestHex: toHex(digest, ':').toUpperCase() };
}
