// Revocation with a certificate's own key (src/flow/revoke.ts): the checks made before anything is sent.
// Certificates and keys are made by openssl; no network and no store is touched.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import '../../src/crypto/pkijs-engine.ts';
import { checkWithKey, REASONS, REVOCATION_REASONS, revokeWithKey, type RevokeWithKeyInput } from '../../src/flow/lifecycle/revoke.ts';
import type { ProblemInfo } from '../../src/flow/outcome.ts';
import { OpensslDir } from './helpers/openssl-dir.ts';

const dir = new OpensslDir();
const DIRECTORY = 'https://acme.example/directory';
const pems: Record<string, string> = {};

before(() => {
  // A self-signed EC and RSA certificate, each with its own key, plus an unrelated EC key.
  dir.run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ec.key', '-out', 'ec.pem',
    '-subj', '/CN=revoke.example', '-addext', 'subjectAltName=DNS:revoke.example,DNS:www.revoke.example', '-set_serial', '0x0a1b2c3d4e5f', '-days', '2');
  dir.run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'rsa.key', '-out', 'rsa.pem',
    '-subj', '/CN=rsa.revoke.example', '-addext', 'subjectAltName=DNS:rsa.revoke.example', '-days', '2');
  dir.run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'other.key');
  // The same RSA key in the traditional PKCS#1 form ("BEGIN RSA PRIVATE KEY"), as older tools write it.
  dir.run('pkey', '-in', 'rsa.key', '-traditional', '-out', 'rsa-pkcs1.key');
  for (const name of ['ec.key', 'ec.pem', 'rsa.key', 'rsa.pem', 'other.key', 'rsa-pkcs1.key']) pems[name] = dir.read(name);
});

after(() => dir.remove());

const input = (over: Partial<RevokeWithKeyInput>): RevokeWithKeyInput => ({
  certPem: pems['ec.pem']!,
  keyPem: pems['ec.key']!,
  directoryUrl: DIRECTORY,
  reason: 0,
  ...over,
});

/** A problem a user can act on: plain words, no stack trace, not the catch-all "something went wrong". */
function assertClear(problem: ProblemInfo | undefined): asserts problem is ProblemInfo {
  assert.ok(problem, 'a problem is reported');
  assert.ok(problem.what.length > 20, problem.what);
  assert.doesNotMatch(problem.what, /Something went wrong/);
  for (const text of [problem.what, problem.next, problem.detail ?? '']) {
    assert.doesNotMatch(text, /\n\s+at /, 'no stack trace');
    assert.doesNotMatch(text, /TypeError|DataError|undefined/);
  }
  assert.equal(problem.detail, undefined, 'no raw error text');
}

