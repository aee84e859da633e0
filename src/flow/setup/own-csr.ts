// A CSR the user brings: its names and key type, or a clear reason it cannot be used.
import type { ProblemInfo } from '../outcome.ts';
import { toProblem } from '../problems.ts';

export interface CsrSummary {
  names: string[];
  keyType: string;
}

export async function inspectCsr(text: string): Promise<{ csr?: CsrSummary; problem?: ProblemInfo }> {
  try {
    const { parseCsr } = await import('../../crypto/csr.ts');
    const info = await parseCsr(text);
    if (!info.signatureValid) {
      return { problem: { what: 'The CSR is damaged: its signature does not match its content.', next: 'Copy the whole file again, from -----BEGIN to -----END, or make a new CSR.' } };
    }
    if (info.names.length === 0) {
      return { problem: { what: 'The CSR names no domain.', next: 'Make a CSR with a subjectAltName that lists every name (e.g. openssl req -new -key key.pem -subj /CN=example.com -addext "subjectAltName=DNS:example.com,DNS:www.example.com").' } };
    }
    return { csr: { names: info.names, keyType: info.keyType } };
  } catch (err) {
    return { problem: toProblem(err) };
  }
}
