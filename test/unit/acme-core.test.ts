// Pure parts of the engine: headers, identifiers, challenge values, JWS, nonces, polling, explanations.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { flattenedVerify, importJWK } from 'jose';
import { dns01, http01, keyAuthorization } from '../../src/acme/challenge-values.ts';
import { AcmeProblemError, AcmeTimeoutError } from '../../src/acme/errors.ts';
import { explain } from '../../src/acme/explain.ts';
import { parseLinks, parseRetryAfter } from '../../src/acme/headers.ts';
import { toIdentifier } from '../../src/acme/identifiers.ts';
import { signEab, signRequest } from '../../src/acme/jws.ts';
import { NoncePool } from '../../src/acme/nonce-pool.ts';
import { pollUntil } from '../../src/acme/poll.ts';
import { b64uDecode } from '../../src/crypto/base64url.ts';
import { publicJwk } from '../../src/crypto/jwk.ts';
import { generateKeyPair } from '../../src/crypto/keys.ts';

test('Link headers: several relations, relative targets, rel lists', () => {
  const links = parseLinks('<https://ca.test/cert/1/1>;rel="alternate", </cert/1/2>; rel=alternate, <https://ca.test/dir>;rel="index", <https://ca.test/tos>; rel="terms-of-service up"', 'https://ca.test/cert/1');
  assert.deepEqual(links.alternate, ['https://ca.test/cert/1/1', 'https://ca.test/cert/1/2']);
  assert.deepEqual(links.index, ['https://ca.test/dir']);
  assert.deepEqual(links['terms-of-service'], ['https://ca.test/tos']);
  assert.deepEqual(links.up, ['https://ca.test/tos']);
  assert.deepEqual(parseLinks(null, 'https://x'), {});
});

test('Retry-After: seconds, HTTP-date, junk', () => {
  assert.equal(parseRetryAfter('120', 1_000_000)?.getTime(), 1_120_000);
  const now = Date.parse('2015-10-20T00:00:00Z');
  assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', now)?.toISOString(), '2015-10-21T07:28:00.000Z');
  assert.equal(parseRetryAfter('Wednesday, 21-Oct-15 07:28:00 GMT', now)?.toISOString(), '2015-10-21T07:28:00.000Z', 'RFC 850 form');
  assert.equal(parseRetryAfter('soon'), undefined);
  assert.equal(parseRetryAfter(null), undefined);
});

test('Retry-After: only finite values from now to a year ahead; a past date means now (issue 11)', () => {
  const now = Date.parse('2025-06-01T00:00:00Z');
  // This one became an Invalid Date that crashed toISOString() and made polling spin.
  assert.equal(parseRetryAfter('99999999999999999999', now), undefined);
  assert.equal(parseRetryAfter('9'.repeat(400), now), undefined);
  assert.equal(parseRetryAfter(String(365 * 24 * 3600), now)?.getTime(), now + 365 * 24 * 3600 * 1000);
  assert.equal(parseRetryAfter(String(365 * 24 * 3600 + 1), now), undefined);
  assert.equal(parseRetryAfter('0', now)?.getTime(), now);
  for (const junk of ['-5', '1.5', '1e3', '0x10', 'Infinity', 'NaN', '', '   ', '-1', '2025-06-02', 'Sun, 99 Foo 2025 99:99:99 GMT']) {
    assert.equal(parseRetryAfter(junk, now), undefined, JSON.stringify(junk));
  }
  assert.equal(parseRetryAfter('Sun, 01 Jun 2025 00:01:00 GMT', now)?.getTime(), now + 60_000);
  assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', now)?.getTime(), now, 'a past date means now');
  assert.equal(parseRetryAfter('Tue, 01 Jun 2027 00:00:00 GMT', now), undefined, 'two years ahead is not believed');
  for (const value of ['1', '86400', 'Mon, 02 Jun 2025 00:00:00 GMT']) {
    const at = parseRetryAfter(value, now);
    assert.ok(at && Number.isFinite(at.getTime()));
    assert.doesNotThrow(() => at.toISOString());
  }
});

