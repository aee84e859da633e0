// The parts of backup and restore that need no IndexedDB: coverage, packing and unpacking, with real keys.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { resetForTests } from '../../src/store/db.ts';
import { utf8 } from '../../src/crypto/base64url.ts';
import { BACKUP_MAX_CHARS, decryptBackup, encryptBackup } from '../../src/crypto/backup.ts';
import { generateKeyPair, signParamsOf } from '../../src/crypto/keys.ts';
import { jwkThumbprint, publicJwk } from '../../src/crypto/jwk.ts';
import { backupCoverage, packBackup, restoreBackup, unpackBackup } from '../../src/flow/backup/backup.ts';
import type { AccountRecord, CertificateRecord } from '../../src/store/schema.ts';
import { OpensslDir } from './helpers/openssl-dir.ts';
import { rejectsWith } from './helpers/rejects-with.ts';

// Real certificates: restore reads every chain with pkijs before it accepts a backup.
const dir = new OpensslDir();
after(() => dir.remove());
function selfSigned(cn: string, names: string): string {
  dir.run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${cn}.key`, '-out', `${cn}.pem`,
    '-subj', `/CN=${cn}`, '-addext', `subjectAltName=${names}`, '-days', '1');
  return dir.read(`${cn}.pem`);
}
const chainA = selfSigned('a.example', 'DNS:a.example');
const chainB = selfSigned('b.example', 'DNS:b.example,DNS:*.b.example') + selfSigned('Test CA', 'DNS:ca.example');
const altB = selfSigned('alt.example', 'DNS:b.example');
dir.run('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'csr.key', '-out', 'b.csr',
  '-subj', '/CN=b.example', '-addext', 'subjectAltName=DNS:b.example,DNS:*.b.example');
const csrB = dir.read('b.csr');
/** One base64 letter of the CSR's body changed: its signature no longer matches. */
const damagedCsr = csrB.split('\n').map((line, i) => (i === 3 ? `${line.slice(0, 10)}${line[10] === 'A' ? 'B' : 'A'}${line.slice(11)}` : line)).join('\n');

type Plain<T> = { [name: string]: unknown } & Partial<T>;

let open: AccountRecord;
let locked: AccountRecord;
let withKey: CertificateRecord;
let certKeys: CryptoKeyPair;
// Every field set (Required: a new schema field makes tsc ask for it here, and the round trip then checks it).
const withoutKey: Required<Omit<CertificateRecord, 'privateKey'>> = {
  id: 'cert-2', accountId: 'acct-locked', issuanceId: 'iss-2', directoryUrl: 'https://ca.test/dir', names: ['b.example', '*.b.example'],
  profile: 'shortlived', chainPem: chainB, alternates: [altB],
  keyType: 'P-384', csrPem: csrB, issuer: 'CN=Test CA', serialHex: '0b', notBefore: '2025-01-01T00:00:00.000Z', notAfter: '2025-04-01T00:00:00.000Z',
  createdAt: '2025-01-01T00:01:00.000Z', status: 'revoked', replacedBy: 'cert-3', replaces: 'cert-0', revokedAt: '2025-02-01T00:00:00.000Z',
  revokedReason: 4, ari: { start: '2025-03-01T00:00:00.000Z', end: '2025-03-02T00:00:00.000Z', explanationURL: 'https://ca.test/why', checkedAt: '2025-02-01T00:00:00.000Z', nextCheck: '2025-02-02T00:00:00.000Z' },
};

async function account(id: string, keys: CryptoKeyPair): Promise<AccountRecord> {
  return {
    id, directoryUrl: 'https://ca.test/dir', url: `https://ca.test/acct/${id}`, privateKey: keys.privateKey, publicKey: keys.publicKey,
    keyType: 'P-256', thumbprint: await jwkThumbprint(await publicJwk(keys.publicKey)), contact: ['mailto:admin@example.com'], status: 'valid', createdAt: '2025-01-01T00:00:00.000Z',
  };
}

before(async () => {
  open = await account('acct-open', await generateKeyPair('P-256', { extractable: true }));
  locked = await account('acct-locked', await generateKeyPair('P-256', { extractable: false }));
  certKeys = await generateKeyPair('RSA-2048', { extractable: true });
  withKey = {
    id: 'cert-1', accountId: 'acct-open', issuanceId: 'iss-1', directoryUrl: 'https://ca.test/dir', names: ['a.example'],
    chainPem: chainA, alternates: [], privateKey: certKeys.privateKey, keyType: 'RSA-2048',
    issuer: 'CN=Test CA', serialHex: '0a', notBefore: '2025-01-01T00:00:00.000Z', notAfter: '2025-04-01T00:00:00.000Z', createdAt: '2025-01-01T00:01:00.000Z',
  };
});

