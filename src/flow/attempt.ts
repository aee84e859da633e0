// Running a flow operation for the page: its value, or the failure put in words.
import { loadProblem, type Outcome } from './outcome.ts';

/**
 * Run `work`; a failure becomes a problem in words. The wording code is loaded only when something failed, so the
 * first load does not carry it.
 */
export async function attempt<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    try {
      const { toProblem } = await import('./problems.ts');
      return { ok: false, problem: toProblem(err) };
    } catch (loadErr) {
      return { ok: false, problem: loadProblem(loadErr) };
    }
  }
}