test('Link headers: hostile shapes end in linear time; quoted commas and semicolons stay in their parameter', () => {
  const base = 'https://ca.test/';
  for (const header of ['<'.repeat(200_000), `<a>${'; x=y'.repeat(40_000)}`, `<a>;${' '.repeat(200_000)};`, `<a>${' ;'.repeat(100_000)},`, '"'.repeat(200_000), `${'<a>;rel=up,'.repeat(30_000)}`]) {
    const started = process.cpuUsage(); // CPU time: a loaded machine makes waits look like work
    parseLinks(header, base);
    assert.ok(cpuMs(process.cpuUsage(started)) < 200, `${header.slice(0, 20)}… (${header.length} chars)`);
  }
  assert.deepEqual(parseLinks('<https://ca.test/a,b>; title="x, y; z"; rel="alternate", <c>;rel=up', base), {
    alternate: ['https://ca.test/a,b'],
    up: ['https://ca.test/c'],
  });
  assert.deepEqual(parseLinks('<https://ca.test/x>; REL = "index"', base), { index: ['https://ca.test/x'] });
  assert.deepEqual(parseLinks('<https://ca.test/x>; rel=""', base), {});
  assert.deepEqual(parseLinks('<https://ca.test/x>', base), {});
});

test('polling: a Retry-After that is not a valid date falls back to the backoff instead of spinning', async () => {
  let reads = 0;
  const invalid = new Date(Number.NaN);
  await assert.rejects(
    pollUntil('https://ca.test/order/1', { value: 0, status: 'processing', retryAfter: invalid }, async () => {
      reads++;
      return { value: reads, status: 'processing', retryAfter: invalid };
    }, () => false, { timeoutMs: 400, firstDelayMs: 50 }),
    AcmeTimeoutError,
  );
  // 50 + 100 + 200 ms of backoff fit in 400 ms; a NaN pause is a zero-length timer and meant hundreds of reads.
  assert.ok(reads <= 5, `${reads} reads`);
});

test('identifiers: DNS lower-cased, IPv4 and IPv6 recognised and canonical', () => {
  assert.deepEqual(toIdentifier(' WWW.Example.COM. '), { type: 'dns', value: 'www.example.com' });
  assert.deepEqual(toIdentifier('*.example.com'), { type: 'dns', value: '*.example.com' });
  assert.deepEqual(toIdentifier('192.0.2.10'), { type: 'ip', value: '192.0.2.10' });
  assert.deepEqual(toIdentifier('2001:DB8:0:0:0:0:0:1'), { type: 'ip', value: '2001:db8::1' });
  assert.deepEqual(toIdentifier('[::1]'), { type: 'ip', value: '::1' });
  assert.deepEqual(toIdentifier('256.1.1.1'), { type: 'dns', value: '256.1.1.1' }, 'not an IP: left for the CA or the form to refuse');
});

test('challenge values: key authorization, HTTP-01 file, DNS-01 record', async () => {
  const thumb = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';
  const token = 'evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA';
  assert.equal(keyAuthorization(token, thumb), `${token}.${thumb}`);
  assert.throws(() => keyAuthorization('../../etc/passwd', thumb), /not base64url/);
  const h = http01({ type: 'dns', value: 'example.com' }, { token }, thumb);
  assert.equal(h.url, `http://example.com/.well-known/acme-challenge/${token}`);
  assert.equal(h.fileName, token);
  assert.equal(h.body, `${token}.${thumb}`);
  assert.equal(http01({ type: 'ip', value: '2001:db8::1' }, { token }, thumb).url, `http://[2001:db8::1]/.well-known/acme-challenge/${token}`);
  const d = await dns01({ type: 'dns', value: 'example.com' }, { token }, thumb);
  assert.equal(d.name, '_acme-challenge.example.com');
  assert.equal(d.value, createHash('sha256').update(`${token}.${thumb}`).digest('base64url'));
  assert.equal((await dns01({ type: 'dns', value: '*.example.com' }, { token }, thumb)).name, '_acme-challenge.example.com');
});

