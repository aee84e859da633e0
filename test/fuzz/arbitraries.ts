// fast-check generators shared by the fuzz targets: random text and bytes, mutations of real seeds, and the
// hostile shapes issue 11 names (blank runs after -----BEGIN, many BEGIN lines, deep DER nesting, huge DER lengths,
// giant strings). Big inputs are made from small generated numbers, so generating them stays cheap.
import fc from 'fast-check';

export const bytes = (maxLength = 512): fc.Arbitrary<Uint8Array> => fc.uint8Array({ maxLength });

/** Text of any kind: ASCII, full Unicode, or the characters PEM and names are made of. */
export const anyText = (maxLength = 400): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength, unit: 'binary' }),
    fc.string({ maxLength }),
    fc.string({ maxLength, unit: fc.constantFrom(...'-BEGINEDCRTFAKY \t\r\n=:+/AZaz09,.;*@[]"\'<>'.split('')) }),
  );

/** A string made by repeating a generated piece many times (cheap to make, up to `max` characters). */
export const repeated = (piece: fc.Arbitrary<string>, max: number): fc.Arbitrary<string> =>
  fc.tuple(piece, fc.integer({ min: 1, max })).map(([p, n]) => (p === '' ? '' : p.repeat(Math.max(1, Math.floor(n / p.length)))));

type Edit = (s: string) => string;
const textEdit: fc.Arbitrary<Edit> = fc.oneof(
  fc.tuple(fc.nat(), fc.nat({ max: 64 })).map(([at, n]) => (s: string) => s.slice(0, at % (s.length + 1)) + s.slice((at % (s.length + 1)) + n)),
  fc.tuple(fc.nat(), anyText(40)).map(([at, ins]) => (s: string) => s.slice(0, at % (s.length + 1)) + ins + s.slice(at % (s.length + 1))),
  fc.tuple(fc.nat(), fc.nat({ max: 200 }), fc.integer({ min: 1, max: 2000 })).map(([at, len, times]) => (s: string) => {
    const from = at % (s.length + 1);
    return s.slice(0, from) + s.slice(from, from + len).repeat(times) + s.slice(from);
  }),
  fc.nat().map((at) => (s: string) => s.slice(0, at % (s.length + 1))),
);

/** A real seed text with a few cuts, insertions, duplicated runs and truncations. */
export const mutatedText = (seeds: readonly string[]): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom(...seeds), fc.array(textEdit, { maxLength: 6 })).map(([seed, edits]) => edits.reduce((s, e) => e(s), seed));

type ByteEdit = (b: Uint8Array) => Uint8Array;
const cat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const byteEdit: fc.Arbitrary<ByteEdit> = fc.oneof(
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })).map(([at, v]) => (b: Uint8Array) => {
    const out = b.slice();
    if (out.length) out[at % out.length] = v;
    return out;
  }),
  fc.tuple(fc.nat(), fc.constantFrom(0x00, 0x7f, 0x80, 0x81, 0x84, 0xff, 0xc0)).map(([at, v]) => (b: Uint8Array) => {
    const out = b.slice();
    if (out.length) out[at % out.length] = v;
    return out;
  }),
  fc.nat().map((at) => (b: Uint8Array) => b.slice(0, at % (b.length + 1))),
  fc.tuple(fc.nat(), bytes(32)).map(([at, ins]) => (b: Uint8Array) => cat(b.subarray(0, at % (b.length + 1)), ins, b.subarray(at % (b.length + 1)))),
  fc.tuple(fc.nat(), fc.nat({ max: 100 }), fc.integer({ min: 1, max: 300 })).map(([at, len, times]) => (b: Uint8Array) => {
    const from = at % (b.length + 1);
    const run = b.subarray(from, from + len);
    return cat(b.subarray(0, from), ...Array<Uint8Array>(times).fill(run), b.subarray(from));
  }),
);

/** A real seed with a few changed bytes, cuts, insertions and repeated runs. */
export const mutatedBytes = (seeds: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> =>
  fc.tuple(fc.constantFrom(...seeds), fc.array(byteEdit, { maxLength: 6 })).map(([seed, edits]) => edits.reduce((b, e) => e(b), seed));

// ------------------------------------------------------------------ PEM shapes

const blanks = fc.constantFrom(' ', '\t', ' \t', '\r', '\n', '  \r\n');

/** "-----BEGIN" and a long run of blanks (the cubic regex), sometimes followed by a label and dashes. */
export const beginBlanks: fc.Arbitrary<string> = fc
  .tuple(blanks, fc.integer({ min: 1, max: 200_000 }), fc.constantFrom('', 'CERTIFICATE', 'x', '-----', 'CERTIFICATE-----', '-'))
  .map(([b, n, tail]) => `-----BEGIN${b.repeat(Math.ceil(n / b.length))}${tail}`);

/** Thousands of BEGIN (or END) lines, with or without labels. */
export const manyMarkers: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('-----BEGIN CERTIFICATE-----\n', '-----BEGIN ', '-----END X-----', '-----BEGIN-----', '-----', '-----BEGIN A-----\n-----END B-----\n'), fc.integer({ min: 1, max: 40_000 }))
  .map(([m, n]) => m.repeat(n));

