// Elements that are not part of the first load: their module is imported the first time one is shown.
import { html, type ReactiveElement, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import { loadProblem } from '../flow/outcome.ts';
import type { ProblemInfo } from '../flow/outcome.ts';
import './problem.ts';

const loading = new Map<string, Promise<unknown>>();
const failed = new Map<string, ProblemInfo>();

/**
 * `view` (which uses the element `tag`) once `load` has defined the element; until then "Loading…", after which
 * `host` renders again. A failed load (offline, or the site was updated meanwhile) is shown as a problem.
 */
export function lazy(host: ReactiveElement, tag: string, load: () => Promise<unknown>, view: TemplateResult): TemplateResult {
  if (customElements.get(tag)) return view;
  const problem = failed.get(tag);
  if (problem) return html`<cp-problem .problem=${problem}></cp-problem>`;
  if (!loading.has(tag)) {
    loading.set(tag, load().catch((err: unknown) => { failed.set(tag, loadProblem(err)); }).finally(() => loading.delete(tag)));
  }
  void loading.get(tag)?.then(() => host.requestUpdate());
  return html`<p class="hint">${msg('Loading…')}</p>`;
}
