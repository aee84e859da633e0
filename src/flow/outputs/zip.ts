// A ZIP file without compression ("stored"), written by hand: a certificate's files are a few kB of PEM and DER that
// barely compress, and this is ~80 lines where a library would add a deflate implementation the page never needs.
// Layout (PKWARE APPNOTE 6.3.10): per file a local header and its bytes, then the central directory, then its end
// record. No ZIP64: the sizes here are far below its 4 GB / 65,535-file limits, and larger input is refused.
import { msg, str } from '@lit/localize';

export interface ZipEntry {
  /** A plain file name (no folders), ASCII or UTF-8. */
  name: string;
  data: Uint8Array;
}

let table: Uint32Array | undefined;

/** CRC-32 (IEEE 802.3, the polynomial ZIP and gzip use), table-driven. */
export function crc32(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of bytes) crc = (table[(crc ^ b) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** MS-DOS time and date (2-second steps, years 1980–2107), from the UTC fields so the same input makes the same file. */
function dosTime(when: Date): { time: number; date: number } {
  const year = Math.min(Math.max(when.getUTCFullYear(), 1980), 2107);
  return {
    time: (when.getUTCHours() << 11) | (when.getUTCMinutes() << 5) | (when.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((when.getUTCMonth() + 1) << 5) | when.getUTCDate(),
  };
}

const UTF8_NAMES = 0x0800; // general purpose flag bit 11: file names are UTF-8
const MAX = 0xffffffff;

/** The ZIP file holding `entries` in their order, each dated `when`. */
export function zipStore(entries: readonly ZipEntry[], when: Date = new Date()): Uint8Array {
  if (entries.length > 0xffff) throw new Error(msg(str`A ZIP file without ZIP64 holds at most 65,535 files, not ${entries.length}.`));
  const { time, date } = dosTime(when);
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = encoder.encode(entry.name);
    const size = entry.data.length;
    if (size > MAX || offset > MAX) throw new Error(msg('These files are too large for a ZIP file without ZIP64.'));
    const crc = crc32(entry.data);
    const local = new Uint8Array(30 + name.length);
    const l = new DataView(local.buffer);
    l.setUint32(0, 0x04034b50, true); // local file header signature
    l.setUint16(4, 10, true); // version needed: 1.0 (stored)
    l.setUint16(6, UTF8_NAMES, true);
    l.setUint16(8, 0, true); // method 0: stored
    l.setUint16(10, time, true);
    l.setUint16(12, date, true);
    l.setUint32(14, crc, true);
    l.setUint32(18, size, true); // compressed size
    l.setUint32(22, size, true); // uncompressed size
    l.setUint16(26, name.length, true);
    l.setUint16(28, 0, true); // extra field length
    local.set(name, 30);

    const head = new Uint8Array(46 + name.length);
    const c = new DataView(head.buffer);
    c.setUint32(0, 0x02014b50, true); // central directory header signature
    c.setUint16(4, 20, true); // version made by: 2.0, MS-DOS attributes
    c.setUint16(6, 10, true);
    c.setUint16(8, UTF8_NAMES, true);
    c.setUint16(10, 0, true);
    c.setUint16(12, time, true);
    c.setUint16(14, date, true);
    c.setUint32(16, crc, true);
    c.setUint32(20, size, true);
    c.setUint32(24, size, true);
    c.setUint16(28, name.length, true);
    // 30: extra length, 32: comment length, 34: disk, 36: internal attributes, 38: external attributes (all 0)
    c.setUint32(42, offset, true); // where the local header starts
    head.set(name, 46);

    parts.push(local, entry.data);
    central.push(head);
    offset += local.length + size;
  }
  const centralSize = central.reduce((n, h) => n + h.length, 0);
  if (offset + centralSize > MAX) throw new Error(msg('These files are too large for a ZIP file without ZIP64.'));
  const end = new Uint8Array(22);
  const e = new DataView(end.buffer);
  e.setUint32(0, 0x06054b50, true); // end of central directory signature
  e.setUint16(8, entries.length, true); // entries on this disk
  e.setUint16(10, entries.length, true); // entries in total
  e.setUint32(12, centralSize, true);
  e.setUint32(16, offset, true); // where the central directory starts
  const out = new Uint8Array(offset + centralSize + end.length);
  let at = 0;
  for (const p of [...parts, ...central, end]) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
