// Encrypted backup of the stored accounts and certificates, and restoring one into this browser.
// Keys travel as JWK inside the encrypted file. Restoring checks and imports everything before anything is
// written, then adds what is missing in one transaction: a wrong passphrase or a damaged file changes nothing.
import { msg, str } from '@lit/localize';
import { BACKUP_MAX_CHARS, decryptBackup, encryptBackup, isObject, requirePassphrase, type Json } from '../../crypto/backup.ts';
import { utf8 } from '../../crypto/base64url.ts';
import { CryptoInputError } from '../../crypto/errors.ts';
import { jwkThumbprint, publicJwk } from '../../crypto/jwk.ts';
import { importPrivateKey, keyTypeOf, KEY_TYPES } from '../../crypto/keys.ts';
import { PEM_MAX_CHARS, pemDecodeAll } from '../../crypto/pem.ts';
import { listAccounts, listCertificates } from '../../store/repo.ts';
import { restoreRecords } from '../../store/restore.ts';
import type { AccountRecord, CertificateRecord } from '../../store/schema.ts';
import { announce } from '../changes.ts';
import { MAX_NAMES, parseNames } from '../setup/names.ts';
import { ShownProblem } from '../problems.ts';
import { resolverProblem } from '../checks/settings.ts';

export interface BackupSummary {
  accounts: number;
  certificates: number;
  certificateKeys: number;
}

export interface MadeBackup {
  fileText: string;
  fileName: string;
  summary: BackupSummary;
  /** Accounts whose key is locked to this browser (non-extractable): not in the file. */
  skipped: AccountRecord[];
}

export interface RestoreSummary {
  accountsAdded: number;
  accountsAlreadyHere: number;
  certificatesAdded: number;
  certificatesAlreadyHere: number;
  createdAt: string;
}

const KIND = 'certpage-backup-contents';
const VERSION = 1;

/** Which stored accounts a backup can hold: the key must be extractable. */
/** What a backup made now would hold. */
export async function backupContents(): Promise<{ accounts: AccountRecord[]; certificates: CertificateRecord[] }> {
  const [accounts, certificates] = await Promise.all([listAccounts(), listCertificates()]);
  return { accounts, certificates };
}

export function backupCoverage(accounts: AccountRecord[]): { included: AccountRecord[]; skipped: AccountRecord[] } {
  return {
    included: accounts.filter((a) => a.privateKey.extractable),
    skipped: accounts.filter((a) => !a.privateKey.extractable),
  };
}

export async function packBackup(
  accounts: AccountRecord[],
  certificates: CertificateRecord[],
): Promise<{ plain: Uint8Array; summary: BackupSummary; skipped: AccountRecord[] }> {
  const { included, skipped } = backupCoverage(accounts);
  const accountEntries = await Promise.all(
    included.map(async ({ privateKey, publicKey: _public, ...plain }) => ({ ...plain, privateKeyJwk: await exportJwk(privateKey) })),
  );
  const certificateEntries = await Promise.all(
    certificates.map(async ({ privateKey, ...plain }) => (privateKey?.extractable ? { ...plain, privateKeyJwk: await exportJwk(privateKey) } : plain)),
  );
  const contents = { kind: KIND, version: VERSION, accounts: accountEntries, certificates: certificateEntries };
  const summary: BackupSummary = {
    accounts: accountEntries.length,
    certificates: certificateEntries.length,
    certificateKeys: certificateEntries.filter((c) => 'privateKeyJwk' in c).length,
  };
  return { plain: utf8(JSON.stringify(contents)), summary, skipped };
}

async function exportJwk(key: CryptoKey): Promise<JsonWebKey> {
  return globalThis.crypto.subtle.exportKey('jwk', key);
}

