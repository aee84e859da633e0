import '../../src/crypto/pkijs-engine.ts';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { toHex } from '../../src/crypto/base64url.ts';
import { importPrivateKey, spkiOfPublicKey } from '../../src/crypto/keys.ts';
import { pemEncode } from '../../src/crypto/pem.ts';
import { parseCertificate, splitPemChain } from '../../src/crypto/x509.ts';
import { nestedDer } from '../fuzz/arbitraries.ts';
import { OpensslDir } from './helpers/openssl-dir.ts';
import { rejectsWith } from './helpers/rejects-with.ts';

const dir = new OpensslDir();
after(() => dir.remove());


/** "X509v3 Subject Key Identifier:\n    AB:CD:..." -> "abcd..." */
function opensslKeyId(cert: string, ext: 'subjectKeyIdentifier' | 'authorityKeyIdentifier'): string {
  const out = dir.run('x509', '-in', cert, '-noout', '-ext', ext);
  const m = /([0-9A-F]{2}(?::[0-9A-F]{2})+)/.exec(out);
  assert.ok(m, out);
  return m[1]!.replace(/:/g, '').toLowerCase();
}

function opensslDate(cert: string, which: 'startdate' | 'enddate'): Date {
  const out = dir.run('x509', '-in', cert, '-noout', `-${which}`);
  return new Date(out.slice(out.indexOf('=') + 1).trim());
}

// A CA, a leaf signed by it with serial 0x87654321 (high bit set), and a self-signed cert.
dir.run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/C=US/O=Example CA, Inc./CN=Example Test CA', '-days', '30', '-set_serial', '0x1234');
dir.run('genrsa', '-traditional', '-out', 'leaf.key', '2048');
dir.run('req', '-new', '-key', 'leaf.key', '-subj', '/CN=example.com', '-out', 'leaf.csr');
dir.write('leaf.ext', 'subjectAltName=DNS:example.com,DNS:*.example.com,IP:192.0.2.1,IP:2001:db8::1\nauthorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n');
dir.run('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '0x87654321', '-days', '10', '-extfile', 'leaf.ext', '-out', 'leaf.pem');
dir.run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'self.key', '-out', 'self.pem', '-subj', '/CN=self.example', '-days', '5', '-set_serial', '0x87654321', '-addext', 'subjectAltName=DNS:self.example,DNS:www.self.example,IP:198.51.100.7');

test('parseCertificate reads a self-signed openssl certificate', async () => {
  const info = await parseCertificate(dir.read('self.pem'));
  assert.deepEqual(info.names, ['self.example', 'www.self.example', '198.51.100.7']);
  assert.deepEqual(info.dnsNames, ['self.example', 'www.self.example']);
  assert.deepEqual(info.ipAddresses, ['198.51.100.7']);
  assert.equal(info.subject, 'CN=self.example');
  assert.equal(info.issuer, 'CN=self.example');
  assert.deepEqual([...info.serialBytes], [0x00, 0x87, 0x65, 0x43, 0x21]);
  assert.equal(info.serialHex, '87654321');
  assert.equal(info.notBefore.getTime(), opensslDate('self.pem', 'startdate').getTime());
  assert.equal(info.notAfter.getTime(), opensslDate('self.pem', 'enddate').getTime());
  assert.equal(info.notAfter.getTime() - info.notBefore.getTime(), 5 * 86400_000);
  assert.ok(info.subjectKeyId && info.authorityKeyId);
  assert.equal(toHex(info.subjectKeyId), opensslKeyId('self.pem', 'subjectKeyIdentifier'));
  assert.equal(toHex(info.authorityKeyId), toHex(info.subjectKeyId), 'self-signed: AKI = SKI');
  assert.equal(info.pem, dir.read('self.pem'));
});

test('parseCertificate reads a CA-issued leaf: issuer, AKI, serial, IPv6, SPKI', async () => {
  const leaf = await parseCertificate(dir.read('leaf.pem'));
  assert.deepEqual(leaf.names, ['example.com', '*.example.com', '192.0.2.1', '2001:db8::1']);
  assert.deepEqual(leaf.ipAddresses, ['192.0.2.1', '2001:db8::1']);
  assert.equal(leaf.subject, 'CN=example.com');
  assert.equal(leaf.issuer, 'CN=Example Test CA, O=Example CA\\, Inc., C=US');
  assert.deepEqual([...leaf.serialBytes], [0x00, 0x87, 0x65, 0x43, 0x21]);
  assert.equal(toHex(leaf.authorityKeyId ?? new Uint8Array()), opensslKeyId('ca.pem', 'subjectKeyIdentifier'));
  assert.equal(toHex(leaf.subjectKeyId ?? new Uint8Array()), opensslKeyId('leaf.pem', 'subjectKeyIdentifier'));

  dir.run('x509', '-in', 'leaf.pem', '-noout', '-pubkey', '-out', 'leaf.pub');
  dir.run('pkey', '-pubin', '-in', 'leaf.pub', '-outform', 'DER', '-out', 'leaf.spki');
  assert.equal(toHex(leaf.publicKeySpki), toHex(dir.readBytes('leaf.spki')));
  const keys = await importPrivateKey(dir.read('leaf.key'));
  assert.equal(toHex(await spkiOfPublicKey(keys.publicKey)), toHex(leaf.publicKeySpki), 'leaf key matches');
  const other = await importPrivateKey(dir.read('self.key'));
  assert.notEqual(toHex(await spkiOfPublicKey(other.publicKey)), toHex(leaf.publicKeySpki));

  const ca = await parseCertificate(dir.read('ca.pem'));
  assert.equal(ca.subject, leaf.issuer);
  assert.deepEqual([...ca.serialBytes], [0x12, 0x34], 'no leading zero when the high bit is clear');
  assert.equal(ca.serialHex, '1234');
  assert.deepEqual(ca.names, [], 'a CN that is not a DNS name is not a name');
});

