// The pace towards a CA: a token bucket that keeps requests under a rate, and the waits when the CA says it is busy.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { busyWait } from '../../src/acme/client.ts';
import { RateLimiter } from '../../src/acme/rate.ts';

test('RateLimiter: a burst goes at once, then no more than the rate, in order', async () => {
  let now = 0;
  const limiter = new RateLimiter(10, 5, () => now);
  const started: number[] = [];
  const all = Array.from({ length: 12 }, (_, i) => limiter.take().then(() => started.push(i)));
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(started, [0, 1, 2, 3, 4], 'the burst');
  // The clock moves on in steps: one more request per 100 ms.
  for (let step = 0; started.length < 12 && step < 40; step++) {
    now += 100;
    await new Promise((r) => setTimeout(r, 110));
  }
  await Promise.all(all);
  assert.deepEqual(started, [...Array(12).keys()], 'served in order');
  assert.ok(now >= 700, `12 requests at 10/s with a burst of 5 take at least 0.7 s (took ${now} ms of clock)`);
});

test('busyWait: 503 waits (Retry-After or 1, 2, 4 s), a short 429 waits, a long one or anything else is final', () => {
  const now = 1_000_000;
  assert.equal(busyWait(503, undefined, 0, now), 1000);
  assert.equal(busyWait(503, undefined, 2, now), 4000);
  assert.equal(busyWait(503, undefined, 3, now), undefined, 'three tries at most');
  assert.equal(busyWait(503, new Date(now + 5000), 0, now), 5000);
  assert.equal(busyWait(503, new Date(now + 3_600_000), 0, now), undefined, 'an hour is for the user to see, not to wait out');
  assert.equal(busyWait(429, new Date(now + 2000), 0, now), 2000);
  assert.equal(busyWait(429, undefined, 0, now), undefined, 'a rate limit without a time is final');
  assert.equal(busyWait(429, new Date(now + 120_000), 0, now), undefined);
  assert.equal(busyWait(400, undefined, 0, now), undefined);
  assert.equal(busyWait(503, new Date(now - 5000), 0, now), 250, 'a time already past: a short pause, never none');
});