const withoutKeys = <T extends object>(record: T): Partial<T> => {
  const { privateKey: _private, publicKey: _public, ...plain } = record as T & { privateKey?: unknown; publicKey?: unknown };
  return plain as Partial<T>;
};

async function signedByBoth(privateKey: CryptoKey, publicKey: CryptoKey): Promise<boolean> {
  const data = utf8('certpage backup');
  const sig = await crypto.subtle.sign(signParamsOf(privateKey), privateKey, data);
  return crypto.subtle.verify(signParamsOf(publicKey), publicKey, sig, data);
}

/** Pack one hand-made contents object, to feed unpackBackup something off. */
const contents = (value: unknown) => utf8(JSON.stringify(value));
async function packedJson(): Promise<{ kind: string; version: number; accounts: Plain<AccountRecord>[]; certificates: Plain<CertificateRecord>[] }> {
  const { plain } = await packBackup([open], [withKey, withoutKey]);
  return JSON.parse(new TextDecoder().decode(plain)) as Awaited<ReturnType<typeof packedJson>>;
}

test('backupCoverage: only accounts whose key can be exported', () => {
  const { included, skipped } = backupCoverage([open, locked]);
  assert.deepEqual(included.map((a) => a.id), ['acct-open']);
  assert.deepEqual(skipped.map((a) => a.id), ['acct-locked']);
  assert.deepEqual(backupCoverage([]), { included: [], skipped: [] });
});

test('packBackup: locked accounts are skipped, certificates all kept, keys as JWK and no CryptoKey left', async () => {
  const { plain, summary, skipped } = await packBackup([open, locked], [withKey, withoutKey]);
  assert.deepEqual(summary, { accounts: 1, certificates: 2, certificateKeys: 1 });
  assert.deepEqual(skipped, [locked]);
  const json = JSON.parse(new TextDecoder().decode(plain)) as Awaited<ReturnType<typeof packedJson>>;
  assert.equal(json.kind, 'certpage-backup-contents');
  assert.equal(json.version, 1);
  const [acct] = json.accounts;
  assert.deepEqual(Object.keys(acct!).sort(), ['contact', 'createdAt', 'directoryUrl', 'id', 'keyType', 'privateKeyJwk', 'status', 'thumbprint', 'url']);
  assert.equal((acct!.privateKeyJwk as JsonWebKey).kty, 'EC');
  assert.equal(typeof (acct!.privateKeyJwk as JsonWebKey).d, 'string');
  assert.equal((json.certificates[0]!.privateKeyJwk as JsonWebKey).kty, 'RSA');
  assert.equal('privateKey' in json.certificates[0]!, false);
  assert.deepEqual(json.certificates[1], withoutKey);
});

test('packBackup: a certificate key that cannot be exported is left out, the certificate kept', async () => {
  const lockedKey = (await generateKeyPair('P-256', { extractable: false })).privateKey;
  const { summary } = await packBackup([], [{ ...withKey, privateKey: lockedKey }]);
  assert.deepEqual(summary, { accounts: 0, certificates: 1, certificateKeys: 0 });
});

test('unpackBackup restores the records, with extractable keys that match the originals', async () => {
  const { plain } = await packBackup([open, locked], [withKey, withoutKey]);
  const { accounts, certificates } = await unpackBackup(plain);

  assert.equal(accounts.length, 1);
  const acct = accounts[0]!;
  assert.deepEqual(withoutKeys(acct), withoutKeys(open));
  assert.equal(acct.privateKey.extractable, true);
  assert.equal(acct.keyType, 'P-256');
  assert.ok(await signedByBoth(acct.privateKey, open.publicKey), 'restored account key signs for the original public key');
  assert.ok(await signedByBoth(open.privateKey, acct.publicKey), 'restored public key is the original one');

  const [cert, bare] = certificates;
  assert.deepEqual(withoutKeys(cert!), withoutKeys(withKey));
  assert.equal(cert!.privateKey?.extractable, true);
  assert.equal(cert!.keyType, 'RSA-2048');
  const [was, now] = await Promise.all([crypto.subtle.exportKey('jwk', certKeys.privateKey), crypto.subtle.exportKey('jwk', cert!.privateKey!)]);
  assert.equal(now.n, was.n);
  assert.equal(now.d, was.d);
  assert.ok(await signedByBoth(cert!.privateKey!, certKeys.publicKey));
  assert.deepEqual(bare, withoutKey);
});

