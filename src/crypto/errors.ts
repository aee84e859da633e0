// One error class for everything a user can paste or upload wrongly.
// `code` is stable (tests and the UI branch on it); `message` says what
// happened and what to do next, in words a non-expert understands.

export type CryptoErrorCode =
  | 'b64-bad'
  | 'too-large'
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

/** "2.3 MB", "256 KB", "900 bytes": sizes in the words the size caps use (1 KB = 1024 bytes). */
export function sizeText(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${Math.floor(n / 1024)} KB`;
  return `${(Math.floor(n / (1024 * 1024 / 10)) / 10).toString()} MB`;
}

/** The error of every size cap: what the input is, the limit, and what to paste instead. */
export function tooLarge(size: number, limit: number, kind: string, next: string, noun = 'text'): CryptoInputError {
  const shown = sizeText(size) === sizeText(limit) ? `more than ${sizeText(limit)}` : sizeText(size);
  return new CryptoInputError('too-large', `This ${noun} is ${shown}; ${kind} is at most ${sizeText(limit)}. ${next}`);
}
