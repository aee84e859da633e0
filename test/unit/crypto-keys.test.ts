import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { calculateJwkThumbprint } from 'jose';
import { b64Encode, toHex, utf8 } from '../../src/crypto/base64url.ts';
import { CryptoInputError } from '../../src/crypto/errors.ts';
import { jwkThumbprint, publicJwk } from '../../src/crypto/jwk.ts';
import {
  exportPrivateKeyPem,
  generateKeyPair,
  importPrivateKey,
  jwsAlgOf,
  KEY_MAX_CHARS,
  KEY_TYPES,
  keyTypeOf,
  signParamsOf,
  spkiOfPublicKey,
  type KeyType,
} from '../../src/crypto/keys.ts';
import { OpensslDir } from './helpers/openssl-dir.ts';
import { rejectsWith } from './helpers/rejects-with.ts';

const dir = new OpensslDir();
after(() => dir.remove());


/** The public key as openssl sees it, SPKI DER. */
function opensslSpki(keyFile: string): string {
  dir.run('pkey', '-in', keyFile, '-pubout', '-outform', 'DER', '-out', `${keyFile}.spki`);
  return toHex(dir.readBytes(`${keyFile}.spki`));
}

async function signsAndVerifies(keys: CryptoKeyPair): Promise<void> {
  const data = utf8('certpage');
  const sig = await crypto.subtle.sign(signParamsOf(keys.privateKey), keys.privateKey, data);
  assert.ok(await crypto.subtle.verify(signParamsOf(keys.publicKey), keys.publicKey, sig, data), 'signature verifies');
  assert.equal(await crypto.subtle.verify(signParamsOf(keys.publicKey), keys.publicKey, sig, utf8('other')), false);
}

const EXPECTED: Record<KeyType, { alg: string; jws: string; hash?: string; bits?: number; curve?: string }> = {
  'P-256': { alg: 'ECDSA', jws: 'ES256', hash: 'SHA-256', curve: 'P-256' },
  'P-384': { alg: 'ECDSA', jws: 'ES384', hash: 'SHA-384', curve: 'P-384' },
  'RSA-2048': { alg: 'RSASSA-PKCS1-v1_5', jws: 'RS256', bits: 2048 },
  'RSA-3072': { alg: 'RSASSA-PKCS1-v1_5', jws: 'RS256', bits: 3072 },
  'RSA-4096': { alg: 'RSASSA-PKCS1-v1_5', jws: 'RS256', bits: 4096 },
};

// ------------------------------------------------------------------ generate

test('KEY_TYPES lists the five supported types', () => {
  assert.deepEqual([...KEY_TYPES], ['P-256', 'P-384', 'RSA-2048', 'RSA-3072', 'RSA-4096']);
});

for (const type of KEY_TYPES) {
  test(`generateKeyPair(${type}) honours extractable and signs`, async () => {
    const want = EXPECTED[type];
    for (const extractable of [false, true]) {
      const keys = await generateKeyPair(type, { extractable });
      assert.equal(keys.privateKey.extractable, extractable);
      assert.equal(keys.publicKey.extractable, true, 'public key is always extractable');
      assert.equal(keys.privateKey.algorithm.name, want.alg);
      assert.equal(keyTypeOf(keys.privateKey), type);
      assert.equal(keyTypeOf(keys.publicKey), type);
      assert.equal(jwsAlgOf(keys.privateKey), want.jws);
      const params = signParamsOf(keys.privateKey);
      assert.deepEqual(params, want.hash ? { name: 'ECDSA', hash: want.hash } : { name: 'RSASSA-PKCS1-v1_5' });
      if (want.bits) {
        const alg = keys.privateKey.algorithm as RsaHashedKeyAlgorithm;
        assert.equal(alg.modulusLength, want.bits);
        assert.equal(alg.hash.name, 'SHA-256');
        assert.deepEqual([...alg.publicExponent], [1, 0, 1]);
      }
      await signsAndVerifies(keys);
      if (type.startsWith('RSA-') && type !== 'RSA-2048') break; // slow; one round is enough
    }
  });
}

