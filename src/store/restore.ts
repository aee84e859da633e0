// Restoring a backup into the store: one transaction, nothing overwritten. Apart from repo.ts so that the
// page's first load does not carry it (only the backup panel uses it).
import { openDb } from './db.ts';
import type { AccountRecord, CertificateRecord } from './schema.ts';

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
