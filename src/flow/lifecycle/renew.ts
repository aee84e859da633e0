// Renewal of a stored certificate: the same names, account and CA; the key kept or made anew; the ARI CertID of
// the old certificate sent as `replaces` when the CA offers ARI (RFC 9773 §5). Loaded with the issuer, on click.
import type { AcmeClient } from '../../acme/client.ts';
import { ariCertId } from '../../acme/ari.ts';
import { exportPrivateKeyPem, generateKeyPair, importPrivateKey, keyTypeOf } from '../../crypto/keys.ts';
import type { KeyType } from '../../crypto/key-types.ts';
import type { CertificateRecord, CertKeyRecord } from '../../store/schema.ts';
import { ShownProblem } from '../problems.ts';

export interface RenewOptions {
  /** Reuse the stored key (only for keys made here). Default: a new key of the same type. */
  keepKey?: boolean;
}

/** The key for the renewed certificate. */
export async function renewalKey(cert: CertificateRecord, opts: RenewOptions): Promise<Extract<CertKeyRecord, { kind: 'generated' }>> {
  const keyType: KeyType = cert.keyType ?? 'P-256';
  if (opts.keepKey) {
    if (!cert.privateKey) {
      throw new ShownProblem({ what: "This certificate's key was not made in this page, so it cannot be kept.", next: 'Renew with a new key.' });
    }
    // The stored private key is extractable (it is offered as privkey.pem); its public half is derived from it.
    const pair = await importPrivateKey(await exportPrivateKeyPem(cert.privateKey), { extractable: true });
    return { kind: 'generated', keyType: keyTypeOf(pair.privateKey), privateKey: pair.privateKey, publicKey: pair.publicKey };
  }
  return { kind: 'generated', keyType, ...(await generateKeyPair(keyType, { extractable: true })) };
}

/** The old certificate's ARI CertID, when the CA has ARI and the certificate names its issuer's key. */
export async function replacesId(client: AcmeClient, cert: CertificateRecord): Promise<string | undefined> {
  if (!client.directory.renewalInfo) return undefined;
  const { parseCertificate } = await import('../../crypto/x509.ts');
  try {
    return ariCertId(await parseCertificate(cert.chainPem));
  } catch {
    return undefined; // no AKI: renew without the hint
  }
}
