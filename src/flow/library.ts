// The stored accounts and certificates as the page lists them, read through flow; every change is announced
// (changes.ts), here and in the page's other tabs, so each list re-reads exactly then.
import type { AccountRecord, CertificateRecord, CertificateSummary } from '../store/schema.ts';
import { attempt } from './attempt.ts';
import { repo } from './repo.ts';
import { announce, onChange } from './changes.ts';
import type { Outcome } from './outcome.ts';

export type { AccountRecord, CertificateRecord, CertificateSummary };

/**
 * Reads started before the lists' own code has loaded (readAhead), each handed to the first list that asks; dropped
 * when stored records change meanwhile, so a list never starts from an older read than its own would be.
 */
let ahead: { certificates?: Promise<CertificateSummary[]>; accounts?: Promise<AccountRecord[]> } = {};
let following = false;

function take<K extends keyof typeof ahead>(key: K): (typeof ahead)[K] {
  const read = ahead[key];
  delete ahead[key];
  return read;
}

/**
 * Starts reading the certificate list and the accounts now, while the page loads the code that shows them. Resolves
 * once both reads are over (failed or not).
 */
export async function readAhead(): Promise<void> {
  if (!following) {
    following = true;
    onChange((c) => { if (c.kind === 'records') ahead = {}; });
  }
  ahead.certificates ??= repo().then((r) => r.listCertificateSummaries());
  ahead.accounts ??= repo().then((r) => r.listAccounts());
  // A read nobody takes must not end as an unhandled rejection; whoever takes it still sees the failure.
  await Promise.all([ahead.certificates, ahead.accounts].map((read) => read?.catch(() => {})));
}

export async function accounts(directoryUrl?: string): Promise<AccountRecord[]> {
  if (directoryUrl === undefined) {
    const early = take('accounts');
    if (early) return early;
  }
  return (await repo()).listAccounts(directoryUrl);
}

/** Accounts of this CA that can still order (a deactivated one never can). */
export async function usableAccounts(directoryUrl: string): Promise<AccountRecord[]> {
  return (await (await repo()).listAccounts(directoryUrl)).filter((a) => a.status !== 'deactivated');
}

/** Every stored certificate as the lists show it (no chain, no key), newest first. */
export async function certificates(): Promise<CertificateSummary[]> {
  return take('certificates') ?? (await repo()).listCertificateSummaries();
}

/** One certificate with its chain and key, for its files, renewal or revocation. */
export async function certificate(id: string): Promise<CertificateRecord | undefined> {
  return (await repo()).getCertificate(id);
}

/** Forget a certificate in this browser, with every copy of its key. It stays valid at the CA. */
export async function forgetCertificate(id: string): Promise<Outcome<void>> {
  const result = await attempt(async () => (await repo()).deleteCertificate(id));
  if (result.ok) announce({ kind: 'records' });
  return result;
}
