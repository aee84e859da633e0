// What the page says about a pass over several CSRs: which names an order's CSR shares with the certificates the
// pass issued before it (the CA reuses those authorizations, so each name is proven once).
import type { CertificateRecord, IssuanceRecord } from '../../store/schema.ts';

const ORDINAL = ['first', 'second', 'third', 'fourth', 'fifth'];

/** "the first certificate", "certificate 7". */
export function certificateWord(index: number): string {
  return ORDINAL[index] ? `the ${ORDINAL[index]} certificate` : `certificate ${index + 1}`;
}

/**
 * "3 of 3 names were proven for the first certificate": how many of `names` an earlier certificate of the pass
 * already holds; undefined when none does.
 */
export function provenEarlier(names: readonly string[], earlier: readonly Pick<CertificateRecord, 'names'>[]): string | undefined {
  const lower = (n: string) => n.toLowerCase();
  const where = new Set<number>();
  let count = 0;
  for (const name of names) {
    const at = earlier.findIndex((c) => c.names.some((n) => lower(n) === lower(name)));
    if (at < 0) continue;
    count++;
    where.add(at);
  }
  if (!count) return undefined;
  const [only] = [...where];
  const place = where.size === 1 && only !== undefined ? certificateWord(only) : 'earlier certificates of this pass';
  return `${count} of ${names.length} name${names.length === 1 ? ' was' : 's were'} proven for ${place}`;
}

/** The names of an order (as typed: wildcards as "*.example.com"). */
export function orderNames(record: IssuanceRecord): string[] {
  return record.identifiers.map((i) => i.value);
}
