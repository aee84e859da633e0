// The "Domain names" box: split what the user typed into names, normalise the harmless differences
// (case, one trailing dot, Unicode → punycode) and explain everything else in words they can act on.
// Policy (private addresses, blocked names) is left to the CA; this only catches what no CA would take.
import { msg, str } from '@lit/localize';
import { tooLarge } from '../../crypto/errors.ts';
import { formatIp, parseIp } from '../../crypto/identifiers.ts';

export interface NameEntry {
  /** The piece of text as the user typed it. */
  input: string;
  /** What goes to the CA: lower-case ASCII (xn-- for Unicode), or an IP address in canonical form. */
  name: string;
  /** What to show: the Unicode form the user typed if it differs from `name`, otherwise `name`. */
  display: string;
  type: 'dns' | 'ip';
  wildcard: boolean;
}

export interface NameProblem {
  input: string;
  message: string;
}

export interface ParsedNames {
  entries: NameEntry[];
  problems: NameProblem[];
}

export const MAX_NAMES = 100; // Let's Encrypt's limit per certificate

/** The most text the names box takes: 100 names of the longest kind (253 characters) fit in 26 KB. */
export const NAMES_MAX_CHARS = 64 * 1024;

// One piece longer than this cannot be a name (at most 253 characters; the Unicode form is no longer than its
// xn-- form): it is refused before the shape checks, whose regular expressions would be slow on it.
const PIECE_MAX_CHARS = 512;