test('JWS: jwk before the account exists, kid after; signature verifies for ES256, ES384, RS256', async () => {
  for (const type of ['P-256', 'P-384', 'RSA-2048'] as const) {
    const keys = await generateKeyPair(type);
    const jwk = await publicJwk(keys.publicKey);
    const withJwk = await signRequest({ privateKey: keys.privateKey, jwk }, 'https://ca.test/new-acct', 'nonce1', { termsOfServiceAgreed: true });
    const header = JSON.parse(Buffer.from(withJwk.protected ?? '', 'base64url').toString());
    assert.deepEqual(Object.keys(header).sort(), ['alg', 'jwk', 'nonce', 'url']);
    assert.equal(header.alg, { 'P-256': 'ES256', 'P-384': 'ES384', 'RSA-2048': 'RS256' }[type]);
    const verified = await flattenedVerify(withJwk, await importJWK(jwk, header.alg));
    assert.deepEqual(JSON.parse(new TextDecoder().decode(verified.payload)), { termsOfServiceAgreed: true });

    const withKid = await signRequest({ privateKey: keys.privateKey, jwk, kid: 'https://ca.test/acct/1' }, 'https://ca.test/order/1', 'nonce2', '');
    const h2 = JSON.parse(Buffer.from(withKid.protected ?? '', 'base64url').toString());
    assert.equal(h2.kid, 'https://ca.test/acct/1');
    assert.equal(h2.jwk, undefined);
    assert.equal(withKid.payload, '', 'POST-as-GET has an empty payload');
  }
});

test('EAB: HS256 over the account JWK, kid and url, no nonce; base64 MAC keys accepted', async () => {
  const keys = await generateKeyPair('P-256');
  const jwk = await publicJwk(keys.publicKey);
  const mac = 'zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W';
  const eab = await signEab(jwk, { keyId: 'kid-1', hmacKey: mac }, 'https://ca.test/new-acct');
  const header = JSON.parse(Buffer.from(eab.protected ?? '', 'base64url').toString());
  assert.deepEqual(header, { alg: 'HS256', kid: 'kid-1', url: 'https://ca.test/new-acct' });
  const verified = await flattenedVerify(eab, b64uDecode(mac));
  assert.deepEqual(JSON.parse(new TextDecoder().decode(verified.payload)), jwk);
  const std = Buffer.from(b64uDecode(mac)).toString('base64');
  const eab2 = await signEab(jwk, { keyId: 'kid-1', hmacKey: std }, 'https://ca.test/new-acct');
  assert.equal(eab2.signature, eab.signature);
});

test('nonce pool: newest first, invalid values ignored, asks the CA only when empty', async () => {
  let asked = 0;
  const pool = new NoncePool(async () => `fresh${++asked}`);
  pool.add('a'); pool.add('b c'); pool.add(null); pool.add('b');
  assert.equal(await pool.take(), 'b');
  pool.end(null);
  assert.equal(await pool.take(), 'a');
  pool.end(null);
  assert.equal(await pool.take(), 'fresh1');
  assert.equal(asked, 1);
});

test('polling: stops when done, honours Retry-After, times out with a typed error', async () => {
  let reads = 0;
  const value = await pollUntil('u', { value: 0, status: 'pending' }, async () => ({ value: ++reads, status: reads >= 3 ? 'valid' : 'pending' }), (s) => s !== 'pending', { firstDelayMs: 1 });
  assert.equal(value, 3);
  const t0 = Date.now();
  await pollUntil('u', { value: 0, status: 'pending', retryAfter: new Date(Date.now() + 150) }, async () => ({ value: 1, status: 'valid' }), (s) => s !== 'pending', { firstDelayMs: 1 });
  assert.ok(Date.now() - t0 >= 140, 'waited for Retry-After');
  await assert.rejects(pollUntil('u', { value: 0, status: 'pending' }, async () => ({ value: 0, status: 'pending' }), (s) => s !== 'pending', { firstDelayMs: 5, timeoutMs: 40 }), AcmeTimeoutError);
  const ctl = new AbortController();
  setTimeout(() => ctl.abort(new Error('cancelled')), 20);
  await assert.rejects(pollUntil('u', { value: 0, status: 'pending' }, async () => ({ value: 0, status: 'pending' }), (s) => s !== 'pending', { firstDelayMs: 1000, signal: ctl.signal }), /cancelled/);
});

