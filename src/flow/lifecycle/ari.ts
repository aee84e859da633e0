// Asking the CA when to renew (ARI, RFC 9773) for the certificates kept here, on each visit, no more often than
// the CA asks (Retry-After). The answer is stored with the certificate, so the window also shows offline.
// Loaded after the page has shown My certificates; every failure is quiet: the lifetime rule still applies. With many
// certificates it asks a few at a time (ARI_CONCURRENCY), reading each record (its chain) only when it is asked about.
import { ariCertId, fetchRenewalInfo } from '../../acme/ari.ts';
import type { AcmeClient } from '../../acme/client.ts';
import { getCertificate, listCertificateSummaries, putCertificate } from '../../store/repo.ts';
import type { CertificateRecord, CertificateSummary } from '../../store/schema.ts';
import { connectCa } from '../ca/connect.ts';
import { needsAriCheck } from './window.ts';

export { needsAriCheck };

const HOUR = 3_600_000;
/** When the CA gives no Retry-After: Let's Encrypt suggests checking a few times a day. */
export const DEFAULT_RECHECK_MS = 6 * HOUR;
/** A Retry-After outside these bounds is clamped: not hammering the CA, not missing a changed window for days. */
const MIN_RECHECK_MS = 1 * HOUR;
const MAX_RECHECK_MS = 24 * HOUR;
/** Renewal-info requests underway at once, over all CAs: a visit with 1,000 certificates never floods a CA or the page. */
export const ARI_CONCURRENCY = 3;

export type StoredAri = NonNullable<CertificateRecord['ari']>;


/** Ask the CA about one certificate; undefined when the CA has no ARI or the certificate has no AKI. */
export async function askRenewalInfo(client: AcmeClient, cert: CertificateRecord, now = new Date()): Promise<StoredAri | undefined> {
  if (!client.directory.renewalInfo) return undefined;
  const { parseCertificate } = await import('../../crypto/x509.ts');
  let certId: string;
  try {
    certId = ariCertId(await parseCertificate(cert.chainPem));
  } catch {
    return undefined;
  }
  const info = await fetchRenewalInfo(client, certId);
  if (!info) return undefined;
  const wait = info.retryAfter ? info.retryAfter.getTime() - now.getTime() : DEFAULT_RECHECK_MS;
  const next = new Date(now.getTime() + Math.min(MAX_RECHECK_MS, Math.max(MIN_RECHECK_MS, wait)));
  return {
    start: info.start.toISOString(),
    end: info.end.toISOString(),
    ...(info.explanationURL ? { explanationURL: info.explanationURL } : {}),
    checkedAt: now.toISOString(),
    nextCheck: next.toISOString(),
  };
}

/**
 * Refresh the stored ARI windows that are due, at most `concurrency` requests at a time; returns how many changed. A
 * CA that cannot be reached, or that has no ARI, is skipped without a word: the page then keeps the lifetime rule (or
 * the last window it had).
 */
export async function refreshRenewalWindows(now = new Date(), concurrency = ARI_CONCURRENCY): Promise<number> {
  const due = (await listCertificateSummaries()).filter((c) => needsAriCheck(c, now));
  const clients = new Map<string, Promise<AcmeClient | undefined>>();
  const clientFor = (directoryUrl: string) => {
    let client = clients.get(directoryUrl);
    if (!client) {
      client = connectCa(directoryUrl).catch(() => undefined);
      clients.set(directoryUrl, client);
    }
    return client;
  };
  let changed = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < due.length) {
      const summary = due[next++] as CertificateSummary;
      const client = await clientFor(summary.directoryUrl);
      if (!client?.directory.renewalInfo) continue;
      const cert = await getCertificate(summary.id);
      const ari = cert && await askRenewalInfo(client, cert, now).catch(() => undefined);
      if (!ari) continue;
      const latest = await getCertificate(summary.id);
      if (!latest) continue;
      await putCertificate({ ...latest, ari });
      changed++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, due.length)) }, worker));
  return changed;
}
