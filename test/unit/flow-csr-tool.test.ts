// "Make a key and CSR" (src/flow/csr-tool.ts): openssl judges the CSR, and the key belongs to it.
import '../../src/crypto/pkijs-engine.ts';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeKeyAndCsr, namesProblem } from '../../src/flow/outputs/key-and-csr.ts';
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
