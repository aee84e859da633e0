// Passphrase encryption of backup files: PBKDF2-HMAC-SHA256 → AES-GCM 256, on WebCrypto only (runs in Node too).
// The file is a small JSON envelope; its header is bound to the ciphertext as AES-GCM additional data, so a file
// whose header was edited (fewer iterations, another salt or date) fails to decrypt instead of being trusted.

import { b64uDecode, b64uEncode, utf8, type Bytes } from './base64url.ts';
import { CryptoInputError, tooLarge } from './errors.ts';
import { msg, str } from '../words/words.ts';

/**
 * The largest backup file read: an account and a certificate (chain, alternate chain, RSA 4096 key) take about
 * 12 KB once encrypted and encoded, so 16 MB holds well over 1,000 certificates and still reads in a fraction of
 * a second.
 */
export const BACKUP_MAX_CHARS = 16 * 1024 * 1024;

/** OWASP's current figure for PBKDF2-HMAC-SHA256. */
export const BACKUP_ITERATIONS = 600_000;

const VERSION = 1;
const SALT_BYTES = 16;
const IV_BYTES = 12;
// A crafted file must not make the page spin for minutes, nor get away with a trivially cheap key.
const MIN_ITERATIONS = 100_000;
const MAX_ITERATIONS = 10_000_000;
const GCM_TAG_BYTES = 16;

interface Header {
  createdAt: string;
  iterations: number;
  salt: Bytes;
  iv: Bytes;
}

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

export function requirePassphrase(passphrase: string): void {
  if (!passphrase) {
    throw new CryptoInputError('backup-no-passphrase', msg('No passphrase was given. Type the passphrase that protects the backup file, then try again.'));
  }
}

