// Where a stored certificate's key lives: made in this page (and kept here), or on the user's server (they brought a
// CSR). Small, so the stored list can ask it without loading the renewal code.
import type { CertificateRecord } from '../../store/schema.ts';

/**
 * The certificate was made from the user's own CSR, so its key lives on their server. Older certpage versions kept
 * no CSR: such a certificate has neither a key nor a key type here.
 */
export function fromOwnCsr(cert: Pick<CertificateRecord, 'csrPem' | 'keyType' | 'privateKey'> & { hasKey?: boolean }): boolean {
  return cert.csrPem !== undefined || (!(cert.privateKey ?? cert.hasKey) && !cert.keyType);
}
