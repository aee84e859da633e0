// How fast the engine may go without misbehaving: nonces for parallel requests, and waits that never spin.
// The CA here is a fetch function that counts what reaches it (requests in flight, newNonce calls, nonces reused);
// the real CA is in the integration tier (test/integration/parallel.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AcmeAccount } from '../../src/acme/account.ts';
import { AcmeClient, type FetchLike } from '../../src/acme/client.ts';
import { finalizeOrder, getOrder, waitForOrder } from '../../src/acme/orders.ts';
import { NoncePool } from '../../src/acme/nonce-pool.ts';
import { pollUntil, type Reading } from '../../src/acme/poll.ts';
import { publicJwk } from '../../src/crypto/jwk.ts';
import { generateKeyPair } from '../../src/crypto/keys.ts';
import type { Order } from '../../src/acme/types.ts';

const CA = 'https://ca.test';

/** A CA-shaped fetch: every answer after `latencyMs`, fresh Replay-Nonces, and counters of what it saw. */
function countingCa(opts: { latencyMs?: number; order?: () => Partial<Order> } = {}) {
  const seen = { newNonce: 0, posts: 0, inFlight: 0, maxInFlight: 0, reused: 0, orderReads: [] as number[] };
  const used = new Set<string>();
  let next = 0;
  const answer = (body: unknown, extra: Record<string, string> = {}) => new Response(body === undefined ? null : JSON.stringify(body), {
    status: 200,
    headers: { 'Content-Type': 'application/json', 'Replay-Nonce': `nonce${++next}`, ...extra },
  });
  const fetch: FetchLike = async (url, init) => {
    const method = init?.method ?? 'GET';
    if (url === `${CA}/dir`) return answer({ newNonce: `${CA}/nonce`, newAccount: `${CA}/acct`, newOrder: `${CA}/order`, revokeCert: '', keyChange: '' });
    if (method === 'HEAD') {
      seen.newNonce += 1;
      await new Promise((r) => setTimeout(r, opts.latencyMs ?? 0));
      return answer(undefined);
    }
    const jws = JSON.parse(String(init?.body)) as { protected: string };
    const nonce = (JSON.parse(Buffer.from(jws.protected, 'base64url').toString()) as { nonce: string }).nonce;
    if (used.has(nonce)) seen.reused += 1;
    used.add(nonce);
    seen.posts += 1;
    seen.maxInFlight = Math.max(seen.maxInFlight, ++seen.inFlight);
    try {
      await new Promise((r) => setTimeout(r, opts.latencyMs ?? 0));
      if (url === `${CA}/acct`) return answer({ status: 'valid' }, { Location: `${CA}/acct/1` });
      if (url.startsWith(`${CA}/order/1`)) {
        seen.orderReads.push(Date.now());
        return answer({ status: 'ready', identifiers: [], authorizations: [], finalize: `${CA}/order/1/finalize`, ...opts.order?.() });
      }
      return answer({ status: 'pending' });
    } finally {
      seen.inFlight -= 1;
    }
  };
  return { fetch, seen };
}

async function connect(fetch: FetchLike) {
  // No pacing here: this measures the nonce pool alone (acme-pace.test.ts covers the pace).
  const client = await AcmeClient.connect(`${CA}/dir`, { fetch, requestsPerSecond: 100_000 });
  const keys = await generateKeyPair('P-256');
  return { client, signer: { privateKey: keys.privateKey, jwk: await publicJwk(keys.publicKey), kid: `${CA}/acct/1` }, keys };
}