export async function makeBackup(passphrase: string, opts: { iterations?: number; now?: Date } = {}): Promise<MadeBackup> {
  requirePassphrase(passphrase);
  const [accounts, certificates] = await Promise.all([listAccounts(), listCertificates()]);
  if (!accounts.length && !certificates.length) {
    throw new ShownProblem({
      what: msg('Nothing to back up yet: no accounts or certificates are stored in this browser.'),
      next: msg('Get a certificate first; a backup then holds it, its key and the account that ordered it.'),
    });
  }
  const { plain, summary, skipped } = await packBackup(accounts, certificates);
  if (!summary.accounts && !summary.certificates) {
    const n = skipped.length;
    throw new ShownProblem({
      what: n === 1
        ? msg('Nothing can be backed up: the account stored here has a key locked to this browser, which cannot be copied into a file, and there are no certificates.')
        : msg(str`Nothing can be backed up: the ${n} accounts stored here have keys locked to this browser, which cannot be copied into a file, and there are no certificates.`),
      next: msg('Such accounts can be used in this browser only. In another browser, create a new account with the same CA; certificates do not depend on the account that ordered them.'),
    });
  }
  const now = opts.now ?? new Date();
  const fileText = await encryptBackup(plain, passphrase, { ...opts, now });
  return { fileText, fileName: `certpage-backup-${localDate(now)}.certpage-backup`, summary, skipped };
}

function localDate(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

export async function restoreBackup(fileText: string, passphrase: string): Promise<RestoreSummary> {
  const { plain, createdAt } = await decryptBackup(fileText, passphrase);
  const { accounts, certificates } = await unpackBackup(plain);
  const summary = { ...(await restoreRecords(accounts, certificates)), createdAt };
  announce({ kind: 'records' });
  return summary;
}

// ---------------------------------------------------------------- reading the contents

// Each check says what a field must be (for the refusal message), worded when a refusal is made. Everything a restored record carries is
// checked here, before anything is written: a record the page cannot use would break My certificates on every load.
interface Check {
  ok: (value: unknown) => boolean;
  /** What the field must be, e.g. "an https:// address". */
  want: () => string;
}

const MAX_TEXT = 4096;
const text = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_TEXT;
const check = (want: () => string, ok: (value: unknown) => boolean): Check => ({ ok, want });
const optional = (c: Check): Check => ({ ok: (v) => v === undefined || c.ok(v), want: c.want });
const listOf = (c: Check, max: number, min = 0): Check =>
  check(() => msg(str`a list of ${min}–${max} items, each ${c.want()}`), (v) => Array.isArray(v) && v.length >= min && v.length <= max && v.every(c.ok));

/** Ids the page makes are UUIDs; anything short and plain is accepted. */
const id = check(() => msg('a short identifier (letters, digits, - _ . :)'), (v) => typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(v));
/** The page's rule for addresses it talks to: https:, or http: on this computer only (see flow/resolvers.ts). */
const url = check(() => msg('an https:// address'), (v) => typeof v === 'string' && v.length <= 2048 && v.trim() !== '' && resolverProblem(v) === undefined);
const isoDate = check(() => msg('a date such as 2025-01-31T12:00:00.000Z'), (v) =>
  typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)$/.test(v) && Number.isFinite(Date.parse(v)));
const plainText = check(() => msg('text'), text);
/** A CSR's PEM text: its DER is at most 64 KB (PKIX_MAX_DER_BYTES), so its PEM is well under this. */
const CSR_MAX_CHARS = 128 * 1024;
const hex = check(() => msg('a serial number in hex'), (v) => typeof v === 'string' && /^[0-9A-Fa-f]{1,128}$/.test(v));
/** One name exactly as the names box would take it (a DNS name, wildcard or IP address). */
const name = check(() => msg('a domain name or IP address'), (v) => {
  if (typeof v !== 'string' || v.length > 300) return false;
  const parsed = parseNames(v);
  return parsed.problems.length === 0 && parsed.entries.length === 1 && parsed.entries[0]!.name === v.toLowerCase();
});
/** PEM text of certificates only; read for real (pkijs) in certificatesReadable() below. */
const pemChain = check(() => msg('PEM certificates'), (v) => typeof v === 'string' && v.length <= PEM_MAX_CHARS && v.includes('-----BEGIN CERTIFICATE-----'));
/** The user's own CSR kept with a certificate; read for real (pkijs) in certificatesReadable() below. */
const csrText = check(() => msg('a CSR in PEM'), (v) => typeof v === 'string' && v.length <= CSR_MAX_CHARS && /-----BEGIN (NEW )?CERTIFICATE REQUEST-----/.test(v));

