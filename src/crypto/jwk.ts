// Public JWKs and RFC 7638 thumbprints. The thumbprint is part of every
// ACME key authorization, so it is computed here by the RFC's exact recipe.

import { b64uEncode, utf8 } from './base64url.ts';
import { CryptoInputError } from './errors.ts';
import { msg, str } from '../words/words.ts';

// RFC 7638 §3.2: the required members per key type, already in lexicographic order.
const REQUIRED: Record<string, readonly string[]> = {
  EC: ['crv', 'kty', 'x', 'y'],
  RSA: ['e', 'kty', 'n'],
  OKP: ['crv', 'kty', 'x'],
  oct: ['k', 'kty'],
};

function member(jwk: JsonWebKey, name: string): unknown {
  return (jwk as { [name: string]: unknown })[name];
}

function requiredOf(jwk: JsonWebKey): readonly string[] {
  if (typeof jwk !== 'object' || jwk === null) throw new CryptoInputError('key-bad-format', msg('This is not a key (JWK): a JSON object with "kty" was expected.'));
  const kty: unknown = jwk.kty;
  // Own members only: "constructor" or "__proto__" must not find Object's.
  const names = typeof kty === 'string' && Object.hasOwn(REQUIRED, kty) ? REQUIRED[kty] : undefined;
  if (!names) {
    throw new CryptoInputError(
      'key-unsupported',
      typeof kty === 'string'
        ? msg(str`This key has type ${JSON.stringify(kty)}; only EC and RSA keys can be used. Use a P-256, P-384 or RSA key.`)
        : msg('This key has type (none); only EC and RSA keys can be used. Use a P-256, P-384 or RSA key.'),
    );
  }
  for (const name of names) {
    if (typeof member(jwk, name) !== 'string' || member(jwk, name) === '') {
      throw new CryptoInputError('key-bad-format', msg(str`This ${kty} key (JWK) has no "${name}" value, so it is incomplete. Copy the whole key again.`));
    }
  }
  return names;
}

/** Only the RFC 7638 required members (EC: crv,kty,x,y; RSA: e,kty,n), i.e. the public key and nothing else. */
export function publicMembers(jwk: JsonWebKey): JsonWebKey {
  const out: { [name: string]: unknown } = {};
  for (const name of requiredOf(jwk)) out[name] = member(jwk, name);
  return out as JsonWebKey;
}

/** The `jwk` that ACME puts in a JWS header before the account exists. */
export async function publicJwk(key: CryptoKey): Promise<JsonWebKey> {
  // A private key would only export if extractable, and then with `d`; insisting
  // on the public key keeps callers from relying on that.
  // i18n-exempt: a bug in our code, never a visitor's input
  if (key.type !== 'public') throw new TypeError('publicJwk() needs the public key of the pair');
  return publicMembers(await globalThis.crypto.subtle.exportKey('jwk', key));
}

/** RFC 7638 JWK thumbprint with SHA-256, base64url. */
export async function jwkThumbprint(jwk: JsonWebKey): Promise<string> {
  const json = `{${requiredOf(jwk)
    .map((name) => `${JSON.stringify(name)}:${JSON.stringify(member(jwk, name))}`)
    .join(',')}}`;
  return b64uEncode(await globalThis.crypto.subtle.digest('SHA-256', utf8(json)));
}
