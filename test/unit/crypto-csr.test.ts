import '../../src/crypto/pkijs-engine.ts';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { b64Encode, toHex } from '../../src/crypto/base64url.ts';
import { buildCsr, parseCsr } from '../../src/crypto/csr.ts';
import { formatIp, isDnsName, parseIp } from '../../src/crypto/identifiers.ts';
import { generateKeyPair, KEY_TYPES, type KeyType } from '../../src/crypto/keys.ts';
import { OpensslDir } from './helpers/openssl-dir.ts';
import { rejectsWith } from './helpers/rejects-with.ts';

const dir = new OpensslDir();
after(() => dir.remove());


/**
 * `openssl req -verify` exits 0 even when the signature is wrong (OpenSSL 3.0),
 * so the verdict has to be read from its output.
 */
function opensslVerifies(file: string, inform = 'PEM'): boolean {
  const r = dir.status('req', '-inform', inform, '-in', file, '-verify', '-noout');
  assert.equal(r.status, 0, r.stderr);
  const out = r.stdout + r.stderr;
  return /verify OK/.test(out) && !/failure/i.test(out);
}

// ------------------------------------------------------------------ IP literals

test('IP literals parse to octets and print canonically (RFC 5952)', () => {
  const cases: [string, string, string][] = [
    ['192.0.2.1', 'c0000201', '192.0.2.1'],
    ['0.0.0.0', '00000000', '0.0.0.0'],
    ['255.255.255.255', 'ffffffff', '255.255.255.255'],
    ['2001:db8::1', '20010db8000000000000000000000001', '2001:db8::1'],
    ['2001:DB8:0:0:0:0:0:1', '20010db8000000000000000000000001', '2001:db8::1'],
    ['::', '00000000000000000000000000000000', '::'],
    ['::1', '00000000000000000000000000000001', '::1'],
    ['1::', '00010000000000000000000000000000', '1::'],
    ['[2001:db8::53]', '20010db8000000000000000000000053', '2001:db8::53'],
    ['2001:db8:0:1:0:0:0:1', '20010db8000000010000000000000001', '2001:db8:0:1::1'],
    ['2001:0:0:1:0:0:0:1', '20010000000000010000000000000001', '2001:0:0:1::1'], // first of equal runs
    ['2001:db8:0:1:1:1:1:1', '20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'], // single zero not compressed
    ['2001:db8:1:2:3:4:5::', '20010db8000100020003000400050000', '2001:db8:1:2:3:4:5:0'],
    ['::ffff:192.0.2.1', '00000000000000000000ffffc0000201', '::ffff:192.0.2.1'],
    ['64:ff9b::192.0.2.33', '0064ff9b0000000000000000c0000221', '64:ff9b::c000:221'],
  ];
  for (const [text, hex, canonical] of cases) {
    const octets = parseIp(text);
    assert.ok(octets, text);
    assert.equal(toHex(octets), hex, text);
    assert.equal(formatIp(octets), canonical, text);
  }
  for (const bad of ['1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '1.2.3.-4', '1:2:3:4:5:6:7:8:9', '1::2::3', ':1::2', '12345::', 'fe80::1%eth0', '::1.2.3', '1.2.3.4::', 'g::1', '1:2:3:4:5:6:7', 'example.com', '']) {
    assert.equal(parseIp(bad), undefined, bad);
  }
});

test('isDnsName accepts host names and wildcards, refuses URLs and spaces', () => {
  for (const ok of ['example.com', '*.example.com', 'a-b.example', 'xn--bcher-kva.example', '_acme.example.com', 'localhost']) assert.ok(isDnsName(ok), ok);
  for (const bad of ['', 'https://example.com', 'example.com/', 'a b.com', '-a.com', 'a..b', 'bücher.de', 'foo.*.com', `${'a'.repeat(64)}.com`, '1.2.3', '256.1.1.1', 'example.123']) {
    assert.equal(isDnsName(bad), false, bad);
  }
});

// ------------------------------------------------------------------ buildCsr, judged by openssl

const NAMES = ['example.com', '*.example.com', 'www.example.com', '192.0.2.1', '2001:db8::1'];
const OPENSSL_SAN = 'DNS:example.com, DNS:*.example.com, DNS:www.example.com, IP Address:192.0.2.1, IP Address:2001:DB8:0:0:0:0:0:1';
const SIG_ALG: Record<KeyType, string> = {
  'P-256': 'ecdsa-with-SHA256',
  'P-384': 'ecdsa-with-SHA384',
  'RSA-2048': 'sha256WithRSAEncryption',
  'RSA-3072': 'sha256WithRSAEncryption',
  'RSA-4096': 'sha256WithRSAEncryption',
};
const KEY_TEXT: Record<KeyType, RegExp> = {
  'P-256': /Public-Key: \(256 bit\)[\s\S]*NIST CURVE: P-256/,
  'P-384': /Public-Key: \(384 bit\)[\s\S]*NIST CURVE: P-384/,
  'RSA-2048': /Public-Key: \(2048 bit\)/,
  'RSA-3072': /Public-Key: \(3072 bit\)/,
  'RSA-4096': /Public-Key: \(4096 bit\)/,
};

for (const type of KEY_TYPES) {
  test(`buildCsr with a ${type} key: openssl verifies it and sees every name`, async () => {
    const keys = await generateKeyPair(type); // non-extractable private key is enough to sign
    const { der, pem } = await buildCsr(NAMES, keys);
    assert.match(pem, /^-----BEGIN CERTIFICATE REQUEST-----\n/);
    const file = dir.write(`csr-${type}.pem`, pem);
    assert.ok(opensslVerifies(file), 'openssl req -verify');

    const text = dir.run('req', '-in', file, '-text', '-noout');
    assert.ok(text.includes(OPENSSL_SAN), text);
    assert.match(text, /X509v3 Subject Alternative Name: \n/, 'SAN is not critical');
    assert.match(text, new RegExp(`Signature Algorithm: ${SIG_ALG[type]}`));
    assert.match(text, KEY_TEXT[type]);
    assert.match(text, /Subject: CN ?= ?example\.com\n/);
    assert.doesNotMatch(text, /Extended Key Usage|Key Usage|challengePassword/);

    dir.write(`csr-${type}.der`, der);
    assert.ok(opensslVerifies(`csr-${type}.der`, 'DER'), 'DER output is the same request');

    const info = await parseCsr(pem);
    assert.deepEqual(info.names, NAMES);
    assert.deepEqual(info.dnsNames, NAMES.slice(0, 3));
    assert.deepEqual(info.ipAddresses, ['192.0.2.1', '2001:db8::1']);
    assert.equal(info.keyType, type);
    assert.equal(info.signatureValid, true);
    assert.deepEqual(info.der, der);
  });
}

test('buildCsr honours an explicit hash and the CN rules', async () => {
  const keys = await generateKeyPair('P-256');
  const sha384 = dir.write('csr-p256-sha384.pem', (await buildCsr(['a.example'], keys, { hash: 'SHA-384' })).pem);
  assert.ok(opensslVerifies(sha384));
  assert.match(dir.run('req', '-in', sha384, '-text', '-noout'), /Signature Algorithm: ecdsa-with-SHA384/);

  // Only IPs: the subject stays empty and openssl still accepts the request.
  const ipOnly = dir.write('csr-ip.pem', (await buildCsr(['2001:db8::53', '198.51.100.7'], keys)).pem);
  assert.ok(opensslVerifies(ipOnly));
  const ipText = dir.run('req', '-in', ipOnly, '-text', '-noout');
  assert.match(ipText, /Subject: *\n/);
  assert.match(ipText, /IP Address:2001:DB8:0:0:0:0:0:53, IP Address:198\.51\.100\.7/);

  // A first name longer than 64 characters cannot be a CN; the next DNS name is used.
  const long = `${'a'.repeat(60)}.example.com`;
  const longFile = dir.write('csr-long.pem', (await buildCsr(['192.0.2.9', long, 'short.example'], keys)).pem);
  assert.ok(opensslVerifies(longFile));
  assert.match(dir.run('req', '-in', longFile, '-text', '-noout'), /Subject: CN ?= ?short\.example\n/);
  assert.deepEqual((await parseCsr(dir.read(longFile))).names, ['192.0.2.9', long, 'short.example']);
});

test('buildCsr refuses bad names with a useful hint', async () => {
  const keys = await generateKeyPair('P-256');
  await rejectsWith('csr-bad-name', () => buildCsr([], keys), /at least one/);
  await rejectsWith('csr-bad-name', () => buildCsr(['example.com', ' '], keys), /empty/);
  await rejectsWith('csr-bad-name', () => buildCsr(['https://example.com/'], keys), /without https:\/\//);
  await rejectsWith('csr-bad-name', () => buildCsr(['bücher.example'], keys), /xn--/);
  await rejectsWith('csr-bad-name', () => buildCsr(['my site.com'], keys), /spaces/);
  await rejectsWith('csr-bad-name', () => buildCsr(['256.1.1.1.1'], keys), /not a valid domain name or IP address/);
});

// ------------------------------------------------------------------ parseCsr on openssl's requests

test('parseCsr reads an openssl CSR (PEM, DER and bare base64)', async () => {
  dir.run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'k.pem');
  dir.run('req', '-new', '-key', 'k.pem', '-subj', '/CN=example.com', '-addext', 'subjectAltName=DNS:example.com,DNS:www.example.com,IP:192.0.2.1', '-out', 'r.pem');
  dir.run('req', '-in', 'r.pem', '-outform', 'DER', '-out', 'r.der');
  const der = dir.readBytes('r.der');
  for (const input of [dir.read('r.pem'), der, b64Encode(der), `junk before\r\n${dir.read('r.pem').replace(/\n/g, '\r\n')}`]) {
    const info = await parseCsr(input);
    assert.deepEqual(info.names, ['example.com', 'www.example.com', '192.0.2.1'], 'CN already in the SAN is not repeated');
    assert.deepEqual(info.dnsNames, ['example.com', 'www.example.com']);
    assert.deepEqual(info.ipAddresses, ['192.0.2.1']);
    assert.equal(info.keyType, 'P-256');
    assert.equal(info.signatureValid, true);
    assert.deepEqual(info.der, der);
  }
  const legacy = dir.read('r.pem').replace(/CERTIFICATE REQUEST/g, 'NEW CERTIFICATE REQUEST');
  assert.equal((await parseCsr(legacy)).signatureValid, true);
});

test('parseCsr adds a DNS-name CN missing from the SAN and reads RSA key sizes', async () => {
  dir.run('genrsa', '-traditional', '-out', 'rsa.pem', '2048');
  dir.run('req', '-new', '-key', 'rsa.pem', '-subj', '/O=Example Org/CN=cn-only.example.com', '-out', 'cn.pem');
  const info = await parseCsr(dir.read('cn.pem'));
  assert.deepEqual(info.names, ['cn-only.example.com']);
  assert.deepEqual(info.dnsNames, ['cn-only.example.com']);
  assert.equal(info.keyType, 'RSA-2048');
  assert.equal(info.signatureValid, true);

  dir.run('req', '-new', '-key', 'rsa.pem', '-subj', '/CN=Example Server', '-addext', 'subjectAltName=DNS:san.example', '-out', 'cn2.pem');
  assert.deepEqual((await parseCsr(dir.read('cn2.pem'))).names, ['san.example'], 'a CN that is not a DNS name is ignored');

  dir.run('genpkey', '-algorithm', 'ED25519', '-out', 'ed.pem');
  dir.run('req', '-new', '-key', 'ed.pem', '-subj', '/CN=ed.example', '-out', 'ed-req.pem');
  const ed = await parseCsr(dir.read('ed-req.pem'));
  assert.equal(ed.keyType, 'unknown');
  assert.deepEqual(ed.names, ['ed.example']);
  assert.deepEqual(ed.key, { label: 'Ed25519', accepted: false });
  assert.deepEqual(info.key, { label: 'RSA 2048', accepted: true });
});

test('parseCsr names the key as CAs see it: RSA 1024 and P-521 are refused, P-256/P-384 and RSA 2048–4096 taken', async () => {
  const cases: [string[], { label: string; accepted: boolean }][] = [
    [['-newkey', 'rsa:1024'], { label: 'RSA 1024', accepted: false }],
    [['-newkey', 'rsa:3072'], { label: 'RSA 3072', accepted: true }],
    [['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-521'], { label: 'ECDSA P-521', accepted: false }],
    [['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384'], { label: 'ECDSA P-384', accepted: true }],
  ];
  for (const [args, key] of cases) {
    dir.run('req', '-new', ...args, '-nodes', '-keyout', 'k.pem', '-subj', '/CN=k.example', '-addext', 'subjectAltName=DNS:k.example', '-out', 'k-req.pem');
    assert.deepEqual((await parseCsr(dir.read('k-req.pem'))).key, key, args.join(' '));
  }
});

test('parseCsr flags a tampered CSR as not validly signed (and openssl agrees)', async () => {
  const keys = await generateKeyPair('P-384');
  const { der } = await buildCsr(['example.com', 'www.example.com'], keys);
  const tampered = new Uint8Array(der);
  const at = Buffer.from(tampered).indexOf('www.example.com');
  assert.ok(at > 0);
  tampered[at + 2] = 'x'.charCodeAt(0); // www -> wwx
  const info = await parseCsr(tampered);
  assert.deepEqual(info.names, ['example.com', 'wwx.example.com']);
  assert.equal(info.signatureValid, false);
  dir.write('tampered.der', tampered);
  assert.equal(opensslVerifies('tampered.der', 'DER'), false);

  const badSig = new Uint8Array(der);
  badSig[badSig.length - 5] = badSig[badSig.length - 5]! ^ 0x01;
  assert.equal((await parseCsr(badSig)).signatureValid, false);
});

test('parseCsr explains garbage and wrong files', async () => {
  await rejectsWith('csr-bad', () => parseCsr(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00])), /not a readable certificate signing request/);
  await rejectsWith('csr-bad', () => parseCsr('-----BEGIN CERTIFICATE REQUEST-----\nMAMCAQA=\n-----END CERTIFICATE REQUEST-----\n'));
  await rejectsWith('pem-not-pem', () => parseCsr('hello'));
  dir.run('req', '-x509', '-key', 'k.pem', '-subj', '/CN=x.example', '-days', '1', '-out', 'self.pem');
  await rejectsWith('pem-wrong-label', () => parseCsr(dir.read('self.pem')), /a certificate \(BEGIN CERTIFICATE\), not a certificate signing request/);
  dir.run('x509', '-in', 'self.pem', '-outform', 'DER', '-out', 'self.der');
  await rejectsWith('csr-bad', () => parseCsr(dir.readBytes('self.der')));
});

test('preloadCsr starts one shared load of the CSR module; loadCsr hands it over', async () => {
  const { loadCsr, preloadCsr } = await import('../../src/crypto/preload.ts');
  preloadCsr();
  const first = loadCsr();
  assert.equal(loadCsr(), first, 'every caller shares the same load');
  const mod = await first;
  assert.equal(typeof mod.buildCsr, 'function');
  assert.equal(typeof mod.parseCsr, 'function');
});
