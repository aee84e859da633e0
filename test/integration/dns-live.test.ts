// src/dns/ against a real DNS server: pebble-challtestsrv from startPebble(), asked
// over raw UDP (the wire codec) and through the loopback DoH server from startDoh()
// (lookupAll, CNAME following, and the checks with the real lookupAll).
//
// The UDP answers must match the recorded fixtures the unit tier decodes offline
// (test/unit/fixtures/dns/packets.json). Re-record them:
//   CERTPAGE_RECORD_DNS=1 node scripts/test.mjs integration
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { readFileSync, writeFileSync } from 'node:fs';
import { checkAddress, checkCaa, checkTxt } from '../../src/dns/checks.ts';
import { base64url } from '../../src/dns/doh.ts';
import { DohError } from '../../src/dns/errors.ts';
import { lookupAll, recordsAt, resolveFollowing, type Resolver } from '../../src/dns/resolvers.ts';
import { decodeResponse, encodeQuery, type DnsMessage } from '../../src/dns/wire.ts';
import { startDoh, type DohServer } from '../support/doh.ts';
import { startPebble, type PebbleStack } from '../support/pebble.ts';
import { freePorts, waitForPort } from '../support/ports.ts';
import { DIGEST, EXPECT, SETUP, STALE, type Fixture } from '../unit/fixtures/dns/setup.ts';

const FIXTURES = new URL('../unit/fixtures/dns/packets.json', import.meta.url);

let stack: PebbleStack;
let doh: DohServer;
let local: Resolver;

before(async () => {
  // The default A answer (127.0.0.1) is left on: no recorded query asks for an A record of a name without one.
  stack = await startPebble();
  await waitForPort(Number(stack.dnsAddress.split(':')[1])); // challtestsrv's DNS listens on TCP too
  for (const [path, body] of SETUP) await manage(path, body);
  doh = await startDoh(stack.dnsAddress);
  local = { name: 'Local', url: doh.url };
});
after(async () => {
  await doh?.stop();
  await stack?.stop();
});

