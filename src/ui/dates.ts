// Dates as the lists and the result view show them: ISO 8601 order in the visitor's own time zone ("2026-12-01",
// "2026-12-01 21:41"), the same in every locale, so 1/12 and 12/1 are never confused. Made by hand, not with Intl:
// the first Intl.DateTimeFormat of a page loads the locale's data (~0.1–0.3 s at 4× CPU slow-down, in one task),
// which alone would stall a list of many certificates.
import { msg } from '@lit/localize';
import type { CertificateRecord } from '../store/schema.ts';

export function daysLeft(cert: Pick<CertificateRecord, 'notAfter'>, now = Date.now()): number {
  return Math.floor((new Date(cert.notAfter).getTime() - now) / 86_400_000);
}

const asDate = (d: Date | string | number) => (d instanceof Date ? d : new Date(d));
const two = (n: number) => String(n).padStart(2, '0');

/** The local calendar day: "2026-12-01". */
export function formatDate(d: Date | string | number): string {
  const t = asDate(d);
  if (Number.isNaN(t.getTime())) return msg('unknown date');
  return `${String(t.getFullYear()).padStart(4, '0')}-${two(t.getMonth() + 1)}-${two(t.getDate())}`;
}

/** Local day and time to the second: "2026-12-01 21:41:00". */
export function formatDateTime(d: Date | string | number): string {
  const t = asDate(d);
  if (Number.isNaN(t.getTime())) return msg('unknown date');
  return `${formatDate(t)} ${two(t.getHours())}:${two(t.getMinutes())}:${two(t.getSeconds())}`;
}

/** Local day and time to the minute: "2026-12-01 21:41". */
export function formatShort(d: Date | string | number): string {
  const t = asDate(d);
  if (Number.isNaN(t.getTime())) return msg('unknown date');
  return `${formatDate(t)} ${two(t.getHours())}:${two(t.getMinutes())}`;
}