test('generateKeyPair() defaults to a non-extractable P-256 key (account keys)', async () => {
  const keys = await generateKeyPair();
  assert.equal(keyTypeOf(keys.privateKey), 'P-256');
  assert.equal(keys.privateKey.extractable, false);
  await rejectsWith('key-not-extractable', () => exportPrivateKeyPem(keys.privateKey), /cannot be saved/);
});

test('generateKeyPair rejects an unknown type', async () => {
  await rejectsWith('key-unsupported', () => generateKeyPair('P-521' as KeyType));
});

test('exportPrivateKeyPem writes PKCS#8 that openssl reads and that imports back', async () => {
  for (const type of ['P-256', 'P-384', 'RSA-2048'] as const) {
    const keys = await generateKeyPair(type, { extractable: true });
    const pem = await exportPrivateKeyPem(keys.privateKey);
    assert.match(pem, /^-----BEGIN PRIVATE KEY-----\n/);
    dir.write(`exported-${type}.pem`, pem);
    assert.equal(opensslSpki(`exported-${type}.pem`), toHex(await spkiOfPublicKey(keys.publicKey)));
    const back = await importPrivateKey(pem, { extractable: true });
    assert.equal(await exportPrivateKeyPem(back.privateKey), pem);
  }
});

// ------------------------------------------------------------------ import from openssl

