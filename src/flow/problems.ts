// Any failure → what the page shows: what happened, what to do next, and the CA's own words.
import { AcmeError, AcmeNetworkError, AcmeProblemError } from '../acme/errors.ts';
import { CryptoInputError } from '../crypto/errors.ts';
import type { ProblemInfo } from '../store/schema.ts';

/** An error whose page wording is already decided. */
export class ShownProblem extends Error {
  constructor(readonly info: ProblemInfo) {
    super(info.what);
  }
}

export function toProblem(err: unknown): ProblemInfo {
  if (err instanceof ShownProblem) return err.info;
  if (err instanceof AcmeNetworkError && globalThis.navigator?.onLine === false) {
    // The browser knows it is offline: not the CA's fault, and nothing is lost.
    return {
      what: 'The CA cannot be reached while you are offline.',
      next: 'Nothing is lost: everything so far is saved here, and the page asks the CA again as soon as you are back online.',
    };
  }
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

/** A failed challenge, said in terms of what the user placed. */
export function challengeProblem(err: unknown, choice: 'http-01' | 'dns-01'): ProblemInfo {
  const info = toProblem(err);
  if (!(err instanceof AcmeProblemError) || !['unauthorized', 'incorrectResponse'].includes(err.shortType)) return info;
  const name = err.identifier?.value ?? 'this name';
  if (choice === 'http-01') {
    info.what = `The CA fetched the file for ${name} but did not get the expected content.`;
    info.next = 'Open the URL from another network (or use the curl command) and check that it shows exactly the file content, with no redirect to a login or error page. Then start a new order.';
  } else {
    info.what = `The CA looked up the TXT record for ${name} and did not find the expected value.`;
    info.next = 'Check the record name and value for typos, wait for DNS to update (the TTL), then start a new order.';
  }
  return info;
}

/** A refused new account, said in terms of the EAB values the user typed. */
export function eabProblem(err: unknown): ProblemInfo {
  const info = toProblem(err);
  if (err instanceof AcmeProblemError && ['unauthorized', 'malformed', 'externalAccountRequired'].includes(err.shortType)) {
    info.what = 'The CA did not accept the EAB key ID and MAC key.';
    info.next = "Copy both again from your account on the CA's website (each is usually valid for one account only), then try again.";
  }
  return info;
}
