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
    // A key the CA would refuse is said now, before any file is placed (the CA would only say so at finalize).
    if (!info.key.accepted) {
      return {
        csr: { names: info.names, keyType: info.key.label },
        problem: {
          what: `The CSR's key is ${info.key.label}, which CAs refuse: they accept RSA keys of 2048 to 4096 bits and ECDSA keys on P-256 or P-384.`,
          next: 'Make a new key and CSR on the server, e.g. openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout key.pem -out req.csr -subj /CN=example.com -addext "subjectAltName=DNS:example.com", and paste that CSR.',
        },
      };
    }
    return { csr: { names: info.names, keyType: info.key.label } };
  } catch (err) {
    return { problem: toProblem(err) };
  }
}