test('empty certificate, key or directory URL: each says what to paste', async () => {
  const noCert = await checkWithKey(input({ certPem: '  \n ' }));
  assert.match(noCert?.what ?? '', /^Paste or upload the certificate/);
  assert.match(noCert?.next ?? '', /BEGIN CERTIFICATE/);

  const noKey = await checkWithKey(input({ keyPem: '' }));
  assert.match(noKey?.what ?? '', /Paste or upload the certificate's private key/);
  assert.match(noKey?.next ?? '', /BEGIN PRIVATE KEY/);

  const noDir = await checkWithKey(input({ directoryUrl: ' ' }));
  assert.match(noDir?.what ?? '', /directory URL/);
  assert.match(noDir?.next ?? '', /https:\/\/acme-v02\.api\.letsencrypt\.org\/directory/);

  // The certificate is asked for first when everything is empty.
  const nothing = await checkWithKey({ certPem: '', keyPem: '', directoryUrl: '', reason: 0 });
  assert.match(nothing?.what ?? '', /^Paste or upload the certificate to revoke/);
});

test('a certificate with its own key passes: EC (PKCS#8), RSA (PKCS#8 and PKCS#1)', async () => {
  assert.equal(await checkWithKey(input({})), undefined);
  assert.equal(await checkWithKey(input({ certPem: pems['rsa.pem']!, keyPem: pems['rsa.key']! })), undefined);
  assert.equal(await checkWithKey(input({ certPem: pems['rsa.pem']!, keyPem: pems['rsa-pkcs1.key']! })), undefined);
  // Pasted with CRLF line ends and surrounding whitespace, as from an e-mail.
  const crlf = (s: string) => `\r\n  ${s.replace(/\n/g, '\r\n')}  `;
  assert.equal(await checkWithKey(input({ certPem: crlf(pems['ec.pem']!), keyPem: crlf(pems['ec.key']!) })), undefined);
});

test('another key: the problem says the key does not belong and names the certificate and its serial', async () => {
  const serial = dir.run('x509', '-in', 'ec.pem', '-noout', '-serial').trim().replace(/^serial=/, '').toLowerCase();
  assert.equal(serial, '0a1b2c3d4e5f');
  for (const keyPem of [pems['other.key']!, pems['rsa.key']!]) {
    const problem = await checkWithKey(input({ keyPem }));
    assertClear(problem);
    assert.equal(problem.what, 'This private key does not belong to this certificate.');
    assert.match(problem.next, /revoke\.example, www\.revoke\.example/);
    assert.ok(problem.next.includes(`serial ${serial}`), problem.next);
    assert.match(problem.next, /privkey\.pem/);
  }
  // The EC key for the RSA certificate: same wording, the RSA certificate's name.
  const swapped = await checkWithKey(input({ certPem: pems['rsa.pem']!, keyPem: pems['ec.key']! }));
  assert.equal(swapped?.what, 'This private key does not belong to this certificate.');
  assert.match(swapped?.next ?? '', /rsa\.revoke\.example/);
});

test('a garbage key is a clear problem, not a stack', async () => {
  const notPem = await checkWithKey(input({ keyPem: 'hello, this is my key' }));
  assertClear(notPem);
  assert.match(notPem.what, /^Private key box: .*does not look like a PEM file/);

  const damaged = await checkWithKey(input({ keyPem: '-----BEGIN PRIVATE KEY-----\nAAAAAAAAAAAA\n-----END PRIVATE KEY-----\n' }));
  assertClear(damaged);
  assert.match(damaged.what, /^Private key box: This private key could not be read/);
  assert.match(damaged.what, /openssl pkey/);

  const cut = await checkWithKey(input({ keyPem: pems['ec.key']!.split('\n').slice(0, 2).join('\n') }));
  assertClear(cut);
  assert.match(cut.what, /END PRIVATE KEY/);
});

test('a certificate pasted where the key goes, or a key where the certificate goes', async () => {
  const certAsKey = await checkWithKey(input({ keyPem: pems['ec.pem']! }));
  assertClear(certAsKey);
  assert.match(certAsKey.what, /^Private key box: This looks like a certificate \(BEGIN CERTIFICATE\), not a private key\./);
  assert.match(certAsKey.what, /-----BEGIN PRIVATE KEY-----/);

  const keyAsCert = await checkWithKey(input({ certPem: pems['ec.key']! }));
  assertClear(keyAsCert);
  assert.match(keyAsCert.what, /^Certificate box: This looks like a private key \(BEGIN PRIVATE KEY\), not a certificate\./);
});

test("REASONS are Let's Encrypt's accepted codes 0, 1, 4, 5, each with a label and hint", () => {
  assert.deepEqual(REASONS.map((r) => r.code), [0, 1, 4, 5]);
  assert.deepEqual(Object.keys(REVOCATION_REASONS).map(Number).sort(), [0, 1, 4, 5]);
  for (const r of REASONS) {
    assert.ok(r.label && r.hint, `reason ${r.code} has words`);
  }
  assert.equal(REASONS.find((r) => r.code === 1)?.label, 'Key compromise');
});

test('revokeWithKey with a key that does not match fails before any network request', async () => {
  const realFetch = globalThis.fetch;
  const asked: string[] = [];
  globalThis.fetch = (async (url: string | URL | Request) => {
    asked.push(String(url));
    throw new TypeError('fetch failed');
  }) as typeof fetch;
  try {
    const result = await revokeWithKey(input({ keyPem: pems['other.key']!, directoryUrl: 'https://127.0.0.1:1/dir', reason: 1 }));
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.equal(result.problem.what, 'This private key does not belong to this certificate.');
    assert.doesNotMatch(result.problem.what, /No answer|reach/);
    assert.deepEqual(asked, [], 'nothing was fetched');

    // Empty fields are refused the same way, before connecting.
    const empty = await revokeWithKey(input({ keyPem: '', directoryUrl: 'https://127.0.0.1:1/dir' }));
    assert.ok(!empty.ok);
    assert.match(empty.problem.what, /private key/);
    assert.deepEqual(asked, []);

    // Control: with the matching key the same call does go to the network (so the stub above would have seen it).
    const matching = await revokeWithKey(input({ directoryUrl: 'https://127.0.0.1:1/dir' }));
    assert.ok(!matching.ok);
    assert.deepEqual(asked, ['https://127.0.0.1:1/dir']);
    assert.match(matching.problem.what, /^No answer from https:\/\/127\.0\.0\.1:1\./);
  } finally {
    globalThis.fetch = realFetch;
  }
});
