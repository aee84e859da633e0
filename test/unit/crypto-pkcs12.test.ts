// buildPkcs12 judged by openssl: it must read the file with the password, find the key and both
// certificates, pair the key with the leaf, and refuse a wrong password.
import '../../src/crypto/pkijs-engine.ts';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCsr } from '../../src/crypto/csr.ts';
import { CryptoInputError } from '../../src/crypto/errors.ts';
import { generateKeyPair, type KeyType } from '../../src/crypto/keys.ts';
import { buildPkcs12, PKCS12_ITERATIONS } from '../../src/crypto/pkcs12.ts';
import { OpensslDir } from './helpers/openssl-dir.ts';
import { rejectsWith } from './helpers/rejects-with.ts';

const dir = new OpensslDir();
after(() => dir.remove());

dir.run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/O=Example CA/CN=Example PFX Test CA', '-days', '30');

/** A key made here (extractable) and fullchain.pem: an openssl-signed leaf for it, then the CA. */
async function leafFor(type: KeyType, name: string): Promise<{ keys: CryptoKeyPair; leaf: string; chain: string }> {
  const keys = await generateKeyPair(type, { extractable: true });
  dir.write(`${name}.csr`, (await buildCsr([name, `www.${name}`], keys)).pem);
  dir.run('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-days', '10', '-copy_extensions', 'copy', '-out', `${name}.pem`);
  const leaf = dir.read(`${name}.pem`);
  return { keys, leaf, chain: leaf + dir.read('ca.pem') };
}

/** `openssl pkcs12 -info`: the algorithm lines go to stderr, the bags to stdout. */
function pkcs12Info(file: string, password: string): string {
  const r = dir.status('pkcs12', '-info', '-in', file, '-passin', `pass:${password}`, '-nodes');
  assert.equal(r.status, 0, r.stderr);
  return r.stderr + r.stdout;
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('buildPkcs12', () => {
  for (const [type, password] of [['P-256', 'correct horse battery staple'], ['RSA-2048', 'Pä55 wörd ✓']] as const) {
    test(`${type} key, password ${JSON.stringify(password)}: openssl reads key and both certificates`, async () => {
      const name = `${type.toLowerCase()}.example`;
      const { keys, leaf, chain } = await leafFor(type, name);
      const pfx = await buildPkcs12({ privateKey: keys.privateKey, chainPem: chain, password, friendlyName: name });
      const file = dir.write(`${name}.pfx`, pfx);

      const info = pkcs12Info(file, password);
      assert.equal(count(info, '-----BEGIN PRIVATE KEY-----'), 1, info);
      assert.equal(count(info, '-----BEGIN CERTIFICATE-----'), 2, info);
      // What Windows 10 1709+/Server 2019, OpenSSL 1.1/3 and Java read; no RC2, 3DES or SHA-1.
      assert.match(info, new RegExp(`MAC: sha256, Iteration ${PKCS12_ITERATIONS}`));
      assert.match(info, new RegExp(`Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration ${PKCS12_ITERATIONS}, PRF hmacWithSHA256`));
      assert.match(info, new RegExp(`PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration ${PKCS12_ITERATIONS}, PRF hmacWithSHA256`));
      assert.equal(count(info, `friendlyName: ${name}`), 2, 'key and leaf carry the friendly name');

      // The same localKeyID on the key bag and the leaf's bag (how importers pair them).
      const ids = [...info.matchAll(/localKeyID: ([0-9A-F ]+)/g)].map((m) => m[1]!.trim());
      assert.equal(ids.length, 2, info);
      assert.equal(ids[0], ids[1]);
      assert.equal(ids[0]!.replace(/ /g, ''), dir.run('x509', '-in', `${name}.pem`, '-noout', '-fingerprint', '-sha1').split('=')[1]!.trim().replace(/:/g, ''));

      // -clcerts: the certificate paired with the key is the leaf; -cacerts: the CA.
      dir.run('pkcs12', '-in', file, '-passin', `pass:${password}`, '-nokeys', '-clcerts', '-out', `${name}.cl.pem`);
      dir.run('pkcs12', '-in', file, '-passin', `pass:${password}`, '-nokeys', '-cacerts', '-out', `${name}.ca.pem`);
      assert.equal(dir.run('x509', '-in', `${name}.cl.pem`, '-noout', '-fingerprint', '-sha256'), dir.run('x509', '-in', `${name}.pem`, '-noout', '-fingerprint', '-sha256'));
      assert.equal(dir.run('x509', '-in', `${name}.ca.pem`, '-noout', '-fingerprint', '-sha256'), dir.run('x509', '-in', 'ca.pem', '-noout', '-fingerprint', '-sha256'));
      assert.ok(dir.read(`${name}.cl.pem`).includes(leaf.trim()), 'the leaf comes out byte for byte');

      // The key inside belongs to the leaf.
      dir.run('pkcs12', '-in', file, '-passin', `pass:${password}`, '-nocerts', '-nodes', '-out', `${name}.key`);
      assert.equal(dir.run('pkey', '-in', `${name}.key`, '-pubout'), dir.run('x509', '-in', `${name}.pem`, '-noout', '-pubkey'));

      // A wrong password fails (MAC check and decryption).
      const wrong = dir.status('pkcs12', '-info', '-in', file, '-passin', `pass:${password}x`, '-nodes');
      assert.notEqual(wrong.status, 0, 'openssl accepted a wrong password');
      assert.match(wrong.stderr, /mac verify failure|invalid password/i);
      assert.doesNotMatch(wrong.stdout, /BEGIN PRIVATE KEY/);
    });
  }

  test('each file is different (fresh salts and IVs), and the output is plain bytes', async () => {
    const { keys, chain } = await leafFor('P-256', 'twice.example');
    const a = await buildPkcs12({ privateKey: keys.privateKey, chainPem: chain, password: 'pw-1' });
    const b = await buildPkcs12({ privateKey: keys.privateKey, chainPem: chain, password: 'pw-1' });
    assert.ok(a instanceof Uint8Array && a[0] === 0x30);
    assert.notDeepEqual(a, b);
    const info = pkcs12Info(dir.write('noname.pfx', a), 'pw-1');
    assert.doesNotMatch(info, /friendlyName/);
    assert.equal(count(info, 'localKeyID:'), 2);
  });

  test('an empty password is refused with a clear message', async () => {
    const { keys, chain } = await leafFor('P-256', 'empty.example');
    await assert.rejects(buildPkcs12({ privateKey: keys.privateKey, chainPem: chain, password: '' }), (err: unknown) => {
      assert.ok(err instanceof CryptoInputError);
      assert.equal(err.code, 'pfx-no-password');
      assert.match(err.message, /password/i);
      assert.match(err.message, /Windows/);
      return true;
    });
  });

  test('a non-extractable key cannot go into a PFX', async () => {
    const { chain } = await leafFor('P-256', 'locked.example');
    const locked = await generateKeyPair('P-256'); // extractable: false by default
    await rejectsWith('key-not-extractable', () => buildPkcs12({ privateKey: locked.privateKey, chainPem: chain, password: 'pw' }));
  });

  test('a chain with no certificate is refused', async () => {
    const keys = await generateKeyPair('P-256', { extractable: true });
    await rejectsWith('pem-wrong-label', () => buildPkcs12({ privateKey: keys.privateKey, chainPem: dir.read('ca.key'), password: 'pw' }));
  });
});
