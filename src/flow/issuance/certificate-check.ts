// Checked before stored: the certificate the CA sent must be for the key of this order's CSR and for exactly the
// names it asked for, and its chain must link (each certificate signed by the next). Loaded with pkijs, at the end.
import { toIdentifier } from '../../acme/identifiers.ts';
import { splitPemChain } from '../../crypto/pem.ts';
import { spkiOfPublicKey } from '../../crypto/keys.ts';
import type { IssuanceRecord, StoredFailure } from '../../store/schema.ts';
import { msg, str } from '@lit/localize';

const hex = (bytes: Uint8Array) => [...bytes.slice(0, 24)].map((b) => b.toString(16).padStart(2, '0')).join('') + (bytes.length > 24 ? '…' : '');
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

/** "dns:example.com" for a name in any of its spellings (case, a trailing dot, IPv6 forms). */
function nameKey(name: string): string {
  const id = toIdentifier(name);
  return `${id.type}:${id.value}`;
}

/** The public key the order's CSR carries (the key made here, or the one in the user's own CSR). */
async function expectedSpki(record: IssuanceRecord): Promise<Uint8Array | undefined> {
  if (record.key.kind === 'generated') return spkiOfPublicKey(record.key.publicKey);
  if (record.key.kind === 'csr') return (await (await import('../../crypto/csr.ts')).parseCsr(record.key.csrPem)).publicKeySpki;
  return undefined;
}

/** undefined when the chain may be stored as this order's certificate; otherwise why not, as stored data. */
export async function checkIssued(record: IssuanceRecord, chainPem: string): Promise<StoredFailure | undefined> {
  const { parseCertificate, issuedBy } = await import('../../crypto/x509.ts');
  let certs;
  try {
    certs = await Promise.all(splitPemChain(chainPem).map((pem) => parseCertificate(pem)));
  } catch (err) {
    return { kind: 'certificate', reason: 'chain', found: err instanceof Error ? err.message : String(err), expected: msg('a PEM chain of readable certificates') };
  }
  const leaf = certs[0];
  if (!leaf) return { kind: 'certificate', reason: 'chain', found: msg('no certificate'), expected: msg('a PEM chain of readable certificates') };

  const spki = await expectedSpki(record);
  if (!spki || !same(spki, leaf.publicKeySpki)) {
    return { kind: 'certificate', reason: 'key', found: msg(str`public key ${hex(leaf.publicKeySpki)}`), expected: spki ? msg(str`public key ${hex(spki)}`) : msg('the key of this order') };
  }

  const asked = [...new Set(record.identifiers.map((i) => nameKey(i.value)))].sort();
  const got = [...new Set(leaf.names.map(nameKey))].sort();
  if (asked.length !== got.length || asked.some((n, i) => n !== got[i])) {
    return { kind: 'certificate', reason: 'names', found: leaf.names.join(', ') || msg('(no names)'), expected: record.identifiers.map((i) => i.value).join(', ') };
  }

  for (let i = 0; i + 1 < certs.length; i++) {
    const child = certs[i];
    const parent = certs[i + 1];
    if (child && parent && !(await issuedBy(child, parent))) {
      return { kind: 'certificate', reason: 'chain', found: msg(str`${child.subject} is not signed by ${parent.subject}`), expected: msg(str`each certificate signed by the next one (${child.issuer})`) };
    }
  }
  return undefined;
}
