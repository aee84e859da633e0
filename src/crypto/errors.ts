// One error class for everything a user can paste or upload wrongly.
// `code` is stable (tests and the UI branch on it); `message` says what
// happened and what to do next, in words a non-expert understands, worded in the visitor's language (src/words)
// when the error is made.

import { msg, str } from '../words/words.ts';

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
  if (n < 1024) return msg(str`${n} bytes`, { desc: 'A size: "900 bytes"' });
  if (n < 1024 * 1024) return `${Math.floor(n / 1024)} KB`;
  return `${(Math.floor(n / (1024 * 1024 / 10)) / 10).toString()} MB`;
}

/**
 * Two or more whole sentences, each already in the visitor's language, as one text: with a space after a sentence
 * that ends in Latin punctuation, and none after one that ends in Chinese (or other full-width) punctuation.
 */
export function sentences(...parts: string[]): string {
  return parts.reduce((out, part) => (out === '' ? part : /[\u3000-\u303f\uff00-\uffef]$/.test(out) ? out + part : `${out} ${part}`), '');
}

/**
 * The error of every size cap: what the input is, the limit, and what to paste instead. `kind` names the cap (its
 * English words double as the key: each cap has its own whole sentence, for text and for a file where both occur).
 */
export function tooLarge(size: number, limit: number, kind: 'a PEM file', next: string, noun?: 'text' | 'file'): CryptoInputError;
export function tooLarge(size: number, limit: number, kind: 'a key file' | 'the list of names', next: string, noun?: 'text'): CryptoInputError;
export function tooLarge(size: number, limit: number, kind: 'a certpage backup', next: string, noun: 'file'): CryptoInputError;
export function tooLarge(size: number, limit: number, kind: string, next: string, noun: 'text' | 'file' = 'text'): CryptoInputError {
  return new CryptoInputError('too-large', sentences(sizeSentence(kind, noun, size, limit), next));
}

function sizeSentence(kind: string, noun: 'text' | 'file', size: number, limit: number): string {
  const max = sizeText(limit);
  // A size that rounds to the limit is said as "more than" the limit.
  const shown = sizeText(size);
  const over = shown === max;
  switch (`${kind}/${noun}`) {
    case 'a PEM file/text':
      return over ? msg(str`This text is more than ${max}; a PEM file is at most ${max}.`) : msg(str`This text is ${shown}; a PEM file is at most ${max}.`);
    case 'a PEM file/file':
      return over ? msg(str`This file is more than ${max}; a PEM file is at most ${max}.`) : msg(str`This file is ${shown}; a PEM file is at most ${max}.`);
    case 'a key file/text':
      return over ? msg(str`This text is more than ${max}; a key file is at most ${max}.`) : msg(str`This text is ${shown}; a key file is at most ${max}.`);
    case 'a certpage backup/file':
      return over ? msg(str`This file is more than ${max}; a certpage backup is at most ${max}.`) : msg(str`This file is ${shown}; a certpage backup is at most ${max}.`);
    case 'the list of names/text':
      return over ? msg(str`This text is more than ${max}; the list of names is at most ${max}.`) : msg(str`This text is ${shown}; the list of names is at most ${max}.`);
    default:
      // Only the pairs above type-check; anything else is a bug in the caller.
      // i18n-exempt: a bug in our code, never a visitor's input
      throw new TypeError(`tooLarge(): no sentence for ${kind}/${noun}`);
  }
}