test('100 parallel signed requests: at most 5 newNonce requests, several in flight at once, no nonce used twice', async () => {
  const ca = countingCa({ latencyMs: 5 });
  const { client, signer } = await connect(ca.fetch);
  await Promise.all(Array.from({ length: 100 }, (_, i) => client.post(`${CA}/authz/${i}`, '', signer, 'authz')));
  assert.equal(ca.seen.posts, 100);
  assert.equal(ca.seen.reused, 0, 'a nonce is used once');
  assert.ok(ca.seen.newNonce <= 5, `newNonce asked ${ca.seen.newNonce} times`);
  assert.ok(ca.seen.maxInFlight >= 3, `requests overlap (at most ${ca.seen.maxInFlight} in flight)`);
  // The nonces keep circulating: a second burst needs no newNonce at all.
  const before = ca.seen.newNonce;
  await Promise.all(Array.from({ length: 100 }, (_, i) => client.post(`${CA}/chall/${i}`, {}, signer, 'challenge')));
  assert.equal(ca.seen.newNonce, before);
  assert.equal(ca.seen.reused, 0);
});

test('two parallel requests after the first cost no newNonce (the protocol minimum for two names)', async () => {
  const ca = countingCa({ latencyMs: 5 });
  const { client, signer } = await connect(ca.fetch);
  await client.post(`${CA}/order`, {}, signer, 'order');
  assert.equal(ca.seen.newNonce, 1);
  await Promise.all([0, 1].map((i) => client.post(`${CA}/authz/${i}`, '', signer, 'authz')));
  assert.equal(ca.seen.newNonce, 1);
});

test('nonce pool: a failed newNonce fails only its own request, and waiters are never stranded', async () => {
  let asked = 0;
  const pool = new NoncePool(async () => {
    asked += 1;
    if (asked === 1) throw new Error('offline');
    return `fresh${asked}`;
  }, 1);
  const first = pool.take();
  const second = pool.take(); // width 1: waits for the first
  await assert.rejects(first, /offline/);
  assert.equal(await second, 'fresh2', 'the waiter asks the CA itself once the first request is gone');
  pool.end(null); // the second request failed too, without a nonce
  const third = pool.take();
  assert.equal(await third, 'fresh3');
});

// ------------------------------------------------------------------ polling

/** Poll a resource that stays "pending" for `pendingReads` reads; returns when each read happened. */
async function readTimes(first: Reading<number>, next: Partial<Reading<number>>, pendingReads: number, opts = {}): Promise<number[]> {
  const times: number[] = [];
  await pollUntil('u', first, async () => {
    times.push(Date.now());
    return { value: times.length, status: times.length > pendingReads ? 'valid' : 'pending', ...next };
  }, (s) => s !== 'pending', { timeoutMs: 5000, ...opts });
  return times;
}

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - (times[i] ?? t));

test('polling: an Invalid Date Retry-After is ignored; reads stay at least 50 ms apart', async () => {
  const now = Date.now();
  const times = await readTimes({ value: 0, status: 'pending', retryAfter: new Date(NaN), readAt: now }, { retryAfter: new Date(Number.NaN) }, 3);
  assert.equal(times.length, 4);
  assert.ok((times[0] ?? 0) - now >= 45, `first re-read after ${(times[0] ?? 0) - now} ms`);
  for (const gap of gaps(times)) assert.ok(gap >= 45, `reads ${gap} ms apart`);
});

test('polling: absurd Retry-After values and options never make a busy loop nor an endless wait', async () => {
  // A Retry-After long past, and pauses of NaN, zero or below zero: every read still waits the floor.
  for (const [next, opts] of [
    [{ retryAfter: new Date(0) }, {}],
    [{}, { firstDelayMs: Number.NaN }],
    [{}, { firstDelayMs: 0, maxDelayMs: 0 }],
    [{}, { firstDelayMs: -1, minDelayMs: -5 }],
    [{ retryAfter: 'soon' as unknown as Date }, {}],
  ] as const) {
    const times = await readTimes({ value: 0, status: 'pending', readAt: Date.now() }, next, 3, opts);
    for (const gap of gaps(times)) assert.ok(gap >= 45, `${JSON.stringify({ next, opts })}: reads ${gap} ms apart`);
  }
  // A Retry-After in the year 275760 is capped at maxRetryAfterMs.
  const started = Date.now();
  await readTimes({ value: 0, status: 'pending', retryAfter: new Date(8.64e15), readAt: started }, {}, 0, { maxRetryAfterMs: 120 });
  const took = Date.now() - started;
  assert.ok(took >= 110 && took < 2000, `capped wait took ${took} ms`);
});