test('unpackBackup takes keyType and thumbprint from the key and drops fields it does not know', async () => {
  const json = await packedJson();
  json.accounts[0]!.keyType = 'RSA-4096';
  json.accounts[0]!.thumbprint = 'not-this-keys-thumbprint';
  json.accounts[0]!.extra = 'x';
  json.certificates[0]!.keyType = 'P-256';
  json.certificates[1]!.extra = { nested: true };
  const { accounts, certificates } = await unpackBackup(contents(json));
  assert.equal(accounts[0]!.keyType, 'P-256');
  assert.equal(accounts[0]!.thumbprint, await jwkThumbprint(await publicJwk(accounts[0]!.publicKey)));
  assert.notEqual(accounts[0]!.thumbprint, 'not-this-keys-thumbprint');
  assert.equal(certificates[0]!.keyType, 'RSA-2048');
  assert.equal('extra' in accounts[0]!, false);
  assert.equal('extra' in certificates[1]!, false);
});

test('unpackBackup: anything off is backup-damaged', async () => {
  const json = await packedJson();
  const cases: [string, Uint8Array][] = [
    ['not JSON', utf8('garbage')],
    ['not UTF-8', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])],
    ['an array', contents([])],
    ['another kind', contents({ ...json, kind: 'other' })],
    ['version 0', contents({ ...json, version: 0 })],
    ['no accounts', contents({ ...json, accounts: undefined })],
    ['certificates not a list', contents({ ...json, certificates: {} })],
    ['an account not an object', contents({ ...json, accounts: ['x'] })],
  ];
  const account = (change: Plain<AccountRecord>) => contents({ ...json, accounts: [{ ...json.accounts[0], ...change }] });
  const certificate = (change: Plain<CertificateRecord>) => contents({ ...json, certificates: [{ ...json.certificates[1], ...change }] });
  cases.push(
    ['account id empty', account({ id: '' })],
    ['account without url', account({ url: undefined })],
    ['account directoryUrl a number', account({ directoryUrl: 5 as unknown as string })],
    ['account contact not a list', account({ contact: 'mailto:a@b.c' as unknown as string[] })],
    ['account contact with a number', account({ contact: [1] as unknown as string[] })],
    ['account without key', account({ privateKeyJwk: undefined })],
    ['account with a public key only', account({ privateKeyJwk: { ...(json.accounts[0]!.privateKeyJwk as JsonWebKey), d: undefined } })],
    ['account with a broken key', account({ privateKeyJwk: { ...(json.accounts[0]!.privateKeyJwk as JsonWebKey), d: 'AAAA' } })],
    ['certificate id missing', certificate({ id: undefined })],
    ['certificate names not a list', certificate({ names: 'a.example' as unknown as string[] })],
    ['certificate without chain', certificate({ chainPem: '' })],
    ['certificate status unknown', certificate({ status: 'expired' as 'revoked' })],
    ['certificate keyType unknown', certificate({ keyType: 'P-521' as 'P-256' })],
    ['certificate revokedReason text', certificate({ revokedReason: '4' as unknown as number })],
    ['certificate ari incomplete', certificate({ ari: { start: 'x' } as CertificateRecord['ari'] })],
    ['certificate key not an object', certificate({ privateKeyJwk: 'pem' })],
    ['certificate csrPem not a CSR', certificate({ csrPem: chainA })],
    ['certificate csrPem damaged', certificate({ csrPem: damagedCsr })],
  );
  for (const [name, plain] of cases) {
    await rejectsWith('backup-damaged', () => unpackBackup(plain), /nothing was restored/).catch((err: unknown) => {
      throw new Error(`${name}: ${String(err)}`);
    });
  }
});

test('unpackBackup: contents from a newer version ask for the current page', async () => {
  await rejectsWith('backup-newer', async () => unpackBackup(contents({ ...(await packedJson()), version: 2 })));
});

test('end to end: pack, encrypt, decrypt, unpack', async () => {
  const { plain } = await packBackup([open, locked], [withKey, withoutKey]);
  const file = await encryptBackup(plain, 'pässphrase', { iterations: 100_000, now: new Date('2025-05-06T07:08:09.000Z') });
  assert.ok(!file.includes('acct-open') && !file.includes('a.example'), 'nothing readable outside the encryption');
  const opened = await decryptBackup(file, 'pässphrase');
  assert.equal(opened.createdAt, '2025-05-06T07:08:09.000Z');
  const { accounts, certificates } = await unpackBackup(opened.plain);
  assert.deepEqual(accounts.map((a) => a.id), ['acct-open']);
  assert.deepEqual(certificates.map((c) => c.id), ['cert-1', 'cert-2']);
  assert.ok(await signedByBoth(accounts[0]!.privateKey, open.publicKey));
});

// ---------------------------------------------------------------- crafted backups (issue 11)

