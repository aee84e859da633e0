// What the page says when code it loads on demand cannot be fetched (offline, or the site changed since it was opened).
import type { ProblemInfo } from '../store/schema.ts';

export function loadProblem(err: unknown): ProblemInfo {
  return {
    what: 'Part of the page could not be loaded.',
    next: 'Check the connection and reload the page; your work so far is saved in this browser.',
    detail: err instanceof Error ? err.message : String(err),
  };
}