test('parseCertificate takes DER bytes and the first certificate of a chain', async () => {
  dir.run('x509', '-in', 'leaf.pem', '-outform', 'DER', '-out', 'leaf.der');
  const der = dir.readBytes('leaf.der');
  const fromDer = await parseCertificate(der);
  assert.deepEqual(fromDer.der, der);
  assert.equal(fromDer.pem, dir.read('leaf.pem'));
  const chain = await parseCertificate(dir.read('leaf.key') + dir.read('leaf.pem') + dir.read('ca.pem'));
  assert.equal(chain.subject, 'CN=example.com');
});

test('parseCertificate uses a DNS-name CN when there is no SAN', async () => {
  dir.run('req', '-x509', '-key', 'self.key', '-out', 'nosan.pem', '-subj', '/CN=legacy.example', '-days', '1');
  const info = await parseCertificate(dir.read('nosan.pem'));
  assert.deepEqual(info.names, ['legacy.example']);
  assert.deepEqual(info.ipAddresses, []);
});

test('splitPemChain splits concatenated certificates into separate PEMs', async () => {
  const leaf = dir.read('leaf.pem');
  const ca = dir.read('ca.pem');
  const chain = splitPemChain(`${leaf}\n${ca}`.replace(/\n/g, '\r\n'));
  assert.deepEqual(chain, [leaf, ca]);
  assert.deepEqual(splitPemChain(`${dir.read('leaf.key')}${leaf}`), [leaf], 'non-certificate blocks are skipped');
  assert.equal((await parseCertificate(chain[1]!)).subject, 'CN=Example Test CA, O=Example CA\\, Inc., C=US');
});

test('parseCertificate explains garbage and wrong files', async () => {
  await rejectsWith('cert-bad', () => parseCertificate(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00])), /not a readable certificate/);
  const pem = dir.read('leaf.pem');
  const der = dir.readBytes('leaf.der');
  await rejectsWith('cert-bad', () => parseCertificate(der.subarray(0, der.length - 10)));
  await rejectsWith('pem-wrong-label', () => parseCertificate(dir.read('leaf.csr')), /certificate signing request \(CSR\) \(BEGIN CERTIFICATE REQUEST\), not a certificate/);
  await rejectsWith('pem-truncated', () => parseCertificate(pem.slice(0, pem.length - 30)));
  await rejectsWith('pem-not-pem', () => parseCertificate('<html>502 Bad Gateway</html>'));
});

// ------------------------------------------------------------------ hostile DER (issue 11)

test('deeply nested or element-stuffed DER is refused before pkijs reads it, quickly, as cert-bad / csr-bad', async () => {
  const { parseCsr } = await import('../../src/crypto/csr.ts');
  const manyNulls = (n: number): Uint8Array => {
    const body = new Uint8Array(n * 2);
    for (let i = 0; i < n; i++) body.set([0x05, 0x00], 2 * i);
    return new Uint8Array([0x30, 0x83, body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff, ...body]);
  };
  const hostile: [string, Uint8Array][] = [
    ['20,000 nested SEQUENCE headers', nestedDer(20_000, 'seq-long')],
    ['indefinite lengths (BER)', nestedDer(5_000, 'seq-indefinite')],
    ['a SEQUENCE of 30,000 NULLs', manyNulls(30_000)], // asn1js builds several objects per element
    ['a length of 2^32 - 1', new Uint8Array([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x05, 0x00])],
  ];
  for (const [what, der] of hostile) {
    for (const input of [der, pemEncode('CERTIFICATE', der)]) {
      // CPU time, not wall time: other test files share the machine. asn1js alone spent 70–230 ms on the NULLs.
      const started = process.cpuUsage();
      await rejectsWith('cert-bad', () => parseCertificate(input));
      const { user, system } = process.cpuUsage(started);
      assert.ok((user + system) / 1000 < 40, `${what}: ${(user + system) / 1000} ms`);
    }
    await rejectsWith('csr-bad', () => parseCsr(der));
  }
  // The guard leaves real ones alone: the leaf above, with its own depth and element count, still parses.
  assert.ok((await parseCertificate(dir.read('self.pem'))).names.length > 0);
});