test('restore refuses a backup with any record it could not use, naming the record and field, and opens no database', async () => {
  const json = await packedJson();
  const account = (change: Plain<AccountRecord>) => ({ ...json, accounts: [json.accounts[0], { ...json.accounts[0], id: 'acct-2', ...change }] });
  const certificate = (change: Plain<CertificateRecord>) => ({ ...json, certificates: [json.certificates[0], { ...json.certificates[1], ...change }] });
  const garbageCert = '-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n';
  const cases: [object, RegExp][] = [
    // This one was restored, and My certificates then broke on every reload.
    [certificate({ directoryUrl: 'not a url' }), /certificate 2 has no valid "directoryUrl" \(an https:\/\/ address\)/],
    [certificate({ directoryUrl: 'http://ca.example/dir' }), /certificate 2 has no valid "directoryUrl"/],
    [certificate({ directoryUrl: 'javascript:alert(1)' }), /certificate 2 has no valid "directoryUrl"/],
    [account({ directoryUrl: 'ftp://127.0.0.1/dir' }), /account 2 has no valid "directoryUrl"/],
    [account({ url: 'acct/1' }), /account 2 has no valid "url"/],
    [account({ createdAt: 'yesterday' }), /account 2 has no valid "createdAt" \(a date/],
    [account({ id: '../../etc/passwd' }), /account 2 has no valid "id"/],
    [account({ thumbprint: 'not base64url!' }), /account 2 has no valid "thumbprint"/],
    [account({ status: 'weird' }), /account 2 has no valid "status"/],
    [account({ contact: Array(100).fill('mailto:a@b.example') }), /account 2 has no valid "contact"/],
    [certificate({ notAfter: '2025-13-45T00:00:00Z' }), /certificate 2 has no valid "notAfter"/],
    [certificate({ names: ['not a name!'] }), /certificate 2 has no valid "names" \(a list of 1–100 items, each a domain name or IP address\)/],
    [certificate({ names: ['https://b.example/'] }), /certificate 2 has no valid "names"/],
    [certificate({ names: [] }), /certificate 2 has no valid "names"/],
    [certificate({ serialHex: 'xyz' }), /certificate 2 has no valid "serialHex"/],
    [certificate({ replaces: 'a b' }), /certificate 2 has no valid "replaces"/],
    [certificate({ revokedReason: 99 }), /certificate 2 has no valid "revokedReason"/],
    [certificate({ ari: { ...withoutKey.ari, explanationURL: 'http://evil.example/' } as CertificateRecord['ari'] }), /certificate 2 has no valid "ari"/],
    [certificate({ chainPem: garbageCert }), /certificate 2 has no valid "chainPem" \(PEM certificates that can be read\)/],
    [certificate({ chainPem: chainA + (await exportPemOf(certKeys.privateKey)) }), /certificate 2 has no valid "chainPem"/],
    [certificate({ alternates: [garbageCert] }), /certificate 2 has no valid "alternates"/],
  ];
  const realIndexedDb = Object.getOwnPropertyDescriptor(globalThis, 'indexedDB');
  let opened = 0;
  Object.defineProperty(globalThis, 'indexedDB', { configurable: true, value: { open: () => { opened++; throw new Error('the store was touched'); } } });
  resetForTests();
  try {
    for (const [crafted, message] of cases) {
      const file = await encryptBackup(contents(crafted), 'pass', { iterations: 100_000 });
      await rejectsWith('backup-damaged', () => restoreBackup(file, 'pass'), message);
    }
    assert.equal(opened, 0, 'no refused file got as far as the store');
    // The same file without the crafted record reaches the store (here the in-memory stand-in, since "IndexedDB"
    // refuses to open): the refusals above came from the checks.
    const file = await encryptBackup(contents(json), 'pass', { iterations: 100_000 });
    const restored = await restoreBackup(file, 'pass');
    assert.equal(opened, 1);
    assert.equal(restored.accountsAdded + restored.accountsAlreadyHere, json.accounts.length);
  } finally {
    if (realIndexedDb) Object.defineProperty(globalThis, 'indexedDB', realIndexedDb);
    else delete (globalThis as { indexedDB?: unknown }).indexedDB;
    resetForTests();
  }
});

test('backup files over BACKUP_MAX_CHARS are refused before parsing, naming the limit', async () => {
  await rejectsWith('too-large', () => decryptBackup(`{"certpageBackup":1,${' '.repeat(BACKUP_MAX_CHARS)}}`, 'pass'), /^This file is more than 16 MB; a certpage backup is at most 16 MB\./);
  await rejectsWith('backup-damaged', () => unpackBackup(new Uint8Array(BACKUP_MAX_CHARS + 1)), /larger than 16 MB/);
});

async function exportPemOf(key: CryptoKey): Promise<string> {
  const { exportPrivateKeyPem } = await import('../../src/crypto/keys.ts');
  return exportPrivateKeyPem(key);
}
