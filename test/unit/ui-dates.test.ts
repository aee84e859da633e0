// The dates the lists show: ISO 8601 order in the visitor's time zone, made without Intl (whose first formatter
// loads the locale's data in one long task), and the same whatever the locale.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDate, formatDateTime, formatShort } from '../../src/ui/dates.ts';

test('formatDate, formatDateTime, formatShort: local time, ISO order, zero-padded', () => {
  const d = new Date(2026, 0, 5, 7, 3, 9); // 5 January 2026, 07:03:09 local time
  assert.equal(formatDate(d), '2026-01-05');
  assert.equal(formatDateTime(d), '2026-01-05 07:03:09');
  assert.equal(formatShort(d), '2026-01-05 07:03');
  assert.equal(formatDate(d.toISOString()), '2026-01-05', 'a stored ISO string is shown in local time');
  assert.equal(formatDate(d.getTime()), '2026-01-05');
});

test('an unreadable date says so instead of "NaN-NaN-NaN"', () => {
  assert.equal(formatDate('not a date'), 'unknown date');
  assert.equal(formatDateTime(Number.NaN), 'unknown date');
  assert.equal(formatShort('2026-13-45'), 'unknown date');
});

test('no Intl formatter is made', () => {
  const original = Intl.DateTimeFormat;
  let made = 0;
  const counting = function (this: unknown, ...args: ConstructorParameters<typeof Intl.DateTimeFormat>) { made++; return new original(...args); };
  Object.defineProperty(Intl, 'DateTimeFormat', { value: counting, configurable: true, writable: true });
  const toLocale = Date.prototype.toLocaleDateString;
  Date.prototype.toLocaleDateString = function () { made++; return toLocale.call(this); };
  try {
    formatDate(new Date());
    formatDateTime(new Date());
    formatShort(new Date());
  } finally {
    Object.defineProperty(Intl, 'DateTimeFormat', { value: original, configurable: true, writable: true });
    Date.prototype.toLocaleDateString = toLocale;
  }
  assert.equal(made, 0);
});

test('every date the page shows goes through these functions: no toLocale…String() in src/ui or src/flow', async () => {
  const { readdirSync, readFileSync, statSync } = await import('node:fs');
  const { join } = await import('node:path');
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts')) {
        readFileSync(path, 'utf8').split('\n').forEach((line, i) => {
          // A number written in English digits for a fixed limit is not a date; dates and times are what this is about.
          if (/\.toLocale(?:Date|Time)?String\(\)/.test(line)) found.push(`${path}:${i + 1}`);
        });
      }
    }
  };
  walk('src/ui');
  walk('src/flow');
  assert.deepEqual(found, []);
});
