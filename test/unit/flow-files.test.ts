// The downloadable files (combined.pem, certificate.pfx) and the install snippets that name them.
import '../../src/crypto/pkijs-engine.ts';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCsr } from '../../src/crypto/csr.ts';
import { generateKeyPair } from '../../src/crypto/keys.ts';
import { pemDecodeAll } from '../../src/crypto/pem.ts';
import { deployFolder, deploySnippets } from '../../src/flow/outputs/deploy.ts';
import { certificateFiles, derFiles, fileStem, fileStems, pkcs12File } from '../../src/flow/outputs/files.ts';
import type { CertificateRecord } from '../../src/store/schema.ts';
import { OpensslDir } from './helpers/openssl-dir.ts';

const dir = new OpensslDir();
after(() => dir.remove());

dir.run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=Files Test CA', '-days', '30');
dir.run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'alt.key', '-out', 'alt.pem', '-subj', '/CN=Alternate Test CA', '-days', '30');

const keys = await generateKeyPair('P-256', { extractable: true });
dir.write('leaf.csr', (await buildCsr(['files.example', 'www.files.example'], keys)).pem);
dir.run('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-days', '10', '-copy_extensions', 'copy', '-out', 'leaf.pem');
const leaf = dir.read('leaf.pem');
const chainPem = leaf + dir.read('ca.pem');

function record(extra: Partial<CertificateRecord> = {}): CertificateRecord {
  return {
    id: 'c1', accountId: 'a1', issuanceId: 'i1', directoryUrl: 'https://ca.example/dir',
    names: ['files.example', 'www.files.example'], chainPem, alternates: [leaf + dir.read('alt.pem')],
    issuer: 'CN=Files Test CA', serialHex: '01', notBefore: new Date().toISOString(), notAfter: new Date().toISOString(),
    createdAt: new Date().toISOString(), ...extra,
  };
}

const labels = (pem: string) => pemDecodeAll(pem).map((b) => b.label);

describe('certificateFiles', () => {
  test('with a key made here: the four usual files and combined.pem = key, then the full chain', async () => {
    const files = await certificateFiles(record({ privateKey: keys.privateKey, keyType: 'P-256' }));
    assert.deepEqual(files.map((f) => f.name), ['fullchain.pem', 'cert.pem', 'chain.pem', 'privkey.pem', 'combined.pem']);
    const by = Object.fromEntries(files.map((f) => [f.name, f.text]));
    assert.deepEqual(labels(by['combined.pem']!), ['PRIVATE KEY', 'CERTIFICATE', 'CERTIFICATE']);
    assert.equal(by['combined.pem'], by['privkey.pem']! + by['fullchain.pem']!);
    assert.equal(by['fullchain.pem'], chainPem);
    // openssl reads the one file both ways: the key, and the leaf that belongs to it.
    dir.write('combined.pem', by['combined.pem']!);
    assert.equal(dir.run('pkey', '-in', 'combined.pem', '-pubout'), dir.run('x509', '-in', 'combined.pem', '-noout', '-pubkey'));
    assert.equal(dir.run('x509', '-in', 'combined.pem', '-noout', '-subject').trim(), 'subject=CN = files.example');
  });

  test('with an own CSR (no key here): no privkey.pem and no combined.pem', async () => {
    const files = await certificateFiles(record());
    assert.deepEqual(files.map((f) => f.name), ['fullchain.pem', 'cert.pem', 'chain.pem']);
  });

  test('an alternate chain goes into every file that holds the chain', async () => {
    const files = await certificateFiles(record({ privateKey: keys.privateKey }), 1);
    const by = Object.fromEntries(files.map((f) => [f.name, f.text]));
    assert.equal(by['chain.pem'], dir.read('alt.pem'));
    assert.ok(by['combined.pem']!.endsWith(dir.read('alt.pem')));
  });
});

