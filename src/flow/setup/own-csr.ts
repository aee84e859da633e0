// CSRs the user brings: one or several (one per machine, each keeping its key), pasted one after another or read
// from files. Each is read on its own: its names and key type, or a clear reason that one cannot be used.
import { msg, str } from '@lit/localize';
import { toIdentifier } from '../../acme/identifiers.ts';
import type { Identifier } from '../../acme/types.ts';
import type { BatchItem } from '../../store/schema.ts';
import { describeLabel, pemDecodeAll, pemEncode, PEM_MAX_CHARS } from '../../crypto/pem.ts';
import { tooLarge } from '../../crypto/errors.ts';
import type { ProblemInfo } from '../outcome.ts';
import { toProblem } from '../problems.ts';

export interface CsrSummary {
  names: string[];
  keyType: string;
  /** The CSR as PEM (re-encoded when it came as bare base64 or DER). */
  pem: string;
}

/** One CSR of what was pasted or chosen, numbered from 1 in the order given. */
export interface CsrEntry {
  n: number;
  csr?: CsrSummary;
  problem?: ProblemInfo;
}

/** More than this many CSRs in one pass is refused (each is an order of its own at the CA). */
export const MAX_CSRS = 50;

const CSR_LABELS = ['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST'];

// Commands shown inside a sentence: the same in every language (the sentence around them is translated).
// i18n-exempt: a command the user runs
const SAN_EXAMPLE = 'openssl req -new -key key.pem -subj /CN=example.com -addext "subjectAltName=DNS:example.com,DNS:www.example.com"';
// i18n-exempt: a command the user runs
const NEW_KEY_EXAMPLE = 'openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout key.pem -out req.csr -subj /CN=example.com -addext "subjectAltName=DNS:example.com"';

export async function inspectCsr(text: string): Promise<{ csr?: CsrSummary; problem?: ProblemInfo }> {
  try {
    const { parseCsr } = await import('../../crypto/csr.ts');
    const info = await parseCsr(text);
    if (!info.signatureValid) {
      return { problem: { what: msg('The CSR is damaged: its signature does not match its content.'), next: msg('Copy the whole file again, from -----BEGIN to -----END, or make a new CSR.') } };
    }
    if (info.names.length === 0) {
      return { problem: { what: msg('The CSR names no domain.'), next: msg(str`Make a CSR with a subjectAltName that lists every name (e.g. ${SAN_EXAMPLE}).`) } };
    }
    // A key the CA would refuse is said now, before any file is placed (the CA would only say so at finalize).
    if (!info.key.accepted) {
      return {
        csr: { names: info.names, keyType: info.key.label, pem: pemEncode('CERTIFICATE REQUEST', info.der) },
        problem: {
          what: msg(str`The CSR's key is ${info.key.label}, which CAs refuse: they accept RSA keys of 2048 to 4096 bits and ECDSA keys on P-256 or P-384.`),
          next: msg(str`Make a new key and CSR on the server, e.g. ${NEW_KEY_EXAMPLE}, and paste that CSR.`),
        },
      };
    }
    return { csr: { names: info.names, keyType: info.key.label, pem: pemEncode('CERTIFICATE REQUEST', info.der) } };
  } catch (err) {
    return { problem: toProblem(err) };
  }
}

/**
 * Every CSR in `text` (PEM blocks one after another), each read on its own. `problem` is for the text as a whole
 * (not PEM at all, a block cut off, too many); a block that is not a usable CSR gets its own problem in its entry.
 */
