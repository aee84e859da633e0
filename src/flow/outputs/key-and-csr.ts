// "Make a key and CSR": a new private key and a certificate request for some names, made in the page with no CA
// (so it works offline). For people who bring their own CSR to a CA, or to this page later.
import { msg } from '@lit/localize';
import type { KeyType } from '../../crypto/key-types.ts';
import { exportPrivateKeyPem, generateKeyPair } from '../../crypto/keys.ts';
import { isIpAddress } from '../../crypto/identifiers.ts';
import { parseNames, parseNamesBox } from '../setup/names.ts';
import { shWord } from './commands.ts';

export interface KeyAndCsr {
  names: string[];
  keyPem: string;
  csrPem: string;
}

/** What is wrong with the typed names, in words for the page; undefined when they can go in a CSR. */
export function namesProblem(text: string): string | undefined {
  const parsed = parseNamesBox(text);
  if (parsed.problems.length) return parsed.problems.map((p) => (p.input ? `${p.input}: ${p.message}` : p.message)).join('\n');
  if (parsed.entries.length === 0) return msg('Enter at least one domain name, for example example.com.');
  return undefined;
}

/** A new key of `keyType` (PKCS#8 PEM) and a CSR (PEM) naming every name typed in `text`. */
export async function makeKeyAndCsr(text: string, keyType: KeyType): Promise<KeyAndCsr> {
  const problem = namesProblem(text);
  if (problem) throw new Error(problem);
  const names = parseNames(text).entries.map((e) => e.name);
  const keys = await generateKeyPair(keyType, { extractable: true });
  const { buildCsr } = await import('../../crypto/csr.ts'); // pkijs: only now
  const [keyPem, csr] = await Promise.all([exportPrivateKeyPem(keys.privateKey), buildCsr(names, keys)]);
  return { names, keyPem, csrPem: csr.pem };
}

/** How `openssl req -newkey` names each key type. */
const OPENSSL_NEWKEY: Record<KeyType, string> = {
  'P-256': 'ec -pkeyopt ec_paramgen_curve:P-256', // i18n-exempt: openssl arguments (part of a command)
  'P-384': 'ec -pkeyopt ec_paramgen_curve:P-384', // i18n-exempt: openssl arguments (part of a command)
  'RSA-2048': 'rsa:2048',
  'RSA-3072': 'rsa:3072',
  'RSA-4096': 'rsa:4096',
};

/**
 * The one line a machine runs to make its own key and CSR, so the key never leaves it (EC P-256 by default): the
 * key in key.pem, the CSR for `names` in req.csr. The subject CN is the first DNS name that fits (as buildCsr does);
 * every name is in the subjectAltName.
 */
export function opensslCsrCommand(names: readonly string[], keyType: KeyType = 'P-256'): string {
  const cn = names.find((n) => !isIpAddress(n) && n.length <= 64);
  const san = names.map((n) => (isIpAddress(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
  return [
    // i18n-exempt: a command the user runs
    'openssl req -new -newkey', OPENSSL_NEWKEY[keyType], '-nodes -keyout key.pem -out req.csr',
    '-subj', shWord(cn ? `/CN=${cn}` : '/'), '-addext', shWord(`subjectAltName=${san}`),
  ].join(' ');
}