// `out` goes before positional arguments (genrsa wants the bit count last).
const opensslKeys: { name: string; args: (out: string) => string[]; label: string; type: KeyType }[] = [
  { name: 'pkcs8-p256', args: (out) => ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', out], label: 'PRIVATE KEY', type: 'P-256' },
  { name: 'pkcs8-p384', args: (out) => ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384', '-out', out], label: 'PRIVATE KEY', type: 'P-384' },
  { name: 'sec1-p256', args: (out) => ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', out], label: 'EC PRIVATE KEY', type: 'P-256' },
  { name: 'sec1-p384', args: (out) => ['ecparam', '-name', 'secp384r1', '-genkey', '-noout', '-out', out], label: 'EC PRIVATE KEY', type: 'P-384' },
  { name: 'sec1-with-params', args: (out) => ['ecparam', '-name', 'prime256v1', '-genkey', '-out', out], label: 'EC PARAMETERS', type: 'P-256' },
  { name: 'pkcs1-rsa2048', args: (out) => ['genrsa', '-traditional', '-out', out, '2048'], label: 'RSA PRIVATE KEY', type: 'RSA-2048' },
  { name: 'pkcs8-rsa3072', args: (out) => ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:3072', '-out', out], label: 'PRIVATE KEY', type: 'RSA-3072' },
];

for (const k of opensslKeys) {
  test(`importPrivateKey reads openssl ${k.name} (${k.label})`, async () => {
    const file = `${k.name}.pem`;
    dir.run(...k.args(file));
    const pem = dir.read(file);
    assert.ok(pem.startsWith(`-----BEGIN ${k.label}-----`), pem.slice(0, 40));

    const keys = await importPrivateKey(pem);
    assert.equal(keyTypeOf(keys.privateKey), k.type);
    assert.equal(keys.privateKey.type, 'private');
    assert.equal(keys.privateKey.extractable, false, 'non-extractable by default');
    assert.deepEqual(keys.privateKey.usages, ['sign']);
    assert.equal(keys.publicKey.type, 'public');
    assert.equal(keys.publicKey.extractable, true);
    assert.deepEqual(keys.publicKey.usages, ['verify']);
    assert.equal(toHex(await spkiOfPublicKey(keys.publicKey)), opensslSpki(file), 'derived public key matches openssl');
    await signsAndVerifies(keys);

    const crlf = await importPrivateKey(`  ${pem.replace(/\n/g, '\r\n')}  `, { extractable: true });
    assert.equal(crlf.privateKey.extractable, true);
    // openssl agrees that the re-exported key is the same key
    dir.write(`${k.name}.re.pem`, await exportPrivateKeyPem(crlf.privateKey));
    assert.equal(opensslSpki(`${k.name}.re.pem`), opensslSpki(file));
  });
}

test('importPrivateKey reads a JWK as JSON text or object, ignoring alg/use/key_ops/ext', async () => {
  for (const type of ['P-256', 'P-384', 'RSA-2048'] as const) {
    const original = await generateKeyPair(type, { extractable: true });
    const jwk = await crypto.subtle.exportKey('jwk', original.privateKey);
    const spki = toHex(await spkiOfPublicKey(original.publicKey));

    const fromText = await importPrivateKey(JSON.stringify(jwk));
    assert.equal(fromText.privateKey.extractable, false);
    assert.equal(toHex(await spkiOfPublicKey(fromText.publicKey)), spki);
    await signsAndVerifies(fromText);

    const noisy = { ...jwk, alg: type === 'P-256' ? 'ES256' : 'whatever', use: 'sig', key_ops: ['verify'], ext: false, kid: 'x' };
    const fromObject = await importPrivateKey(noisy, { extractable: true });
    assert.equal(fromObject.privateKey.extractable, true);
    assert.equal(toHex(await spkiOfPublicKey(fromObject.publicKey)), spki);
    assert.equal(keyTypeOf(fromObject.privateKey), type);
  }
});

test('importPrivateKey explains a public JWK, bad JSON and unsupported JWKs', async () => {
  const keys = await generateKeyPair('P-256');
  const pub = await crypto.subtle.exportKey('jwk', keys.publicKey);
  await rejectsWith('key-bad-format', () => importPrivateKey(pub), /no "d"/);
  await rejectsWith('key-bad-format', () => importPrivateKey('{"kty": "EC",'), /JSON/);
  await rejectsWith('key-bad-format', () => importPrivateKey('["EC"]'), /not a key/);
  await rejectsWith('key-unsupported', () => importPrivateKey({ kty: 'OKP', crv: 'Ed25519', x: 'AA', d: 'AA' }), /Ed25519/);
  await rejectsWith('key-unsupported', () => importPrivateKey({ ...pub, crv: 'P-521', d: 'AA' }), /P-521/);
  await rejectsWith('key-bad-format', () => importPrivateKey({ ...pub, d: 'AAAA' }), /could not be read/);
});

test('importPrivateKey refuses encrypted keys and says how to decrypt them', async () => {
  dir.run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-aes256', '-pass', 'pass:secret', '-out', 'enc-pkcs8.pem');
  dir.run('genrsa', '-traditional', '-aes256', '-passout', 'pass:secret', '-out', 'enc-pkcs1.pem', '2048');
  const pkcs8 = dir.read('enc-pkcs8.pem');
  const pkcs1 = dir.read('enc-pkcs1.pem');
  assert.match(pkcs8, /BEGIN ENCRYPTED PRIVATE KEY/);
  assert.match(pkcs1, /Proc-Type: 4,ENCRYPTED/);
  for (const pem of [pkcs8, pkcs1]) {
    await rejectsWith('key-encrypted', () => importPrivateKey(pem), /openssl pkey -in key\.pem -out plain\.pem/);
  }
});

test('importPrivateKey explains a certificate, CSR or public key pasted as the key', async () => {
  dir.run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ck.pem', '-out', 'cert.pem', '-subj', '/CN=x.example', '-days', '1');
  dir.run('req', '-new', '-key', 'ck.pem', '-subj', '/CN=x.example', '-out', 'req.pem');
  await rejectsWith(
    'pem-wrong-label',
    () => importPrivateKey(dir.read('cert.pem')),
    /^This looks like a certificate \(BEGIN CERTIFICATE\), not a private key\. Paste the file that starts with -----BEGIN PRIVATE KEY-----/,
  );
  await rejectsWith('pem-wrong-label', () => importPrivateKey(dir.read('req.pem')), /certificate signing request \(CSR\)/);
  dir.run('pkey', '-in', 'ck.pem', '-pubout', '-out', 'pub.pem');
  await rejectsWith('pem-wrong-label', () => importPrivateKey(dir.read('pub.pem')), /a public key \(BEGIN PUBLIC KEY\)/);
  await rejectsWith('pem-not-pem', () => importPrivateKey('my password is hunter2'));
});

test('importPrivateKey refuses small, odd-sized and unsupported keys', async () => {
  dir.run('genrsa', '-traditional', '-out', 'rsa1024.pem', '1024');
  await rejectsWith('key-too-small', () => importPrivateKey(dir.read('rsa1024.pem')), /1024 bits/);
  dir.run('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2304', '-out', 'rsa2304.pem');
  await rejectsWith('key-unsupported', () => importPrivateKey(dir.read('rsa2304.pem')), /2304 bits/);
  dir.run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521', '-out', 'p521.pem');
  await rejectsWith('key-unsupported', () => importPrivateKey(dir.read('p521.pem')), /P-521/);
  dir.run('ecparam', '-name', 'secp521r1', '-genkey', '-noout', '-out', 'p521-sec1.pem');
  await rejectsWith('key-unsupported', () => importPrivateKey(dir.read('p521-sec1.pem')), /P-521/);
  dir.run('ecparam', '-name', 'secp256k1', '-genkey', '-noout', '-out', 'k1.pem');
  await rejectsWith('key-unsupported', () => importPrivateKey(dir.read('k1.pem')), /secp256k1/);
  dir.run('genpkey', '-algorithm', 'ED25519', '-out', 'ed.pem');
  await rejectsWith('key-unsupported', () => importPrivateKey(dir.read('ed.pem')), /Ed25519/);
  dir.run('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-param_enc', 'explicit', '-out', 'explicit.pem');
  await rejectsWith('key-unsupported', () => importPrivateKey(dir.read('explicit.pem')), /named_curve/);
});

test('importPrivateKey explains a damaged key', async () => {
  const junk = `-----BEGIN PRIVATE KEY-----\n${b64Encode(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]))}\n-----END PRIVATE KEY-----\n`;
  await rejectsWith('key-bad-format', () => importPrivateKey(junk), /could not be read/);
  const random = `-----BEGIN EC PRIVATE KEY-----\nAAAAAAAA\n-----END EC PRIVATE KEY-----\n`;
  await rejectsWith('key-bad-format', () => importPrivateKey(random), /could not be read/);
  dir.run('genrsa', '-traditional', '-out', 'to-damage.pem', '2048');
  const pem = dir.read('to-damage.pem');
  const cut = pem.split('\n');
  cut.splice(5, 4); // four whole lines lost: still valid base64, broken DER
  await rejectsWith('key-bad-format', () => importPrivateKey(cut.join('\n')), /could not be read/);
});

// ------------------------------------------------------------------ JWK

test('publicJwk returns only the required members', async () => {
  const ec = await generateKeyPair('P-384', { extractable: true });
  const ecJwk = await publicJwk(ec.publicKey);
  assert.deepEqual(Object.keys(ecJwk).sort(), ['crv', 'kty', 'x', 'y']);
  assert.equal(ecJwk.crv, 'P-384');
  const full = await crypto.subtle.exportKey('jwk', ec.privateKey);
  assert.equal(ecJwk.x, full.x);

  const rsa = await generateKeyPair('RSA-2048');
  const rsaJwk = await publicJwk(rsa.publicKey);
  assert.deepEqual(Object.keys(rsaJwk).sort(), ['e', 'kty', 'n']);
  assert.equal(rsaJwk.e, 'AQAB');

  await assert.rejects(() => publicJwk(ec.privateKey), TypeError);
});

test('jwkThumbprint matches RFC 7638 §3.1', async () => {
  const jwk = { // RFC 7638 §3.1, including its non-required members
    kty: 'RSA',
    n:
      '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMs' +
      'tn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n9' +
      '1CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
    e: 'AQAB',
    alg: 'RS256',
    kid: '2011-04-29',
  };
  assert.equal(await jwkThumbprint(jwk), 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
});

test('jwkThumbprint agrees with jose for generated keys, and ignores private members', async () => {
  for (const type of ['P-256', 'P-384', 'RSA-2048'] as const) {
    const keys = await generateKeyPair(type, { extractable: true });
    const pub = await publicJwk(keys.publicKey);
    const expected = await calculateJwkThumbprint(pub as Parameters<typeof calculateJwkThumbprint>[0], 'sha256');
    assert.equal(await jwkThumbprint(pub), expected);
    assert.equal(await jwkThumbprint(await crypto.subtle.exportKey('jwk', keys.privateKey)), expected);
  }
});

test('jwkThumbprint rejects incomplete or unknown JWKs', async () => {
  await rejectsWith('key-bad-format', () => jwkThumbprint({ kty: 'EC', crv: 'P-256', x: 'AA' }), /"y"/);
  await rejectsWith('key-unsupported', () => jwkThumbprint({ kty: 'XYZ' }));
});

// ------------------------------------------------------------------ wrong member types and sizes (issue 11)

test('importPrivateKey and jwkThumbprint: JWK members of the wrong type end in CryptoInputError, never TypeError', async () => {
  const keys = await generateKeyPair('P-256', { extractable: true });
  const good = await crypto.subtle.exportKey('jwk', keys.privateKey);
  const hostile: unknown[] = [
    { ...good, crv: 5 },
    { ...good, crv: { toString: 1 } }, // "${crv}" threw "Cannot convert object to primitive value"
    { kty: 'OKP', crv: { toString: 1 }, d: 'AA' },
    { ...good, kty: { toString: 1 } },
    { ...good, x: 1 },
    { ...good, y: [] },
    { ...good, d: null },
    { kty: 'constructor' }, // REQUIRED["constructor"] is Object itself: "names is not iterable"
    { kty: '__proto__' },
    { kty: 'toString' },
    { kty: 'hasOwnProperty' },
    { ...good, d: 'A'.repeat(10_000) },
    null,
    [],
    42,
  ];
  for (const jwk of hostile) {
    const shown = JSON.stringify(jwk)?.slice(0, 60) ?? String(jwk);
    for (const input of [jwk, JSON.stringify(jwk)]) {
      await assert.rejects(importPrivateKey(input as JsonWebKey), (err: unknown) => {
        assert.ok(err instanceof CryptoInputError, `${shown}: ${String(err)}`);
        assert.match(err.code, /^(key-bad-format|key-unsupported|pem-not-pem)$/, shown); // "null" or "42" as text is not PEM either
        return true;
      });
    }
    // A thumbprint reads only the public members, so a JWK with a huge "d" still has one.
    await jwkThumbprint(jwk as JsonWebKey).catch((err: unknown) => assert.ok(err instanceof CryptoInputError, `${shown}: ${String(err)}`));
  }
  await rejectsWith('key-bad-format', () => importPrivateKey({ ...good, crv: { toString: 1 } } as unknown as JsonWebKey), /"crv" value is not text/);
});

test('importPrivateKey: key text over KEY_MAX_CHARS is refused before parsing, naming the limit', async () => {
  const keys = await generateKeyPair('P-256', { extractable: true });
  const pem = await exportPrivateKeyPem(keys.privateKey);
  await rejectsWith('too-large', () => importPrivateKey(pem + ' '.repeat(KEY_MAX_CHARS)), /^This text is more than 64 KB; a key file is at most 64 KB\. Paste only the private key/);
  await rejectsWith('too-large', () => importPrivateKey(`{"kty":"EC","x":"${'A'.repeat(3_000_000)}"}`), /^This text is 2\.8 MB; a key file is at most 64 KB\./);
  await importPrivateKey(pem + ' '.repeat(KEY_MAX_CHARS - pem.length)); // exactly at the limit is still read
});
