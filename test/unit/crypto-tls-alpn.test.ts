// The TLS-ALPN-01 validation certificate (RFC 8737), judged by openssl: SAN, the critical acmeIdentifier
// extension and its digest, the key, the signature and the validity.
import '../../src/crypto/pkijs-engine.ts';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, test } from 'node:test';
import { tlsAlpn01 } from '../../src/acme/challenge-values.ts';
import { AcmeProtocolError } from '../../src/acme/errors.ts';
import { buildTlsAlpnCertificate } from '../../src/crypto/tls-alpn.ts';
import { OpensslDir } from './helpers/openssl-dir.ts';
import { rejectsWith } from './helpers/rejects-with.ts';

const dir = new OpensslDir();
after(() => dir.remove());

const THUMBPRINT = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs'; // RFC 7638 §3.1
const TOKEN = 'evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA';
const KEY_AUTH = `${TOKEN}.${THUMBPRINT}`;
const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** The acmeIdentifier extension as openssl's DER dump shows it: critical flag and extnValue bytes (hex). */
function acmeExtension(certFile: string): { critical: boolean; valueHex: string; offset: number } {
  const lines = dir.run('asn1parse', '-in', certFile).split('\n');
  const at = lines.findIndex((l) => /prim: OBJECT\s+:1\.3\.6\.1\.5\.5\.7\.1\.31$/.test(l));
  assert.ok(at >= 0, 'the certificate has an extension with OID 1.3.6.1.5.5.7.1.31');
  const critical = /BOOLEAN\s+:255$/.test(lines[at + 1] ?? '');
  const valueLine = lines[at + (critical ? 2 : 1)] ?? '';
  const m = /^\s*(\d+):.*prim: OCTET STRING\s+\[HEX DUMP\]:([0-9A-F]+)$/.exec(valueLine);
  assert.ok(m, `extnValue is an OCTET STRING: ${valueLine}`);
  return { critical, valueHex: m[2]!.toLowerCase(), offset: Number(m[1]) };
}

test('openssl reads it: self-signed, SAN = the one name, critical acmeIdentifier = OCTET STRING of SHA-256(key authorization)', async () => {
  const made = await buildTlsAlpnCertificate('Www.Example.COM', KEY_AUTH);
  dir.write('cert.pem', made.certPem);
  dir.write('key.pem', made.keyPem);

  const text = dir.run('x509', '-in', 'cert.pem', '-noout', '-text');
  assert.match(text, /Version: 3 \(0x2\)/);
  assert.match(text, /Signature Algorithm: ecdsa-with-SHA256/);
  assert.match(text, /ASN1 OID: prime256v1/);
  assert.match(text, /Issuer: CN = www\.example\.com\n/);
  assert.match(text, /Subject: CN = www\.example\.com\n/);
  assert.match(text, /1\.3\.6\.1\.5\.5\.7\.1\.31: critical/);
  assert.equal(dir.run('x509', '-in', 'cert.pem', '-noout', '-ext', 'subjectAltName').split('\n')[1]?.trim(), 'DNS:www.example.com', 'exactly one SAN entry');

  const ext = acmeExtension('cert.pem');
  assert.equal(ext.critical, true, 'the extension is critical');
  const digest = sha256Hex(KEY_AUTH);
  assert.equal(ext.valueHex, `0420${digest}`, 'extnValue holds the DER of an OCTET STRING of 32 bytes');
  // Parsed on its own, the extension's value is that OCTET STRING and nothing else.
  const inner = dir.run('asn1parse', '-in', 'cert.pem', '-strparse', String(ext.offset)).trim();
  assert.equal(inner.split('\n').length, 1, inner);
  assert.match(inner, new RegExp(`^\\s*0:d=0\\s+hl=2 l=\\s*32 prim: OCTET STRING\\s+\\[HEX DUMP\\]:${digest.toUpperCase()}$`));
  assert.equal(Buffer.from(made.digest).toString('hex'), digest);

  // The key belongs to the certificate, and the self-signature checks out (openssl does not know the extension,
  // so it is told to let the critical one pass).
  assert.equal(dir.run('pkey', '-in', 'key.pem', '-pubout'), dir.run('x509', '-in', 'cert.pem', '-noout', '-pubkey'));
  assert.match(dir.run('pkey', '-in', 'key.pem', '-noout', '-text'), /prime256v1/);
  assert.match(dir.run('verify', '-ignore_critical', '-check_ss_sig', '-CAfile', 'cert.pem', 'cert.pem'), /cert\.pem: OK/);
  // Without that, openssl refuses it for the very extension the CA looks for: proof that it is marked critical.
  const strict = dir.status('verify', '-CAfile', 'cert.pem', 'cert.pem');
  assert.notEqual(strict.status, 0);
  assert.match(strict.stdout + strict.stderr, /unhandled critical extension/);
});

