// DNS wire format (RFC 1035 §4, EDNS0 from RFC 6891), just enough for
// RFC 8484 look-ups of A, AAAA, CNAME, TXT and CAA. Written by hand: it is a
// few hundred lines, and a parser that faces bytes from the network should
// be one we can read end to end. Every read is bounds-checked so bad input
// ends in a DnsFormatError, never a RangeError or TypeError.

import { DnsFormatError } from './errors.ts';
import { msg, str } from '../words/words.ts';

export type RecordType = 'A' | 'AAAA' | 'CNAME' | 'TXT' | 'CAA';

export const TYPE_CODES: Readonly<Record<RecordType, number>> = { A: 1, AAAA: 28, CNAME: 5, TXT: 16, CAA: 257 };

const TYPE_NAMES = new Map<number, RecordType>(
  (Object.entries(TYPE_CODES) as [RecordType, number][]).map(([name, code]) => [code, name]),
);

const SOA = 6;
const OPT = 41;
const CLASS_IN = 1;
const EDNS_UDP_SIZE = 4096;

export type RcodeName = 'NOERROR' | 'FORMERR' | 'SERVFAIL' | 'NXDOMAIN' | 'NOTIMP' | 'REFUSED';
const RCODE_NAMES: readonly string[] = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED',
  'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE', 'DSOTYPENI'];
const EXTENDED_RCODE_NAMES = new Map<number, string>([[16, 'BADVERS'], [23, 'BADCOOKIE']]);

export interface CaaValue {
  flags: number;
  tag: string;
  value: string;
}

interface RecordBase {
  /** Owner name: lower-case, no trailing dot. */
  name: string;
  ttl: number;
}

export type DnsRecord =
  | (RecordBase & { type: 'A' | 'AAAA'; data: string })
  | (RecordBase & { type: 'CNAME'; data: string })
  | (RecordBase & { type: 'TXT'; data: string })
  | (RecordBase & { type: 'CAA'; data: CaaValue })
  | (RecordBase & { type: number; data: Uint8Array });

export interface DnsQuestion {
  name: string;
  type: RecordType | number;
}

export interface DnsMessage {
  id: number;
  rcode: number;
  rcodeName: RcodeName | (string & {});
  /** TC bit: the sender cut the answer short. */
  truncated: boolean;
  questions: DnsQuestion[];
  answers: DnsRecord[];
  /**
   * How long a resolver may cache "no such record" (RFC 2308 §5: the smaller of
   * the SOA record's TTL and its MINIMUM field), when the answer carries an SOA.
   */
  negativeTtl?: number;
}

export interface EncodeOptions {
  /** Add an EDNS0 OPT record (default true); off reproduces RFC 8484 §4.1.1's example. */
  edns?: boolean;
}

/** Names as the decoder writes them: lower-case, no trailing dot. */
export function normalName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** The numeric code of a record type. */
export function typeCode(type: RecordType): number {
  return TYPE_CODES[type];
}

/** A recursive query (RD=1) for one name and type, ready for RFC 8484. */
export function encodeQuery(name: string, type: RecordType, id = 0, options: EncodeOptions = {}): Uint8Array {
  const qname = encodeName(name);
  const edns = options.edns ?? true;
  const out = new Uint8Array(12 + qname.length + 4 + (edns ? 11 : 0));
  const view = new DataView(out.buffer);
  view.setUint16(0, id & 0xffff);
  view.setUint16(2, 0x0100); // RD
  view.setUint16(4, 1); // QDCOUNT
  view.setUint16(10, edns ? 1 : 0); // ARCOUNT
  out.set(qname, 12);
  let at = 12 + qname.length;
  view.setUint16(at, TYPE_CODES[type]);
  view.setUint16(at + 2, CLASS_IN);
  at += 4;
  if (edns) {
    // Root owner name, TYPE=OPT, CLASS=UDP payload size, TTL=0 (no DO bit), RDLENGTH=0.
    out[at] = 0;
    view.setUint16(at + 1, OPT);
    view.setUint16(at + 3, EDNS_UDP_SIZE);
  }
  return out;
}