describe('derFiles', () => {
  /** What openssl reads from a DER file, written back as PEM. */
  const opensslPem = (name: string, bytes: Uint8Array) => {
    dir.write(name, bytes);
    return dir.run('x509', '-inform', 'der', '-in', name, '-outform', 'pem');
  };

  test('cert.der and chain-1.der, chain-2.der: openssl reads each as DER and it equals the PEM file', async () => {
    const longer = leaf + dir.read('ca.pem') + dir.read('alt.pem');
    const files = derFiles(record({ chainPem: longer }));
    assert.deepEqual(files.map((f) => f.name), ['cert.der', 'chain-1.der', 'chain-2.der']);
    assert.ok(files.every((f) => f.type === 'application/pkix-cert'));
    assert.equal(opensslPem('cert.der', files[0]!.bytes), leaf);
    assert.equal(opensslPem('chain-1.der', files[1]!.bytes), dir.read('ca.pem'));
    assert.equal(opensslPem('chain-2.der', files[2]!.bytes), dir.read('alt.pem'));
    // The same certificates as the PEM downloads, in the same order.
    const pem = Object.fromEntries((await certificateFiles(record({ chainPem: longer }))).map((f) => [f.name, f.text]));
    assert.equal(opensslPem('cert.der', files[0]!.bytes), pem['cert.pem']);
    assert.equal(files.slice(1).map((f, i) => opensslPem(`c${i}.der`, f.bytes)).join(''), pem['chain.pem']);
    // Binary, not text: the first byte opens a DER SEQUENCE.
    assert.ok(files.every((f) => f.bytes[0] === 0x30));
  });

  test('the alternate chain picked is the one written', () => {
    const files = derFiles(record(), 1);
    assert.deepEqual(files.map((f) => f.name), ['cert.der', 'chain-1.der']);
    assert.equal(opensslPem('alt-1.der', files[1]!.bytes), dir.read('alt.pem'));
    assert.equal(opensslPem('def-1.der', derFiles(record())[1]!.bytes), dir.read('ca.pem'));
  });
});

describe('pkcs12File', () => {
  test('certificate.pfx for the chosen chain, readable by openssl with the password', async () => {
    const file = await pkcs12File(record({ privateKey: keys.privateKey }), 's3cret', 1);
    assert.equal(file.name, 'certificate.pfx');
    assert.equal(file.type, 'application/x-pkcs12');
    dir.write('c.pfx', file.bytes);
    dir.run('pkcs12', '-in', 'c.pfx', '-passin', 'pass:s3cret', '-nokeys', '-cacerts', '-out', 'cacerts.pem');
    assert.match(dir.run('x509', '-in', 'cacerts.pem', '-noout', '-subject'), /Alternate Test CA/);
    const r = dir.status('pkcs12', '-info', '-in', 'c.pfx', '-passin', 'pass:s3cret', '-nodes');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /friendlyName: files\.example/);
  });

  test('refuses an empty password and a certificate without a key here', async () => {
    await assert.rejects(pkcs12File(record({ privateKey: keys.privateKey }), ''), /password/i);
    await assert.rejects(pkcs12File(record(), 'pw'), /own CSR/);
  });
});

