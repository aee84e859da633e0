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

/**
 * Add restored accounts and certificates in one transaction; records already here (same id, the same account URL at
 * the same CA, or the same certificate issuer and serial) are kept as they are, never overwritten. Certificates
 * whose account (or predecessor/successor) is already here under another id are pointed at that id.
 */
export async function restoreRecords(
  accounts: AccountRecord[],
  certificates: CertificateRecord[],
): Promise<{ accountsAdded: number; accountsAlreadyHere: number; certificatesAdded: number; certificatesAlreadyHere: number }> {
  const db = await openDb();
  const tx = db.transaction(['accounts', 'certificates'], 'readwrite');
  const accountStore = tx.objectStore('accounts');
  const certificateStore = tx.objectStore('certificates');
  // Only this transaction's own requests are awaited in here, so it stays open until the last add.
  const [haveAccounts, haveCertificates] = await Promise.all([accountStore.getAll(), certificateStore.getAll()]);

  const accountIds = new Set(haveAccounts.map((a) => a.id));
  const accountByUrl = new Map(haveAccounts.map((a) => [`${a.directoryUrl} ${a.url}`, a.id]));
  const accountMoved = new Map<string, string>();
  const writes: Promise<unknown>[] = [];
  let accountsAdded = 0;
  for (const account of accounts) {
    const here = accountByUrl.get(`${account.directoryUrl} ${account.url}`);
    if (here !== undefined && here !== account.id) accountMoved.set(account.id, here);
    if (here !== undefined || accountIds.has(account.id)) continue;
    accountIds.add(account.id);
    accountByUrl.set(`${account.directoryUrl} ${account.url}`, account.id);
    writes.push(accountStore.add(account));
    accountsAdded++;
  }

  const certificateIds = new Set(haveCertificates.map((c) => c.id));
  const certificateBySerial = new Map(haveCertificates.map((c) => [`${c.issuer} ${c.serialHex}`, c.id]));
  const certificateMoved = new Map<string, string>();
  const added: CertificateRecord[] = [];
  for (const cert of certificates) {
    const here = certificateBySerial.get(`${cert.issuer} ${cert.serialHex}`);
    if (here !== undefined && here !== cert.id) certificateMoved.set(cert.id, here);
    if (here !== undefined || certificateIds.has(cert.id)) continue;
    certificateIds.add(cert.id);
    certificateBySerial.set(`${cert.issuer} ${cert.serialHex}`, cert.id);
    added.push(cert);
  }
  const moved = (ids: Map<string, string>, id: string | undefined) => (id === undefined ? undefined : ids.get(id));
  for (const cert of added) {
    const record = { ...cert, accountId: moved(accountMoved, cert.accountId) ?? cert.accountId };
    const replaces = moved(certificateMoved, cert.replaces);
    const replacedBy = moved(certificateMoved, cert.replacedBy);
    if (replaces) record.replaces = replaces;
    if (replacedBy) record.replacedBy = replacedBy;
    writes.push(certificateStore.add(record));
  }
  await Promise.all([...writes, tx.done]);
  return {
    accountsAdded,
    accountsAlreadyHere: accounts.length - accountsAdded,
    certificatesAdded: added.length,
    certificatesAlreadyHere: certificates.length - added.length,
  };
}