/** Lower-cased labels in wire form. Only plain text names; no `\DDD` escapes. */
function encodeName(name: string): Uint8Array {
  const trimmed = name.endsWith('.') ? name.slice(0, -1) : name;
  if (trimmed === '') return new Uint8Array([0]);
  const labels = trimmed.toLowerCase().split('.');
  const parts: number[] = [];
  for (const label of labels) {
    if (label.length === 0) throw new DnsFormatError('bad-name', msg(str`"${name}" has an empty label (two dots in a row).`));
    if (label.length > 63) throw new DnsFormatError('label-too-long', msg(str`"${label}" in "${name}" is longer than 63 characters.`));
    parts.push(label.length);
    for (let i = 0; i < label.length; i++) {
      const c = label.charCodeAt(i);
      // Printable ASCII only: IDNs must arrive as punycode (xn--...).
      if (c <= 0x20 || c >= 0x7f) throw new DnsFormatError('bad-name', msg(str`"${name}" contains a character that cannot be sent in a DNS query; use the xn-- form for international names.`));
      parts.push(c);
    }
  }
  parts.push(0);
  if (parts.length > 255) throw new DnsFormatError('name-too-long', msg(str`"${name}" is longer than 255 octets.`));
  return new Uint8Array(parts);
}

// ------------------------------------------------------------------ decoding

const utf8 = new TextDecoder('utf-8');

/** Which part of the message was being read; worded only when it is cut short (these are read per field). */
type Part = 'name' | 'record' | 'header' | 'question' | 'soa' | 'opt';

function truncated(part: Part): DnsFormatError {
  const words = {
    name: () => msg('The DNS answer ends in the middle of a name.'),
    record: () => msg('The DNS answer ends in the middle of a record.'),
    header: () => msg('The DNS answer ends in the middle of the header.'),
    question: () => msg('The DNS answer ends in the middle of the question.'),
    soa: () => msg('The DNS answer ends in the middle of an SOA record.'),
    opt: () => msg('The DNS answer ends in the middle of an OPT record.'),
  } satisfies Record<Part, () => string>;
  return new DnsFormatError('truncated', words[part]());
}

function u8(bytes: Uint8Array, at: number, what: Part): number {
  const b = bytes[at];
  if (b === undefined) throw truncated(what);
  return b;
}

function u16(bytes: Uint8Array, at: number, what: Part): number {
  return (u8(bytes, at, what) << 8) | u8(bytes, at + 1, what);
}

function u32(bytes: Uint8Array, at: number, what: Part): number {
  return u16(bytes, at, what) * 0x10000 + u16(bytes, at + 2, what);
}

/** RFC 1035 §4.2.2 (TCP length prefix) and RFC 8484 §6: a DNS message is at most 65,535 bytes. */
export const DNS_MAX_MESSAGE_BYTES = 65_535;

// A name is at most 255 octets (RFC 1035 §3.1), so at most 127 labels; a real name needs no more pointers than
// that. The cap keeps every name to a bounded number of steps, so a hostile message of chained pointers costs
// time linear in its size instead of (size × chain length).
const MAX_POINTER_HOPS = 127;

/** Reads a possibly compressed name; `end` is where the bytes after it start. */
function readName(bytes: Uint8Array, start: number): { name: string; end: number } {
  const labels: string[] = [];
  const seen = new Set<number>();
  let at = start;
  let end = -1;
  let octets = 1; // the root label
  for (;;) {
    const len = u8(bytes, at, 'name');
    if (len === 0) {
      if (end < 0) end = at + 1;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      const target = ((len & 0x3f) << 8) | u8(bytes, at + 1, 'name');
      if (end < 0) end = at + 2;
      if (target >= bytes.length) {
        throw new DnsFormatError('pointer-out-of-range', msg(str`A name in the DNS answer points to offset ${target}, past the end of the ${bytes.length}-byte message.`));
      }
      // A real name never visits the same place twice; that is a loop.
      if (seen.has(target)) throw new DnsFormatError('pointer-loop', msg('A name in the DNS answer points back to itself (compression loop).'));
      if (seen.size >= MAX_POINTER_HOPS) {
        throw new DnsFormatError('pointer-chain', msg(str`A name in the DNS answer follows more than ${MAX_POINTER_HOPS} compression pointers; no real name needs that many.`));
      }
      seen.add(target);
      at = target;
      continue;
    }
    if (len & 0x80) throw new DnsFormatError('bad-label', msg(str`A name in the DNS answer uses an unknown label type (0x${len.toString(16)}).`));
    if (len > 63) throw new DnsFormatError('label-too-long', msg(str`A name in the DNS answer has a label of ${len} octets; the limit is 63.`));
    if (at + 1 + len > bytes.length) throw truncated('name');
    octets += len + 1;
    if (octets > 255) throw new DnsFormatError('name-too-long', msg('A name in the DNS answer is longer than 255 octets.'));
    labels.push(labelText(bytes.subarray(at + 1, at + 1 + len)));
    at += 1 + len;
  }
  return { name: labels.join('.'), end };
}

