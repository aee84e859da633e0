// Renewal (src/flow/renew.ts): the key for the new certificate, and the ARI CertID sent as `replaces`.
// Certificates are made by openssl, which is also the judge of the expected CertID; the CA is recorded replies.
// markReplaced needs IndexedDB and is covered end to end.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import '../../src/crypto/pkijs-engine.ts';
import { AcmeClient } from '../../src/acme/client.ts';
import { CryptoInputError } from '../../src/crypto/errors.ts';
import { generateKeyPair, keyTypeOf, spkiOfPublicKey } from '../../src/crypto/keys.ts';
import type { KeyType } from '../../src/crypto/key-types.ts';
import { ShownProblem } from '../../src/flow/problems.ts';
import { renewalKey, replacesId } from '../../src/flow/lifecycle/renew.ts';
import type { CertificateRecord } from '../../src/store/schema.ts';
import { OpensslDir } from './helpers/openssl-dir.ts';

const dir = new OpensslDir();
after(() => dir.remove());

function certRecord(over: Partial<CertificateRecord> = {}): CertificateRecord {
  return {
    id: 'cert-1',
    accountId: 'acct-1',
    issuanceId: 'iss-1',
    directoryUrl: 'https://ca.test/dir',
    names: ['a.example'],
    chainPem: '',
    alternates: [],
    issuer: 'CN=Test CA',
    serialHex: '01',
    notBefore: '2025-01-01T00:00:00.000Z',
    notAfter: '2025-04-01T00:00:00.000Z',
    createdAt: '2025-01-01T00:00:00.000Z',
    ...over,
  };
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

// ------------------------------------------------------------------ renewalKey

test('keepKey with a stored key: the same public key and key type, private key still exportable', async () => {
  for (const keyType of ['P-256', 'P-384', 'RSA-2048'] as const) {
    const old = await generateKeyPair(keyType, { extractable: true });
    const key = await renewalKey(certRecord({ privateKey: old.privateKey, keyType }), { keepKey: true });
    assert.ok(key.kind === 'generated');
    assert.equal(key.keyType, keyType);
    assert.ok(same(await spkiOfPublicKey(key.publicKey), await spkiOfPublicKey(old.publicKey)), `${keyType}: same public key`);
    assert.equal(keyTypeOf(key.privateKey), keyType);
    assert.equal(key.privateKey.type, 'private');
    assert.equal(key.privateKey.extractable, true, 'the renewed certificate offers privkey.pem again');
    // The kept private key signs what the old public key verifies.
    const data = new TextEncoder().encode('renewal');
    const params = keyType.startsWith('P-') ? { name: 'ECDSA', hash: keyType === 'P-256' ? 'SHA-256' : 'SHA-384' } : { name: 'RSASSA-PKCS1-v1_5' };
    const sig = await crypto.subtle.sign(params, key.privateKey, data);
    assert.ok(await crypto.subtle.verify(params, old.publicKey, sig, data));
  }
});

test('keepKey without a stored key: a ShownProblem saying the key was not made here', async () => {
  await assert.rejects(renewalKey(certRecord({ keyType: 'P-256' }), { keepKey: true }), (err: unknown) => {
    assert.ok(err instanceof ShownProblem, `got ${String(err)}`);
    assert.match(err.info.what, /key was not made in this page/);
    assert.match(err.info.what, /cannot be kept/);
    assert.match(err.info.next, /new key/);
    return true;
  });
});

test('keepKey with a locked (non-extractable) key is refused, not silently replaced by a new key', async () => {
  const locked = await generateKeyPair('P-256', { extractable: false });
  await assert.rejects(renewalKey(certRecord({ privateKey: locked.privateKey, keyType: 'P-256' }), { keepKey: true }), (err: unknown) => {
    assert.ok(err instanceof CryptoInputError);
    assert.equal(err.code, 'key-not-extractable');
    return true;
  });
});

test('default: a new key of the same type (RSA-2048 stays RSA-2048), extractable', async () => {
  for (const keyType of ['P-256', 'P-384', 'RSA-2048'] as KeyType[]) {
    const old = await generateKeyPair(keyType, { extractable: true });
    const cert = certRecord({ privateKey: old.privateKey, keyType });
    for (const opts of [{}, { keepKey: false }]) {
      const key = await renewalKey(cert, opts);
      assert.ok(key.kind === 'generated');
      assert.equal(key.keyType, keyType);
      assert.equal(keyTypeOf(key.privateKey), keyType, `${keyType}: the new key really is ${keyType}`);
      assert.equal(keyTypeOf(key.publicKey), keyType);
      assert.ok(!same(await spkiOfPublicKey(key.publicKey), await spkiOfPublicKey(old.publicKey)), `${keyType}: a different key`);
      assert.equal(key.privateKey.extractable, true);
    }
  }
  const rsa = await renewalKey(certRecord({ keyType: 'RSA-2048' }), {});
  assert.ok(rsa.kind === 'generated');
  assert.equal((rsa.publicKey.algorithm as RsaHashedKeyAlgorithm).modulusLength, 2048);
});

const csrOf = (name: string, keyType = 'ec -pkeyopt ec_paramgen_curve:P-256') => {
  dir.run('req', '-new', '-newkey', ...keyType.split(' '), '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`, '-addext', `subjectAltName=DNS:${name}`);
  return dir.read(`${name}.csr`);
};

test('a certificate made from a CSR (kept with it): "keep" sends the same CSR; no key is ever made here for it', async () => {
  const csrPem = csrOf('csr-kept.example');
  const cert = certRecord({ csrPem, names: ['csr-kept.example'] });
  assert.deepEqual(await renewalKey(cert, { keepKey: true }), { kind: 'csr', csrPem });
  for (const opts of [{}, { keepKey: false }]) {
    await assert.rejects(renewalKey(cert, opts), (err: unknown) => {
      assert.ok(err instanceof ShownProblem, `got ${String(err)}`);
      assert.match(err.info.what, /made from your own CSR/);
      assert.match(err.info.next, /same CSR, or paste a new CSR/);
      return true;
    });
  }
});

test('a CSR certificate from an older certpage (no key, no key type, no CSR kept): asks for the CSR, makes no key', async () => {
  for (const opts of [{}, { keepKey: true }]) {
    await assert.rejects(renewalKey(certRecord(), opts), (err: unknown) => {
      assert.ok(err instanceof ShownProblem, `got ${String(err)}`);
      assert.match(err.info.what, /did not keep/);
      assert.match(err.info.next, /Paste the CSR/);
      return true;
    });
  }
});

test('a new CSR pasted for a renewal: used as PEM once it reads as one good CSR, refused otherwise', async () => {
  const fresh = csrOf('csr-new.example', 'rsa:2048');
  const key = await renewalKey(certRecord(), { csrPem: `\n  ${fresh.replace(/\n/g, '\r\n')}  ` });
  assert.equal(key.kind, 'csr');
  assert.equal(key.kind === 'csr' && key.csrPem, fresh, 'the same CSR, as plain PEM');
  // Also for a certificate whose key was made here: the user moves the key to a server on purpose.
  const made = await generateKeyPair('P-256', { extractable: true });
  assert.equal((await renewalKey(certRecord({ privateKey: made.privateKey, keyType: 'P-256' }), { csrPem: fresh })).kind, 'csr');
  const other = csrOf('csr-other.example');
  for (const [what, text, pattern] of [
    ['nothing', '  ', /No CSR was pasted/],
    ['two CSRs', fresh + other, /2 CSRs were pasted; a renewal takes one/],
    ['a key', dir.read('csr-new.example.key'), /private key, not a CSR/],
    ['damaged', fresh.replace(/\n[A-Za-z0-9+/]{10}/, (m) => m.slice(0, 5) + (m[5] === 'A' ? 'B' : 'A') + m.slice(6)), /damaged|not a readable/],
  ] as const) {
    await assert.rejects(renewalKey(certRecord(), { csrPem: text }), (err: unknown) => {
      assert.ok(err instanceof ShownProblem, `${what}: got ${String(err)}`);
      assert.match(err.info.what, pattern, what);
      return true;
    });
  }
});

// ------------------------------------------------------------------ replacesId

const DIRECTORY = {
  newNonce: 'https://ca.test/nonce', newAccount: 'https://ca.test/acct', newOrder: 'https://ca.test/order',
  revokeCert: 'https://ca.test/revoke', keyChange: 'https://ca.test/kc',
};

/** A client from a recorded directory reply; fails the test if anything else is fetched. */
async function clientFor(directory: object): Promise<{ client: AcmeClient; seen: string[] }> {
  const seen: string[] = [];
  const fetch = async (url: string) => {
    seen.push(url);
    if (url === 'https://ca.test/dir') return Response.json(directory);
    throw new Error(`unexpected request to ${url}`);
  };
  return { client: await AcmeClient.connect('https://ca.test/dir', { fetch }), seen };
}

const pems: Record<string, string> = {};

before(() => {
  dir.run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=Renew test CA', '-days', '2');
  dir.run('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=a.example');
  dir.write('aki.ext', 'subjectAltName=DNS:a.example\nauthorityKeyIdentifier=keyid\n');
  dir.write('noaki.ext', 'subjectAltName=DNS:a.example\nsubjectKeyIdentifier=none\nauthorityKeyIdentifier=none\n');
  // Serial with the high bit set (DER adds a 0x00), and a random one as a CA would choose.
  dir.run('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '0xFA0102030405060708', '-days', '2', '-extfile', 'aki.ext', '-out', 'high.pem');
  dir.run('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-days', '2', '-extfile', 'aki.ext', '-out', 'random.pem');
  dir.run('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-days', '2', '-extfile', 'noaki.ext', '-out', 'noaki.pem');
  for (const name of ['ca.pem', 'high.pem', 'random.pem', 'noaki.pem']) pems[name] = dir.read(name);
});

/** RFC 9773 §4.1 CertID computed from openssl's own printout of the certificate. */
function expectedCertId(file: string): string {
  const out = dir.run('x509', '-in', file, '-noout', '-serial', '-ext', 'authorityKeyIdentifier');
  const serialHex = /serial=([0-9A-F]+)/i.exec(out)?.[1];
  const akiHex = /Authority Key Identifier:\s*(?:keyid:)?([0-9A-F]{2}(?::[0-9A-F]{2})+)/i.exec(out)?.[1];
  assert.ok(serialHex && akiHex, `openssl printed serial and AKI: ${out}`);
  const aki = Buffer.from(akiHex.replace(/:/g, ''), 'hex');
  let serial = Buffer.from(serialHex.length % 2 ? `0${serialHex}` : serialHex, 'hex');
  // DER INTEGER content: a leading 0x00 keeps a serial with the high bit set positive.
  if (serial[0]! >= 0x80) serial = Buffer.concat([Buffer.from([0]), serial]);
  return `${aki.toString('base64url')}.${serial.toString('base64url')}`;
}

test('replacesId: undefined when the directory has no renewalInfo (nothing else fetched)', async () => {
  const { client, seen } = await clientFor(DIRECTORY);
  assert.equal(client.directory.renewalInfo, undefined);
  assert.equal(await replacesId(client, certRecord({ chainPem: pems['high.pem']! })), undefined);
  assert.deepEqual(seen, ['https://ca.test/dir']);
});

test('replacesId with renewalInfo: the CertID base64url(AKI keyid).base64url(serial), as openssl reads the certificate', async () => {
  const { client, seen } = await clientFor({ ...DIRECTORY, renewalInfo: 'https://ca.test/renewal-info' });
  const high = expectedCertId('high.pem');
  assert.match(high, /\.APoBAgMEBQYHCA$/, 'serial 0xFA0102030405060708 with its DER sign byte');
  assert.equal(await replacesId(client, certRecord({ chainPem: pems['high.pem']! })), high);
  assert.equal(await replacesId(client, certRecord({ chainPem: pems['random.pem']! })), expectedCertId('random.pem'));
  // A stored chain is leaf first, then the issuer: the leaf's CertID is the one sent.
  assert.equal(await replacesId(client, certRecord({ chainPem: pems['high.pem']! + pems['ca.pem']! })), high);
  assert.deepEqual(seen, ['https://ca.test/dir'], 'computing the CertID asks the CA nothing');
});

test('replacesId: a certificate without an AKI renews without the hint (undefined)', async () => {
  const text = dir.run('x509', '-in', 'noaki.pem', '-noout', '-text');
  assert.doesNotMatch(text, /Authority Key Identifier/, 'openssl made it without an AKI');
  assert.match(text, /DNS:a\.example/);
  const { client } = await clientFor({ ...DIRECTORY, renewalInfo: 'https://ca.test/renewal-info' });
  assert.equal(await replacesId(client, certRecord({ chainPem: pems['noaki.pem']! })), undefined);
});
