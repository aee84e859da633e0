// Revocation (RFC 8555 §7.6): by the account that holds the certificate, or by the certificate's own key.
import { b64uEncode } from '../crypto/base64url.ts';
import { publicJwk } from '../crypto/jwk.ts';
import type { AcmeAccount, AccountKeys } from './account.ts';
import type { AcmeClient } from './client.ts';
import { AcmeProtocolError } from './errors.ts';
import type { RevocationReason } from './types.ts';
import { msg } from '../words/words.ts';

function revokeUrl(client: AcmeClient): string {
  const url = client.directory.revokeCert;
  if (!url) throw new AcmeProtocolError(client.directoryUrl, msg('This CA does not offer revocation over ACME.'), msg("Use the CA's website to revoke."));
  return url;
}

/** Revoke with the account key (`kid`). `certDer` is the leaf certificate. */
export async function revokeCertificate(account: AcmeAccount, certDer: Uint8Array, reason: RevocationReason = 0): Promise<void> {
  await account.post(revokeUrl(account.client), { certificate: b64uEncode(certDer), reason }, 'revoke');
}

/** Revoke with the certificate's own private key (`jwk`): works without the account, e.g. after a key leak. */
export async function revokeWithCertificateKey(client: AcmeClient, certDer: Uint8Array, keys: AccountKeys, reason: RevocationReason = 1): Promise<void> {
  const signer = { privateKey: keys.privateKey, jwk: await publicJwk(keys.publicKey) };
  await client.post(revokeUrl(client), { certificate: b64uEncode(certDer), reason }, signer, 'revoke');
}