/** One PEM block around the given DER, with a label. */
export const pem = (label: string, der: Uint8Array): string => {
  const body = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
};

// ------------------------------------------------------------------ DER shapes

/** `depth` nested headers of one kind around a NULL: SEQUENCE (short, long or indefinite length), BIT STRING, OCTET STRING, [0]. */
export function nestedDer(depth: number, kind: 'seq-long' | 'seq-indefinite' | 'bit-string' | 'octet-string' | 'context'): Uint8Array {
  if (kind === 'seq-indefinite') {
    const out = new Uint8Array(depth * 4 + 2);
    for (let i = 0; i < depth; i++) out.set([0x30, 0x80], 2 * i);
    out.set([0x05, 0x00], depth * 2); // the NULL; then depth end-of-contents pairs (zeros)
    return out;
  }
  const tag = kind === 'seq-long' ? 0x30 : kind === 'bit-string' ? 0x03 : kind === 'octet-string' ? 0x04 : 0xa0;
  const extra = kind === 'bit-string' ? 1 : 0; // the unused-bits octet
  const header = 5 + extra;
  const out = new Uint8Array(depth * header + 2);
  out.set([0x05, 0x00], depth * header);
  for (let i = depth - 1; i >= 0; i--) {
    const len = out.length - (i * header + 5);
    out.set([tag, 0x83, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff, ...(extra ? [0] : [])], i * header);
  }
  return out;
}

export const deepDer: fc.Arbitrary<Uint8Array> = fc
  .tuple(fc.integer({ min: 1, max: 30_000 }), fc.constantFrom('seq-long', 'seq-indefinite', 'bit-string', 'octet-string', 'context') as fc.Arbitrary<Parameters<typeof nestedDer>[1]>)
  .map(([depth, kind]) => {
    const inner = nestedDer(depth, kind);
    // Inside an outer SEQUENCE, so byte-input paths take it for DER.
    return kind === 'seq-long' || kind === 'seq-indefinite' ? inner : cat(new Uint8Array([0x30, 0x83, inner.length >> 16, (inner.length >> 8) & 0xff, inner.length & 0xff]), inner);
  });

/** Headers that claim enormous lengths (up to 2^64), too many length octets, or a SEQUENCE of very many tiny elements. */
export const hugeLengthDer: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 8 }), bytes(16)).map(([count, rest]) => cat(new Uint8Array([0x30, 0x80 | count, ...Array<number>(count).fill(0xff)]), rest)),
  fc.tuple(fc.constantFrom(0x30, 0x02, 0x03, 0x04, 0x06, 0x0c, 0x17), fc.integer({ min: 0x80, max: 0xff }), bytes(16)).map(([tag, len, rest]) => cat(new Uint8Array([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, tag, len]), rest)),
  fc.tuple(fc.integer({ min: 1, max: 60_000 }), fc.constantFrom([0x05, 0x00], [0x02, 0x01, 0x00], [0x06, 0x01, 0x2a], [0x30, 0x00])).map(([n, el]) => {
    const body = new Uint8Array(n * el.length);
    for (let i = 0; i < n; i++) body.set(el, i * el.length);
    return cat(new Uint8Array([0x30, 0x83, body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff]), body);
  }),
  // Tag numbers in many octets (high-tag-number form that never ends).
  fc.integer({ min: 2, max: 50_000 }).map((n) => cat(new Uint8Array([0x30, 0x83, (n + 2) >> 16, ((n + 2) >> 8) & 0xff, (n + 2) & 0xff, 0x1f]), new Uint8Array(n + 1).fill(0xff))),
);

/** DER as bytes, or wrapped in a PEM block with one of the given labels. */
export const derInput = (labels: readonly string[], der: fc.Arbitrary<Uint8Array>): fc.Arbitrary<string | Uint8Array> =>
  fc.tuple(der, fc.constantFrom(...labels), fc.boolean()).map(([d, label, asPem]) => (asPem ? pem(label, d) : d));

/** Big strings around a parser's size cap: just under, at, and over it. */
export const aroundCap = (cap: number, fill: readonly string[] = [' ', 'A', '-', '\n']): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom(...fill), fc.integer({ min: -2, max: 2 })).map(([c, d]) => c.repeat(cap + d));
