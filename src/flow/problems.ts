// Any failure → what the page shows: what happened, what to do next, and the CA's own words. Loaded with the work
// that can fail (the first load only has outcome.ts).
import { AcmeError, AcmeNetworkError, AcmeProblemError } from '../acme/errors.ts';
import type { Problem } from '../acme/types.ts';
import { CryptoInputError } from '../crypto/errors.ts';
import { StaleRecordError, StorageError } from '../store/errors.ts';
import type { ChallengeType, StoredFailure } from '../store/schema.ts';
import type { ProblemInfo } from './outcome.ts';
import { msg, str } from '@lit/localize';

/** An error whose page wording is already decided. */
export class ShownProblem extends Error {
  constructor(readonly info: ProblemInfo) {
    super(info.what);
  }
}

/** The one wording for a stored account that is gone (deleted here, or this browser's data was cleared). */
export function accountGone(): ShownProblem {
  return new ShownProblem({
    what: msg('The account for this is no longer stored in this browser.'),
    next: msg('Choose or create an account in the form (or restore a backup that holds it), then try again.'),
  });
}

/** A date the page can show, or undefined (a CA may send a Retry-After no clock can hold). */
function isoOrUndefined(date: Date | undefined): string | undefined {
  return date && Number.isFinite(date.getTime()) ? date.toISOString() : undefined;
}

/** The CA's problem document in the page's words, with its detail, subproblems and time to retry. */
function caProblem(problem: Problem, status: number, extra: { retryAfter?: Date; tos?: string } = {}): ProblemInfo {
  const err = new AcmeProblemError(problem, status);
  const info: ProblemInfo = { what: err.explanation.what, next: err.explanation.next, type: err.shortType };
  const details = [err.detail, ...err.subproblems.map((p) => `${p.identifier?.value ?? ''} ${p.detail ?? ''}`.trim())].filter(Boolean);
  if (details.length) info.detail = details.join('\n');
  if (err.identifier) info.identifier = err.identifier.value;
  const retry = isoOrUndefined(extra.retryAfter);
  if (retry) info.retryAfter = retry;
  if (err.is('userActionRequired') && extra.tos) info.next = msg(str`${info.next} (${extra.tos})`);
  return info;
}

export function storageProblem(err: StorageError | StaleRecordError): ProblemInfo {
  if (err instanceof StaleRecordError) {
    return { what: msg('This order was changed in another tab.'), next: msg('This tab now shows what the other one stored.') };
  }
  if (err.code === 'outdated') {
    return { what: msg('A newer version of certpage was opened in another tab and updated the storage.'), next: msg('Reload this tab to carry on; nothing stored is lost.') };
  }
  const cause = err.cause instanceof Error ? err.cause.message || err.cause.name : undefined;
  return {
    what: msg('This browser refused to store your work (its storage may be full, or blocked in this window).'),
    next: msg('Keep this tab open and download your files as soon as they are offered. Free some disk space, or allow this site to store data, and try again.'),
    ...(cause ? { detail: cause } : {}),
  };
}

export function toProblem(err: unknown): ProblemInfo {
  if (err instanceof ShownProblem) return err.info;
  if (err instanceof StorageError || err instanceof StaleRecordError) return storageProblem(err);
  if (err instanceof AcmeNetworkError && globalThis.navigator?.onLine === false) {
    // The browser knows it is offline: not the CA's fault, and nothing is lost.
    return {
      what: msg('The CA cannot be reached while you are offline.'),
      next: msg('Nothing is lost: everything so far is saved here, and the page asks the CA again as soon as you are back online.'),
    };
  }
  if (err instanceof AcmeProblemError) {
    const tos = err.links['terms-of-service']?.[0] ?? err.instance;
    return caProblem(err.problem, err.status, { ...(err.retryAfter ? { retryAfter: err.retryAfter } : {}), ...(tos ? { tos } : {}) });
  }
  // Not the CA's words: the explanation already says everything, including the address.
  if (err instanceof AcmeError) return { what: err.explanation.what, next: err.explanation.next };
  if (err instanceof CryptoInputError) return { what: err.message, next: '' };
  const message = err instanceof Error ? err.message : String(err);
  return { what: msg('Something went wrong in the page.'), next: msg('Reload the page; your work so far is saved in this browser.'), detail: message };
}

