// One error class for everything a user can paste or upload wrongly.
// `code` is stable (tests and the UI branch on it); `message` says what
// happened and what to do next, in words a non-expert understands.

export type CryptoErrorCode =
  | 'b64-bad'
  | 'pem-not-pem'
  | 'pem-wrong-label'
  | 'pem-end-mismatch'
  | 'pem-bad-base64'
  | 'pem-truncated'
  | 'key-unsupported'
  | 'key-bad-format'
  | 'key-encrypted'
  | 'key-too-small'
  | 'key-not-extractable'
  | 'csr-bad'
  | 'csr-bad-name'
  | 'csr-bad-signature'
  | 'cert-bad'
  | 'tls-alpn-bad-name'
  | 'tls-alpn-bad-key-authorization'
  | 'pfx-no-password'
  | 'backup-not-backup'
  | 'backup-newer'
  | 'backup-damaged'
  | 'backup-wrong-passphrase'
  | 'backup-no-passphrase';

export class CryptoInputError extends Error {
  readonly code: CryptoErrorCode;

  constructor(code: CryptoErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CryptoInputError';
    this.code = code;
  }
}
