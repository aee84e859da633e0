// Short, single-store reads and writes. Never await network or crypto inside a transaction (idb trap).
import { openDb } from './db.ts';
import type { AccountRecord, CertificateRecord, IssuanceRecord } from './schema.ts';

export async function listAccounts(directoryUrl?: string): Promise<AccountRecord[]> {
  const db = await openDb();
  const all = directoryUrl ? await db.getAllFromIndex('accounts', 'by-directory', directoryUrl) : await db.getAll('accounts');
  return all.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function getAccount(id: string): Promise<AccountRecord | undefined> {
  return (await openDb()).get('accounts', id);
}

export async function putAccount(record: AccountRecord): Promise<void> {
  await (await openDb()).put('accounts', record);
}

export async function getIssuance(id: string): Promise<IssuanceRecord | undefined> {
  return (await openDb()).get('issuances', id);
}

export async function putIssuance(record: IssuanceRecord): Promise<void> {
  record.updatedAt = new Date().toISOString();
  await (await openDb()).put('issuances', record);
}

export async function listCertificates(): Promise<CertificateRecord[]> {
  const all = await (await openDb()).getAll('certificates');
  return all.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export async function getCertificate(id: string): Promise<CertificateRecord | undefined> {
  return (await openDb()).get('certificates', id);
}

export async function putCertificate(record: CertificateRecord): Promise<void> {
  await (await openDb()).put('certificates', record);
}

export async function getSetting<T>(key: string): Promise<T | undefined> {
  return (await (await openDb()).get('settings', key)) as T | undefined;
}

export async function putSetting(key: string, value: unknown): Promise<void> {
  const db = await openDb();
  if (value === undefined) await db.delete('settings', key);
  else await db.put('settings', value, key);
}

export function newId(): string {
  return globalThis.crypto.randomUUID();
}

/** Forget an account in this browser (its key goes too). Does not touch the account at the CA. */
export async function deleteAccount(id: string): Promise<void> {
  await (await openDb()).delete('accounts', id);
}

/** Forget a certificate in this browser (its key goes too). The certificate stays valid at the CA. */
export async function deleteCertificate(id: string): Promise<void> {
  await (await openDb()).delete('certificates', id);
}
