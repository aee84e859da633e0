// The catalogue: what the lists show of every stored certificate (the record without its chain and key), kept as ONE
// value. IndexedDB pays per record read: 1,000 certificate records take ~0.6 s to read at 4× CPU slow-down (their
// chains and CryptoKeys deserialized on the main thread), one value holding 1,000 summaries ~20 ms. Every write of a
// certificate updates it in the same transaction (repo.ts, restore.ts); a reader that finds it missing or of the
// wrong length (records written by hand, an interrupted copy) builds it again from the records.
import type { Tx } from './backend.ts';
import type { CertificateRecord, CertificateSummary } from './schema.ts';

export const CATALOGUE_KEY = 'certificates';

export function summaryOf(record: CertificateRecord): CertificateSummary {
  const { chainPem: _chain, alternates: _alternates, privateKey, ...rest } = record;
  return { ...rest, hasKey: privateKey !== undefined };
}

/** Build the catalogue from the records (inside a readwrite transaction over certificates and catalogue). */
export async function rebuildCatalogue(tx: Tx): Promise<CertificateSummary[]> {
  const summaries = (await tx.getAll('certificates')).map(summaryOf);
  await tx.put('catalogue', summaries, CATALOGUE_KEY);
  return summaries;
}

/** Replace or add these records' summaries and drop `removed` (same transaction as the records' own writes). */
export async function updateCatalogue(tx: Tx, changed: CertificateRecord[], removed: string[] = []): Promise<void> {
  const current = await tx.get('catalogue', CATALOGUE_KEY);
  if (!current) {
    await rebuildCatalogue(tx); // the records are already written in this transaction
    return;
  }
  const byId = new Map(current.map((s) => [s.id, s]));
  for (const id of removed) byId.delete(id);
  for (const r of changed) byId.set(r.id, summaryOf(r));
  await tx.put('catalogue', [...byId.values()], CATALOGUE_KEY);
}

/** The catalogue when it matches the records (same count), else undefined: the caller rebuilds it. */
export async function readCatalogue(tx: Tx): Promise<CertificateSummary[] | undefined> {
  const [summaries, count] = await Promise.all([tx.get('catalogue', CATALOGUE_KEY), tx.count('certificates')]);
  return summaries && summaries.length === count ? summaries : undefined;
}
