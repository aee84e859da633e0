// JWS for ACME (RFC 8555 §6.2): flattened JSON, one signature, jose does the signing.
import { FlattenedSign, type FlattenedJWS } from 'jose';
import { b64uDecode, utf8 } from '../crypto/base64url.ts';
import { jwsAlgOf } from '../crypto/keys.ts';

export type { FlattenedJWS };

/** Who signs: before the account exists the public key goes in the header (`jwk`), afterwards its URL (`kid`). */
export interface Signer {
  privateKey: CryptoKey;
  /** The account's public key as a minimal JWK (see crypto/jwk.ts publicJwk). */
  jwk: JsonWebKey;
  /** The account URL; when set, the header carries `kid` instead of `jwk`. */
  kid?: string;
}

/** Payload `""` (empty) is POST-as-GET; anything else is serialized as JSON. */
export type Payload = object | '';

function payloadBytes(payload: Payload): Uint8Array {
  return payload === '' ? new Uint8Array(0) : utf8(JSON.stringify(payload));
}

export async function signRequest(signer: Signer, url: string, nonce: string | undefined, payload: Payload): Promise<FlattenedJWS> {
  const header: Record<string, unknown> = { alg: jwsAlgOf(signer.privateKey), url };
  if (nonce !== undefined) header.nonce = nonce;
  if (signer.kid) header.kid = signer.kid;
  else header.jwk = signer.jwk;
  return new FlattenedSign(payloadBytes(payload)).setProtectedHeader(header).sign(signer.privateKey);
}

/** External Account Binding (§7.3.4): the account's JWK, MAC'd with the CA-issued key. No nonce. */
export async function signEab(accountJwk: JsonWebKey, eab: { keyId: string; hmacKey: string }, newAccountUrl: string): Promise<FlattenedJWS> {
  // CAs hand out the MAC key as base64url; accept standard base64 too, as users paste either.
  const secret = b64uDecode(eab.hmacKey.trim().replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'));
  return new FlattenedSign(utf8(JSON.stringify(accountJwk)))
    .setProtectedHeader({ alg: 'HS256', kid: eab.keyId.trim(), url: newAccountUrl })
    .sign(secret);
}