const ACCOUNT_FIELDS: { [K in Exclude<keyof AccountRecord, 'privateKey' | 'publicKey' | 'keyType'>]-?: Check } = {
  id,
  directoryUrl: url,
  url,
  thumbprint: check(() => msg('a key thumbprint (base64url)'), (v) => typeof v === 'string' && /^[A-Za-z0-9_-]{1,128}$/.test(v)),
  contact: listOf(plainText, 16),
  status: check(() => msg('valid, deactivated or revoked'), (v) => v === 'valid' || v === 'deactivated' || v === 'revoked'),
  createdAt: isoDate,
};

// Every stored field has a check (the mapped types make tsc insist when the schema grows); unknown fields are dropped.
const CERTIFICATE_FIELDS: { [K in Exclude<keyof CertificateRecord, 'privateKey'>]-?: Check } = {
  id, accountId: id, issuanceId: id, directoryUrl: url, names: listOf(name, MAX_NAMES, 1), chainPem: pemChain,
  alternates: listOf(pemChain, 16), issuer: plainText, serialHex: hex, notBefore: isoDate, notAfter: isoDate, createdAt: isoDate,
  profile: optional(check(() => msg('a profile name'), (v) => typeof v === 'string' && /^[\x21-\x7e]{1,64}$/.test(v))),
  keyType: optional(check(() => KEY_TYPES.join(', '), (v) => (KEY_TYPES as readonly unknown[]).includes(v))),
  csrPem: optional(csrText),
  status: optional(check(() => msg('revoked or replaced'), (v) => v === 'revoked' || v === 'replaced')),
  replacedBy: optional(id),
  replaces: optional(id),
  revokedAt: optional(isoDate),
  revokedReason: optional(check(() => msg('a revocation reason code (0–10)'), (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 10)),
  ari: optional(check(() => msg('a renewal window with dates'), (v) => isObject(v)
    && [v.start, v.end, v.checkedAt, v.nextCheck].every(isoDate.ok) && optional(url).ok(v.explanationURL))),
};

export async function unpackBackup(plain: Uint8Array): Promise<{ accounts: AccountRecord[]; certificates: CertificateRecord[] }> {
  if (plain.length > BACKUP_MAX_CHARS) throw damaged(msg(str`its contents are larger than ${BACKUP_MAX_CHARS / (1024 * 1024)} MB`));
  let contents: unknown;
  try {
    contents = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain));
  } catch (cause) {
    throw damaged(msg('its contents are not readable'), cause);
  }
  if (!isObject(contents) || contents.kind !== KIND) throw damaged(msg('its contents are not those of a certpage backup'));
  if (typeof contents.version === 'number' && contents.version > VERSION) {
    throw new CryptoInputError(
      'backup-newer',
      msg('This backup was made by a newer version of certpage. Open it with the current version of the page (reload it), then restore again.'),
    );
  }
  if (contents.version !== VERSION || !Array.isArray(contents.accounts) || !Array.isArray(contents.certificates)) {
    throw damaged(msg('its list of accounts or certificates is missing'));
  }
  const { accounts: accountEntries, certificates: certificateEntries } = contents as { accounts: unknown[]; certificates: unknown[] };
  // Shapes first (cheap, and the first bad field is the one reported), then the certificates and keys themselves.
  accountEntries.forEach((entry, i) => pick(entry, ACCOUNT_FIELDS, msg(str`account ${i + 1}`)));
  certificateEntries.forEach((entry, i) => pick(entry, CERTIFICATE_FIELDS, msg(str`certificate ${i + 1}`)));
  await certificatesReadable(certificateEntries as Json[]);
  const accounts = await Promise.all(accountEntries.map((entry, i) => readAccount(entry, msg(str`account ${i + 1}`))));
  const certificates = await Promise.all(certificateEntries.map((entry, i) => readCertificate(entry, msg(str`certificate ${i + 1}`))));
  return { accounts, certificates };
}

