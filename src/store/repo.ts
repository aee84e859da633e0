// Reads and writes of the stored records. Never await network or crypto inside a transaction (idb trap).
import type { Backend, Tx } from './backend.ts';
import { readCatalogue, rebuildCatalogue, updateCatalogue } from './catalogue.ts';
import { backend } from './db.ts';
import { StaleRecordError, StorageError } from './errors.ts';
import type { AccountRecord, CertificateRecord, CertificateSummary, IssuanceRecord, StoreName } from './schema.ts';

function read<T>(stores: StoreName[], fn: (tx: Tx) => Promise<T>): Promise<T> {
  return backend().then((b: Backend) => b.run(stores, 'readonly', fn));
}

/** A write; what the browser refuses (quota, a broken profile) becomes a StorageError, typed errors pass through. */
async function write<T>(stores: StoreName[], fn: (tx: Tx) => Promise<T>): Promise<T> {
  const b = await backend();
  try {
    return await b.run(stores, 'readwrite', fn);
  } catch (err) {
    if (err instanceof StaleRecordError || err instanceof StorageError) throw err;
    throw new StorageError('refused', { cause: err });
  }
}

export function newId(): string {
  return globalThis.crypto.randomUUID();
}

// ---------------------------------------------------------------- accounts

export async function listAccounts(directoryUrl?: string): Promise<AccountRecord[]> {
  const all = await read(['accounts'], (tx) => tx.getAll('accounts'));
  return all.filter((a) => directoryUrl === undefined || a.directoryUrl === directoryUrl).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export function getAccount(id: string): Promise<AccountRecord | undefined> {
  return read(['accounts'], (tx) => tx.get('accounts', id));
}

export function putAccount(record: AccountRecord): Promise<void> {
  return write(['accounts'], (tx) => tx.put('accounts', record));
}

/** Forget an account in this browser (its key goes too). Does not touch the account at the CA. */
export function deleteAccount(id: string): Promise<void> {
  return write(['accounts'], (tx) => tx.delete('accounts', id));
}

// ---------------------------------------------------------------- issuances

export function getIssuance(id: string): Promise<IssuanceRecord | undefined> {
  return read(['issuances'], (tx) => tx.get('issuances', id));
}

export function listIssuances(): Promise<IssuanceRecord[]> {
  return read(['issuances'], (tx) => tx.getAll('issuances'));
}

/**
 * Store `record` if what is stored is still the revision it was made from (`record.revision`); returns it with the
 * next revision. A new record has revision 0. Throws StaleRecordError with what is stored when another tab wrote first.
 */
export function saveIssuance(record: IssuanceRecord): Promise<IssuanceRecord> {
  return write(['issuances'], async (tx) => {
    const stored = await tx.get('issuances', record.id);
    if ((stored?.revision ?? 0) !== record.revision) throw new StaleRecordError(stored);
    const next = { ...record, revision: record.revision + 1, updatedAt: new Date().toISOString() };
    await tx.put('issuances', next);
    return next;
  });
}

/** Forget an issuance (an abandoned or failed order) and the key it held. */
export function discardIssuance(id: string): Promise<void> {
  return write(['issuances'], (tx) => tx.delete('issuances', id));
}

/**
 * The issued certificate becomes a record of its own, in one transaction with the issuance that made it: the
 * issuance is marked done and gives up its key (the certificate record holds it now), and the certificate it renews
 * is marked replaced. Checks the issuance's revision like saveIssuance.
 */
export function storeIssuedCertificate(issuance: IssuanceRecord, certificate: CertificateRecord): Promise<IssuanceRecord> {
  return write(['issuances', 'certificates', 'catalogue'], async (tx) => {
    const stored = await tx.get('issuances', issuance.id);
    if ((stored?.revision ?? 0) !== issuance.revision) throw new StaleRecordError(stored);
    await tx.put('certificates', certificate);
    const changed = [certificate];
    if (certificate.replaces) {
      const old = await tx.get('certificates', certificate.replaces);
      if (old) {
        const replaced: CertificateRecord = { ...old, status: 'replaced', replacedBy: certificate.id };
        await tx.put('certificates', replaced);
        changed.push(replaced);
      }
    }
    await updateCatalogue(tx, changed);
    const next: IssuanceRecord = {
      ...issuance, stage: 'done', certificateId: certificate.id, key: { kind: 'none' },
      revision: issuance.revision + 1, updatedAt: new Date().toISOString(),
    };
    await tx.put('issuances', next);
    return next;
  });
}

// ---------------------------------------------------------------- certificates

/** Every certificate record, newest first: chains and keys included, so slow with many (the lists read summaries). */
export async function listCertificates(): Promise<CertificateRecord[]> {
  const all = await read(['certificates'], (tx) => tx.getAll('certificates'));
  return all.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** What the lists show of every certificate, newest first: one read of the catalogue (rebuilt if it is behind). */
export async function listCertificateSummaries(): Promise<CertificateSummary[]> {
  const all = await read(['certificates', 'catalogue'], readCatalogue)
    ?? await write(['certificates', 'catalogue'], rebuildCatalogue);
  return all.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

export function getCertificate(id: string): Promise<CertificateRecord | undefined> {
  return read(['certificates'], (tx) => tx.get('certificates', id));
}

export function putCertificate(record: CertificateRecord): Promise<void> {
  return write(['certificates', 'catalogue'], async (tx) => {
    await tx.put('certificates', record);
    await updateCatalogue(tx, [record]);
  });
}

/**
 * Forget a certificate in this browser with every copy of its key: the record, and the issuance that made it (which
 * may still hold the key and the chain). The certificate stays valid at the CA.
 */
export function deleteCertificate(id: string): Promise<void> {
  return write(['certificates', 'issuances', 'catalogue'], async (tx) => {
    const cert = await tx.get('certificates', id);
    await tx.delete('certificates', id);
    await updateCatalogue(tx, [], [id]);
    for (const issuance of await tx.getAll('issuances')) {
      if (issuance.certificateId === id || (cert && issuance.id === cert.issuanceId)) await tx.delete('issuances', issuance.id);
    }
  });
}

// ---------------------------------------------------------------- settings

export async function getSetting<T>(key: string): Promise<T | undefined> {
  return (await read(['settings'], (tx) => tx.get('settings', key))) as T | undefined;
}

export function putSetting(key: string, value: unknown): Promise<void> {
  return write(['settings'], (tx) => (value === undefined ? tx.delete('settings', key) : tx.put('settings', value, key)));
}
