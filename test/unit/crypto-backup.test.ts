import { test } from 'node:test';
import assert from 'node:assert/strict';
import { b64uDecode, b64uEncode, utf8 } from '../../src/crypto/base64url.ts';
import { BACKUP_ITERATIONS, decryptBackup, encryptBackup } from '../../src/crypto/backup.ts';
import { rejectsWith } from './helpers/rejects-with.ts';

// The lowest count decryptBackup accepts, to keep the tests quick.
const FAST = { iterations: 100_000 };
const PASS = 'correct horse battery staple';
const PLAIN = utf8('{"hello":"backup"}');
const NOW = new Date('2025-03-04T05:06:07.000Z');

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
type Envelope = { certpageBackup: unknown; createdAt: unknown; kdf: Record<string, unknown>; cipher: Record<string, unknown>; data: unknown };

async function sample(): Promise<string> {
  return encryptBackup(PLAIN, PASS, { ...FAST, now: NOW });
}

/** The sample file with one change to its parsed JSON. */
async function edited(change: (file: Envelope) => void): Promise<string> {
  const file = JSON.parse(await sample()) as Envelope;
  change(file);
  return JSON.stringify(file);
}

function flipFirstByte(b64u: string): string {
  const bytes = b64uDecode(b64u);
  bytes[0]! ^= 1;
  return b64uEncode(bytes);
}

test('round trip with the default iteration count; the file is a recognisable JSON envelope', async () => {
  const file = await encryptBackup(PLAIN, PASS, { now: NOW });
  assert.ok(file.startsWith('{"certpageBackup":1,'));
  const env = JSON.parse(file) as Envelope;
  assert.equal(env.createdAt, NOW.toISOString());
  assert.deepEqual(Object.keys(env), ['certpageBackup', 'createdAt', 'kdf', 'cipher', 'data']);
  assert.equal(env.kdf.name, 'PBKDF2');
  assert.equal(env.kdf.hash, 'SHA-256');
  assert.equal(env.kdf.iterations, BACKUP_ITERATIONS);
  assert.equal(env.cipher.name, 'AES-GCM');
  assert.equal(b64uDecode(env.kdf.salt as string).length, 16);
  assert.equal(b64uDecode(env.cipher.iv as string).length, 12);
  const { plain, createdAt } = await decryptBackup(file, PASS);
  assert.equal(text(plain), text(PLAIN));
  assert.equal(createdAt, NOW.toISOString());
});

test('round trip with a small count, and empty contents', async () => {
  assert.equal(text((await decryptBackup(await sample(), PASS)).plain), text(PLAIN));
  const empty = await encryptBackup(new Uint8Array(0), PASS, FAST);
  assert.equal((await decryptBackup(empty, PASS)).plain.length, 0);
});

test('a wrong passphrase is refused with a message that says nothing was restored', async () => {
  const file = await sample();
  await rejectsWith('backup-wrong-passphrase', () => decryptBackup(file, 'Correct horse battery staple'), /passphrase is wrong.*Nothing was restored.*caps lock/);
});

test('a passphrase typed in NFD opens a backup made with NFC (and the other way round)', async () => {
  const nfc = 'caf\u00e9 cr\u00e8me';
  const nfd = nfc.normalize('NFD');
  assert.notEqual(nfc, nfd);
  assert.equal(text((await decryptBackup(await encryptBackup(PLAIN, nfc, FAST), nfd)).plain), text(PLAIN));
  assert.equal(text((await decryptBackup(await encryptBackup(PLAIN, nfd, FAST), nfc)).plain), text(PLAIN));
});

test('a changed header field fails to decrypt', async () => {
  const changes: [string, (f: Envelope) => void][] = [
    ['iterations', (f) => { f.kdf.iterations = 100_001; }],
    ['salt', (f) => { f.kdf.salt = flipFirstByte(f.kdf.salt as string); }],
    ['iv', (f) => { f.cipher.iv = flipFirstByte(f.cipher.iv as string); }],
    ['createdAt', (f) => { f.createdAt = '2024-03-04T05:06:07.000Z'; }],
  ];
  for (const [name, change] of changes) {
    // createdAt plays no part in the key: only the additional data catches it.
    await rejectsWith('backup-wrong-passphrase', async () => decryptBackup(await edited(change), PASS)).catch((err: unknown) => {
      throw new Error(`${name}: ${String(err)}`);
    });
  }
});

