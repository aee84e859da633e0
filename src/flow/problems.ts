// Any failure → what the page shows: what happened, what to do next, and the CA's own words.
import { AcmeError, AcmeProblemError } from '../acme/errors.ts';
import { CryptoInputError } from '../crypto/errors.ts';
import type { ProblemInfo } from '../store/schema.ts';

export function toProblem(err: unknown): ProblemInfo {
  if (err instanceof AcmeProblemError) {
    const info: ProblemInfo = { what: err.explanation.what, next: err.explanation.next, type: err.shortType };
    const details = [err.detail, ...err.subproblems.map((p) => `${p.identifier?.value ?? ''} ${p.detail ?? ''}`.trim())].filter(Boolean);
    if (details.length) info.detail = details.join('\n');
    if (err.identifier) info.identifier = err.identifier.value;
    if (err.retryAfter) info.retryAfter = err.retryAfter.toISOString();
    const tos = err.links['terms-of-service']?.[0] ?? err.instance;
    if (err.is('userActionRequired') && tos) info.next = `${info.next} (${tos})`;
    return info;
  }
  // Not the CA's words: the explanation already says everything, including the address.
  if (err instanceof AcmeError) return { what: err.explanation.what, next: err.explanation.next };
  if (err instanceof CryptoInputError) return { what: err.message, next: '' };
  const message = err instanceof Error ? err.message : String(err);
  return { what: 'Something went wrong in the page.', next: 'Reload the page; your work so far is saved in this browser.', detail: message };
}
