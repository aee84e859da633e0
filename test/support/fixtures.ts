// Small helpers shared by the integration tests.
import { AcmeAccount } from '../../src/acme/account.ts';
import { AcmeClient, type ClientOptions } from '../../src/acme/client.ts';
import { generateKeyPair, spkiOfPublicKey, type KeyType } from '../../src/crypto/keys.ts';
import { parseCertificate } from '../../src/crypto/x509.ts';
import { b64uEncode } from '../../src/crypto/base64url.ts';
import type { PebbleStack } from './pebble.ts';

export async function newAccount(stack: PebbleStack, keyType: KeyType = 'P-256', clientOpts: ClientOptions = {}): Promise<AcmeAccount> {
  const client = await AcmeClient.connect(stack.directoryUrl, clientOpts);
  return AcmeAccount.create(client, await generateKeyPair(keyType), { termsOfServiceAgreed: true });
}

/** Does the leaf certificate carry the same public key as the key pair? */
export async function leafMatchesKey(chainPem: string, keys: CryptoKeyPair): Promise<boolean> {
  const leaf = await parseCertificate(chainPem);
  return b64uEncode(leaf.publicKeySpki) === b64uEncode(await spkiOfPublicKey(keys.publicKey));
}

let counter = 0;
/** A fresh name per test, so Pebble's authorization reuse cannot hide a challenge. */
export function uniqueName(label = 'host'): string {
  counter += 1;
  return `${label}-${process.pid}-${Date.now().toString(36)}-${counter}.example.com`;
}