// Whitespace (any kind), commas and semicolons, including the full-width ones CJK keyboards type.
const SEPARATORS = /[\s,;\uff0c\uff1b\u3001]+/u;
// Dots that the URL parser (UTS #46) also treats as label separators.
const WIDE_DOTS = /[\u3002\uff0e\uff61]/g;
const QUOTES = /["'`\u2018\u2019\u201a\u201c\u201d\u201e\u00ab\u00bb]/;


/** Throws CryptoInputError (code too-large) for text over NAMES_MAX_CHARS; everything else is a result. */
export function parseNames(text: string): ParsedNames {
  if (text.length > NAMES_MAX_CHARS) {
    // i18n-exempt: picks the size sentence; not shown
    throw tooLarge(text.length, NAMES_MAX_CHARS, 'the list of names', msg(str`Enter at most ${MAX_NAMES} names, separated by spaces or new lines.`));
  }
  const entries: NameEntry[] = [];
  const problems: NameProblem[] = [];
  const firstInput = new Map<string, string>(); // "dns:example.com" → the input that named it first
  const reported = new Set<string>();
  const leftOut: string[] = [];

  const report = (input: string, message: string): void => {
    const key = `${input}\n${message}`;
    if (reported.has(key)) return; // the same typo pasted twice needs one message
    reported.add(key);
    problems.push({ input, message });
  };

  for (const input of text.split(SEPARATORS)) {
    if (input === '') continue;
    const result = parseOne(input);
    if (typeof result === 'string') {
      report(input, result);
      continue;
    }
    const key = `${result.type}:${result.name}`;
    const first = firstInput.get(key);
    if (first !== undefined) {
      report(input, first === input ? msg('Listed twice; it is kept once.') : msg(str`Listed twice: it is the same name as “${first}”; it is kept once.`));
      continue;
    }
    firstInput.set(key, input);
    if (entries.length < MAX_NAMES) entries.push(result);
    else leftOut.push(input);
  }

  // One message for the overflow, not one per extra name: the fix is the same for all of them.
  const firstLeftOut = leftOut[0];
  if (firstLeftOut !== undefined) {
    const rest = leftOut.length - 1;
    const given = MAX_NAMES + leftOut.length;
    problems.push({
      input: firstLeftOut,
      message: rest > 0
        ? msg(str`Too many names: ${given} given, but one certificate can hold at most ${MAX_NAMES}. This name and the ${rest} after it are left out; put them on a second certificate.`)
        : msg(str`Too many names: ${given} given, but one certificate can hold at most ${MAX_NAMES}. This name is left out; put them on a second certificate.`),
    });
  }
  return { entries, problems };
}

/** One piece of input → an entry, or the message explaining why it cannot be one. */
function parseOne(input: string): NameEntry | string {
  if (QUOTES.test(input)) {
    const bare = input.replace(new RegExp(QUOTES.source, 'g'), '');
    return bare ? msg(str`Remove the quotes: ${bare}`) : msg('Remove the quotes.');
  }
  const url = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^/?#:]*)/i.exec(input);
  if (url) {
    const host = (url[2] ?? '').toLowerCase();
    const scheme = (url[1] ?? '').toLowerCase();
    return host ? msg(str`Enter just the name, without ${scheme}:// or a path: ${host}`) : msg(str`Enter just the name, without ${scheme}:// or a path.`);
  }
  if (input.length > PIECE_MAX_CHARS) return msg(str`This is ${input.length} characters long; a name can have at most 253.`);
  const mail = /^[^@]+@([^@]+\.[^@]+)$/.exec(input);
  if (mail) return msg(str`This looks like an e-mail address. Enter a domain name instead, such as ${(mail[1] ?? '').toLowerCase()}.`);

  let text = input.replace(WIDE_DOTS, '.').toLowerCase();
  if (text.endsWith('.')) text = text.slice(0, -1);

  const bracketed = /^\[([^\]]*)\](?::([0-9]+))?$/.exec(text);
  if (bracketed) {
    const ip = parseIp(`[${bracketed[1] ?? ''}]`);
    if (!ip) return msg('Not a valid IPv6 address; check for a typo.');
    if (bracketed[2] !== undefined) return msg(str`Enter just the address, without the port (a certificate covers every port): ${formatIp(ip)}`);
    return ipEntry(input, ip);
  }
  const ip = parseIp(text);
  if (ip) return ipEntry(input, ip);

  const cut = text.search(/[/?#]/);
  if (cut >= 0) return cut > 0 ? msg(str`Enter just the name, without a path: ${text.slice(0, cut)}`) : msg('Enter just the name, without a path.');
  const port = /^([^:]+):([0-9]{1,5})$/.exec(text);
  if (port) return msg(str`Enter just the name, without the port (a certificate covers every port): ${port[1] ?? ''}`);
  if (text.includes(':')) {
    return /^[0-9a-f:.]+(%.*)?$/.test(text) ? msg('Not a valid IPv6 address; check for a typo.') : badCharacters(text);
  }
  return dnsEntry(input, text);
}

function ipEntry(input: string, octets: Uint8Array): NameEntry {
  const name = formatIp(octets);
  return { input, name, display: name, type: 'ip', wildcard: false };
}

function dnsEntry(input: string, text: string): NameEntry | string {
  if (text === '') return msg('This is not a name.');
  if (text === '*') return msg('A * alone is not a name. For a wildcard certificate, enter *.example.com.');

  const labels = text.split('.');
  const wildcard = labels[0] === '*';
  const rest = wildcard ? labels.slice(1) : labels;
  if (rest[0] === '*') {
    const start = labels.findIndex((l) => l !== '*');
    const base = start < 0 ? 'example.com' : labels.slice(start).join('.'); // i18n-exempt: an example domain
    return msg(str`Only one wildcard level is allowed: *.${base} covers the names one level below ${base}.`);
  }
  const starred = rest.find((l) => l.includes('*'));
  if (starred === '*') return msg('The * must be the leftmost part, like *.example.com.');
  if (starred !== undefined) return msg(str`A wildcard must be a whole part on the left, like *.example.com; “${starred}” cannot be a wildcard.`);

  const shape = checkLabels(rest);
  if (shape) return shape;
  const last = rest[rest.length - 1] ?? '';
  if (/^[0-9]+$/.test(last)) {
    if (wildcard && parseIp(rest.join('.'))) return msg('A wildcard cannot cover IP addresses; enter the address itself.');
    if (rest.every((l) => /^[0-9]+$/.test(l))) return msg('Not a valid IPv4 address: four numbers from 0 to 255 without leading zeros, such as 192.0.2.1.');
    return msg(str`The last part “${last}” is a number, so this is neither a domain name nor an IP address; check for a typo.`);
  }
  if (rest.length === 1) {
    if (wildcard) return msg('A wildcard needs a domain under it, such as *.example.com.');
    return msg(str`A public CA only issues for names under a public domain, such as example.com; enter the full name (for example ${text}.example.com).`);
  }

  const unicode = /[^\x00-\x7f]/.test(text);
  let ascii = rest.join('.');
  if (unicode) {
    // The WHATWG URL parser does IDNA (UTS #46) the same way in Node and in browsers.
    try {
      ascii = new URL(`http://${ascii}/`).hostname;
    } catch {
      return msg('This name has characters that cannot be in a domain name; check for a typo.');
    }
    const again = checkLabels(ascii.split('.'));
    if (again) return again;
    if (parseIp(ascii) || /^[0-9]+$/.test(ascii.split('.').pop() ?? '')) return msg(str`Type this with ordinary digits and dots: ${ascii}`);
  }
  const name = wildcard ? `*.${ascii}` : ascii;
  for (const label of ascii.split('.')) {
    if (label.length > 63) return msg(str`The part “${label.slice(0, 20)}…” is ${label.length} characters long; a part between dots can have at most 63.`);
    if (/^..--/.test(label) && !label.startsWith('xn--')) {
      return msg(str`The part “${label}” has “--” in the third and fourth places, which is reserved for internationalised names (xn--).`);
    }
    if (label.startsWith('xn--') && !unicode && !isPunycodeLabel(label)) return msg(str`The part “${label}” is not valid punycode; check for a typo.`);
  }
  if (name.length > 253) return msg(str`This name is ${name.length} characters long; a name can have at most 253.`);
  return { input, name, display: unicode ? text : name, type: 'dns', wildcard };
}

/** The first problem with empty parts, characters or hyphens, or undefined. Non-ASCII is left to IDNA. */
function checkLabels(labels: string[]): string | undefined {
  if (labels.some((l) => l === '')) return msg('Two dots in a row (or a dot at the start) leave an empty part; check for a typo.');
  const bad = labels.join('.');
  if (/[^a-z0-9.\-\u0080-\u{10ffff}]/u.test(bad)) return badCharacters(bad);
  const hyphen = labels.find((l) => l.startsWith('-') || l.endsWith('-'));
  if (hyphen !== undefined) {
    return hyphen.startsWith('-')
      ? msg(str`The part “${hyphen}” starts with a hyphen; a part between dots cannot start or end with one.`)
      : msg(str`The part “${hyphen}” ends with a hyphen; a part between dots cannot start or end with one.`);
  }
  return undefined;
}

function badCharacters(text: string): string {
  if (text.includes('_')) return msg('Underscores (_) are not allowed in names on a certificate; public CAs refuse them.');
  const chars = [...new Set(text.match(/[^a-z0-9.\-\u0080-\u{10ffff}]/gu) ?? [])];
  const shown = chars.map((c) => (c === ' ' ? msg('space') : `“${c}”`)).join(', ');
  return msg(str`${shown} cannot be in a name: use only letters, digits, hyphens (-) and dots.`);
}

function isPunycodeLabel(label: string): boolean {
  // ".invalid" keeps the URL parser from reading the name as an IPv4 number.
  try {
    new URL(`http://${label}.invalid/`);
    return true;
  } catch {
    return false;
  }
}

/** parseNames for a text box: text over the size limit becomes one problem to show, never an exception. */
export function parseNamesBox(text: string): ParsedNames {
  try {
    return parseNames(text);
  } catch (err) {
    return { entries: [], problems: [{ input: '', message: err instanceof Error ? err.message : String(err) }] };
  }
}
