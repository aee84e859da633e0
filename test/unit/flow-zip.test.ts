// The one download for the server: a stored ZIP written by hand, judged by Python's zipfile and Info-ZIP's unzip.
import '../../src/crypto/pkijs-engine.ts';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { buildCsr } from '../../src/crypto/csr.ts';
import { generateKeyPair } from '../../src/crypto/keys.ts';
import { certificateFiles, derFiles, serverZip } from '../../src/flow/outputs/files.ts';
import { crc32, zipStore } from '../../src/flow/outputs/zip.ts';
import type { CertificateRecord } from '../../src/store/schema.ts';
import { OpensslDir } from './helpers/openssl-dir.ts';

const dir = new OpensslDir();
after(() => dir.remove());

/** What Python's zipfile reads back: each member's name and bytes (hex), in the archive's order, after testzip(). */
function pythonRead(file: string): { name: string; hex: string }[] {
  const script = 'import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\n'
    + 'print(json.dumps([{"name":i.filename,"hex":z.read(i).hex()} for i in z.infolist()]))';
  const r = spawnSync('python3', ['-c', script, file], { cwd: dir.path, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { name: string; hex: string }[];
}

function judges(file: string): void {
  const py = spawnSync('python3', ['-m', 'zipfile', '-t', file], { cwd: dir.path, encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  assert.match(py.stdout, /Done testing/);
  const unzip = spawnSync('unzip', ['-t', file], { cwd: dir.path, encoding: 'utf8' });
  if (unzip.error) return; // no Info-ZIP here (scripts/test.mjs installs it); Python's reading above still judges
  assert.equal(unzip.status, 0, unzip.stdout + unzip.stderr);
  assert.match(unzip.stdout, /No errors detected/);
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('zipStore', () => {
  test('CRC-32 of the check string "123456789" is 0xCBF43926', () => {
    assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
    assert.equal(crc32(new Uint8Array()), 0);
  });

  test('Python and unzip read back every file byte for byte, in order, names in UTF-8 too', () => {
    const binary = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256);
    const entries = [
      { name: 'fullchain.pem', data: new TextEncoder().encode('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n') },
      { name: 'empty.txt', data: new Uint8Array() },
      { name: 'cert.der', data: binary },
      { name: 'ñame-ü.txt', data: new TextEncoder().encode('ü') },
    ];
    dir.write('t.zip', zipStore(entries, new Date('2025-03-04T05:06:08Z')));
    judges('t.zip');
    assert.deepEqual(pythonRead('t.zip'), entries.map((e) => ({ name: e.name, hex: hex(e.data) })));
    // The date is the one given (DOS time: 2-second steps).
    const r = spawnSync('python3', ['-c', 'import sys,zipfile;print(zipfile.ZipFile(sys.argv[1]).infolist()[0].date_time)', 't.zip'], { cwd: dir.path, encoding: 'utf8' });
    assert.equal(r.stdout.trim(), '(2025, 3, 4, 5, 6, 8)');
  });

  test('an empty list makes an empty, valid archive', () => {
    dir.write('none.zip', zipStore([]));
    assert.deepEqual(pythonRead('none.zip'), []);
  });

  test('a flipped byte in a file is caught by its CRC-32: the archive holds what it says', () => {
    const zip = zipStore([{ name: 'a.txt', data: new TextEncoder().encode('hello, certificate') }]);
    zip[35] = (zip[35] ?? 0) ^ 0x01; // the first byte of the file's data
    dir.write('bad.zip', zip);
    const r = spawnSync('python3', ['-c', 'import sys,zipfile;print(zipfile.ZipFile(sys.argv[1]).testzip())', 'bad.zip'], { cwd: dir.path, encoding: 'utf8' });
    assert.equal(r.stdout.trim(), 'a.txt');
  });
});

describe('serverZip', async () => {
  dir.run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=Zip Test CA', '-days', '30');
  const keys = await generateKeyPair('P-256', { extractable: true });
  dir.write('leaf.csr', (await buildCsr(['zip.example', 'www.zip.example'], keys)).pem);
  dir.run('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-days', '10', '-copy_extensions', 'copy', '-out', 'leaf.pem');

  function record(extra: Partial<CertificateRecord> = {}): CertificateRecord {
    return {
      id: 'c1', accountId: 'a1', issuanceId: 'i1', directoryUrl: 'https://ca.example/dir',
      names: ['zip.example', 'www.zip.example'], chainPem: dir.read('leaf.pem') + dir.read('ca.pem'), alternates: [],
      issuer: 'CN=Zip Test CA', serialHex: '01', notBefore: '2025-01-02T03:04:05Z', notAfter: '2025-04-02T03:04:05Z',
      createdAt: '2025-01-02T03:04:05Z', ...extra,
    };
  }

  test('key made here: <main name>.zip with fullchain, privkey, cert, chain and the DER files, equal to the separate downloads', async () => {
    const cert = record({ privateKey: keys.privateKey, keyType: 'P-256' });
    const zip = await serverZip(cert);
    assert.equal(zip.name, 'zip.example.zip');
    assert.equal(zip.type, 'application/zip');
    dir.write(zip.name, zip.bytes);
    judges(zip.name);
    const inside = pythonRead(zip.name);
    assert.deepEqual(inside.map((f) => f.name), ['fullchain.pem', 'privkey.pem', 'cert.pem', 'chain.pem', 'cert.der', 'chain-1.der']);
    const separate = new Map<string, string>([
      ...(await certificateFiles(cert)).map((f): [string, string] => [f.name, hex(new TextEncoder().encode(f.text))]),
      ...derFiles(cert).map((f): [string, string] => [f.name, hex(f.bytes)]),
    ]);
    for (const f of inside) assert.equal(f.hex, separate.get(f.name), `${f.name} equals the separate download`);
    // The key in the zip belongs to the certificate in it.
    const text = (name: string) => Buffer.from(inside.find((f) => f.name === name)?.hex ?? '', 'hex').toString('utf8');
    dir.write('z-key.pem', text('privkey.pem'));
    dir.write('z-cert.pem', text('cert.pem'));
    assert.equal(dir.run('pkey', '-in', 'z-key.pem', '-pubout'), dir.run('x509', '-in', 'z-cert.pem', '-noout', '-pubkey'));
    // Same certificate, same bytes (dated with its start of validity, not the clock).
    assert.equal(hex((await serverZip(cert)).bytes), hex(zip.bytes));
  });

  test('own CSR: no privkey.pem; a wildcard main name gives a file-safe zip name; a stem names it in a pass', async () => {
    const cert = record({ names: ['*.zip.example', 'zip.example'] });
    const zip = await serverZip(cert);
    assert.equal(zip.name, '_wildcard.zip.example.zip');
    dir.write('own.zip', zip.bytes);
    assert.deepEqual(pythonRead('own.zip').map((f) => f.name), ['fullchain.pem', 'cert.pem', 'chain.pem', 'cert.der', 'chain-1.der']);
    assert.equal((await serverZip(cert, 0, 'zip.example-2')).name, 'zip.example-2.zip');
  });
});
