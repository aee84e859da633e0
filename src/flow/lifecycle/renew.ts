// Renewal of a stored certificate: the same names, account and CA; the key kept or made anew, or for a certificate
// made from the user's own CSR that CSR again or a new one; the ARI CertID of the old certificate sent as `replaces`
// when the CA offers ARI (RFC 9773 §5). Loaded with the issuer, on click.
import { msg, str } from '@lit/localize';
import type { AcmeClient } from '../../acme/client.ts';
import { ariCertId } from '../../acme/ari.ts';
import { exportPrivateKeyPem, generateKeyPair, importPrivateKey, keyTypeOf } from '../../crypto/keys.ts';
import type { KeyType } from '../../crypto/key-types.ts';
import type { CertificateRecord, CertKeyRecord } from '../../store/schema.ts';
import { ShownProblem } from '../problems.ts';
import { fromOwnCsr } from './custody.ts';

export interface RenewOptions {
  /** Reuse the stored key (only for keys made here); for a certificate made from a CSR: send the same CSR again. */
  keepKey?: boolean;
  /** A new CSR to renew with (its key stays on the user's server). */
  csrPem?: string;
}

/**
 * The key for the renewed certificate: made here (new or kept), or a CSR. A certificate made from a CSR is never
 * renewed with a key made here: that would silently move the key from the user's server into this browser.
 */
export async function renewalKey(cert: CertificateRecord, opts: RenewOptions): Promise<Exclude<CertKeyRecord, { kind: 'none' }>> {
  if (opts.csrPem !== undefined) return { kind: 'csr', csrPem: await usableCsr(opts.csrPem) };
  if (fromOwnCsr(cert)) {
    if (opts.keepKey && cert.csrPem) return { kind: 'csr', csrPem: cert.csrPem };
    throw new ShownProblem(cert.csrPem
      ? { what: msg('This certificate was made from your own CSR, so its key is on your server; certpage makes no key for it here.'), next: msg('Renew with the same CSR, or paste a new CSR.') }
      : { what: msg('This certificate was made from your own CSR, which this browser did not keep (an older certpage made it).'), next: msg('Paste the CSR again (or a new one) to renew it; its key stays on your server.') });
  }
  const keyType: KeyType = cert.keyType ?? 'P-256';
  if (opts.keepKey) {
    if (!cert.privateKey) {
      throw new ShownProblem({ what: msg("This certificate's key was not made in this page, so it cannot be kept."), next: msg('Renew with a new key.') });
    }
    // The stored private key is extractable (it is offered as privkey.pem); its public half is derived from it.
    const pair = await importPrivateKey(await exportPrivateKeyPem(cert.privateKey), { extractable: true });
    return { kind: 'generated', keyType: keyTypeOf(pair.privateKey), privateKey: pair.privateKey, publicKey: pair.publicKey };
  }
  return { kind: 'generated', keyType, ...(await generateKeyPair(keyType, { extractable: true })) };
}

/** A pasted CSR as PEM, once it is known to be one CSR that can be used; otherwise what is wrong with it. */
async function usableCsr(text: string): Promise<string> {
  const { inspectCsrs } = await import('../setup/own-csr.ts');
  const { entries, problem } = await inspectCsrs(text);
  const [one] = entries;
  if (problem) throw new ShownProblem(problem);
  if (!one) throw new ShownProblem({ what: msg('No CSR was pasted.'), next: msg('Paste the CSR (-----BEGIN CERTIFICATE REQUEST-----) to renew with.') });
  if (entries.length > 1) throw new ShownProblem({ what: msg(str`${entries.length} CSRs were pasted; a renewal takes one.`), next: msg('Paste only the CSR for this certificate.') });
  if (!one.csr) throw new ShownProblem(one.problem ?? { what: msg('This CSR cannot be used.'), next: msg('Make a new CSR.') });
  return one.csr.pem;
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
