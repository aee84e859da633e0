// What the page says about a pass over several CSRs: which names an order's CSR shares with the certificates the
// pass issued before it (the CA reuses those authorizations, so each name is proven once).
import type { CertificateRecord, IssuanceRecord } from '../../store/schema.ts';
import { msg, str } from '@lit/localize';

/** "the first certificate", "certificate 7" (worded when shown: whole phrases, as ordinals differ by language). */
export function certificateWord(index: number): string {
  switch (index) {
    case 0: return msg('the first certificate');
    case 1: return msg('the second certificate');
    case 2: return msg('the third certificate');
    case 3: return msg('the fourth certificate');
    case 4: return msg('the fifth certificate');
    default: return msg(str`certificate ${index + 1}`);
  }
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
  const place = where.size === 1 && only !== undefined ? certificateWord(only) : msg('earlier certificates of this pass');
  return names.length === 1
    ? msg(str`${count} of ${names.length} name was proven for ${place}`)
    : msg(str`${count} of ${names.length} names were proven for ${place}`);
}

/** The names of an order (as typed: wildcards as "*.example.com"). */
export function orderNames(record: IssuanceRecord): string[] {
  return record.identifiers.map((i) => i.value);
}
