// What flow operations give the page: a value, or a problem already put in words. Small and free of the ACME code,
// so the first load can carry it.
import { msg } from '@lit/localize';

/** A problem as the page shows it: what happened, what to do next, and the CA's own words when it said something. */
export interface ProblemInfo {
  what: string;
  next: string;
  detail?: string;
  type?: string;
  identifier?: string;
  /** ISO date: when the CA said to try again (rate limits). Only set when it is a real date. */
  retryAfter?: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: ProblemInfo };

/** What the page says when code it loads on demand cannot be fetched (offline, or the site changed since it was opened). */
export function loadProblem(err: unknown): ProblemInfo {
  return {
    what: msg('Part of the page could not be loaded.'),
    next: msg('Check the connection and reload the page; your work so far is saved in this browser.'),
    detail: err instanceof Error ? err.message : String(err),
  };
}
