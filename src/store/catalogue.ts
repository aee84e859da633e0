// The catalogue: what the lists show of every stored certificate (the record without its chain and key), kept as ONE
// value. IndexedDB pays per record read: 1,000 certificate records take ~0.6 s to read at 4× CPU slow-down (their
// chains and CryptoKeys deserialized on the main thread), one value holding 1,000 summaries ~20 ms. Every write of a
// certificate updates it in the same transaction (repo.ts, restore.ts); a reader that finds it missing, unreadable or
// of the wrong length (records written by hand, an interrupted copy) builds it again from the records.
// The value is JSON text: IndexedDB hands one string back at once, and JSON.parse of 1,000 summaries takes 28 ms at 4×
// CPU where structured clone takes 72 ms (measured in Chromium). A database from before holds the array itself.
import type { Tx } from './backend.ts';
import type { CertificateRecord, CertificateSummary } from './schema.ts';

export const CATALOGUE_KEY = 'certificates';

export function encodeCatalogue(summaries: CertificateSummary[]): string {
  return JSON.stringify(summaries);
}

function decodeCatalogue(value: string | CertificateSummary[] | undefined): CertificateSummary[] | undefined {
  if (typeof value !== 'string') return value;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? (parsed as CertificateSummary[]) : undefined;
  } catch {
    return undefined; // unreadable: built again from the records
  }
}

export function summaryOf(record: CertificateRecord): CertificateSummary {
  const { chainPem: _chain, alternates: _alternates, privateKey, ...rest } = record;
  return { ...rest, hasKey: privateKey !== undefined };
}

/** Build the catalogue from the records (inside a readwrite transaction over certificates and catalogue). */
export async function rebuildCatalogue(tx: Tx): Promise<CertificateSummary[]> {
  const summaries = (await tx.getAll('certificates')).map(summaryOf);
  await tx.put('catalogue', encodeCatalogue(summaries), CATALOGUE_KEY);
  return summaries;
}

/** Replace or add these records' summaries and drop `removed` (same transaction as the records' own writes). */
export async function updateCatalogue(tx: Tx, changed: CertificateRecord[], removed: string[] = []): Promise<void> {
  const current = decodeCatalogue(await tx.get('catalogue', CATALOGUE_KEY));
  if (!current) {
    await rebuildCatalogue(tx); // the records are already written in this transaction
    return;
  }
  const byId = new Map(current.map((s) => [s.id, s]));
  for (const id of removed) byId.delete(id);
  for (const r of changed) byId.set(r.id, summaryOf(r));
  await tx.put('catalogue', encodeCatalogue([...byId.values()]), CATALOGUE_KEY);
}

/** The catalogue when it matches the records (same count), else undefined: the caller rebuilds it. */
export async function readCatalogue(tx: Tx): Promise<CertificateSummary[] | undefined> {
  const [value, count] = await Promise.all([tx.get('catalogue', CATALOGUE_KEY), tx.count('certificates')]);
  const summaries = decodeCatalogue(value);
  return summaries && summaries.length === count ? summaries : undefined;
}
