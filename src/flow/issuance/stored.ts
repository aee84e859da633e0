// Reading an issuance back from the store: the one a reload shows, or one another tab wrote, with its certificate
// and, for a pass over several CSRs, the certificates its earlier orders issued.
import { getCertificate, getIssuance, getSetting } from '../../store/repo.ts';
import type { CertificateRecord, IssuanceRecord } from '../../store/schema.ts';
import { CURRENT } from './current.ts';

export interface StoredIssuance {
  record: IssuanceRecord;
  certificate?: CertificateRecord;
  /** The earlier certificates of its pass that are still stored, in order. */
  issued?: CertificateRecord[];
}

/** The issuance a reload should show, with its certificate when it is done. */
export async function loadCurrent(): Promise<StoredIssuance | undefined> {
  const id = await getSetting<string>(CURRENT);
  return id ? loadIssuance(id) : undefined;
}

export async function loadIssuance(id: string): Promise<StoredIssuance | undefined> {
  const record = await getIssuance(id);
  if (!record) return undefined;
  const certificate = record.certificateId ? await getCertificate(record.certificateId) : undefined;
  const earlier = await Promise.all((record.batch?.certificateIds ?? []).map((c) => getCertificate(c)));
  const issued = earlier.filter((c): c is CertificateRecord => c !== undefined);
  return { record, ...(certificate ? { certificate } : {}), ...(issued.length ? { issued } : {}) };
}