test('a changed byte of the encrypted data is refused', async () => {
  await rejectsWith('backup-wrong-passphrase', async () => decryptBackup(await edited((f) => { f.data = flipFirstByte(f.data as string); }), PASS));
  await rejectsWith('backup-wrong-passphrase', async () =>
    decryptBackup(await edited((f) => { const d = b64uDecode(f.data as string); d[d.length - 1]! ^= 0x80; f.data = b64uEncode(d); }), PASS));
});

test('a cut-short file is called damaged; other files are not a backup', async () => {
  const file = await sample();
  await rejectsWith('backup-damaged', () => decryptBackup(file.slice(0, file.length / 2), PASS), /damaged.*cut short/);
  await rejectsWith('backup-damaged', () => decryptBackup(file.slice(0, 30), PASS));
  const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  await rejectsWith('backup-not-backup', () => decryptBackup(pem, PASS), /not a certpage backup.*\{"certpageBackup"/);
  await rejectsWith('backup-not-backup', () => decryptBackup('{"kty":"EC"}', PASS));
  await rejectsWith('backup-not-backup', () => decryptBackup('[1,2]', PASS));
  await rejectsWith('backup-not-backup', () => decryptBackup('', PASS));
});

test('a backup from a newer format asks for the current page', async () => {
  await rejectsWith('backup-newer', async () => decryptBackup(await edited((f) => { f.certpageBackup = 2; }), PASS), /newer version/);
});

test('missing or malformed fields are damaged', async () => {
  const cases: [string, (f: Envelope) => void][] = [
    ['version 0', (f) => { f.certpageBackup = 0; }],
    ['version as text', (f) => { f.certpageBackup = '1'; }],
    ['no createdAt', (f) => { delete f.createdAt; }],
    ['unknown kdf', (f) => { f.kdf.name = 'scrypt'; }],
    ['unknown hash', (f) => { f.kdf.hash = 'SHA-1'; }],
    ['unknown cipher', (f) => { f.cipher.name = 'AES-CBC'; }],
    ['no cipher', (f) => { delete (f as Partial<Envelope>).cipher; }],
    ['iterations 1', (f) => { f.kdf.iterations = 1; }],
    ['iterations 1e9', (f) => { f.kdf.iterations = 1e9; }],
    ['iterations fractional', (f) => { f.kdf.iterations = 100_000.5; }],
    ['iterations as text', (f) => { f.kdf.iterations = '600000'; }],
    ['short salt', (f) => { f.kdf.salt = b64uEncode(new Uint8Array(8)); }],
    ['long iv', (f) => { f.cipher.iv = b64uEncode(new Uint8Array(16)); }],
    ['bad base64url', (f) => { f.data = 'not*base64'; }],
    ['empty data', (f) => { f.data = ''; }],
    ['data shorter than a tag', (f) => { f.data = b64uEncode(new Uint8Array(8)); }],
  ];
  for (const [name, change] of cases) {
    await rejectsWith('backup-damaged', async () => decryptBackup(await edited(change), PASS), /damaged.*Nothing was restored/).catch((err: unknown) => {
      throw new Error(`${name}: ${String(err)}`);
    });
  }
});

test('an empty passphrase is refused by both functions', async () => {
  await rejectsWith('backup-no-passphrase', () => encryptBackup(PLAIN, ''), /passphrase/);
  await rejectsWith('backup-no-passphrase', async () => decryptBackup(await sample(), ''));
});

test('two encryptions of the same input differ (random salt and IV)', async () => {
  const [a, b] = await Promise.all([sample(), sample()]);
  const [ea, eb] = [JSON.parse(a) as Envelope, JSON.parse(b) as Envelope];
  assert.notEqual(ea.kdf.salt, eb.kdf.salt);
  assert.notEqual(ea.cipher.iv, eb.cipher.iv);
  assert.notEqual(ea.data, eb.data);
});
