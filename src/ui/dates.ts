// Dates as the certificate list and the result view show them. Each format is one cached Intl.DateTimeFormat:
// Date.prototype.toLocale*String builds a new formatter per call, which a list of many rows pays per row.
import type { CertificateRecord } from '../store/schema.ts';

export function daysLeft(cert: Pick<CertificateRecord, 'notAfter'>, now = Date.now()): number {
  return Math.floor((new Date(cert.notAfter).getTime() - now) / 86_400_000);
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: 'date' | 'dateTime' | 'short'): Intl.DateTimeFormat {
  let f = formats.get(kind);
  if (!f) {
    // The same output as toLocaleDateString(), toLocaleString() and { dateStyle: 'short', timeStyle: 'short' }.
    f = new Intl.DateTimeFormat(undefined, kind === 'date' ? { year: 'numeric', month: 'numeric', day: 'numeric' }
      : kind === 'dateTime' ? { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }
        : { dateStyle: 'short', timeStyle: 'short' });
    formats.set(kind, f);
  }
  return f;
}

const asDate = (d: Date | string | number) => (d instanceof Date ? d : new Date(d));

/** As toLocaleDateString(): "12/1/2026". */
export function formatDate(d: Date | string | number): string {
  return formatter('date').format(asDate(d));
}

/** As toLocaleString(): "12/1/2026, 9:41:00 PM". */
export function formatDateTime(d: Date | string | number): string {
  return formatter('dateTime').format(asDate(d));
}

/** Short date and time: "12/1/26, 9:41 PM". */
export function formatShort(d: Date | string | number): string {
  return formatter('short').format(asDate(d));
}
