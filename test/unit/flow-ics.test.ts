// The reminder calendar file, read back by ical.js (Mozilla's iCalendar parser, as a calendar app would).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import ICAL from 'ical.js';
import { calendarFileName, escapeText, fold, reminderCalendar } from '../../src/flow/lifecycle/reminder.ts';
import { renewalState } from '../../src/flow/lifecycle/window.ts';

const DAY = 86_400_000;
const page = 'https://certpage.example/app/';
const directoryUrl = 'https://acme-v02.api.letsencrypt.org/directory';
const now = new Date('2026-03-01T12:00:00Z');

function parse(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  const events = cal.getAllSubcomponents('vevent').map((c) => ({ component: c, event: new ICAL.Event(c) }));
  return { cal, events };
}

function checkLines(text: string): void {
  assert.ok(text.endsWith('\r\n'), 'ends with CRLF');
  assert.doesNotMatch(text.replace(/\r\n/g, ''), /[\r\n]/, 'only CRLF line endings');
  for (const line of text.split('\r\n')) {
    assert.ok(Buffer.byteLength(line, 'utf8') <= 75, `line of ${Buffer.byteLength(line, 'utf8')} octets: ${line}`);
  }
}

test('90-day certificate: all-day events at the window start and 3 days before expiry, with link and alarm', () => {
  const cert = {
    names: ['example.com', 'www.example.com', 'api.example.com', 'mail.example.com'],
    notBefore: '2026-03-01T10:15:00Z',
    notAfter: '2026-05-30T10:15:00Z',
    directoryUrl,
  };
  const r = renewalState(cert, now);
  assert.equal(r.windowStart.toISOString(), '2026-04-30T10:15:00.000Z');
  const text = reminderCalendar(cert, { start: r.windowStart }, page, now);
  checkLines(text);
  const { cal, events } = parse(text);
  assert.equal(cal.getFirstPropertyValue('version'), '2.0');
  assert.match(String(cal.getFirstPropertyValue('prodid')), /certpage/);
  assert.equal(events.length, 2);

  const [renew, expiry] = events;
  assert.ok(renew && expiry);
  assert.equal(renew.event.summary, 'Renew the certificate for example.com, www.example.com, api.example.com and 1 more');
  assert.equal(renew.event.startDate.isDate, true);
  assert.equal(renew.event.startDate.toString(), '2026-04-30');
  assert.equal(renew.event.endDate.toString(), '2026-05-01');
  assert.equal(expiry.event.summary, 'The certificate for example.com, www.example.com, api.example.com and 1 more expires in 3 days');
  assert.equal(expiry.event.startDate.isDate, true);
  assert.equal(expiry.event.startDate.toString(), '2026-05-27');

  for (const { component, event } of events) {
    // Every name, the CA, the expiry and the link back to the page.
    assert.match(event.description, /example\.com, www\.example\.com, api\.example\.com, mail\.example\.com/);
    assert.match(event.description, /acme-v02\.api\.letsencrypt\.org/);
    assert.match(event.description, /2026-05-30 at 10:15 UTC/);
    assert.ok(event.description.includes(`\nRenew it at ${page}`), 'a real newline, then the link');
    assert.equal(component.getFirstPropertyValue('url'), page);
    assert.equal(component.getFirstPropertyValue('dtstamp')?.toString(), '2026-03-01T12:00:00Z');
    assert.match(event.uid, /@certpage$/);
    const alarm = component.getFirstSubcomponent('valarm');
    assert.ok(alarm, 'has an alarm');
    assert.equal(alarm.getFirstPropertyValue('action'), 'DISPLAY');
    assert.equal(alarm.getFirstPropertyValue('description'), event.summary);
    const trigger = alarm.getFirstPropertyValue('trigger');
    assert.ok(trigger instanceof ICAL.Duration);
    assert.equal(trigger.toSeconds(), 9 * 3600, '9:00 on the day');
  }
  assert.notEqual(renew.event.uid, expiry.event.uid);
});

test('UIDs are stable for one certificate and differ between certificates', () => {
  const cert = { names: ['example.com'], notAfter: '2026-05-30T10:15:00Z', directoryUrl };
  const start = new Date('2026-04-30T10:15:00Z');
  const uids = (text: string) => parse(text).events.map((e) => e.event.uid);
  const a = uids(reminderCalendar(cert, { start }, page, now));
  assert.deepEqual(uids(reminderCalendar(cert, { start }, page, new Date('2026-04-01T00:00:00Z'))), a, 'same certificate, later download');
  const b = uids(reminderCalendar({ ...cert, notAfter: '2026-07-30T10:15:00Z' }, { start }, page, now));
  assert.notDeepEqual(b, a);
  assert.notEqual(b[0], a[0]);
});