test('waitForOrder: a snapshot of unknown age is re-read at once; one just read waits the pause', async () => {
  const ca = countingCa();
  const { client, keys } = await connect(ca.fetch);
  const account = await AcmeAccount.create(client, keys, { termsOfServiceAgreed: true });
  const stale: Order = { status: 'pending', identifiers: [], authorizations: [], finalize: `${CA}/order/1/finalize` };
  // Today's code paused 50 ms before reading an order the CA may have finished long ago.
  let timerFired = false;
  const marker = setTimeout(() => { timerFired = true; }, 40);
  const ready = await waitForOrder(account, { url: `${CA}/order/1`, data: stale }, 'ready');
  clearTimeout(marker);
  assert.equal(ready.data.status, 'ready');
  assert.equal(timerFired, false, 'the order was read before a 40 ms timer could fire');
  // An order read a moment ago is not read again before the floor.
  let reads = 0;
  const pending = countingCa({ order: () => ({ status: ++reads === 1 ? 'pending' : 'ready' }) });
  const second = await connect(pending.fetch);
  const account2 = await AcmeAccount.create(second.client, second.keys, { termsOfServiceAgreed: true });
  const fresh = await getOrder(account2, `${CA}/order/1`);
  assert.equal(fresh.data.status, 'pending');
  await waitForOrder(account2, fresh, 'ready');
  const [readAt = 0, reread = 0] = pending.seen.orderReads;
  assert.ok(reread - readAt >= 45, `the re-read waited for the floor (${reread - readAt} ms)`);
});

test('finalize answered "valid" at once: no poll at all', async () => {
  const ca = countingCa({ order: () => ({ status: 'valid', certificate: `${CA}/cert/1` }) });
  const { client, keys } = await connect(ca.fetch);
  const account = await AcmeAccount.create(client, keys, { termsOfServiceAgreed: true });
  const order: Order = { status: 'ready', identifiers: [], authorizations: [], finalize: `${CA}/order/1/finalize` };
  const done = await finalizeOrder(account, { url: `${CA}/order/1`, data: order }, new Uint8Array([0x30, 0]));
  assert.equal(done.data.status, 'valid');
  assert.equal(ca.seen.orderReads.length, 1, 'only the finalize request itself');
});

test('finalize answered "processing": the order is read again within ~10 ms, later reads keep the 50 ms floor', async () => {
  // Pebble (and a CA that signs at once) is done a few milliseconds after answering "processing"; the engine used to
  // wait 50 ms before its first look. The floor is about re-reading one URL: the order's own URL was not read yet.
  let reads = 0;
  const ca = countingCa({ order: () => (++reads <= 2 ? { status: 'processing' } : { status: 'valid', certificate: `${CA}/cert/1` }) });
  const { client, keys } = await connect(ca.fetch);
  const account = await AcmeAccount.create(client, keys, { termsOfServiceAgreed: true });
  const order: Order = { status: 'ready', identifiers: [], authorizations: [], finalize: `${CA}/order/1/finalize` };
  const done = await finalizeOrder(account, { url: `${CA}/order/1`, data: order }, new Uint8Array([0x30, 0]));
  assert.equal(done.data.status, 'valid');
  const [finalizedAt = 0, firstRead = 0, secondRead = 0] = ca.seen.orderReads;
  assert.equal(ca.seen.orderReads.length, 3, 'the finalize request and two reads of the order');
  assert.ok(firstRead - finalizedAt < 40, `first read ${firstRead - finalizedAt} ms after the finalize answer (was 50)`);
  assert.ok(secondRead - firstRead >= 45, `two reads of the order ${secondRead - firstRead} ms apart (floor 50)`);
});
