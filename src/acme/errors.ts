// Typed errors: every failure an ACME call can end in, with a stable `code` and plain words.
import { explain, shortType, type Explanation } from './explain.ts';
import type { Identifier, Problem } from './types.ts';
import { msg, str } from '../words/words.ts';

export abstract class AcmeError extends Error {
  abstract readonly code: string;
  /** What happened and what to do next, in plain words. */
  abstract readonly explanation: Explanation;
}

/** The CA answered with a problem document (RFC 7807). */
export class AcmeProblemError extends AcmeError {
  readonly code = 'problem';
  readonly type: string;
  readonly shortType: string;
  readonly detail: string;
  readonly status: number;
  readonly subproblems: Problem[];
  readonly identifier?: Identifier;
  readonly instance?: string;
  /** When the CA said to come back (Retry-After), if it did and the browser could read it. */
  readonly retryAfter?: Date;
  /** Link header targets by relation (e.g. terms-of-service, help). */
  readonly links: Record<string, string[]>;
  readonly explanation: Explanation;
  readonly problem: Problem;

  constructor(raw: Problem, status: number, opts: { retryAfter?: Date; links?: Record<string, string[]> } = {}) {
    const problem = cleanProblem(raw);
    const type = problem.type ?? 'about:blank';
    const detail = problem.detail ?? '';
    super(`${shortType(type)}: ${detail || `HTTP ${status}`}`);
    this.name = 'AcmeProblemError';
    this.problem = problem;
    this.type = type;
    this.shortType = shortType(type);
    this.detail = detail;
    this.status = problem.status ?? status;
    this.subproblems = problem.subproblems ?? [];
    if (problem.identifier) this.identifier = problem.identifier;
    if (problem.instance) this.instance = problem.instance;
    if (opts.retryAfter) this.retryAfter = opts.retryAfter;
    this.links = opts.links ?? {};
    this.explanation = explain(type);
  }

  is(short: string): boolean {
    return this.shortType === short;
  }
}

// How many subproblems are kept (one per identifier; an order has at most 100 names at Let's Encrypt).
const MAX_SUBPROBLEMS = 100;

/**
 * The members of a problem document (RFC 7807) that have the right types; the rest is dropped. A CA's JSON can
 * hold anything, and a number where text belongs must not turn into a TypeError far from here.
 */
export function cleanProblem(raw: unknown, depth = 0): Problem {
  const p = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as { [name: string]: unknown }) : {};
  const out: Problem = {};
  if (typeof p.type === 'string') out.type = p.type;
  if (typeof p.detail === 'string') out.detail = p.detail;
  if (typeof p.instance === 'string') out.instance = p.instance;
  if (typeof p.status === 'number' && Number.isInteger(p.status)) out.status = p.status;
  const id = p.identifier as { type?: unknown; value?: unknown } | undefined;
  if (typeof id === 'object' && id !== null && (id.type === 'dns' || id.type === 'ip') && typeof id.value === 'string') out.identifier = { type: id.type, value: id.value };
  if (Array.isArray(p.subproblems) && depth === 0) out.subproblems = p.subproblems.slice(0, MAX_SUBPROBLEMS).map((s) => cleanProblem(s, 1));
  if (Array.isArray(p.algorithms)) out.algorithms = p.algorithms.filter((a): a is string => typeof a === 'string');
  return out;
}

/** No answer at all: offline, wrong address, TLS failure, or the CA does not allow web pages (CORS). */
export class AcmeNetworkError extends AcmeError {
  readonly code = 'unreachable';
  readonly url: string;
  readonly explanation: Explanation;
  constructor(url: string, cause: unknown) {
    super(msg(str`could not reach ${url}`), { cause });
    this.name = 'AcmeNetworkError';
    this.url = url;
    let origin = url;
    try { origin = new URL(url).origin; } catch { /* keep the raw text */ }
    this.explanation = {
      what: msg(str`No answer from ${origin}. The network may be down or the address wrong, this browser may not trust the CA's certificate, or the CA does not allow requests from web pages (CORS).`),
      next: msg(str`Check that you are online and the directory URL is right. Then open ${origin} once in a new tab: a certificate warning there means this browser does not trust the CA's certificate (install its root, or use another CA). If neither, the CA does not allow web pages to talk to it, and cannot be used from a browser; choose another CA.`),
    };
  }
}

/** The CA answered, but not with what ACME says it should (not JSON, missing header, wrong status). */
export class AcmeProtocolError extends AcmeError {
  readonly code = 'protocol';
  readonly url: string;
  readonly explanation: Explanation;
  /** `message` and `next` come worded (msg) by the caller; the default `next` is worded when the error is made. */
  constructor(url: string, message: string, next = msg('Check that the URL is an ACME directory (it usually ends in /directory).')) {
    super(`${message} (${url})`);
    this.name = 'AcmeProtocolError';
    this.url = url;
    this.explanation = { what: message, next };
  }
}

/** Waiting for a status took longer than allowed, or was cancelled. */
export class AcmeTimeoutError extends AcmeError {
  readonly code = 'timeout';
  readonly url: string;
  readonly explanation: Explanation;
  constructor(url: string, waitedMs: number, lastStatus: string) {
    super(msg(str`still "${lastStatus}" after ${Math.round(waitedMs / 1000)} s (${url})`));
    this.name = 'AcmeTimeoutError';
    this.url = url;
    this.explanation = {
      what: msg(str`The CA has not finished yet (status "${lastStatus}").`),
      next: msg('Check again in a minute; the order is kept and can be resumed.'),
    };
  }
}
