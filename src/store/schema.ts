// The IndexedDB schema: one typed DBSchema, every change an explicit numbered upgrade step (db.ts).
import type { DBSchema } from 'idb';
import type { Authorization, Identifier, Located, Order, Problem } from '../acme/types.ts';
import type { KeyType } from '../crypto/key-types.ts';

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

export type ChallengeType = 'http-01' | 'dns-01' | 'tls-alpn-01';
export type CardState = 'waiting' | 'submitted' | 'valid' | 'invalid';

/**
 * Why an issuance or a card ended badly, as data: the page words it when it shows it (flow/problems.ts), so the
 * record never holds sentences.
 */
export type StoredFailure =
  /** The CA's own problem document (an invalid challenge, order, or a refused request). */
  | { kind: 'ca'; problem: Problem; status: number }
  /** The issued certificate is not what was asked for (checked before it was stored). */
  | { kind: 'certificate'; reason: 'key' | 'names' | 'chain'; found: string; expected: string }
  /** An issuance left by an older version of the page. */
  | { kind: 'legacy'; text: string }
  | { kind: 'error'; message: string };

/** One authorization as the page shows it; computed once when the order is made, in the order the names were typed. */
export interface CardRecord {
  authzUrl: string;
  /** As the user typed it: "*.example.com" for a wildcard. */
  name: string;
  /** The authorization's identifier (a wildcard's base name). */
  identifier: Identifier;
  wildcard: boolean;
  offers: ChallengeType[];
  choice: ChallengeType;
  state: CardState;
  /** Already valid when the order was made (the CA reused an earlier validation). */
  reused: boolean;
  http01?: { url: string; fileName: string; body: string };
  dns01?: { name: string; value: string };
  /** TLS-ALPN-01 (RFC 8737): the validation certificate is made from this when the user asks for its files. */
  tlsAlpn01?: { keyAuthorization: string };
  failure?: StoredFailure;
  /** The page told the CA by itself, once every resolver saw this card's TXT record (the user's switch was on). */
  auto?: true;
}

export type CertKeyRecord =
  | { kind: 'generated'; keyType: KeyType; privateKey: CryptoKey; publicKey: CryptoKey }
  | { kind: 'csr'; csrPem: string }
  /** The key went to the certificate record (or was discarded): an ended issuance keeps none. */
  | { kind: 'none' };

export type IssuanceStage = 'challenges' | 'finalizing' | 'done' | 'failed';

/** One CSR of a pass over several (the user's own; the key stays on the machine that made it). */
export interface BatchItem {
  /** The CSR's names, in its order. */
  identifiers: Identifier[];
  csrPem: string;
}

/**
 * Several CSRs in one pass: their orders are placed one after another with the same account, each once the previous
 * one is done, so the CA reuses the authorizations the earlier orders made valid.
 */
export interface IssuanceBatch {
  /** Shared by every order of the pass. */
  id: string;
  /** This order's place in the pass (0 for the first) and how many CSRs the pass has. */
  index: number;
  total: number;
  /** The CSRs still to order after this one, in the order given. */
  queue: BatchItem[];
  /** The certificates the earlier orders of the pass issued, in order. */
  certificateIds: string[];
}

export interface IssuanceRecord {
  id: string;
  /** Bumped by every write; a write made from an older revision is refused (another tab wrote meanwhile). */
  revision: number;
  accountId: string;
  directoryUrl: string;
  /** What was asked for, in the order the user typed it (wildcards as "*.example.com"). */
  identifiers: Identifier[];
  profile?: string;
  key: CertKeyRecord;
  order: Located<Order>;
  authorizations: Located<Authorization>[];
  cards: CardRecord[];
  stage: IssuanceStage;
  failure?: StoredFailure;
  /** The chain as the CA sent it: written first, then checked, then stored as a certificate. */
  chain?: { pem: string; alternates: string[] };
  certificateId?: string;
  /** Set when this issuance renews a stored certificate (its id). */
  renews?: string;
  /** The ARI CertID sent as `replaces`, if any. */
  replaces?: string;
  /** Part of a pass over several CSRs. */
  batch?: IssuanceBatch;
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
  /**
   * The user's own CSR the certificate was made from (its key is on their server): renewal can send it again. A
   * certificate made from a CSR by an older certpage has neither this nor a key or key type.
   */
  csrPem?: string;
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

/** What the lists show of a certificate: its record without the chain and the key (catalogue.ts). */
export type CertificateSummary = Omit<CertificateRecord, 'chainPem' | 'alternates' | 'privateKey'> & {
  /** The key was made here and is kept with the certificate (privkey.pem, "keep the key" on renewal). */
  hasKey: boolean;
};

export interface CertpageDB extends DBSchema {
  accounts: { key: string; value: AccountRecord; indexes: { 'by-directory': string } };
  issuances: { key: string; value: IssuanceRecord; indexes: { 'by-updated': string } };
  certificates: { key: string; value: CertificateRecord; indexes: { 'by-account': string } };
  settings: { key: string; value: unknown };
  /** Derived from `certificates`, one value under the key 'certificates': JSON text (an array before; catalogue.ts). */
  catalogue: { key: string; value: string | CertificateSummary[] };
}

export type StoreName = 'accounts' | 'issuances' | 'certificates' | 'settings' | 'catalogue';

export { DB_NAME, DB_VERSION } from './version.ts';
