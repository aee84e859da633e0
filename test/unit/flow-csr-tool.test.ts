// "Make a key and CSR" (src/flow/csr-tool.ts): openssl judges the CSR, and the key belongs to it.
import '../../src/crypto/pkijs-engine.ts';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { makeKeyAndCsr, namesProblem, opensslCsrCommand } from '../../src/flow/outputs/key-and-csr.ts';
import { OpensslDir } from './helpers/openssl-dir.ts';

const dir = new OpensslDir();
after(() => dir.remove());

test('names are checked like the setup form checks them', () => {
  assert.equal(namesProblem('example.com, www.example.com'), undefined);
  assert.match(namesProblem('') ?? '', /at least one domain name/);
  assert.match(namesProblem('https://example.com/') ?? '', /https:\/\/example\.com\//);
});

for (const keyType of ['P-256', 'RSA-2048'] as const) {
  test(`a ${keyType} key and a CSR naming every typed name, which openssl verifies`, async () => {
    const made = await makeKeyAndCsr('Example.COM\n*.example.com 192.0.2.7', keyType);
    assert.deepEqual(made.names, ['example.com', '*.example.com', '192.0.2.7']);
    assert.match(made.keyPem, /^-----BEGIN PRIVATE KEY-----/);
    dir.write('r.csr', made.csrPem);
    dir.write('k.pem', made.keyPem);
    const verdict = dir.status('req', '-in', 'r.csr', '-verify', '-noout', '-text');
    assert.equal(verdict.status, 0, verdict.stderr);
    assert.match(verdict.stdout + verdict.stderr, /verify OK/);
    assert.match(verdict.stdout, /DNS:example\.com, DNS:\*\.example\.com, IP Address:192\.0\.2\.7/);
    assert.equal(dir.status('pkey', '-in', 'k.pem', '-pubout').stdout, dir.status('req', '-in', 'r.csr', '-noout', '-pubkey').stdout);
  });
}

test('bad names are refused before any key is made', async () => {
  await assert.rejects(makeKeyAndCsr('bad_name..example.com', 'P-256'), /bad_name\.\.example\.com/);
});

// ------------------------------------------------------------------ the openssl line for a machine's own key and CSR

for (const [keyType, expect] of [['P-256', /ASN1 OID: prime256v1/], ['P-384', /ASN1 OID: secp384r1/], ['RSA-2048', /Public-Key: \(2048 bit\)/]] as const) {
  test(`the openssl line (${keyType}), run by sh as a user pastes it, writes key.pem and a CSR for exactly those names`, () => {
    const names = ['example.com', '*.example.com', 'www.example.com', '192.0.2.7'];
    const line = opensslCsrCommand(names, keyType);
    if (keyType === 'P-256') assert.equal(opensslCsrCommand(names), line, 'EC P-256 is the default');
    const sub = `run-${keyType}`;
    spawnSync('mkdir', [join(dir.path, sub)]);
    const run = spawnSync('sh', ['-c', line], { cwd: join(dir.path, sub), encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const text = dir.run('req', '-in', `${sub}/req.csr`, '-noout', '-text', '-verify');
    assert.match(text, /Subject: CN ?= ?example\.com/);
    assert.match(text, /DNS:example\.com, DNS:\*\.example\.com, DNS:www\.example\.com, IP Address:192\.0\.2\.7/);
    assert.match(text, expect);
    assert.equal(dir.run('pkey', '-in', `${sub}/key.pem`, '-pubout'), dir.run('req', '-in', `${sub}/req.csr`, '-noout', '-pubkey'), 'key.pem is the CSR key');
  });
}

test('the openssl line: an IP address alone gets no CN; odd characters stay inside quotes', () => {
  assert.match(opensslCsrCommand(['192.0.2.7']), / -subj \/ -addext subjectAltName=IP:192\.0\.2\.7$/);
  assert.match(opensslCsrCommand(['*.example.com']), /-subj '\/CN=\*\.example\.com' -addext 'subjectAltName=DNS:\*\.example\.com'/);
});
