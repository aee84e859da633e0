// When to renew: ARI's window when the CA gave one, else a third of the lifetime left (half under 10 days).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isShortLived, lifetimeWindow, renewalState, type RenewalStateName } from '../../src/flow/lifecycle/window.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const issued = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(issued.getTime() + ms);
const cert = (lifetimeMs: number) => ({ notBefore: issued.toISOString(), notAfter: at(lifetimeMs).toISOString() });

type Case = [what: string, lifetime: number, now: number, state: RenewalStateName, windowStart: number, daysLeft: number];

const cases: Case[] = [
  // 90 days: renew from day 60 (30 days left).
  ['90-day cert, day 10', 90 * DAY, 10 * DAY, 'fine', 60 * DAY, 80],
  ['90-day cert, just before day 60', 90 * DAY, 60 * DAY - 1, 'fine', 60 * DAY, 30],
  ['90-day cert, day 60 (window opens)', 90 * DAY, 60 * DAY, 'renew-now', 60 * DAY, 30],
  ['90-day cert, day 89', 90 * DAY, 89 * DAY, 'renew-now', 60 * DAY, 1],
  ['90-day cert, day 89 and a half', 90 * DAY, 89.5 * DAY, 'renew-now', 60 * DAY, 0],
  ['90-day cert, at notAfter', 90 * DAY, 90 * DAY, 'expired', 60 * DAY, 0],
  ['90-day cert, day 91', 90 * DAY, 91 * DAY, 'expired', 60 * DAY, -1],
  // Let's Encrypt's 90-day certificates actually end a second short of 90 days.
  ['90-day cert less a second, day 59', 90 * DAY - 1000, 59 * DAY, 'fine', (90 * DAY - 1000) * 2 / 3, 30],
  // 45 days (tlsserver): renew from day 30.
  ['45-day cert, day 29', 45 * DAY, 29 * DAY, 'fine', 30 * DAY, 16],
  ['45-day cert, day 30', 45 * DAY, 30 * DAY, 'renew-now', 30 * DAY, 15],
  ['45-day cert, day 44', 45 * DAY, 44 * DAY, 'renew-now', 30 * DAY, 1],
  // 6 days (shortlived, 160 hours): under 10 days, so renew at half.
  ['6-day cert, day 1', 160 * HOUR, 1 * DAY, 'fine', 80 * HOUR, 5],
  ['6-day cert, 79 hours', 160 * HOUR, 79 * HOUR, 'fine', 80 * HOUR, 3],
  ['6-day cert, 80 hours', 160 * HOUR, 80 * HOUR, 'renew-now', 80 * HOUR, 3],
  ['6-day cert, day 6', 160 * HOUR, 6 * DAY, 'renew-now', 80 * HOUR, 0],
  ['6-day cert, day 7', 160 * HOUR, 7 * DAY, 'expired', 80 * HOUR, -1],
  // 10 days exactly is not "under 10 days": a third.
  ['10-day cert, day 7', 10 * DAY, 7 * DAY, 'renew-now', 10 * DAY * 2 / 3, 3],
  ['long expired', 90 * DAY, 400 * DAY, 'expired', 60 * DAY, -310],
];

for (const [what, lifetime, now, state, windowStart, daysLeft] of cases) {
  test(`lifetime rule: ${what}`, () => {
    const r = renewalState(cert(lifetime), at(now));
    assert.equal(r.state, state);
    assert.equal(r.windowStart.getTime(), at(windowStart).getTime(), `window starts ${r.windowStart.toISOString()}`);
    assert.equal(r.windowEnd.getTime(), at(lifetime).getTime(), 'window ends at notAfter');
    assert.equal(r.daysLeft, daysLeft);
    assert.equal(r.source, 'lifetime');
  });
}

test('ARI window wins over the lifetime rule', () => {
  // Boulder's window for a 90-day cert: about 43 hours around day 60.
  const ari = { start: at(59 * DAY), end: at(61 * DAY) };
  const before = renewalState(cert(90 * DAY), at(58 * DAY), ari);
  assert.deepEqual([before.state, before.source, before.windowStart, before.windowEnd], ['fine', 'ari', ari.start, ari.end]);
  assert.equal(renewalState(cert(90 * DAY), at(59 * DAY), ari).state, 'renew-now');
  // The CA may ask for an early renewal (e.g. ahead of a mass revocation): now, though the lifetime rule says fine.
  const early = { start: at(5 * DAY), end: at(6 * DAY) };
  assert.equal(renewalState(cert(90 * DAY), at(10 * DAY)).state, 'fine');
  assert.equal(renewalState(cert(90 * DAY), at(10 * DAY), early).state, 'renew-now');
  // Or later than the rule: still fine on day 70.
  const late = { start: at(75 * DAY), end: at(76 * DAY) };
  assert.equal(renewalState(cert(90 * DAY), at(70 * DAY), late).state, 'fine');
  // Expiry still wins.
  assert.equal(renewalState(cert(90 * DAY), at(90 * DAY), late).state, 'expired');
  // The returned dates are copies.
  const r = renewalState(cert(90 * DAY), at(1 * DAY), ari);
  r.windowStart.setTime(0);
  assert.equal(ari.start.getTime(), at(59 * DAY).getTime());
});

test('a revoked or replaced status wins over the dates', () => {
  assert.equal(renewalState({ ...cert(90 * DAY), status: 'revoked' }, at(10 * DAY)).state, 'revoked');
  assert.equal(renewalState({ ...cert(90 * DAY), status: 'replaced' }, at(91 * DAY)).state, 'replaced');
  assert.equal(renewalState({ ...cert(90 * DAY), status: 'replaced' }, at(91 * DAY)).daysLeft, -1);
});

test('now defaults to the clock', () => {
  const notBefore = new Date(Date.now() - DAY).toISOString();
  const notAfter = new Date(Date.now() + 89.5 * DAY).toISOString();
  assert.equal(renewalState({ notBefore, notAfter }).state, 'fine');
  assert.equal(renewalState({ notBefore, notAfter }).daysLeft, 89);
});

test('helpers: lifetimeWindow and isShortLived', () => {
  assert.deepEqual(lifetimeWindow(cert(90 * DAY)), { start: at(60 * DAY), end: at(90 * DAY) });
  assert.equal(isShortLived(cert(160 * HOUR)), true);
  assert.equal(isShortLived(cert(10 * DAY)), false);
  assert.equal(isShortLived(cert(45 * DAY)), false);
});
