// The stored accounts and certificates as the page lists them, read through flow; every change is announced
// (changes.ts), here and in the page's other tabs, so each list re-reads exactly then.
import type { AccountRecord, CertificateRecord, CertificateSummary } from '../store/schema.ts';
import { attempt } from './attempt.ts';
import { repo } from './repo.ts';
import { announce } from './changes.ts';
import type { Outcome } from './outcome.ts';

export type { AccountRecord, CertificateRecord, CertificateSummary };

export async function accounts(directoryUrl?: string): Promise<AccountRecord[]> {
  return (await repo()).listAccounts(directoryUrl);
}

/** Accounts of this CA that can still order (a deactivated one never can). */
export async function usableAccounts(directoryUrl: string): Promise<AccountRecord[]> {
  return (await (await repo()).listAccounts(directoryUrl)).filter((a) => a.status !== 'deactivated');
}

/** Every stored certificate as the lists show it (no chain, no key), newest first. */
export async function certificates(): Promise<CertificateSummary[]> {
  return (await repo()).listCertificateSummaries();
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
