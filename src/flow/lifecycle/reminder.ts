// A calendar file (RFC 5545) that reminds the user to come back and renew a certificate.
// i18n-exempt-file: the .ics file's content (its fields and event texts are a file, not the page; left as they are)
//
// Two events: one when the renewal window opens, one a few days before expiry (3, or 1 for certificates that
// live under 10 days). Certificates of usual lifetimes get all-day events (9:00 local alarm); short-lived ones
// get timed events in UTC, since a day is a large part of their life. Each event links back to the page.
// Loaded lazily (from the "Reminder" button), so it stays out of the first load.
import { SHORT_LIFETIME_MS } from './window.ts';

const DAY = 86_400_000;
const CRLF = '\r\n';
const PRODID = '-//certpage//certpage renewal reminder//EN';

export interface ReminderCertificate {
  names: string[];
  notAfter: string;
  directoryUrl: string;
  /** When given, decides "short-lived" from the lifetime; else from the time between window start and expiry. */
  notBefore?: string;
}

/** `renew-example.com.ics`; a wildcard's `*` (not allowed in file names everywhere) becomes `_`. */
export function calendarFileName(cert: { names: string[] }): string {
  const first = (cert.names[0] ?? 'certificate').replace(/\*/g, '_').replace(/[^A-Za-z0-9._-]/g, '_');
  return `renew-${first}.ics`;
}

export function reminderCalendar(cert: ReminderCertificate, window: { start: Date }, pageUrl: string, now = new Date()): string {
  const notAfter = new Date(cert.notAfter);
  const short = cert.notBefore !== undefined
    ? notAfter.getTime() - new Date(cert.notBefore).getTime() < SHORT_LIFETIME_MS
    : notAfter.getTime() - window.start.getTime() < SHORT_LIFETIME_MS / 2;
  const daysBefore = short ? 1 : 3;
  const ca = hostname(cert.directoryUrl);
  const names = listNames(cert.names);
  const expires = formatUtc(notAfter);
  const uid = fingerprint(`${cert.directoryUrl}\n${cert.names.join(',')}\n${cert.notAfter}`);

  const events: EventSpec[] = [
    {
      uid: `${uid}-renew@certpage`,
      at: window.start,
      summary: `Renew the certificate for ${names}`,
      description: `It is time to renew the certificate for ${cert.names.join(', ')} (from ${ca}). `
        + `It expires ${expires}.\nRenew it at ${pageUrl}`,
    },
    {
      uid: `${uid}-expiry@certpage`,
      at: new Date(notAfter.getTime() - daysBefore * DAY),
      summary: `The certificate for ${names} expires in ${daysBefore} day${daysBefore === 1 ? '' : 's'}`,
      description: `The certificate for ${cert.names.join(', ')} (from ${ca}) expires ${expires}. `
        + `Renew it before then, or visitors will see a warning.\nRenew it at ${pageUrl}`,
    },
  ];

  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...events.flatMap((e) => eventLines(e, short, pageUrl, now)),
    'END:VCALENDAR',
  ];
  return lines.map(fold).join(CRLF) + CRLF;
}

interface EventSpec {
  uid: string;
  at: Date;
  summary: string;
  description: string;
}

function eventLines(e: EventSpec, timed: boolean, pageUrl: string, now: Date): string[] {
  const when = timed
    ? [`DTSTART:${utcStamp(e.at)}`, `DTEND:${utcStamp(new Date(e.at.getTime() + 3_600_000))}`]
    : [`DTSTART;VALUE=DATE:${utcDate(e.at)}`, `DTEND;VALUE=DATE:${utcDate(new Date(e.at.getTime() + DAY))}`];
  return [
    'BEGIN:VEVENT',
    `UID:${e.uid}`,
    `DTSTAMP:${utcStamp(now)}`,
    ...when,
    `SUMMARY:${escapeText(e.summary)}`,
    `DESCRIPTION:${escapeText(e.description)}`,
    `URL:${pageUrl}`,
    'TRANSP:TRANSPARENT',
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    `DESCRIPTION:${escapeText(e.summary)}`,
    // All-day events start at local midnight: ring at 9:00 that day. Timed ones ring when they start.
    `TRIGGER:${timed ? 'PT0S' : 'PT9H'}`,
    'END:VALARM',
    'END:VEVENT',
  ];
}

/** RFC 5545 §3.3.11 TEXT: backslash, semicolon and comma escaped; newlines as `\n`. */
export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** RFC 5545 §3.1: lines of at most 75 octets (without the CRLF), continued with a leading space; never splits a UTF-8 character. */
export function fold(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = '';
  let size = 0;
  let limit = 75;
  for (const ch of line) {
    const n = encoder.encode(ch).length;
    if (size + n > limit) {
      parts.push(current);
      current = '';
      size = 0;
      limit = 74; // the leading space takes one octet
    }
    current += ch;
    size += n;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

function listNames(names: string[]): string {
  if (names.length <= 3) return names.join(', ');
  return `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

function hostname(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function utcDate(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
}

function utcStamp(d: Date): string {
  return `${utcDate(d)}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
}

function formatUtc(d: Date): string {
  return `on ${d.toISOString().slice(0, 10)} at ${d.toISOString().slice(11, 16)} UTC`;
}

/** A short stable id (two 32-bit FNV-1a hashes) for the UID: the same certificate gives the same events. */
function fingerprint(text: string): string {
  const bytes = new TextEncoder().encode(text);
  const hash = (seed: number) => {
    let h = seed >>> 0;
    for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
    return h.toString(16).padStart(8, '0');
  };
  return hash(0x811c9dc5) + hash(0x050c5d1f);
}