test('6-day certificate: timed UTC events, the second one day before expiry', () => {
  const cert = { names: ['short.example.com'], notBefore: '2026-03-01T00:00:00Z', notAfter: '2026-03-07T16:00:00Z', directoryUrl };
  const r = renewalState(cert, now);
  const text = reminderCalendar(cert, { start: r.windowStart }, page, now);
  checkLines(text);
  const [renew, expiry] = parse(text).events;
  assert.ok(renew && expiry);
  assert.equal(renew.event.startDate.isDate, false);
  assert.equal(renew.event.startDate.toJSDate().toISOString(), '2026-03-04T08:00:00.000Z');
  assert.equal(renew.event.startDate.zone?.tzid, 'UTC');
  assert.equal(expiry.event.startDate.toJSDate().toISOString(), '2026-03-06T16:00:00.000Z');
  assert.equal(expiry.event.summary, 'The certificate for short.example.com expires in 1 day');
  assert.equal(renew.component.getFirstSubcomponent('valarm')?.getFirstPropertyValue('trigger')?.toString(), 'PT0S');
  // Without notBefore, "short" is judged from the window: 3.3 days from window start to expiry.
  const { notBefore: _, ...noStart } = cert;
  assert.equal(reminderCalendar(noStart, { start: r.windowStart }, page, now), text);
});

test('text is escaped: commas, semicolons, backslashes and newlines survive a round trip', () => {
  const odd = 'https://ca.example/dir;x=1,y=2\\z';
  const cert = { names: ['a.example', 'b.example'], notAfter: '2026-05-30T10:15:00Z', directoryUrl: odd };
  const text = reminderCalendar(cert, { start: new Date('2026-04-30T00:00:00Z') }, 'https://p.example/?a=1,2;3', now);
  checkLines(text);
  assert.match(text, /SUMMARY:Renew the certificate for a\.example\\, b\.example\r\n/);
  const [renew] = parse(text).events;
  assert.ok(renew);
  assert.equal(renew.event.summary, 'Renew the certificate for a.example, b.example');
  assert.ok(renew.event.description.includes('(from ca.example)'));
  assert.ok(renew.event.description.includes('\nRenew it at https://p.example/?a=1,2;3'));
  assert.equal(escapeText('a,b;c\\d\ne\r\nf'), 'a\\,b\\;c\\\\d\\ne\\nf');
});

test('long lines fold at 75 octets, never inside a UTF-8 character, and unfold to the original', () => {
  const long = `DESCRIPTION:${'ü'.repeat(40)}${'x'.repeat(100)}€€€`;
  const folded = fold(long);
  const lines = folded.split('\r\n');
  assert.ok(lines.length > 2);
  for (const [i, line] of lines.entries()) {
    assert.ok(Buffer.byteLength(line) <= 75, `line ${i}: ${Buffer.byteLength(line)} octets`);
    assert.ok(!line.includes('\uFFFD'));
    if (i > 0) assert.equal(line[0], ' ');
  }
  assert.equal(folded.replace(/\r\n /g, ''), long);
  assert.equal(fold('SHORT:x'), 'SHORT:x');
  assert.equal(fold(`X:${'a'.repeat(73)}`), `X:${'a'.repeat(73)}`, 'exactly 75 octets stays on one line');

  // Many names: the whole calendar still folds and parses back to every name.
  const names = Array.from({ length: 40 }, (_, i) => `host-${i}.bücher.example`);
  const text = reminderCalendar({ names, notAfter: '2026-05-30T10:15:00Z', directoryUrl }, { start: new Date('2026-04-30T00:00:00Z') }, page, now);
  checkLines(text);
  const [renew] = parse(text).events;
  assert.ok(renew?.event.description.includes(names.join(', ')));
});

test('calendarFileName', () => {
  assert.equal(calendarFileName({ names: ['example.com', 'www.example.com'] }), 'renew-example.com.ics');
  assert.equal(calendarFileName({ names: ['*.example.com'] }), 'renew-_.example.com.ics');
  assert.equal(calendarFileName({ names: ['2001:db8::1'] }), 'renew-2001_db8__1.ics');
});
