import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  b64Decode,
  b64Encode,
  b64uDecode,
  b64uEncode,
  concatBytes,
  toHex,
  utf8,
} from '../../src/crypto/base64url.ts';
import { CryptoInputError, type CryptoErrorCode } from '../../src/crypto/errors.ts';
import { PEM_MAX_CHAIN_CERTIFICATES, PEM_MAX_CHARS, pemDecode, pemDecodeAll, pemEncode, pemOrDer, splitPemChain } from '../../src/crypto/pem.ts';
import { OpensslDir } from './helpers/openssl-dir.ts';

const dir = new OpensslDir();
after(() => dir.remove());

function rejectsWith(code: CryptoErrorCode, run: () => unknown, message?: RegExp): void {
  assert.throws(run, (err: unknown) => {
    assert.ok(err instanceof CryptoInputError, `expected CryptoInputError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    if (message) assert.match(err.message, message);
    return true;
  });
}

// ------------------------------------------------------------------ base64

test('base64 and base64url match the RFC 4648 §10 vectors', () => {
  const vectors: [string, string][] = [
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
  ];
  for (const [plain, b64] of vectors) {
    assert.equal(b64Encode(utf8(plain)), b64);
    assert.equal(b64uEncode(plain), b64.replace(/=+$/, ''));
    assert.equal(new TextDecoder().decode(b64Decode(b64)), plain);
    assert.equal(new TextDecoder().decode(b64uDecode(b64.replace(/=+$/, ''))), plain);
  }
});

test('base64url uses - and _ where base64 uses + and /', () => {
  const bytes = new Uint8Array([0xfb, 0xff, 0xbf]);
  assert.equal(b64Encode(bytes), '+/+/');
  assert.equal(b64uEncode(bytes), '-_-_');
  assert.deepEqual(b64uDecode('-_-_'), bytes);
  assert.equal(b64uEncode(bytes.buffer), '-_-_', 'ArrayBuffer input');
});

test('base64url round-trips every length and agrees with Node for random bytes', () => {
  for (let n = 0; n < 100; n++) {
    const bytes = crypto.getRandomValues(new Uint8Array(n));
    const text = b64uEncode(bytes);
    assert.equal(text, Buffer.from(bytes).toString('base64url'));
    assert.equal(b64Encode(bytes), Buffer.from(bytes).toString('base64'));
    assert.deepEqual(b64uDecode(text), bytes);
    assert.deepEqual(b64Decode(b64Encode(bytes)), bytes);
  }
});

test('base64url encodes strings as UTF-8', () => {
  assert.equal(b64uEncode('é€'), Buffer.from('é€', 'utf8').toString('base64url'));
});

test('base64url decoding accepts correct padding and rejects bad input', () => {
  assert.deepEqual(b64uDecode('Zg=='), utf8('f'));
  rejectsWith('b64-bad', () => b64uDecode('ab$c'), /position 3/);
  rejectsWith('b64-bad', () => b64uDecode('ab+c'));
  rejectsWith('b64-bad', () => b64uDecode('ab/c'));
  rejectsWith('b64-bad', () => b64uDecode('ab=c'));
  rejectsWith('b64-bad', () => b64uDecode('abcde'), /length/);
  rejectsWith('b64-bad', () => b64uDecode('Zg='), /length/);
  rejectsWith('b64-bad', () => b64uDecode('Zg==='), /length/);
  rejectsWith('b64-bad', () => b64uDecode('ab c'));
  rejectsWith('b64-bad', () => b64Decode('ab-c'));
  rejectsWith('b64-bad', () => b64Decode('Zg'), /length/);
  rejectsWith('b64-bad', () => b64uDecode('ab\u00e9c'));
});

test('utf8, concatBytes and toHex', () => {
  assert.deepEqual(utf8('aé'), new Uint8Array([0x61, 0xc3, 0xa9]));
  assert.deepEqual(concatBytes(new Uint8Array([1]), new Uint8Array(), new Uint8Array([2, 3])), new Uint8Array([1, 2, 3]));
  assert.equal(concatBytes().length, 0);
  assert.equal(toHex(new Uint8Array([0, 0x0f, 0xab])), '000fab');
  assert.equal(toHex(new Uint8Array([0, 0x0f, 0xab]), ':'), '00:0f:ab');
  assert.equal(toHex(new Uint8Array([1, 2]).buffer), '0102');
});

// ------------------------------------------------------------------ PEM

dir.run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'k.pem', '-out', 'c.pem', '-subj', '/CN=pem.example', '-days', '1');
const certPem = dir.read('c.pem');
const keyPem = dir.read('k.pem');
dir.run('x509', '-in', 'c.pem', '-outform', 'DER', '-out', 'c.der');
const certDer = dir.readBytes('c.der');

test('pemEncode writes exactly what openssl writes (64-char lines, trailing newline)', () => {
  const pem = pemEncode('CERTIFICATE', certDer);
  assert.equal(pem, certPem);
  assert.ok(pem.endsWith('-----END CERTIFICATE-----\n'));
  for (const line of pem.trim().split('\n')) assert.ok(line.length <= 64, line);
  assert.equal(pemEncode('X', new Uint8Array(48)).split('\n')[1]?.length, 64, 'exactly 64 chars: no empty line after');
  assert.equal(pemEncode('X', new Uint8Array(48)).split('\n').length, 4);
});

test('pemDecodeAll tolerates CRLF, indentation, one-line pastes and surrounding text', () => {
  const crlf = `Here is my cert:\r\n\r\n${certPem.replace(/\n/g, '\r\n').replace(/^/gm, '    ')}\r\nthanks!`;
  const blocks = pemDecodeAll(crlf);
  assert.equal(blocks.length, 1);
  assert.equal(blocks[0]?.label, 'CERTIFICATE');
  assert.deepEqual(blocks[0]?.der, certDer);
  assert.deepEqual(pemDecode(certPem.replace(/\n/g, ' ')).der, certDer, 'newlines collapsed into spaces');
  assert.equal(pemDecode(certPem).headers, undefined);
});

test('pemDecodeAll returns every block in order, with RFC 1421 headers', () => {
  const legacy = '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00112233\n\nAAEC\n-----END RSA PRIVATE KEY-----\n';
  const blocks = pemDecodeAll(`${keyPem}junk\n${certPem}${legacy}`);
  assert.deepEqual(blocks.map((b) => b.label), ['PRIVATE KEY', 'CERTIFICATE', 'RSA PRIVATE KEY']);
  assert.deepEqual(blocks[2]?.headers, { 'Proc-Type': '4,ENCRYPTED', 'DEK-Info': 'AES-256-CBC,00112233' });
  assert.deepEqual(blocks[2]?.der, new Uint8Array([0, 1, 2]));
});

test('pemDecode with expected labels picks the first matching block', () => {
  dir.run('ecparam', '-name', 'prime256v1', '-genkey', '-out', 'sec1-with-params.pem');
  const text = dir.read('sec1-with-params.pem');
  assert.match(text, /BEGIN EC PARAMETERS/);
  assert.equal(pemDecode(text).label, 'EC PARAMETERS');
  assert.equal(pemDecode(text, ['PRIVATE KEY', 'EC PRIVATE KEY']).label, 'EC PRIVATE KEY');
  assert.equal(pemDecode(certPem, 'CERTIFICATE').label, 'CERTIFICATE');
});

test('PEM errors: not PEM at all', () => {
  rejectsWith('pem-not-pem', () => pemDecodeAll(''), /Nothing was pasted/);
  rejectsWith('pem-not-pem', () => pemDecodeAll('hello world'), /-----BEGIN/);
  rejectsWith('pem-not-pem', () => pemDecodeAll('MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA'));
});

test('PEM errors: truncated', () => {
  const noEnd = certPem.slice(0, certPem.indexOf('-----END'));
  rejectsWith('pem-truncated', () => pemDecodeAll(noEnd), /-----END CERTIFICATE-----/);
  rejectsWith('pem-truncated', () => pemDecodeAll(noEnd + keyPem), /CERTIFICATE/);
  const noBegin = certPem.slice(certPem.indexOf('\n') + 1);
  rejectsWith('pem-truncated', () => pemDecodeAll(noBegin), /no matching BEGIN/);
});

test('PEM errors: END label does not match BEGIN', () => {
  rejectsWith('pem-end-mismatch', () => pemDecodeAll(certPem.replace('END CERTIFICATE', 'END PRIVATE KEY')), /BEGIN CERTIFICATE.*END PRIVATE KEY/);
});

test('PEM errors: bad base64 inside', () => {
  const lines = certPem.split('\n');
  lines[2] = `${lines[2]!.slice(0, 10)}*${lines[2]!.slice(11)}`;
  rejectsWith('pem-bad-base64', () => pemDecodeAll(lines.join('\n')), /damaged/);
  const lost = certPem.split('\n');
  lost[3] = lost[3]!.slice(1); // one character lost in copying
  rejectsWith('pem-bad-base64', () => pemDecodeAll(lost.join('\n')), /damaged/);
  rejectsWith('pem-bad-base64', () => pemDecodeAll('-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n'), /empty/);
});

test('PEM errors: wrong label names what was found and what was expected', () => {
  rejectsWith(
    'pem-wrong-label',
    () => pemDecode(certPem, ['PRIVATE KEY', 'EC PRIVATE KEY', 'RSA PRIVATE KEY']),
    /^This looks like a certificate \(BEGIN CERTIFICATE\), not a private key\. Paste the file that starts with -----BEGIN PRIVATE KEY-----, -----BEGIN EC PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----\.$/,
  );
  rejectsWith('pem-wrong-label', () => pemDecode(keyPem, 'CERTIFICATE REQUEST'), /a private key \(BEGIN PRIVATE KEY\), not a certificate signing request/);
});

test('splitPemChain without certificates explains what it found', () => {
  rejectsWith('pem-wrong-label', () => splitPemChain(keyPem), /private key/);
  rejectsWith('pem-not-pem', () => splitPemChain('<html>error</html>'));
});

test('pemOrDer accepts PEM, PEM bytes, DER bytes and bare base64', () => {
  assert.deepEqual(pemOrDer(certPem, ['CERTIFICATE']), certDer);
  assert.deepEqual(pemOrDer(utf8(certPem), ['CERTIFICATE']), certDer);
  assert.deepEqual(pemOrDer(certDer, ['CERTIFICATE']), certDer);
  assert.deepEqual(pemOrDer(b64Encode(certDer), ['CERTIFICATE']), certDer);
  assert.deepEqual(pemOrDer(b64uEncode(certDer), ['CERTIFICATE']), certDer);
  rejectsWith('pem-not-pem', () => pemOrDer('not a certificate', ['CERTIFICATE']));
});

// ------------------------------------------------------------------ hostile text (issue 11)

/** CPU milliseconds one call takes, whatever it ends in (CPU, not the clock: a loaded machine makes waits look like work). */
function timed(run: () => unknown): number {
  const started = process.cpuUsage();
  try {
    run();
  } catch {
    // only the time matters here; the error is checked separately
  }
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

test('PEM: 2,000 and 100,000 blanks after -----BEGIN end in well under a second (the marker scan was cubic)', () => {
  for (const n of [2_000, 100_000]) {
    for (const blanks of [' '.repeat(n), '\t'.repeat(n), ' \t'.repeat(n / 2)]) {
      const text = `-----BEGIN${blanks}`;
      assert.ok(timed(() => pemDecodeAll(text)) < 500, `${n} blanks`);
      rejectsWith('pem-not-pem', () => pemDecodeAll(text));
      assert.ok(timed(() => pemDecodeAll(`${text}CERTIFICATE`)) < 500);
      assert.ok(timed(() => pemOrDer(`${text}x${blanks}`, ['CERTIFICATE'])) < 500);
    }
  }
});

test('PEM: many BEGIN lines, long labels and dashes end quickly in a typed error', () => {
  const cases: [string, CryptoErrorCode][] = [
    ['-----BEGIN CERTIFICATE-----\n'.repeat(30_000), 'pem-truncated'],
    ['-----BEGIN '.repeat(80_000), 'pem-truncated'],
    ['-'.repeat(500_000), 'pem-not-pem'],
    [`-----BEGIN ${'A'.repeat(500_000)}-----`, 'pem-truncated'],
    ['-----END X-----'.repeat(30_000), 'pem-truncated'],
  ];
  for (const [text, code] of cases) {
    assert.ok(timed(() => pemDecodeAll(text)) < 500, code);
    rejectsWith(code, () => pemDecodeAll(text));
  }
});

test('PEM: text over PEM_MAX_CHARS is refused before parsing, naming the size, the limit and what to paste', () => {
  const big = `${certPem}${' '.repeat(PEM_MAX_CHARS)}`;
  rejectsWith('too-large', () => pemDecodeAll(big), /^This text is more than 1 MB; a PEM file is at most 1 MB\. Paste only the file you need\.$/);
  rejectsWith('too-large', () => pemDecode(big, 'CERTIFICATE REQUEST'), /Paste only the certificate signing request \(CSR\)\./);
  rejectsWith('too-large', () => splitPemChain('x'.repeat(2_400_000)), /^This text is 2\.2 MB/);
  rejectsWith('too-large', () => pemOrDer(new Uint8Array(PEM_MAX_CHARS + 1), ['CERTIFICATE']), /^This file is more than 1 MB; .*Use only the certificate\./);
  // Exactly at the limit is still read.
  const padded = certPem + ' '.repeat(PEM_MAX_CHARS - certPem.length);
  assert.deepEqual(pemDecode(padded).der, certDer);
});

test('splitPemChain: more than PEM_MAX_CHAIN_CERTIFICATES certificates is refused (each would be read with pkijs)', () => {
  assert.equal(splitPemChain(certPem.repeat(PEM_MAX_CHAIN_CERTIFICATES)).length, PEM_MAX_CHAIN_CERTIFICATES);
  rejectsWith('too-large', () => splitPemChain(certPem.repeat(PEM_MAX_CHAIN_CERTIFICATES + 1)), /^This chain has 21 certificates; a certificate chain has at most 20\./);
});