export async function inspectCsrs(text: string): Promise<{ entries: CsrEntry[]; problem?: ProblemInfo }> {
  if (!text.trim()) return { entries: [] };
  // No BEGIN line: one CSR as bare base64 (or a PEM error that says what is wrong), as before several were taken.
  if (!text.includes('-----')) {
    const one = await inspectCsr(text);
    return one.csr ? { entries: [{ n: 1, csr: one.csr }] } : { entries: [], ...(one.problem ? { problem: one.problem } : {}) };
  }
  let blocks;
  try {
    blocks = pemDecodeAll(text);
  } catch (err) {
    return { entries: [], problem: toProblem(err) };
  }
  if (blocks.length > MAX_CSRS) {
    return { entries: [], problem: { what: msg(str`${blocks.length} blocks were pasted; one pass takes at most ${MAX_CSRS} CSRs.`), next: msg(str`Paste the first ${MAX_CSRS}, and the rest in another pass.`) } };
  }
  const seen = new Map<string, number>();
  const entries: CsrEntry[] = [];
  for (const [i, block] of blocks.entries()) {
    const n = i + 1;
    if (!CSR_LABELS.includes(block.label)) {
      const key = /PRIVATE KEY/.test(block.label);
      entries.push({ n, problem: {
        what: msg(str`Block ${n} is ${describeLabel(block.label)}, not a CSR.`),
        next: key ? msg('Remove it: a private key stays on its machine and is never pasted here. Paste only the CSR (-----BEGIN CERTIFICATE REQUEST-----).') : msg('Remove it, and paste only CSRs (-----BEGIN CERTIFICATE REQUEST-----).'),
      } });
      continue;
    }
    const pem = pemEncode('CERTIFICATE REQUEST', block.der);
    const twin = seen.get(pem);
    if (twin !== undefined) {
      entries.push({ n, problem: { what: msg(str`CSR ${n} is the same as CSR ${twin}.`), next: msg('Remove one of them: each CSR makes one certificate.') } });
      continue;
    }
    seen.set(pem, n);
    const one = await inspectCsr(pem);
    entries.push({ n, ...(one.csr ? { csr: one.csr } : {}), ...(one.problem ? { problem: one.problem } : {}) });
  }
  return { entries };
}

/** The names of a CSR as the identifiers of an order (IP addresses as `ip`). */
export function csrIdentifiers(csr: CsrSummary): Identifier[] {
  return csr.names.map(toIdentifier);
}

/**
 * The text of a chosen or dropped CSR file: PEM as it is, binary DER (openssl -outform DER) as PEM. Files larger
 * than any CSR are refused unread (the caller checks the size first; this checks again).
 */
export function csrFileText(bytes: Uint8Array): string {
  if (bytes.length > PEM_MAX_CHARS) throw tooLarge(bytes.length, PEM_MAX_CHARS, 'a PEM file', msg('Choose only the CSR files.'), 'file');
  if (bytes[0] === 0x30) return pemEncode('CERTIFICATE REQUEST', bytes);
  return new TextDecoder().decode(bytes);
}

/** The CSRs of the setup form, read: each entry, the CSRs to order (in order), or why Create order cannot go on. */
export interface CsrPlan {
  entries: CsrEntry[];
  /** What is wrong with the text as a whole. */
  problem?: ProblemInfo;
  /** Said next to the field when Create order is pressed; undefined when every CSR can be ordered. */
  refusal?: string;
  csrs: BatchItem[];
}

export async function planCsrs(text: string): Promise<CsrPlan> {
  const { entries, problem } = await inspectCsrs(text);
  // An entry with a problem (a key CAs refuse) is shown with its names but not ordered.
  const bad = entries.filter((c) => !c.csr || c.problem).map((c) => c.n);
  const csrs = entries.flatMap((c) => (c.csr && !c.problem ? [{ csrPem: c.csr.pem, identifiers: csrIdentifiers(c.csr) }] : []));
  let refusal: string | undefined;
  if (!text.trim()) refusal = msg('Paste the CSR (PEM), or choose a key type to have the key made here.');
  else if (problem || !entries.length || (entries.length === 1 && bad.length)) refusal = msg('This CSR cannot be used: see above.');
  else if (bad.length === 1) refusal = msg(str`CSR ${bad[0]} cannot be used: see above. Fix or remove it.`);
  else if (bad.length) refusal = msg(str`CSRs ${bad.join(', ')} cannot be used: see above. Fix or remove them.`);
  return { entries, ...(problem ? { problem } : {}), ...(refusal ? { refusal } : {}), csrs };
}