/** POST JSON to challtestsrv's management API; throws unless it answers 200. */
async function manage(path: string, body: unknown): Promise<void> {
  const res = await fetch(`${stack.challtestsrvUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`challtestsrv ${path} answered ${res.status}: ${text}`);
}

/** One UDP exchange with challtestsrv's DNS server. */
function exchange(query: Uint8Array): Promise<Uint8Array> {
  const [host = '127.0.0.1', port = '0'] = stack.dnsAddress.split(':');
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    const done = (err: Error | null, answer?: Uint8Array) => {
      clearTimeout(timer);
      socket.close();
      if (err) reject(err);
      else resolve(answer!);
    };
    const timer = setTimeout(() => done(new Error(`no UDP answer from ${stack.dnsAddress}`)), 2000);
    socket.once('message', (msg) => done(null, new Uint8Array(msg)));
    socket.once('error', (err) => done(err));
    socket.send(query, Number(port), host);
  });
}

const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function checkAgainst(name: string, message: DnsMessage): void {
  const want = EXPECT[name]!;
  assert.equal(message.id, 0, name);
  assert.equal(message.rcodeName, want.rcodeName, name);
  assert.equal(message.truncated, false, name);
  assert.deepEqual(message.questions, [want.query], name);
  assert.deepEqual(message.answers, want.answers, name);
  // challtestsrv always adds its SOA (TTL 0, MINIMUM 1): negative TTL = min(0, 1).
  assert.equal(message.negativeTtl, 0, name);
}

describe('real answers from pebble-challtestsrv over UDP', () => {
  test('our queries get answers that decode to what was set, byte for byte the recorded fixtures', async () => {
    const recorded: Fixture[] = [];
    for (const [name, want] of Object.entries(EXPECT)) {
      const response = await exchange(encodeQuery(want.query.name, want.query.type));
      checkAgainst(name, decodeResponse(response));
      recorded.push({ name, query: want.query, response: toHex(response) });
    }
    if (process.env.CERTPAGE_RECORD_DNS === '1') writeFileSync(FIXTURES, `${JSON.stringify(recorded, null, 2)}\n`);
    // The recorded fixtures are what this server sends today.
    const byName = new Map((JSON.parse(readFileSync(FIXTURES, 'utf8')) as Fixture[]).map((f) => [f.name, f.response]));
    for (const f of recorded) assert.equal(f.response, byName.get(f.name), `fixture ${f.name} differs from the live answer`);
  });

  test('a value set just now comes back (and nothing is cached)', async () => {
    const value = base64url(crypto.getRandomValues(new Uint8Array(32)));
    const host = `_acme-challenge.${value.slice(0, 8).toLowerCase().replace(/[^a-z0-9]/g, 'x')}.live.test`;
    const empty = decodeResponse(await exchange(encodeQuery(host, 'TXT', 4242)));
    assert.equal(empty.id, 4242);
    assert.deepEqual(empty.answers, []);
    await stack.setTxt(host, value);
    const full = decodeResponse(await exchange(encodeQuery(host.toUpperCase(), 'TXT')));
    assert.deepEqual(full.answers.map((r) => r.data), [value]);
    await stack.clearTxt(host);
    assert.deepEqual(decodeResponse(await exchange(encodeQuery(host, 'TXT'))).answers, []);
  });

  test('a 255-octet TXT string (the longest one string can be) survives', async () => {
    const value = 'v'.repeat(255);
    await stack.setTxt('long.live.test', value);
    const message = decodeResponse(await exchange(encodeQuery('long.live.test', 'TXT')));
    assert.deepEqual(message.answers.map((r) => r.data), [value]);
  });
});

describe('lookupAll and the checks through the loopback DoH server', () => {
  /** DoH queries the server receives while `fn` runs. */
  async function countQueries(fn: () => Promise<void>): Promise<number> {
    const start = doh.queries;
    await fn();
    return doh.queries - start;
  }

  test('lookupAll asks every resolver and keeps their order; one failing does not stop the others', async () => {
    const [port] = await freePorts(1);
    const dead: Resolver = { name: 'Dead', url: `http://127.0.0.1:${port}/dns-query` };
    const answers = await lookupAll([dead, local], '_acme-challenge.fixture.test', 'TXT');
    assert.deepEqual(answers.map((a) => [a.resolver.name, a.ok]), [['Dead', false], ['Local', true]]);
    const [bad, good] = answers;
    assert.ok(bad && !bad.ok && bad.error instanceof DohError && bad.error.code === 'network');
    assert.ok(good?.ok);
    assert.deepEqual(good.chain, ['_acme-challenge.fixture.test']);
    assert.deepEqual(recordsAt(good.message, '_acme-challenge.fixture.test', 'TXT').map((r) => r.data), [DIGEST, STALE]);
  });

  test('a CNAME answered together with its target takes one request', async () => {
    const requests = await countQueries(async () => {
      const { chain, message } = await resolveFollowing(local, '_acme-challenge.alias.test', 'TXT');
      assert.deepEqual(chain, ['_acme-challenge.alias.test', '_acme-challenge.fixture.test']);
      assert.deepEqual(recordsAt(message, chain.at(-1)!, 'TXT').map((r) => r.data), [DIGEST, STALE]);
    });
    assert.equal(requests, 1);
  });

  test('a CNAME answered without its target is followed with a second query', async () => {
    const requests = await countQueries(async () => {
      const { chain, message } = await resolveFollowing(local, '_acme-challenge.hop1.test', 'TXT');
      assert.deepEqual(chain, ['_acme-challenge.hop1.test', '_acme-challenge.hop2.test', '_acme-challenge.fixture.test']);
      assert.deepEqual(recordsAt(message, chain.at(-1)!, 'TXT').map((r) => r.data), [DIGEST, STALE]);
    });
    assert.equal(requests, 2);
  });

  test('asking for the CNAME itself does not follow it', async () => {
    const requests = await countQueries(async () => {
      const { chain, message } = await resolveFollowing(local, '_acme-challenge.hop1.test', 'CNAME');
      assert.deepEqual(chain, ['_acme-challenge.hop1.test']);
      // challtestsrv adds the next hop's CNAME too; only the first one is ours.
      assert.deepEqual(recordsAt(message, chain[0]!, 'CNAME').map((r) => r.data), ['_acme-challenge.hop2.test']);
    });
    assert.equal(requests, 1);
  });

  test('8 CNAME steps are followed; a 9th step or a loop is a cname-loop error', async () => {
    for (let i = 0; i < 10; i++) await stack.setCname(`c${i}.chain.test`, `c${i + 1}.chain.test`);
    await stack.setTxt('c8.chain.test', 'end of 8');
    await stack.setTxt('c10.chain.test', 'end of 10');
    const eight = await resolveFollowing(local, 'c0.chain.test', 'TXT');
    assert.equal(eight.chain.length, 9);
    // c0 -> c8 has a CNAME at c8 too, but the TXT records there stop the walk.
    assert.deepEqual(recordsAt(eight.message, 'c8.chain.test', 'TXT').map((r) => r.data), ['end of 8']);
    await stack.clearTxt('c8.chain.test');
    await assert.rejects(resolveFollowing(local, 'c0.chain.test', 'TXT'), (err: unknown) =>
      err instanceof DohError && err.code === 'cname-loop' && /longer than 8 steps/.test(err.message));

    await stack.setCname('loop1.test', 'loop2.test');
    await stack.setCname('loop2.test', 'loop1.test');
    const [answer] = await lookupAll([local], 'loop1.test', 'TXT');
    assert.ok(answer && !answer.ok && answer.error.code === 'cname-loop', 'lookupAll turns the loop into a failed answer');
    assert.match(answer.error.message, /loop1\.test → loop2\.test → loop1\.test loops back on itself/);
  });

  test('checkTxt with the real lookupAll: found, delegated, wrong, and the doubled zone', async () => {
    const found = await checkTxt('_acme-challenge.fixture.test', [DIGEST], [local]);
    assert.equal(found.status, 'found');
    assert.deepEqual([found.seenBy, found.asked], [1, 1]);
    assert.deepEqual(found.extraValues, [STALE]);

    const delegated = await checkTxt('_acme-challenge.hop1.test', [DIGEST], [local]);
    assert.equal(delegated.status, 'found');
    assert.equal(delegated.cname, '_acme-challenge.fixture.test');

    const wrong = await checkTxt('_acme-challenge.fixture.test', ['the-new-value'], [local]);
    assert.equal(wrong.status, 'wrong');
    assert.deepEqual(wrong.extraValues, [DIGEST, STALE]);

    await stack.setTxt('_acme-challenge.www.zone.test.zone.test', 'misplaced');
    const doubled = await checkTxt('_acme-challenge.www.zone.test', ['misplaced'], [local]);
    assert.equal(doubled.status, 'missing');
    assert.match(doubled.hints[0] ?? '', /found at _acme-challenge\.www\.zone\.test\.zone\.test.*adds "zone\.test".*"_acme-challenge\.www"/);
  });

  test('checkCaa with the real lookupAll climbs to the parent and applies issuewild', async () => {
    const www = await checkCaa('www.fixture.test', false, ['letsencrypt.org'], [local]);
    assert.deepEqual([www.status, www.at], ['allowed', 'fixture.test']);
    const wild = await checkCaa('*.fixture.test', true, ['letsencrypt.org'], [local]);
    assert.deepEqual([wild.status, wild.at, wild.records.map((r) => r.value)], ['forbidden', 'fixture.test', [';']]);
    const other = await checkCaa('www.fixture.test', false, ['pki.goog'], [local]);
    assert.deepEqual([other.status, other.allowedIssuers], ['forbidden', ['letsencrypt.org']]);
    const broken = await checkCaa('broken.test', false, ['letsencrypt.org'], [local]);
    assert.equal(broken.status, 'error');
    assert.match(broken.hints.join('\n'), /SERVFAIL/);
  });

  test('checkAddress with the real lookupAll', async () => {
    const check = await checkAddress('fixture.test', [local]);
    assert.equal(check.status, 'ok');
    assert.deepEqual(check.ipv4, ['192.0.2.1', '198.51.100.7']);
    assert.deepEqual(check.ipv6, ['2001:db8::1', '2001:db8::1:0:0:1']);
    assert.match(check.hints.join('\n'), /IPv6/);
  });
});
