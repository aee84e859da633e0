// Encrypted backup of the stored accounts and certificates, and restoring one into this browser.
// Keys travel as JWK inside the encrypted file. Restoring checks and imports everything before anything is
// written, then adds what is missing in one transaction: a wrong passphrase or a damaged file changes nothing.
import { decryptBackup, encryptBackup, isObject, requirePassphrase, type Json } from '../crypto/backup.ts';
import { utf8 } from '../crypto/base64url.ts';
import { CryptoInputError } from '../crypto/errors.ts';
import { importPrivateKey, keyTypeOf, KEY_TYPES } from '../crypto/keys.ts';
import { listAccounts, listCertificates } from '../store/repo.ts';
import { restoreRecords } from '../store/restore.ts';
import type { AccountRecord, CertificateRecord } from '../store/schema.ts';
import { announce } from './changes.ts';
import { ShownProblem } from './problems.ts';

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
      what: 'Nothing to back up yet: no accounts or certificates are stored in this browser.',
      next: 'Get a certificate first; a backup then holds it, its key and the account that ordered it.',
    });
  }
  const { plain, summary, skipped } = await packBackup(accounts, certificates);
  if (!summary.accounts && !summary.certificates) {
    const one = skipped.length === 1;
    throw new ShownProblem({
      what: `Nothing can be backed up: the ${one ? 'account' : `${skipped.length} accounts`} stored here ${one ? 'has a key' : 'have keys'} locked to this browser, which cannot be copied into a file, and there are no certificates.`,
      next: 'Such accounts can be used in this browser only. In another browser, create a new account with the same CA; certificates do not depend on the account that ordered them.',
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

type Check = (value: unknown) => boolean;

const str: Check = (v) => typeof v === 'string';
const id: Check = (v) => typeof v === 'string' && v.length > 0;
const strs: Check = (v) => Array.isArray(v) && v.every(str);
const optional = (check: Check): Check => (v) => v === undefined || check(v);

// Every stored field has a check (the mapped types make tsc insist when the schema grows); unknown fields are dropped.
const ACCOUNT_FIELDS: { [K in Exclude<keyof AccountRecord, 'privateKey' | 'publicKey' | 'keyType'>]-?: Check } = {
  id, directoryUrl: id, url: id, thumbprint: str, contact: strs, status: str, createdAt: str,
};

const CERTIFICATE_FIELDS: { [K in Exclude<keyof CertificateRecord, 'privateKey'>]-?: Check } = {
  id, accountId: str, issuanceId: str, directoryUrl: id, names: strs, chainPem: id, alternates: strs,
  issuer: str, serialHex: id, notBefore: str, notAfter: str, createdAt: str,
  profile: optional(str),
  keyType: optional((v) => (KEY_TYPES as readonly unknown[]).includes(v)),
  status: optional((v) => v === 'revoked' || v === 'replaced'),
  replacedBy: optional(str),
  replaces: optional(str),
  revokedAt: optional(str),
  revokedReason: optional((v) => Number.isInteger(v)),
  ari: optional((v) => isObject(v) && [v.start, v.end, v.checkedAt, v.nextCheck].every(str) && optional(str)(v.explanationURL)),
};

export async function unpackBackup(plain: Uint8Array): Promise<{ accounts: AccountRecord[]; certificates: CertificateRecord[] }> {
  let contents: unknown;
  try {
    contents = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain));
  } catch (cause) {
    throw damaged('its contents are not readable', cause);
  }
  if (!isObject(contents) || contents.kind !== KIND) throw damaged('its contents are not those of a certpage backup');
  if (typeof contents.version === 'number' && contents.version > VERSION) {
    throw new CryptoInputError(
      'backup-newer',
      'This backup was made by a newer version of certpage. Open it with the current version of the page (reload it), then restore again.',
    );
  }
  if (contents.version !== VERSION || !Array.isArray(contents.accounts) || !Array.isArray(contents.certificates)) {
    throw damaged('its list of accounts or certificates is missing');
  }
  const accounts = await Promise.all(contents.accounts.map((entry: unknown, i) => readAccount(entry, `account ${i + 1}`)));
  const certificates = await Promise.all(contents.certificates.map((entry: unknown, i) => readCertificate(entry, `certificate ${i + 1}`)));
  return { accounts, certificates };
}

async function readAccount(entry: unknown, what: string): Promise<AccountRecord> {
  const plain = pick(entry, ACCOUNT_FIELDS, what) as Omit<AccountRecord, 'privateKey' | 'publicKey' | 'keyType'>;
  const keys = await importKey((entry as Json).privateKeyJwk, what);
  return { ...plain, privateKey: keys.privateKey, publicKey: keys.publicKey, keyType: keyTypeOf(keys.privateKey) };
}

async function readCertificate(entry: unknown, what: string): Promise<CertificateRecord> {
  const plain = pick(entry, CERTIFICATE_FIELDS, what) as Omit<CertificateRecord, 'privateKey'>;
  const jwk = (entry as Json).privateKeyJwk;
  if (jwk === undefined) return plain;
  const { privateKey } = await importKey(jwk, what);
  return { ...plain, privateKey, keyType: keyTypeOf(privateKey) };
}

function pick(entry: unknown, fields: { [name: string]: Check }, what: string): Json {
  if (!isObject(entry)) throw damaged(`${what} is not a record`);
  const out: Json = {};
  for (const [name, check] of Object.entries(fields)) {
    const value = entry[name];
    if (!check(value)) throw damaged(`${what} has no valid "${name}"`);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

async function importKey(jwk: unknown, what: string): Promise<CryptoKeyPair> {
  if (!isObject(jwk)) throw damaged(`${what} has no valid key`);
  try {
    // Extractable, so the restored keys can go into the next backup (and certificate keys into privkey.pem).
    return await importPrivateKey(jwk as JsonWebKey, { extractable: true });
  } catch (cause) {
    throw damaged(`the key of ${what} cannot be read`, cause);
  }
}

function damaged(why: string, cause?: unknown): CryptoInputError {
  return new CryptoInputError(
    'backup-damaged',
    `This backup opened with the passphrase, but ${why}, so nothing was restored. Use another copy of the backup, or make a new one in the browser that has the accounts.`,
    { cause },
  );
}