export async function encryptBackup(plain: Uint8Array, passphrase: string, opts: { iterations?: number; now?: Date } = {}): Promise<string> {
  requirePassphrase(passphrase);
  const header: Header = {
    createdAt: (opts.now ?? new Date()).toISOString(),
    iterations: opts.iterations ?? BACKUP_ITERATIONS,
    salt: randomBytes(SALT_BYTES),
    iv: randomBytes(IV_BYTES),
  };
  const key = await deriveKey(passphrase, header, 'encrypt');
  const data = await subtle().encrypt({ name: 'AES-GCM', iv: header.iv, additionalData: headerAad(header) }, key, new Uint8Array(plain));
  // One field per line: recognisable in an editor, and it starts with {"certpageBackup" as the error messages say.
  const fields: [string, unknown][] = [
    ['certpageBackup', VERSION],
    ['createdAt', header.createdAt],
    ['kdf', { name: 'PBKDF2', hash: 'SHA-256', iterations: header.iterations, salt: b64uEncode(header.salt) }],
    ['cipher', { name: 'AES-GCM', iv: b64uEncode(header.iv) }],
    ['data', b64uEncode(data)],
  ];
  return `{${fields.map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value)}`).join(',\n ')}}\n`;
}

export async function decryptBackup(fileText: string, passphrase: string): Promise<{ plain: Bytes; createdAt: string }> {
  if (fileText.length > BACKUP_MAX_CHARS) {
    // i18n-exempt: picks the size sentence; not shown
    throw tooLarge(fileText.length, BACKUP_MAX_CHARS, 'a certpage backup', msg('Choose the .certpage-backup file that the page saved.'), 'file');
  }
  const { header, data } = readEnvelope(fileText);
  requirePassphrase(passphrase);
  const key = await deriveKey(passphrase, header, 'decrypt');
  try {
    const plain = await subtle().decrypt({ name: 'AES-GCM', iv: header.iv, additionalData: headerAad(header) }, key, data);
    return { plain: new Uint8Array(plain), createdAt: header.createdAt };
  } catch (cause) {
    throw new CryptoInputError(
      'backup-wrong-passphrase',
      msg('The backup could not be opened: the passphrase is wrong, or the file was changed after it was made. Nothing was restored. Check caps lock and the keyboard layout, then type the passphrase again.'),
      { cause },
    );
  }
}

async function deriveKey(passphrase: string, header: Header, usage: 'encrypt' | 'decrypt'): Promise<CryptoKey> {
  // NFC: the same passphrase typed on another system (é as one or two code points) gives the same key.
  const base = await subtle().importKey('raw', utf8(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return subtle().deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: header.salt, iterations: header.iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    [usage],
  );
}

/** The header in a fixed order, with salt and IV re-encoded, so only its meaning (not its spelling) is bound. */
function headerAad(h: Header): Bytes {
  return utf8(JSON.stringify([VERSION, h.createdAt, 'PBKDF2', 'SHA-256', h.iterations, b64uEncode(h.salt), 'AES-GCM', b64uEncode(h.iv)]));
}

function randomBytes(n: number): Bytes {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

// ---------------------------------------------------------------- reading the envelope

export type Json = { [name: string]: unknown };
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function readEnvelope(text: string): { header: Header; data: Bytes } {
  const file = parseFile(text);
  const version = file.certpageBackup;
  if (typeof version === 'number' && Number.isInteger(version) && version > VERSION) {
    throw new CryptoInputError(
      'backup-newer',
      msg(str`This backup was made by a newer version of certpage (backup format ${version}). Open it with the current version of the page (reload it), then restore again.`),
    );
  }
  const { createdAt, kdf, cipher, data } = file;
  if (version !== VERSION) throw damaged(msg('its format number is not valid', { desc: 'Reason, in "This backup file is damaged (…)"' }));
  if (typeof createdAt !== 'string' || !createdAt) throw damaged(msg('the date it was made is missing or not valid', { desc: 'Reason, in "This backup file is damaged (…)"' }));
  if (!isObject(kdf) || kdf.name !== 'PBKDF2' || kdf.hash !== 'SHA-256') throw damaged(msg('the key settings ("kdf") are missing or unknown', { desc: 'Reason, in "This backup file is damaged (…)"' }));
  if (!isObject(cipher) || cipher.name !== 'AES-GCM') throw damaged(msg('the encryption settings ("cipher") are missing or unknown', { desc: 'Reason, in "This backup file is damaged (…)"' }));
  const iterations = kdf.iterations;
  if (typeof iterations !== 'number' || !Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
    throw damaged(msg(str`its iteration count is outside ${MIN_ITERATIONS}–${MAX_ITERATIONS}`, { desc: 'Reason, in "This backup file is damaged (…)"' }));
  }
  const salt = bytesField(kdf.salt, 'salt', SALT_BYTES);
  const iv = bytesField(cipher.iv, 'iv', IV_BYTES);
  const sealed = bytesField(data, 'data');
  if (sealed.length < GCM_TAG_BYTES) throw damaged(msg('the encrypted data is missing or cut short', { desc: 'Reason, in "This backup file is damaged (…)"' }));
  return { header: { createdAt, iterations, salt, iv }, data: sealed };
}

function parseFile(text: string): Json {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  let value: unknown;
  try {
    value = JSON.parse(start);
  } catch (cause) {
    // A backup cut short (an interrupted download or copy) still starts like one.
    if (/^\{\s*"certpageBackup"/.test(start)) throw damaged(msg('it is cut short or was edited', { desc: 'Reason, in "This backup file is damaged (…)"' }), cause);
    throw notBackup(cause);
  }
  if (!isObject(value) || !('certpageBackup' in value)) throw notBackup();
  return value;
}

function bytesField(value: unknown, name: string, length?: number): Bytes {
  let bytes: Bytes | undefined;
  if (typeof value === 'string' && value) {
    try {
      bytes = b64uDecode(value);
    } catch {
      bytes = undefined;
    }
  }
  if (!bytes || (length !== undefined && bytes.length !== length)) throw damaged(msg(str`its "${name}" value is missing or not valid`, { desc: 'Reason, in "This backup file is damaged (…)"' }));
  return bytes;
}

function notBackup(cause?: unknown): CryptoInputError {
  return new CryptoInputError(
    'backup-not-backup',
    msg('This file is not a certpage backup. Choose the .certpage-backup file that the page saved (it starts with {"certpageBackup").'),
    { cause },
  );
}

// The reasons are many, and each is a clause that reads on its own inside the parentheses, so each is worded alone
// (its desc says where it goes; lit-localize takes only a literal there).
function damaged(why: string, cause?: unknown): CryptoInputError {
  return new CryptoInputError(
    'backup-damaged',
    msg(str`This backup file is damaged (${why}), so it cannot be opened. Nothing was restored. Use another copy of the backup, or make a new one in the browser that has the accounts.`),
    { cause },
  );
}
