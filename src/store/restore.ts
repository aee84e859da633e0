// Restoring a backup into the store: one transaction, nothing overwritten. Apart from repo.ts so that the
// page's first load does not carry it (only the backup panel uses it).
import { updateCatalogue } from './catalogue.ts';
import { backend } from './db.ts';
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
  return (await backend()).run(['accounts', 'certificates', 'catalogue'], 'readwrite', async (tx) => {
    const [haveAccounts, haveCertificates] = await Promise.all([tx.getAll('accounts'), tx.getAll('certificates')]);
    const acc = newcomers(haveAccounts, accounts, (a) => `${a.directoryUrl} ${a.url}`);
    const cer = newcomers(haveCertificates, certificates, (c) => `${c.issuer} ${c.serialHex}`);
    const moved = (ids: Map<string, string>, id: string | undefined) => (id === undefined ? undefined : ids.get(id));
    for (const a of acc.added) await tx.put('accounts', a);
    const stored: CertificateRecord[] = [];
    for (const cert of cer.added) {
      const record = { ...cert, accountId: moved(acc.moved, cert.accountId) ?? cert.accountId };
      const replaces = moved(cer.moved, cert.replaces);
      const replacedBy = moved(cer.moved, cert.replacedBy);
      if (replaces) record.replaces = replaces;
      if (replacedBy) record.replacedBy = replacedBy;
      await tx.put('certificates', record);
      stored.push(record);
    }
    await updateCatalogue(tx, stored);
    return {
      accountsAdded: acc.added.length,
      accountsAlreadyHere: accounts.length - acc.added.length,
      certificatesAdded: cer.added.length,
      certificatesAlreadyHere: certificates.length - cer.added.length,
    };
  });
}

/**
 * Which incoming records are new (neither their id nor their natural key is here, nor earlier in the file), and
 * which match a record already here under another id (incoming id → the id here).
 */
function newcomers<T extends { id: string }>(have: T[], incoming: T[], keyOf: (r: T) => string): { added: T[]; moved: Map<string, string> } {
  const ids = new Set(have.map((r) => r.id));
  const byKey = new Map(have.map((r) => [keyOf(r), r.id]));
  const moved = new Map<string, string>();
  const added: T[] = [];
  for (const r of incoming) {
    const here = byKey.get(keyOf(r));
    if (here !== undefined && here !== r.id) moved.set(r.id, here);
    if (here !== undefined || ids.has(r.id)) continue;
    ids.add(r.id);
    byKey.set(keyOf(r), r.id);
    added.push(r);
  }
  return { added, moved };
}
