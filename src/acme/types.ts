// ACME resources as the server sends them (RFC 8555 §7.1). Unknown fields are kept but not typed.

export type Status = 'pending' | 'ready' | 'processing' | 'valid' | 'invalid' | 'expired' | 'deactivated' | 'revoked';

export interface Identifier {
  type: 'dns' | 'ip';
  value: string;
}

export interface Problem {
  type?: string;
  detail?: string;
  status?: number;
  instance?: string;
  identifier?: Identifier;
  subproblems?: Problem[];
  algorithms?: string[];
}

export interface DirectoryMeta {
  termsOfService?: string;
  website?: string;
  caaIdentities?: string[];
  externalAccountRequired?: boolean;
  /** Profile name → human description (draft-aaron-acme-profiles). */
  profiles?: Record<string, string>;
}

export interface Directory {
  newNonce: string;
  newAccount: string;
  newOrder: string;
  revokeCert: string;
  keyChange: string;
  newAuthz?: string;
  renewalInfo?: string;
  meta?: DirectoryMeta;
}

export interface Account {
  status: 'valid' | 'deactivated' | 'revoked';
  contact?: string[];
  termsOfServiceAgreed?: boolean;
  orders?: string;
  externalAccountBinding?: unknown;
}

export interface Order {
  status: Status;
  expires?: string;
  identifiers: Identifier[];
  profile?: string;
  replaces?: string;
  notBefore?: string;
  notAfter?: string;
  error?: Problem;
  authorizations: string[];
  finalize: string;
  certificate?: string;
}

export interface Challenge {
  type: string;
  url: string;
  status: Status;
  token: string;
  validated?: string;
  error?: Problem;
}

export interface Authorization {
  identifier: Identifier;
  status: Status;
  expires?: string;
  challenges: Challenge[];
  wildcard?: boolean;
}

/** A resource together with the URL it lives at (from Location, or the URL it was fetched from). */
export interface Located<T> {
  url: string;
  data: T;
}

export type RevocationReason = 0 | 1 | 4 | 5;
export const REVOCATION_REASONS: Record<RevocationReason, string> = {
  0: 'unspecified',
  1: 'keyCompromise',
  4: 'superseded',
  5: 'cessationOfOperation',
};
