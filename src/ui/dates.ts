// Dates as the certificate list and the result view show them.
import type { CertificateRecord } from '../store/schema.ts';

export function daysLeft(cert: CertificateRecord, now = Date.now()): number {
  return Math.floor((new Date(cert.notAfter).getTime() - now) / 86_400_000);
}