test('short validity: from an hour ago to a week from now; a new key and serial each time', async () => {
  const now = new Date('2026-03-01T12:00:00Z');
  const a = await buildTlsAlpnCertificate('example.com', KEY_AUTH, { now });
  const b = await buildTlsAlpnCertificate('example.com', KEY_AUTH, { now });
  dir.write('a.pem', a.certPem);
  dir.write('b.pem', b.certPem);
  assert.equal(dir.run('x509', '-in', 'a.pem', '-noout', '-startdate', '-enddate'), 'notBefore=Mar  1 11:00:00 2026 GMT\nnotAfter=Mar  8 12:00:00 2026 GMT\n');
  assert.notEqual(a.keyPem, b.keyPem);
  assert.notEqual(dir.run('x509', '-in', 'a.pem', '-noout', '-serial'), dir.run('x509', '-in', 'b.pem', '-noout', '-serial'));
  assert.match(dir.run('x509', '-in', 'a.pem', '-noout', '-serial'), /^serial=(0[1-9A-F]|[1-7][0-9A-F])[0-9A-F]{30}\n$/, '16 octets, positive, no leading zero octet');
});

test('a name longer than a CN allows still goes into the SAN', async () => {
  const long = `${'a'.repeat(60)}.example.com`;
  const made = await buildTlsAlpnCertificate(long, KEY_AUTH);
  dir.write('long.pem', made.certPem);
  assert.equal(dir.run('x509', '-in', 'long.pem', '-noout', '-ext', 'subjectAltName').split('\n')[1]?.trim(), `DNS:${long}`);
  assert.match(dir.run('x509', '-in', 'long.pem', '-noout', '-subject'), /^subject=CN = acme tls-alpn-01 validation$/m);
});

test('refuses wildcards, IP addresses, junk names and a key authorization that is not one', async () => {
  await rejectsWith('tls-alpn-bad-name', () => buildTlsAlpnCertificate('*.example.com', KEY_AUTH), /wildcard.*DNS-01/);
  await rejectsWith('tls-alpn-bad-name', () => buildTlsAlpnCertificate('192.0.2.1', KEY_AUTH));
  await rejectsWith('tls-alpn-bad-name', () => buildTlsAlpnCertificate('https://example.com/', KEY_AUTH));
  await rejectsWith('tls-alpn-bad-name', () => buildTlsAlpnCertificate('', KEY_AUTH));
  await rejectsWith('tls-alpn-bad-key-authorization', () => buildTlsAlpnCertificate('example.com', TOKEN));
  await rejectsWith('tls-alpn-bad-key-authorization', () => buildTlsAlpnCertificate('example.com', `${KEY_AUTH}\n`));
});

test('tlsAlpn01 challenge values: key authorization and its digest, as openssl prints it', async () => {
  const v = await tlsAlpn01({ type: 'dns', value: 'example.com' }, { token: TOKEN }, THUMBPRINT);
  assert.equal(v.name, 'example.com');
  assert.equal(v.keyAuthorization, KEY_AUTH);
  assert.equal(Buffer.from(v.digest).toString('hex'), sha256Hex(KEY_AUTH));
  assert.equal(v.digestHex, sha256Hex(KEY_AUTH).toUpperCase().match(/../g)!.join(':'));
  await assert.rejects(tlsAlpn01({ type: 'ip', value: '192.0.2.1' }, { token: TOKEN }, THUMBPRINT), AcmeProtocolError);
  await assert.rejects(tlsAlpn01({ type: 'dns', value: '*.example.com' }, { token: TOKEN }, THUMBPRINT), AcmeProtocolError);
  await assert.rejects(tlsAlpn01({ type: 'dns', value: 'example.com' }, { token: '../x' }, THUMBPRINT), /not base64url/);
});