/** Every chain (and alternate chain) holds only certificates that the page can read. */
async function certificatesReadable(entries: Json[]): Promise<void> {
  const { parseCertificate, splitPemChain } = await import('../../crypto/x509.ts'); // pkijs: only now
  for (const [i, entry] of entries.entries()) {
    for (const [field, chain] of [['chainPem', entry.chainPem], ...(entry.alternates as string[]).map((a) => ['alternates', a])] as [string, string][]) {
      try {
        const blocks = pemDecodeAll(chain);
        // i18n-exempt: a cause for developers (the visitor reads the message below)
        if (blocks.some((b) => b.label !== 'CERTIFICATE')) throw new Error('not only certificates');
        for (const pem of splitPemChain(chain)) await parseCertificate(pem);
      } catch (cause) {
        throw damaged(msg(str`certificate ${i + 1} has no valid "${field}" (PEM certificates that can be read)`), cause);
      }
    }
    if (typeof entry.csrPem === 'string') {
      const { parseCsr } = await import('../../crypto/csr.ts');
      const csr = await parseCsr(entry.csrPem).catch(() => undefined);
      if (!csr?.signatureValid) throw damaged(msg(str`certificate ${i + 1} has no valid "csrPem" (a CSR that can be read)`));
    }
  }
}

async function readAccount(entry: unknown, what: string): Promise<AccountRecord> {
  const plain = pick(entry, ACCOUNT_FIELDS, what) as Omit<AccountRecord, 'privateKey' | 'publicKey' | 'keyType'>;
  const keys = await importKey((entry as Json).privateKeyJwk, what);
  // The key type and thumbprint are the key's own: a file that says otherwise would show a wrong one under Accounts.
  const thumbprint = await jwkThumbprint(await publicJwk(keys.publicKey));
  return { ...plain, thumbprint, privateKey: keys.privateKey, publicKey: keys.publicKey, keyType: keyTypeOf(keys.privateKey) };
}

async function readCertificate(entry: unknown, what: string): Promise<CertificateRecord> {
  const plain = pick(entry, CERTIFICATE_FIELDS, what) as Omit<CertificateRecord, 'privateKey'>;
  const jwk = (entry as Json).privateKeyJwk;
  if (jwk === undefined) return plain;
  const { privateKey } = await importKey(jwk, what);
  return { ...plain, privateKey, keyType: keyTypeOf(privateKey) };
}

function pick(entry: unknown, fields: { [name: string]: Check }, what: string): Json {
  if (!isObject(entry)) throw damaged(msg(str`${what} is not a record`));
  const out: Json = {};
  for (const [name, { ok, want }] of Object.entries(fields)) {
    const value = entry[name];
    if (!ok(value)) throw damaged(msg(str`${what} has no valid "${name}" (${want()})`));
    if (value !== undefined) out[name] = value;
  }
  return out;
}

async function importKey(jwk: unknown, what: string): Promise<CryptoKeyPair> {
  if (!isObject(jwk)) throw damaged(msg(str`${what} has no valid key`));
  try {
    // Extractable, so the restored keys can go into the next backup (and certificate keys into privkey.pem).
    return await importPrivateKey(jwk as JsonWebKey, { extractable: true });
  } catch (cause) {
    throw damaged(msg(str`the key of ${what} cannot be read`), cause);
  }
}

function damaged(why: string, cause?: unknown): CryptoInputError {
  return new CryptoInputError(
    'backup-damaged',
    msg(str`This backup opened with the passphrase, but ${why}, so nothing was restored. Use another copy of the backup, or make a new one in the browser that has the accounts.`),
    { cause },
  );
}
