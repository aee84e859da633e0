// ARI (RFC 9773): CertID from the RFC's example and from a real certificate, and recorded renewalInfo replies.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../src/crypto/pkijs-engine.ts';
import { ariCertId, fetchRenewalInfo, parseRenewalInfo, pickRenewalTime } from '../../src/acme/ari.ts';
import { AcmeClient } from '../../src/acme/client.ts';
import { AcmeProtocolError } from '../../src/acme/errors.ts';
import { parseCertificate } from '../../src/crypto/x509.ts';
import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const hex = (h: string) => Uint8Array.from(h.split(':').map((b) => parseInt(b, 16)));

test('CertID of RFC 9773 §4.1 example', () => {
  const id = ariCertId({ authorityKeyId: hex('69:88:5B:6B:87:46:40:41:E1:B3:7B:84:7B:A0:AE:2C:DE:01:C8:D4'), serialBytes: hex('00:87:65:43:21') });
  assert.equal(id, 'aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE');
});

test('CertID of a real certificate whose serial has the high bit set', async () => {
  // A CA-issued leaf has an AKI; serial 0x87654321 needs a leading 0x00 as a DER INTEGER.
  const script = [
    'openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -subj "/CN=ARI test CA" -days 2',
    'openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout leaf.key -out leaf.csr -subj "/CN=ari.example"',
    'printf "subjectAltName=DNS:ari.example\\nauthorityKeyIdentifier=keyid\\n" > ext',
    'openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -set_serial 0x87654321 -days 2 -extfile ext -out leaf.pem',
  ].join(' && ');
  const dir = mkdtempSync(join(tmpdir(), 'certpage-ari-'));
  execSync(script, { cwd: dir, stdio: 'ignore' });
  const pem = readFileSync(join(dir, 'leaf.pem'), 'utf8');
  const skiOfCa = execSync('openssl x509 -in ca.pem -noout -ext subjectKeyIdentifier', { cwd: dir, encoding: 'utf8' });
  const akiHex = /([0-9A-F]{2}(?::[0-9A-F]{2})+)/i.exec(skiOfCa)?.[1];
  assert.ok(akiHex, 'openssl printed the CA key id');
  const leaf = await parseCertificate(pem);
  assert.equal(ariCertId(leaf), `${Buffer.from(hex(akiHex)).toString('base64url')}.AIdlQyE`);
});

test('a certificate without AKI gets a clear error', () => {
  assert.throws(() => ariCertId({ serialBytes: hex('01') }), AcmeProtocolError);
});

test('renewalInfo replies: recorded window, explanationURL, bad windows refused', () => {
  const info = parseRenewalInfo({
    suggestedWindow: { start: '2025-01-02T04:00:00Z', end: '2025-01-03T04:00:00Z' },
    explanationURL: 'https://acme.example.com/docs/ari',
  });
  assert.equal(info.start.toISOString(), '2025-01-02T04:00:00.000Z');
  assert.equal(info.end.toISOString(), '2025-01-03T04:00:00.000Z');
  assert.equal(info.explanationURL, 'https://acme.example.com/docs/ari');
  assert.equal(pickRenewalTime(info, 0.5).toISOString(), '2025-01-02T16:00:00.000Z');
  assert.throws(() => parseRenewalInfo({ suggestedWindow: { start: '2025-01-03T00:00:00Z', end: '2025-01-02T00:00:00Z' } }), AcmeProtocolError);
  assert.throws(() => parseRenewalInfo({}), AcmeProtocolError);
  assert.throws(() => parseRenewalInfo({ suggestedWindow: { start: 'soon', end: 'later' } }), AcmeProtocolError);
});

test('fetchRenewalInfo GETs {renewalInfo}/{CertID} and reads Retry-After (recorded replies)', async () => {
  const seen: string[] = [];
  const recorded: Record<string, Response> = {
    'https://ca.test/dir': Response.json({ newNonce: 'https://ca.test/nonce', newAccount: 'https://ca.test/acct', newOrder: 'https://ca.test/order', revokeCert: 'https://ca.test/revoke', keyChange: 'https://ca.test/kc', renewalInfo: 'https://ca.test/renewal-info', meta: { profiles: { classic: 'The usual' } }, 'iX6QLoa5x_4': 'junk key to be ignored' }),
    'https://ca.test/renewal-info/aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE': new Response(JSON.stringify({ suggestedWindow: { start: '2025-01-02T04:00:00Z', end: '2025-01-03T04:00:00Z' } }), { headers: { 'Content-Type': 'application/json', 'Retry-After': '21600' } }),
  };
  const fetch = async (url: string) => { seen.push(url); return recorded[url] ?? new Response('not found', { status: 404 }); };
  const client = await AcmeClient.connect('https://ca.test/dir', { fetch });
  assert.deepEqual(client.meta.profiles, { classic: 'The usual' });
  const before = Date.now();
  const info = await fetchRenewalInfo(client, 'aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE');
  assert.ok(info);
  assert.equal(info.start.toISOString(), '2025-01-02T04:00:00.000Z');
  assert.ok(info.retryAfter && Math.abs(info.retryAfter.getTime() - before - 21600_000) < 5000);
  assert.deepEqual(seen, ['https://ca.test/dir', 'https://ca.test/renewal-info/aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE']);
});
