// A problem, in the page's words first and the CA's own words below.
import { LitElement, html, css, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { ProblemInfo } from '../flow/outcome.ts';
import { base } from './styles.ts';
import { formatDateTime } from './dates.ts';

@localized()
@customElement('cp-problem')
export class ProblemView extends LitElement {
  static override styles = [base, css`
    .box { border: 1px solid var(--bad); border-left-width: 4px; border-radius: 8px; padding: 0.75rem 1rem; background: var(--bad-bg); margin: 0.75rem 0; }
    .what { font-weight: 600; margin: 0; }
    .detail { margin: 0.5rem 0 0; padding: 0.4rem 0.6rem; background: var(--code); border-radius: 6px; white-space: pre-wrap; }
  `];

  @property({ attribute: false }) problem?: ProblemInfo;

  override render() {
    const p = this.problem;
    if (!p) return nothing;
    const retry = p.retryAfter ? new Date(p.retryAfter) : undefined;
    return html`
      <div class="box" role="alert">
        <p class="what">${p.what}</p>
        ${p.next ? html`<p>${p.next}</p>` : nothing}
        ${retry ? html`<p>${msg(str`You can try again after ${formatDateTime(retry)}.`)}</p>` : nothing}
        ${p.detail ? html`<p class="hint">${p.type ? msg(html`The CA said (<span class="mono">${p.type}</span>):`) : msg('Details:')}</p><p class="detail mono">${p.detail}</p>` : nothing}
      </div>`;
  }
}
