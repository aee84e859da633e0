// Revocation as the page does it (RFC 8555 §7.6): a stored certificate with its account, or any certificate with
// its own private key. Loaded on click. Results are plain data the UI shows; failures are ProblemInfo.
import { msg, str } from '@lit/localize';
import { AcmeAccount } from '../../acme/account.ts';
import { revokeCertificate, revokeWithCertificateKey } from '../../acme/revoke.ts';
import { REVOCATION_REASONS, type RevocationReason } from '../../acme/types.ts';
import { CryptoInputError } from '../../crypto/errors.ts';
import { importPrivateKey, spkiOfPublicKey } from '../../crypto/keys.ts';
import { getAccount, getCertificate, listCertificateSummaries, putCertificate } from '../../store/repo.ts';
import type { CertificateRecord } from '../../store/schema.ts';
import type { ProblemInfo } from '../outcome.ts';
import { connectCa } from '../ca/connect.ts';
import { announce } from '../changes.ts';
import { ShownProblem, toProblem } from '../problems.ts';

/** Let's Encrypt's set, in the order a user picks from; worded when read (getters), in the page's language. */
export const REASONS: readonly { readonly code: RevocationReason; readonly label: string; readonly hint: string }[] = [
  { code: 0, get label() { return msg('Unspecified'); }, get hint() { return msg('No particular reason.'); } },
  { code: 1, get label() { return msg('Key compromise'); }, get hint() { return msg('The private key was (or may have been) seen by someone else.'); } },
  { code: 4, get label() { return msg('Superseded'); }, get hint() { return msg('A new certificate replaces this one.'); } },
  { code: 5, get label() { return msg('Cessation of operation'); }, get hint() { return msg('The names are no longer used or no longer yours.'); } },
];
export { REVOCATION_REASONS, type RevocationReason };

/** Let's Encrypt's production directory, named when none was entered. */
const LETS_ENCRYPT = 'https://acme-v02.api.letsencrypt.org/directory'; // i18n-exempt: a URL

export type RevokeResult = { ok: true; certificate?: CertificateRecord } | { ok: false; problem: ProblemInfo };

async function markRevoked(cert: CertificateRecord, reason: RevocationReason): Promise<CertificateRecord> {
  const record: CertificateRecord = { ...cert, status: 'revoked', revokedAt: new Date().toISOString(), revokedReason: reason };
  await putCertificate(record);
  announce({ kind: 'records' });
  return record;
}

/** Revoke a certificate kept here, signed by the account that got it. */
export async function revokeStored(cert: CertificateRecord, reason: RevocationReason): Promise<RevokeResult> {
  try {
    const { parseCertificate } = await import('../../crypto/x509.ts');
    const leaf = await parseCertificate(cert.chainPem);
    const record = await getAccount(cert.accountId);
    if (!record) {
      throw new ShownProblem({
        what: msg('The account that got this certificate is no longer stored in this browser.'),
        next: msg("Revoke it with the certificate's own key instead (the form below)."),
      });
    }
    const client = await connectCa(cert.directoryUrl);
    const account = await AcmeAccount.resume(client, { privateKey: record.privateKey, publicKey: record.publicKey }, record.url);
    await revokeCertificate(account, leaf.der, reason);
    return { ok: true, certificate: await markRevoked(cert, reason) };
  } catch (err) {
    return { ok: false, problem: toProblem(err) };
  }
}

export interface RevokeWithKeyInput {
  certPem: string;
  keyPem: string;
  directoryUrl: string;
  reason: RevocationReason;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** A pasted text that cannot be read: the same words could come from either box, so say which one (`said`). */
async function inField<T>(said: (problem: string) => string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof CryptoInputError) throw new ShownProblem({ what: said(err.message), next: '' });
    throw err;
  }
}

/** The certificate and the key, read and checked to belong together; throws a ShownProblem (or input error) if not. */
async function readPair(input: RevokeWithKeyInput) {
  if (!input.certPem.trim()) throw new ShownProblem({ what: msg('Paste or upload the certificate to revoke.'), next: msg('Its PEM starts with -----BEGIN CERTIFICATE-----.') });
  if (!input.keyPem.trim()) throw new ShownProblem({ what: msg("Paste or upload the certificate's private key."), next: msg('Its PEM starts with -----BEGIN PRIVATE KEY----- (or EC/RSA PRIVATE KEY).') });
  if (!input.directoryUrl.trim()) throw new ShownProblem({ what: msg('Enter the directory URL of the CA that issued the certificate.'), next: msg(str`For Let's Encrypt: ${LETS_ENCRYPT}`) });
  const { parseCertificate } = await import('../../crypto/x509.ts');
  const leaf = await inField((p) => msg(str`Certificate box: ${p}`), () => parseCertificate(input.certPem));
  const keys = await inField((p) => msg(str`Private key box: ${p}`), () => importPrivateKey(input.keyPem, { extractable: false }));
  if (!sameBytes(await spkiOfPublicKey(keys.publicKey), leaf.publicKeySpki)) {
    throw new ShownProblem({
      what: msg('This private key does not belong to this certificate.'),
      next: msg(str`The certificate (${leaf.names.join(', ') || leaf.subject}, serial ${leaf.serialHex}) was made for another key. Paste the key that was used to get it (privkey.pem), or revoke it with the account that got it.`),
    });
  }
  return { leaf, keys };
}

/** Check before asking for confirmation: undefined when the certificate and key can be used together. */
export async function checkWithKey(input: RevokeWithKeyInput): Promise<ProblemInfo | undefined> {
  try {
    await readPair(input);
    return undefined;
  } catch (err) {
    return toProblem(err);
  }
}

/** Revoke any certificate with its own private key (no account needed); a copy kept here is marked revoked. */
export async function revokeWithKey(input: RevokeWithKeyInput): Promise<RevokeResult> {
  try {
    const { leaf, keys } = await readPair(input);
    const client = await connectCa(input.directoryUrl);
    await revokeWithCertificateKey(client, leaf.der, keys, input.reason);
    const found = (await listCertificateSummaries()).find((c) => c.serialHex === leaf.serialHex && c.issuer === leaf.issuer);
    const stored = found && await getCertificate(found.id);
    return { ok: true, ...(stored ? { certificate: await markRevoked(stored, input.reason) } : {}) };
  } catch (err) {
    return { ok: false, problem: toProblem(err) };
  }
}
