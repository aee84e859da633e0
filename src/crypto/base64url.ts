// Byte helpers shared by the whole app. Written by hand (no Buffer, no
// atob/btoa) so they behave the same in Node and browsers and reject bad
// input instead of silently skipping it.

import { CryptoInputError } from './errors.ts';
import { msg, str } from '../words/words.ts';

/** Bytes that WebCrypto accepts as a BufferSource (TS 5.7+ typed-array generics). */
export type Bytes = Uint8Array<ArrayBuffer>;

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function lookup(alphabet: string): Int16Array {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
}
const STD_LOOKUP = lookup(STD);
const URL_LOOKUP = lookup(URL_SAFE);

export function utf8(text: string): Bytes {
  return new Uint8Array(new TextEncoder().encode(text));
}

export function concatBytes(...parts: Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function toHex(bytes: Uint8Array | ArrayBuffer, sep = ''): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join(sep);
}

function encode(bytes: Uint8Array, alphabet: string, pad: boolean): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + alphabet[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + (pad ? '==' : '');
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + (pad ? '=' : '');
  }
  return out;
}

/** `what` is the encoding's name (base64, base64url), the same in every language. */
function decode(text: string, table: Int16Array, what: 'base64' | 'base64url', padded: boolean): Bytes {
  // base64url: trailing '=' padding is accepted (and checked) so pasted values with
  // or without it both work. Standard base64 (PEM) must be padded, which also
  // catches most copies that lost a few characters.
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61 /* = */) end--;
  const padding = text.length - end;
  if (padding > 2 || (padding > 0 && text.length % 4 !== 0) || end % 4 === 1 || (padded && text.length % 4 !== 0)) {
    throw new CryptoInputError('b64-bad', msg(str`This ${what} text has the wrong length, so part of it is probably missing. Copy the whole value again.`));
  }
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let bits = 0;
  let acc = 0;
  let at = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? table[c]! : -1;
    if (v < 0) {
      throw new CryptoInputError(
        'b64-bad',
        msg(str`This ${what} text contains a character that does not belong there (${JSON.stringify(text[i])} at position ${i + 1}). Copy the value again without extra characters.`),
      );
    }
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** Unpadded base64url (RFC 4648 §5), as used by JWS/ACME. Strings are UTF-8 encoded first. */
export function b64uEncode(data: Uint8Array | ArrayBuffer | string): string {
  return encode(typeof data === 'string' ? utf8(data) : new Uint8Array(data), URL_SAFE, false);
}

export function b64uDecode(text: string): Bytes {
  return decode(text, URL_LOOKUP, 'base64url', false);
}

/** Standard base64 with padding, as used inside PEM. */
export function b64Encode(bytes: Uint8Array | ArrayBuffer): string {
  return encode(new Uint8Array(bytes), STD, true);
}

export function b64Decode(text: string): Bytes {
  return decode(text, STD_LOOKUP, 'base64', true);
}
