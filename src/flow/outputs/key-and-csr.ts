// "Make a key and CSR": a new private key and a certificate request for some names, made in the page with no CA
// (so it works offline). For people who bring their own CSR to a CA, or to this page later.
import type { KeyType } from '../../crypto/key-types.ts';
import { exportPrivateKeyPem, generateKeyPair } from '../../crypto/keys.ts';
import { parseNames, parseNamesBox } from '../setup/names.ts';

export interface KeyAndCsr {
  names: string[];
  keyPem: string;
  csrPem: string;
}

/** What is wrong with the typed names, in words for the page; undefined when they can go in a CSR. */
export function namesProblem(text: string): string | undefined {
  const parsed = parseNamesBox(text);
  if (parsed.problems.length) return parsed.problems.map((p) => (p.input ? `${p.input}: ${p.message}` : p.message)).join('\n');
  if (parsed.entries.length === 0) return 'Enter at least one domain name, for example example.com.';
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