test('every problem type a client meets has a plain explanation and next step', () => {
  const types = ['accountDoesNotExist', 'alreadyRevoked', 'alreadyReplaced', 'badCSR', 'badNonce', 'badPublicKey', 'badRevocationReason',
    'badSignatureAlgorithm', 'caa', 'compound', 'connection', 'dns', 'externalAccountRequired', 'incorrectResponse', 'invalidContact',
    'invalidProfile', 'malformed', 'orderNotReady', 'rateLimited', 'rejectedIdentifier', 'serverInternal', 'tls', 'unauthorized',
    'unsupportedContact', 'unsupportedIdentifier', 'userActionRequired'];
  const generic = explain('urn:example:unknown');
  for (const t of types) {
    const e = explain(`urn:ietf:params:acme:error:${t}`);
    assert.notDeepEqual(e, generic, `${t} has its own explanation`);
  }
  const err = new AcmeProblemError({ type: 'urn:ietf:params:acme:error:rateLimited', detail: 'too many certificates', subproblems: [{ type: 'urn:ietf:params:acme:error:dns', detail: 'x' }] }, 429, { retryAfter: new Date(0) });
  assert.equal(err.shortType, 'rateLimited');
  assert.equal(err.status, 429);
  assert.equal(err.subproblems.length, 1);
  assert.equal(err.retryAfter?.getTime(), 0);
  assert.match(err.explanation.next, /staging/);
});

test('nonce pool: a request that finds the pool empty waits for one in flight instead of asking newNonce', async () => {
  let asked = 0;
  const pool = new NoncePool(async () => `fresh${++asked}`);
  pool.add('n0');
  assert.equal(await pool.take(), 'n0'); // request A is on its way
  const b = pool.take(); // B waits for A's nonce
  pool.end('n1'); // A answered
  assert.equal(await b, 'n1');
  assert.equal(asked, 0, 'no newNonce for B');
  const c = pool.take(); // C waits for B's nonce
  pool.end(null); // B failed without a nonce: C asks the CA itself
  assert.equal(await c, 'fresh1');
  pool.end('n2');
  assert.equal(await pool.take(), 'n2');
});

test('problem documents with members of the wrong type become AcmeProblemError, not TypeError (issue 11)', () => {
  const hostile: unknown[] = [
    { type: 5, detail: 'x' }, // shortType() called type.startsWith on a number
    { type: { toString: 1 } },
    { detail: { toString: 1 } }, // "${detail}" threw "Cannot convert object to primitive value"
    { subproblems: 5 }, { subproblems: [null, 5, { type: [] }] }, { identifier: 'x' }, { status: 'x' }, null, 'text', [],
    { subproblems: Array(10_000).fill({ type: 'urn:ietf:params:acme:error:caa', subproblems: [{}] }) },
  ];
  for (const raw of hostile) {
    const err = new AcmeProblemError(raw as never, 400);
    assert.equal(typeof err.type, 'string');
    assert.equal(typeof err.detail, 'string');
    assert.ok(err.subproblems.length <= 100);
    assert.ok(err.subproblems.every((s) => s.subproblems === undefined), 'one level of subproblems');
  }
  const real = new AcmeProblemError({ type: 'urn:ietf:params:acme:error:rateLimited', detail: 'slow down', status: 429, identifier: { type: 'dns', value: 'a.example' } }, 429);
  assert.equal(real.shortType, 'rateLimited');
  assert.equal(real.detail, 'slow down');
  assert.deepEqual(real.identifier, { type: 'dns', value: 'a.example' });
});

function cpuMs(used: NodeJS.CpuUsage): number {
  return (used.user + used.system) / 1000;
}