/** Presentation form of one label: lower-case, with `.`, `\` and unprintable bytes escaped. */
function labelText(label: Uint8Array): string {
  let out = '';
  for (const b of label) {
    if (b >= 0x41 && b <= 0x5a) out += String.fromCharCode(b + 0x20);
    else if (b === 0x2e || b === 0x5c) out += '\\' + String.fromCharCode(b);
    else if (b > 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += '\\' + b.toString().padStart(3, '0');
  }
  return out;
}

interface RawRecord {
  name: string;
  type: number;
  cls: number;
  ttl: number;
  rdata: number; // offset of the rdata
  rdlength: number;
}

function readRecord(bytes: Uint8Array, start: number): { rr: RawRecord; end: number } {
  const { name, end: at } = readName(bytes, start);
  const type = u16(bytes, at, 'record');
  const cls = u16(bytes, at + 2, 'record');
  const rawTtl = u32(bytes, at + 4, 'record');
  const rdlength = u16(bytes, at + 8, 'record');
  const rdata = at + 10;
  if (rdata + rdlength > bytes.length) {
    throw new DnsFormatError('rdata-overrun', msg(str`A record in the DNS answer claims ${rdlength} bytes of data, but the message ends before that.`));
  }
  // RFC 2181 §8: a TTL with the top bit set means zero.
  const ttl = rawTtl > 0x7fffffff ? 0 : rawTtl;
  return { rr: { name, type, cls, ttl, rdata, rdlength }, end: rdata + rdlength };
}

function badRdata(message: string): DnsFormatError {
  return new DnsFormatError('bad-rdata', message);
}

function decodeRecord(bytes: Uint8Array, rr: RawRecord): DnsRecord {
  const { name, ttl, rdata, rdlength } = rr;
  const rdEnd = rdata + rdlength;
  const type = TYPE_NAMES.get(rr.type);
  switch (type) {
    case 'A':
      if (rdlength !== 4) throw badRdata(msg(str`A ${'A'} record in the DNS answer is malformed: ${rdlength} bytes instead of ${4}.`));
      return { name, ttl, type, data: Array.from(bytes.subarray(rdata, rdEnd)).join('.') };
    case 'AAAA':
      if (rdlength !== 16) throw badRdata(msg(str`A ${'AAAA'} record in the DNS answer is malformed: ${rdlength} bytes instead of ${16}.`));
      return { name, ttl, type, data: ipv6Text(bytes.subarray(rdata, rdEnd)) };
    case 'CNAME': {
      const target = readName(bytes, rdata);
      if (target.end > rdEnd) throw badRdata(msg('A CNAME record in the DNS answer is malformed: the target name runs past the record.'));
      return { name, ttl, type, data: target.name };
    }
    case 'TXT': {
      // One RR may hold several character-strings; ACME (and Let's Encrypt)
      // read them as one value, concatenated.
      const parts: Uint8Array[] = [];
      let at = rdata;
      while (at < rdEnd) {
        const len = bytes[at]!;
        if (at + 1 + len > rdEnd) throw badRdata(msg('A TXT record in the DNS answer is malformed: a string runs past the record.'));
        parts.push(bytes.subarray(at + 1, at + 1 + len));
        at += 1 + len;
      }
      const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let off = 0;
      for (const p of parts) {
        joined.set(p, off);
        off += p.length;
      }
      return { name, ttl, type, data: utf8.decode(joined) };
    }
    case 'CAA': {
      if (rdlength < 2) throw badRdata(msg(str`A ${'CAA'} record in the DNS answer is malformed: too short.`));
      const flags = bytes[rdata]!;
      const tagLength = bytes[rdata + 1]!;
      if (tagLength === 0 || rdata + 2 + tagLength > rdEnd) throw badRdata(msg('A CAA record in the DNS answer is malformed: bad tag length.'));
      const tag = utf8.decode(bytes.subarray(rdata + 2, rdata + 2 + tagLength));
      const value = utf8.decode(bytes.subarray(rdata + 2 + tagLength, rdEnd));
      return { name, ttl, type, data: { flags, tag, value } };
    }
    default:
      return { name, ttl, type: rr.type, data: bytes.slice(rdata, rdEnd) };
  }
}

/** RFC 5952 text: lower-case, no leading zeros, the longest run of 2+ zero groups as `::`. */
export function ipv6Text(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  // §5: IPv4-mapped addresses keep the dotted tail.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${Array.from(bytes.subarray(12, 16)).join('.')}`;
  }
  let bestStart = -1;
  let bestLen = 1; // a single zero group is never shortened (§4.2.2)
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** Decodes a DNS response. Throws DnsFormatError on anything malformed. */
export function decodeResponse(bytes: Uint8Array): DnsMessage {
  if (bytes.length > DNS_MAX_MESSAGE_BYTES) {
    throw new DnsFormatError('too-long', msg(str`The DNS answer is ${bytes.length} bytes long; a DNS message is at most ${DNS_MAX_MESSAGE_BYTES} bytes.`));
  }
  if (bytes.length < 12) throw truncated('header');
  const id = u16(bytes, 0, 'header');
  const flags = u16(bytes, 2, 'header');
  if (!(flags & 0x8000)) throw new DnsFormatError('not-response', msg('The DNS message is a query, not an answer.'));
  const qdcount = u16(bytes, 4, 'header');
  const ancount = u16(bytes, 6, 'header');
  const nscount = u16(bytes, 8, 'header');
  const arcount = u16(bytes, 10, 'header');

  let at = 12;
  const questions: DnsQuestion[] = [];
  for (let i = 0; i < qdcount; i++) {
    const q = readName(bytes, at);
    const code = u16(bytes, q.end, 'question');
    u16(bytes, q.end + 2, 'question');
    questions.push({ name: q.name, type: TYPE_NAMES.get(code) ?? code });
    at = q.end + 4;
  }

  const answers: DnsRecord[] = [];
  for (let i = 0; i < ancount; i++) {
    const { rr, end } = readRecord(bytes, at);
    at = end;
    if (rr.cls === CLASS_IN) answers.push(decodeRecord(bytes, rr));
  }

  let negativeTtl: number | undefined;
  for (let i = 0; i < nscount; i++) {
    const { rr, end } = readRecord(bytes, at);
    at = end;
    if (rr.type === SOA) {
      const mname = readName(bytes, rr.rdata);
      const rname = readName(bytes, mname.end);
      if (rname.end + 20 > rr.rdata + rr.rdlength) throw badRdata(msg(str`A ${'SOA'} record in the DNS answer is malformed: too short.`));
      const minimum = u32(bytes, rname.end + 16, 'soa');
      negativeTtl = Math.min(rr.ttl, minimum);
    }
  }

  let rcode = flags & 0x0f;
  for (let i = 0; i < arcount; i++) {
    const { rr, end } = readRecord(bytes, at);
    at = end;
    // The OPT TTL carries the upper 8 bits of a 12-bit RCODE (RFC 6891 §6.1.3).
    // Read the raw field again: readRecord clamps "negative" TTLs to 0.
    if (rr.type === OPT) rcode |= u8(bytes, rr.rdata - 6, 'opt') << 4;
  }

  const message: DnsMessage = {
    id,
    rcode,
    rcodeName: RCODE_NAMES[rcode] ?? EXTENDED_RCODE_NAMES.get(rcode) ?? `RCODE${rcode}`,
    truncated: (flags & 0x0200) !== 0,
    questions,
    answers,
  };
  if (negativeTtl !== undefined) message.negativeTtl = negativeTtl;
  return message;
}
