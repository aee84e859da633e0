// PEM (RFC 7468) reading and writing. People paste PEM from e-mails, control
// panels and terminals, so reading is forgiving about line endings, indents
// and surrounding text, but strict about the parts that carry data.

import { b64Decode, b64Encode, b64uDecode, type Bytes } from './base64url.ts';
import { CryptoInputError, tooLarge } from './errors.ts';
import { msg, str } from '../words/words.ts';

export interface PemBlock {
  label: string;
  der: Bytes;
  /** RFC 1421 headers such as `Proc-Type: 4,ENCRYPTED`; only present when the block had some. */
  headers?: Record<string, string>;
}

export function pemEncode(label: string, der: Uint8Array | ArrayBuffer): string {
  const body = b64Encode(der).replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

// What a PEM block holds, in plain words. Many labels go into a few sentences ("This looks like … (BEGIN X), not …"),
// so each name is worded on its own (its desc says where it goes), once with its article and once without.

/** Plain-words name for a PEM label, e.g. "a certificate". */
export function describeLabel(label: string): string {
  switch (label) {
    case 'CERTIFICATE':
    case 'TRUSTED CERTIFICATE':
      return msg('a certificate', { desc: 'What a PEM block holds: "This looks like …, not …."' });
    case 'CERTIFICATE REQUEST':
    case 'NEW CERTIFICATE REQUEST':
      return msg('a certificate signing request (CSR)', { desc: 'What a PEM block holds: "This looks like …, not …."' });
    case 'PRIVATE KEY':
    case 'RSA PRIVATE KEY':
    case 'EC PRIVATE KEY':
      return msg('a private key', { desc: 'What a PEM block holds: "This looks like …, not …."' });
    case 'ENCRYPTED PRIVATE KEY':
      return msg('an encrypted private key', { desc: 'What a PEM block holds: "This looks like …, not …."' });
    case 'PUBLIC KEY':
    case 'RSA PUBLIC KEY':
      return msg('a public key', { desc: 'What a PEM block holds: "This looks like …, not …."' });
    case 'EC PARAMETERS':
      return msg('EC curve parameters', { desc: 'What a PEM block holds: "This looks like …, not …."' });
    case 'X509 CRL':
      return msg('a certificate revocation list (CRL)', { desc: 'What a PEM block holds: "This looks like …, not …."' });
    case 'PKCS7':
      return msg('a PKCS#7 bundle', { desc: 'What a PEM block holds: "This looks like …, not …."' });
    case 'OPENSSH PRIVATE KEY':
      return msg('an OpenSSH private key', { desc: 'What a PEM block holds: "This looks like …, not …."' });
    default:
      return msg(str`a "${label}" block`, { desc: 'What a PEM block holds: "This looks like …, not …."' });
  }
}

/** The same name without its article, as in "The certificate starting with -----BEGIN CERTIFICATE----- …". */
function labelNoun(label: string): string {
  switch (label) {
    case 'CERTIFICATE':
    case 'TRUSTED CERTIFICATE':
      return msg('certificate', { desc: 'What a PEM block holds: "The … starting with -----BEGIN X-----"' });
    case 'CERTIFICATE REQUEST':
    case 'NEW CERTIFICATE REQUEST':
      return msg('certificate signing request (CSR)', { desc: 'What a PEM block holds: "The … starting with -----BEGIN X-----"' });
    case 'PRIVATE KEY':
    case 'RSA PRIVATE KEY':
    case 'EC PRIVATE KEY':
      return msg('private key', { desc: 'What a PEM block holds: "The … starting with -----BEGIN X-----"' });
    case 'ENCRYPTED PRIVATE KEY':
      return msg('encrypted private key', { desc: 'What a PEM block holds: "The … starting with -----BEGIN X-----"' });
    case 'PUBLIC KEY':
    case 'RSA PUBLIC KEY':
      return msg('public key', { desc: 'What a PEM block holds: "The … starting with -----BEGIN X-----"' });
    case 'EC PARAMETERS':
      return describeLabel(label); // no article to drop
    case 'X509 CRL':
      return msg('certificate revocation list (CRL)', { desc: 'What a PEM block holds: "The … starting with -----BEGIN X-----"' });
    case 'PKCS7':
      return msg('PKCS#7 bundle', { desc: 'What a PEM block holds: "The … starting with -----BEGIN X-----"' });
    case 'OPENSSH PRIVATE KEY':
      return msg('OpenSSH private key', { desc: 'What a PEM block holds: "The … starting with -----BEGIN X-----"' });
    default:
      return msg(str`"${label}" block`, { desc: 'What a PEM block holds: "The … starting with -----BEGIN X-----"' });
  }
}

/** "-----BEGIN A-----, -----BEGIN B----- or -----BEGIN C-----". */
function beginLines(labels: readonly string[]): string {
  const lines = labels.map((l) => `-----BEGIN ${l}-----`);
  if (lines.length <= 1) return lines.join('');
  const head = lines.slice(0, -1).join(', ');
  const last = lines[lines.length - 1];
  return msg(str`${head} or ${last}`, { desc: 'Alternative BEGIN lines (the first ones comma-separated)' });
}

/** The most text any PEM box or file takes: a chain of 10 certificates with 100 names each is about 70 KB. */
export const PEM_MAX_CHARS = 1024 * 1024;

interface Marker {
  kind: 'BEGIN' | 'END';
  label: string;
  start: number;
  end: number;
}

/**
 * The BEGIN/END lines, in order: `-----BEGIN label-----` with optional blanks around the label, on one line.
 * Scanned by hand rather than with a regex: a lazy label pattern backtracks cubically on a long run of blanks
 * after "-----BEGIN". Each character is looked at a bounded number of times, so this is linear.
 */
function* markers(src: string): Generator<Marker> {
  let at = 0;
  for (;;) {
    const dash = src.indexOf('-----', at);
    if (dash < 0) return;
    const word = src.startsWith('BEGIN', dash + 5) ? 'BEGIN' : src.startsWith('END', dash + 5) ? 'END' : undefined;
    if (word === undefined) {
      at = dash + 1;
      continue;
    }
    // The label runs to the first '-' or line end; only a '-----' there closes the marker.
    let stop = dash + 5 + word.length;
    while (stop < src.length && src[stop] !== '-' && src[stop] !== '\n') stop++;
    if (src.startsWith('-----', stop)) {
      yield { kind: word, label: src.slice(dash + 5 + word.length, stop).trim().replace(/\s+/g, ' '), start: dash, end: stop + 5 };
      at = stop + 5;
    } else {
      // No '-----' can start between the keyword and `stop`, so the search goes on from there.
      at = Math.max(stop, dash + 1);
    }
  }
}

/** Refuses text longer than PEM_MAX_CHARS before any parsing; `what` names the file the box wants ("the certificate"). */
export function checkPemSize(text: string, what: PemWanted = undefined): void {
  if (text.length > PEM_MAX_CHARS) {
    throw tooLarge(text.length, PEM_MAX_CHARS, 'a PEM file', onlyThat('paste', what));
  }
}

/** What a box wants instead of too much text: a PEM label, the chain (several certificates), or anything (undefined). */
type PemWanted = string | { chain: true } | undefined;

/** "Paste only the certificate." / "Use only the certificate.": the sentence after a size refusal. */
function onlyThat(verb: 'paste' | 'use', what: PemWanted): string {
  if (what === undefined) return verb === 'paste' ? msg('Paste only the file you need.') : msg('Use only the file you need.');
  if (typeof what !== 'string') return verb === 'paste' ? msg('Paste only the certificate chain.') : msg('Use only the certificate chain.');
  // "EC curve parameters" has no article to turn into "the".
  if (what === 'EC PARAMETERS') return verb === 'paste' ? msg('Paste only EC curve parameters.') : msg('Use only EC curve parameters.');
  const noun = labelNoun(what);
  return verb === 'paste' ? msg(str`Paste only the ${noun}.`) : msg(str`Use only the ${noun}.`);
}

export function pemDecodeAll(text: string): PemBlock[] {
  checkPemSize(text);
  const src = text.replace(/\r\n?/g, '\n');
  const blocks: PemBlock[] = [];
  let open: { label: string; bodyStart: number } | undefined;

  for (const m of markers(src)) {
    const label = m.label;
    if (m.kind === 'BEGIN') {
      if (open) throw truncated(open.label);
      open = { label, bodyStart: m.end };
      continue;
    }
    if (!open) {
      throw new CryptoInputError(
        'pem-truncated',
        msg(str`The text has an END line (-----END ${label}-----) but no matching BEGIN line, so its start is missing. Copy the whole file, from the -----BEGIN ${label}----- line to the END line.`),
      );
    }
    if (label !== open.label) {
      throw new CryptoInputError(
        'pem-end-mismatch',
        msg(str`A block starts with -----BEGIN ${open.label}----- but ends with -----END ${label}-----, so two files were probably mixed up. Copy one whole file again, from its BEGIN line to its matching END line.`),
      );
    }
    blocks.push(parseBody(open.label, src.slice(open.bodyStart, m.start)));
    open = undefined;
  }
  if (open) throw truncated(open.label);
  if (blocks.length === 0) {
    throw new CryptoInputError(
      'pem-not-pem',
      src.trim() === ''
        ? msg('Nothing was pasted. Paste the whole file, starting with its -----BEGIN ...----- line.')
        : msg('This does not look like a PEM file: there is no -----BEGIN ...----- line. Open the file in a text editor and copy all of it, including the BEGIN and END lines.'),
    );
  }
  return blocks;
}

function truncated(label: string): CryptoInputError {
  return new CryptoInputError(
    'pem-truncated',
    msg(str`The ${labelNoun(label)} starting with -----BEGIN ${label}----- has no -----END ${label}----- line, so the end is missing. Copy the whole file again, down to and including the END line.`),
  );
}

function parseBody(label: string, body: string): PemBlock {
  const lines = body.split('\n');
  let i = 0;
  while (i < lines.length && lines[i]!.trim() === '') i++;

  // Legacy OpenSSL headers (RFC 1421), e.g. on encrypted "traditional" keys.
  const headers: Record<string, string> = {};
  let last: string | undefined;
  for (; i < lines.length; i++) {
    const raw = lines[i]!;
    const colon = raw.indexOf(':');
    if (colon > 0) {
      last = raw.slice(0, colon).trim();
      headers[last] = raw.slice(colon + 1).trim();
    } else if (last !== undefined && /^[ \t]+\S/.test(raw)) {
      headers[last] += raw.trim(); // folded header line
    } else {
      break;
    }
  }

  const base64 = lines.slice(i).join('').replace(/\s+/g, '');
  if (base64 === '') {
    throw new CryptoInputError(
      'pem-bad-base64',
      msg(str`The block -----BEGIN ${label}----- is empty. Copy the whole file again, including the lines of letters between BEGIN and END.`),
    );
  }
  let der: Bytes;
  try {
    der = b64Decode(base64);
  } catch (cause) {
    throw new CryptoInputError(
      'pem-bad-base64',
      msg(str`The text inside -----BEGIN ${label}----- is damaged: it has characters that do not belong there, or a piece is missing. Copy the file again exactly as it is, without editing it.`),
      { cause },
    );
  }
  const block: PemBlock = { label, der };
  if (Object.keys(headers).length > 0) block.headers = headers;
  return block;
}

/**
 * The first block, or with `expected` the first block with one of those labels
 * (so a key file that starts with "EC PARAMETERS" still works).
 */
export function pemDecode(text: string, expected?: string | string[]): PemBlock {
  const labels = expected === undefined ? [] : typeof expected === 'string' ? [expected] : expected;
  checkPemSize(text, labels[0]);
  const blocks = pemDecodeAll(text);
  const first = blocks[0]!;
  if (expected === undefined) return first;
  const match = blocks.find((b) => labels.includes(b.label));
  if (match) return match;
  throw wrongLabel(first.label, labels);
}

export function wrongLabel(found: string, expected: readonly string[]): CryptoInputError {
  const seen = describeLabel(found);
  if (expected[0] === undefined) {
    // i18n-exempt: only a caller's bug asks for no label at all
    return new CryptoInputError('pem-wrong-label', `This looks like ${seen} (BEGIN ${found}), not this. Paste the file that starts with .`);
  }
  const want = describeLabel(expected[0]);
  return new CryptoInputError(
    'pem-wrong-label',
    msg(str`This looks like ${seen} (BEGIN ${found}), not ${want}. Paste the file that starts with ${beginLines(expected)}.`),
  );
}

/**
 * The most certificates a chain may hold: real chains have 2 to 4 (leaf, one or two intermediates, sometimes a
 * root); each one is read with pkijs afterwards, so this also bounds that work.
 */
export const PEM_MAX_CHAIN_CERTIFICATES = 20;

/** Each CERTIFICATE block of a chain file, re-encoded as its own PEM. */
export function splitPemChain(text: string): string[] {
  checkPemSize(text, { chain: true });
  const blocks = pemDecodeAll(text);
  const certs = blocks.filter((b) => b.label === 'CERTIFICATE');
  if (certs.length === 0) throw wrongLabel(blocks[0]!.label, ['CERTIFICATE']);
  if (certs.length > PEM_MAX_CHAIN_CERTIFICATES) {
    throw new CryptoInputError(
      'too-large',
      msg(str`This chain has ${certs.length} certificates; a certificate chain has at most ${PEM_MAX_CHAIN_CERTIFICATES}. Use only the chain of your certificate (fullchain.pem).`),
    );
  }
  return certs.map((b) => pemEncode('CERTIFICATE', b.der));
}

/**
 * DER bytes from what a user pasted or uploaded: PEM text, bare base64(url),
 * DER bytes, or the bytes of a PEM file.
 */
export function pemOrDer(input: string | Uint8Array, expected: string[]): Bytes {
  if (input.length > PEM_MAX_CHARS) {
    throw tooLarge(input.length, PEM_MAX_CHARS, 'a PEM file', onlyThat('use', expected[0]), typeof input === 'string' ? 'text' : 'file');
  }
  let text: string;
  if (typeof input !== 'string') {
    if (input[0] === 0x30) return new Uint8Array(input); // DER always starts with SEQUENCE here
    text = new TextDecoder().decode(input);
  } else {
    text = input;
  }
  const compact = text.replace(/\s+/g, '');
  if (!text.includes('-----') && /^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) {
    try {
      const der = /[-_]/.test(compact) ? b64uDecode(compact) : b64Decode(compact);
      if (der[0] === 0x30) return der;
    } catch {
      // fall through to the PEM error, which explains what we expected
    }
  }
  return pemDecode(text, expected).der;
}
