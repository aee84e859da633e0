// Telling DNS names from IP addresses (RFC 8738), and converting IPs between
// text and the octets used in a certificate's iPAddress SAN. No pkijs here.

import type { Bytes } from './base64url.ts';

/** "*.example.com" is a wildcard name; its base is "example.com". The one place this is decided. */
export function isWildcard(name: string): boolean {
  return name.startsWith('*.');
}

/** "*.example.com" → "example.com"; any other name is returned unchanged. */
export function wildcardBase(name: string): string {
  return isWildcard(name) ? name.slice(2) : name;
}

export function parseIPv4(text: string): Bytes | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    // No leading zeros: "010" means 8 to some parsers and 10 to others.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return undefined;
    out[i] = Number(p);
  }
  return out;
}

export function parseIPv6(text: string): Bytes | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(text)) return undefined; // also rejects zone ids ("%eth0")
  // A trailing dotted quad (e.g. ::ffff:192.0.2.1) stands for the last two groups.
  let s = text;
  if (s.includes('.')) {
    const colon = s.lastIndexOf(':');
    const v4 = colon < 0 ? undefined : parseIPv4(s.slice(colon + 1));
    if (!v4) return undefined;
    s = `${s.slice(0, colon + 1)}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const words = halves.map((h) => (h === '' ? [] : h.split(':')));
  if (!words.every((list) => list.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g)))) return undefined;
  const head = words[0]!;
  const tail = words[1] ?? [];
  const gap = 8 - head.length - tail.length;
  if (halves.length === 2 ? gap < 1 : gap !== 0) return undefined;
  const all = [...head, ...new Array<string>(halves.length === 2 ? gap : 0).fill('0'), ...tail];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    const w = parseInt(g, 16);
    out[2 * i] = w >> 8;
    out[2 * i + 1] = w & 0xff;
  });
  return out;
}

/** 4 or 16 octets for an IP literal (brackets allowed around IPv6), otherwise undefined. */
export function parseIp(text: string): Bytes | undefined {
  const t = text.trim();
  if (t.startsWith('[') && t.endsWith(']')) return parseIPv6(t.slice(1, -1));
  return t.includes(':') ? parseIPv6(t) : parseIPv4(t);
}

export function isIpAddress(text: string): boolean {
  return parseIp(text) !== undefined;
}

/** Canonical text: dotted quad, or RFC 5952 IPv6 (lowercase, longest zero run as "::"). */
export function formatIp(octets: Uint8Array): string {
  if (octets.length === 4) return Array.from(octets).join('.');
  // i18n-exempt: a bug in our code, never a visitor's input
  if (octets.length !== 16) throw new RangeError(`an IP address has 4 or 16 octets, not ${octets.length}`);
  const words = Array.from({ length: 8 }, (_, i) => (octets[2 * i]! << 8) | octets[2 * i + 1]!);
  // RFC 5952 §5: IPv4-mapped addresses keep the dotted quad.
  if (words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff) {
    return `::ffff:${Array.from(octets.subarray(12)).join('.')}`;
  }
  let best = -1;
  let bestLen = 1; // a single zero group is not compressed (RFC 5952 §4.2.2)
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/**
 * A syntactically plausible DNS name (optionally "*." wildcard), ASCII only.
 * The CA does the real policy checks; this catches typos and pasted URLs.
 */
export function isDnsName(text: string): boolean {
  if (text.length === 0 || text.length > 253) return false;
  const labels = wildcardBase(text).split('.');
  // An all-digit last label is never a real TLD, and would be a mistyped IP address.
  if (/^[0-9]+$/.test(labels[labels.length - 1] ?? '')) return false;
  return labels.every((l) => /^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/.test(l));
}