/** An error as it is stored with an issuance: the CA's document when it gave one, else the message. */
export function toFailure(err: unknown): StoredFailure {
  if (err instanceof AcmeProblemError) return { kind: 'ca', problem: err.problem, status: err.status };
  return { kind: 'error', message: err instanceof Error ? err.message : String(err) };
}

/** A failed challenge, said in terms of what the user placed. */
function challengeWords(info: ProblemInfo, type: string | undefined, choice: ChallengeType, name: string): ProblemInfo {
  if (type !== 'unauthorized' && type !== 'incorrectResponse') return info;
  if (choice === 'tls-alpn-01') {
    return {
      ...info,
      what: msg(str`The CA connected to ${name} on port 443 but did not get the expected validation certificate.`),
      next: msg('Check that openssl was running with the two files made for this card, that port 443 reaches it (nothing in front ending TLS), then start a new order.'),
    };
  }
  if (choice === 'http-01') {
    return {
      ...info,
      what: msg(str`The CA fetched the file for ${name} but did not get the expected content.`),
      next: msg('Open the URL from another network (or use the curl command) and check that it shows exactly the file content, with no redirect to a login or error page. Then start a new order.'),
    };
  }
  return {
    ...info,
    what: msg(str`The CA looked up the TXT record for ${name} and did not find the expected value.`),
    next: msg('Check the record name and value for typos, wait for DNS to update (the TTL), then start a new order.'),
  };
}

/** A stored failure in the page's words; `choice` words a challenge's failure in terms of what the user placed. */
export function failureProblem(failure: StoredFailure, choice?: ChallengeType): ProblemInfo {
  switch (failure.kind) {
    case 'ca': {
      const info = caProblem(failure.problem, failure.status);
      const name = failure.problem.identifier?.value ?? msg('this name');
      return choice ? challengeWords(info, info.type, choice, name) : info;
    }
    case 'certificate':
      return {
        what: failure.reason === 'key'
          ? msg('The CA sent a certificate for another key than the one this order asked for, so it was not stored.')
          : failure.reason === 'names'
            ? msg('The CA sent a certificate for other names than this order asked for, so it was not stored.')
            : msg('The certificate the CA sent does not link up to its issuers, so it was not stored.'),
        next: msg('Nothing was installed or offered for download. Start a new order; if it happens again, report it to the CA. What the CA sent is kept with this order for inspection.'),
        detail: `${msg(str`Found: ${failure.found}`)}\n${msg(str`Expected: ${failure.expected}`)}`,
      };
    case 'legacy':
      return { what: failure.text, next: msg('Start a new order; the old one expires on its own at the CA.') };
    case 'error':
      return { what: msg('Something went wrong in the page.'), next: msg('Start a new order; your account and names are kept.'), detail: failure.message };
  }
}

/** The whole issuance failed: which name, in the page's words (the card says the rest). */
export function issuanceProblem(failure: StoredFailure): ProblemInfo {
  if (failure.kind === 'ca' && failure.problem.identifier) {
    // The card shows the CA's words; here only which name failed.
    return { what: msg(str`The CA could not confirm ${failure.problem.identifier.value}.`), next: msg('The card below says why. Fix it, then start a new order.') };
  }
  return failureProblem(failure);
}

/** A refused new account, said in terms of the EAB values the user typed. */
export function eabProblem(err: unknown): ProblemInfo {
  if (err instanceof CryptoInputError && err.code === 'b64-bad') {
    return {
      what: msg('The EAB MAC key is not valid: it must be base64url text (letters, digits, - and _ only).'),
      next: msg("Copy the MAC key again from your account on the CA's website, without spaces or line breaks, into the EAB MAC key field."),
    };
  }
  const info = toProblem(err);
  if (err instanceof AcmeProblemError && ['unauthorized', 'malformed', 'externalAccountRequired'].includes(err.shortType)) {
    info.what = msg('The CA did not accept the EAB key ID and MAC key.');
    info.next = msg("Copy both again from your account on the CA's website (each is usually valid for one account only), then try again.");
  }
  return info;
}