describe('deploySnippets', () => {
  const byServer = (names: string[], keyMadeHere = true) =>
    Object.fromEntries(deploySnippets(names, { keyMadeHere }).map((s) => [s.server, s]));

  test('the folder comes from the first name', () => {
    assert.equal(deployFolder(['files.example', 'www.files.example']), 'files.example');
    assert.equal(deployFolder(['*.Example.COM', 'example.com']), 'example.com');
    assert.equal(deployFolder(['2001:db8::1']), '2001-db8--1');
    assert.equal(deployFolder(['192.0.2.1']), '192.0.2.1');
    assert.equal(deployFolder([]), 'certificate');
  });

  test('each server gets its usual file names and a reload line', () => {
    const s = byServer(['*.example.com', 'example.com']);
    assert.deepEqual(Object.keys(s), ['nginx', 'apache', 'caddy', 'haproxy']);
    assert.match(s.nginx!.config, /^ssl_certificate\s+\/etc\/ssl\/example\.com\/fullchain\.pem;$/m);
    assert.match(s.nginx!.config, /^ssl_certificate_key\s+\/etc\/ssl\/example\.com\/privkey\.pem;$/m);
    assert.match(s.apache!.config, /^SSLCertificateFile\s+\/etc\/ssl\/example\.com\/fullchain\.pem$/m);
    assert.match(s.apache!.config, /^SSLCertificateKeyFile\s+\/etc\/ssl\/example\.com\/privkey\.pem$/m);
    assert.match(s.caddy!.config, /^\*\.example\.com, example\.com \{$/m);
    assert.match(s.caddy!.config, /^\s+tls \/etc\/ssl\/example\.com\/fullchain\.pem \/etc\/ssl\/example\.com\/privkey\.pem$/m);
    assert.match(s.haproxy!.config, /^\s+bind :443 ssl crt \/etc\/haproxy\/certs\/example\.com\.pem$/m);
    assert.match(s.haproxy!.place, /combined\.pem/);
    for (const [server, snippet] of Object.entries(s)) {
      assert.equal(snippet.reload.split('\n').length, 1, `${server}: one line`);
      assert.match(snippet.reload, new RegExp(`reload ${server === 'apache' ? '' : server}|graceful`));
    }
    assert.match(s.nginx!.reload, /nginx -t/);
  });

  test('with an own CSR, HAProxy is told to join the key and the chain itself', () => {
    const s = byServer(['files.example'], false);
    assert.doesNotMatch(s.haproxy!.place, /combined\.pem/);
    assert.match(s.haproxy!.place, /cat privkey\.pem fullchain\.pem > files\.example\.pem/);
    assert.match(s.nginx!.place, /the key you made the CSR with/);
  });
});

describe('several certificates at once: file names start with the main name', () => {
  test('every file of the set, PEM, DER and PFX, starts with the stem; without one, the usual names', async () => {
    const cert = record({ privateKey: keys.privateKey, keyType: 'P-256' });
    const [stem] = fileStems([cert]);
    assert.equal(stem, 'files.example');
    assert.deepEqual((await certificateFiles(cert, 0, stem)).map((f) => f.name),
      ['files.example-fullchain.pem', 'files.example-cert.pem', 'files.example-chain.pem', 'files.example-privkey.pem', 'files.example-combined.pem']);
    assert.deepEqual(derFiles(cert, 0, stem).map((f) => f.name), ['files.example-cert.der', 'files.example-chain-1.der']);
    assert.equal((await pkcs12File(cert, 'pw', 0, stem)).name, 'files.example-certificate.pfx');
    assert.deepEqual((await certificateFiles(cert)).map((f) => f.name)[0], 'fullchain.pem');
    // The contents do not change with the name.
    assert.deepEqual((await certificateFiles(cert, 0, stem)).map((f) => f.text), (await certificateFiles(cert)).map((f) => f.text));
  });

  test('two certificates with the same main name in one list get distinct stems', () => {
    assert.deepEqual(fileStems([{ names: ['a.example'] }, { names: ['b.example'] }, { names: ['a.example', 'x.example'] }, { names: ['*.a.example'] }]),
      ['a.example', 'b.example', 'a.example-2', '_wildcard.a.example']);
  });

  test('a wildcard or an IPv6 address as main name makes a file name any system takes', () => {
    assert.equal(fileStem('*.example.com'), '_wildcard.example.com');
    assert.equal(fileStem('2001:db8::1'), '2001-db8--1');
    assert.equal(fileStem('xn--bcher-kva.example'), 'xn--bcher-kva.example');
    assert.equal(fileStem('a/b\\c'), 'a_b_c');
  });
});
