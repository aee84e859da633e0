// The IndexedDB schema: one typed DBSchema, every change an explicit numbered upgrade step.
import type { DBSchema } from 'idb';
import type { Authorization, Located, Order } from '../acme/types.ts';
import type { KeyType } from '../crypto/key-types.ts';

/** A problem as the page shows it; plain data so it can be stored. */
export interface ProblemInfo {
  what: string;
  next: string;
  /** The CA's own words, when it said something. */
  detail?: string;
  type?: string;
  identifier?: string;
  retryAfter?: string;
}

export interface AccountRecord {
  id: string;
  directoryUrl: string;
  url: string;
  /** Non-extractable unless the user imported or rolled it with an explicit export in mind. */
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  keyType: KeyType;
  thumbprint: string;
  contact: string[];
  status: string;
  createdAt: string;
}

export type ChallengeType = 'http-01' | 'dns-01';
export type CardState = 'waiting' | 'submitted' | 'valid' | 'invalid';

export interface CardRecord {
  choice: ChallengeType;
  state: CardState;
  error?: ProblemInfo;
}

export type CertKeyRecord =
  | { kind: 'generated'; keyType: KeyType; privateKey: CryptoKey; publicKey: CryptoKey }
  | { kind: 'csr'; csrPem: string };

export type IssuanceStage = 'challenges' | 'finalizing' | 'done' | 'failed';

export interface IssuanceRecord {
  id: string;
  accountId: string;
  directoryUrl: string;
  names: string[];
  profile?: string;
  key: CertKeyRecord;
  order: Located<Order>;
  authorizations: Located<Authorization>[];
  /** By authorization URL. */
  cards: Record<string, CardRecord>;
  stage: IssuanceStage;
  error?: ProblemInfo;
  certificateId?: string;
  /** Set when this issuance renews a stored certificate (its id). */
  renews?: string;
  /** How many authorizations the CA reused (already valid when the order was made): no challenge for those. */
  reusedAuthorizations?: number;
  createdAt: string;
  updatedAt: string;
}

export interface CertificateRecord {
  id: string;
  accountId: string;
  issuanceId: string;
  directoryUrl: string;
  names: string[];
  /** The CA profile the order asked for, if any (renewals ask for it again). */
  profile?: string;
  /** Leaf first, then issuers, as the CA sent it. */
  chainPem: string;
  alternates: string[];
  /** Only when the key was made in this page (extractable, for privkey.pem). */
  privateKey?: CryptoKey;
  keyType?: KeyType;
  issuer: string;
  serialHex: string;
  notBefore: string;
  notAfter: string;
  createdAt: string;
  /** Revoked here, or replaced by a renewal (the new certificate's id in `replacedBy`). */
  status?: 'revoked' | 'replaced';
  replacedBy?: string;
  /** The id of the certificate this one renewed. */
  replaces?: string;
  /** When it was revoked and why (RFC 5280 reason code). */
  revokedAt?: string;
  revokedReason?: number;
  /** The CA's last ARI answer (RFC 9773) and when to ask again; kept so the window shows offline too. */
  ari?: { start: string; end: string; explanationURL?: string; checkedAt: string; nextCheck: string };
}

export interface CertpageDB extends DBSchema {
  accounts: { key: string; value: AccountRecord; indexes: { 'by-directory': string } };
  issuances: { key: string; value: IssuanceRecord; indexes: { 'by-updated': string } };
  certificates: { key: string; value: CertificateRecord; indexes: { 'by-account': string } };
  settings: { key: string; value: unknown };
}

export const DB_NAME = 'certpage';
export const DB_VERSION = 1;
