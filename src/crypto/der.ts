// Just enough DER to look inside private keys and wrap PKCS#1/SEC1 keys into
// PKCS#8, so keys.ts does not need asn1js (which would pull it into the first
// load). Certificates and CSRs go through pkijs instead.
// i18n-exempt-file: its faults are parse causes, carried as the cause of a worded error (keys.ts), never shown

import { concatBytes, type Bytes } from './base64url.ts';

export interface Tlv {
  tag: number;
  /** The whole element, header included. */
  raw: Bytes;
  /** The content octets. */
  value: Bytes;
}

export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DerError';
  }
}

/** Reads the element at `at`; only single-byte tags, which is all keys use. */
export function readTlv(buf: Bytes, at = 0): Tlv {
  const tag = buf[at];
  let len = buf[at + 1];
  if (tag === undefined || len === undefined) throw new DerError('unexpected end of data');
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte tags are not supported');
  let start = at + 2;
  if (len & 0x80) {
    const count = len & 0x7f;
    if (count === 0 || count > 4) throw new DerError('unsupported length');
    len = 0;
    for (let i = 0; i < count; i++) {
      const b = buf[start + i];
      if (b === undefined) throw new DerError('unexpected end of data');
      len = len * 256 + b;
    }
    start += count;
  }
  const end = start + len;
  if (end > buf.length) throw new DerError('element runs past the end of the data');
  return { tag, raw: buf.subarray(at, end), value: buf.subarray(start, end) };
}

/** The elements inside a constructed element (e.g. a SEQUENCE). */
export function children(parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = 0; at < parent.value.length; ) {
    const t = readTlv(parent.value, at);
    out.push(t);
    at += t.raw.length;
  }
  return out;
}

/**
 * A cheap walk over DER before it goes to asn1js/pkijs, which build several objects per element (thousands of
 * tiny elements cost them hundreds of milliseconds) and recurse into nesting. Counts elements and nesting of the
 * constructed elements, without recursion; throws DerError past the limits, for indefinite lengths (not DER) and
 * for anything that does not add up to exactly the input. The contents of primitive elements are not looked into.
 */
export function checkDerShape(buf: Bytes, limits: { maxElements: number; maxDepth: number }): void {
  if (readTlv(buf).raw.length !== buf.length) throw new DerError('extra bytes after the DER structure');
  const ends: number[] = []; // where each open constructed element ends
  let elements = 0;
  for (let at = 0; at < buf.length; ) {
    while (ends.length && at === ends[ends.length - 1]) ends.pop();
    if (buf[at + 1] === 0x80) throw new DerError('indefinite length (BER, not DER)');
    const t = readTlv(buf, at);
    if (ends.length && at + t.raw.length > ends[ends.length - 1]!) throw new DerError('an element runs past its parent');
    if (++elements > limits.maxElements) throw new DerError(`more than ${limits.maxElements} elements`);
    if (t.tag & 0x20) {
      if (ends.length >= limits.maxDepth) throw new DerError(`nested more than ${limits.maxDepth} levels deep`);
      ends.push(at + t.raw.length);
      at += t.raw.length - t.value.length; // on into its contents
    } else {
      at += t.raw.length;
    }
  }
}

export function expectTag(t: Tlv | undefined, tag: number, what: string): Tlv {
  if (!t || t.tag !== tag) throw new DerError(`expected ${what}`);
  return t;
}

export function oidToString(value: Uint8Array): string {
  const parts: number[] = [];
  let n = 0;
  for (const b of value) {
    n = n * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      if (parts.length === 0) parts.push(n < 80 ? Math.floor(n / 40) : 2, n < 80 ? n % 40 : n - 80);
      else parts.push(n);
      n = 0;
    }
  }
  return parts.join('.');
}

export function oidToDer(oid: string): Bytes {
  const nums = oid.split('.').map(Number);
  const first = nums[0] ?? 0;
  const second = nums[1] ?? 0;
  const bytes: number[] = [];
  for (const n of [first * 40 + second, ...nums.slice(2)]) {
    const chunk = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return encodeTlv(0x06, new Uint8Array(bytes));
}

export function encodeTlv(tag: number, ...content: Uint8Array[]): Bytes {
  const body = concatBytes(...content);
  const n = body.length;
  let header: number[];
  if (n < 0x80) header = [tag, n];
  else if (n < 0x100) header = [tag, 0x81, n];
  else if (n < 0x10000) header = [tag, 0x82, n >> 8, n & 0xff];
  else header = [tag, 0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return concatBytes(new Uint8Array(header), body);
}

export const TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  SEQUENCE: 0x30,
  CONTEXT_0: 0xa0,
  CONTEXT_1: 0xa1,
} as const;
