// An order once it exists: its cards (or why it failed), the issuing, and the certificate; a pass over several CSRs
// has a view of its own. Loaded with the code that drives the order, so the page's first load stays the form.
import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { IssuanceState } from '../flow/issuance/flow.ts';
import { raise } from './events.ts';
import { STEP_TEXT } from './steps.ts';
import { base } from './styles.ts';
import './batch.ts';
import './challenges.ts';
import './problem.ts';
import './result.ts';

@localized()
@customElement('cp-issuance-view')
export class IssuanceView extends LitElement {
  static override styles = [base];

  @property({ attribute: false }) issuance!: IssuanceState;

  override render() {
    const s = this.issuance;
    // Several CSRs in one pass: one view follows the pass from its first order on.
    if (s.record?.batch) return html`<cp-batch .issuance=${s}></cp-batch>`;
    switch (s.stage) {
      case 'finalizing':
        return html`
          <section class="card" aria-labelledby="iss-h">
            <h2 id="iss-h" data-view-heading tabindex="-1">${msg('Issuing your certificate')}</h2>
            ${this.reusedNote(s)}
            <p role="status">${s.step ? STEP_TEXT[s.step] : msg('Waiting for the CA…')}</p>
            <cp-problem .problem=${s.problem}></cp-problem>
            ${s.problem && s.role === 'driver' ? html`<div class="actions"><button class="primary" @click=${() => raise(this, { type: 'retry' })}>${msg('Try again')}</button></div>` : nothing}
          </section>`;
      case 'done':
        return html`
          <section class="card" aria-labelledby="done-h">
            <h2 id="done-h" data-view-heading tabindex="-1">${msg('Your certificate is ready')}</h2>
            ${this.reusedNote(s)}
            ${s.unsaved ? html`<cp-problem .problem=${{ what: msg('This certificate is not stored in this browser: download its files now.'), next: msg('They are gone when this tab closes. The browser refused to store it (its storage may be full, or blocked in this window).'), ...(s.storage?.detail ? { detail: s.storage.detail } : {}) }}></cp-problem>` : nothing}
            ${s.certificate ? html`<cp-result .certificate=${s.certificate} .issuance=${s.record}></cp-result>` : nothing}
            <div class="actions"><button @click=${() => raise(this, { type: 'startOver' })}>${msg('Get another certificate')}</button></div>
          </section>`;
      case 'challenges':
      case 'failed':
        return html`<cp-challenges .issuance=${s}></cp-challenges>`;
      default:
        return nothing;
    }
  }

  /** An order whose names the CA all had validated for this account asked nothing: say so where the user looks. */
  private reusedNote(s: IssuanceState) {
    const cards = s.record?.cards ?? [];
    if (!cards.length || !cards.every((c) => c.reused)) return nothing;
    const total = cards.length;
    return html`<p class="hint" role="note">${total === 1
      ? msg(str`No challenge needed: the CA reused this account's earlier validation of all ${total} name.`)
      : msg(str`No challenge needed: the CA reused this account's earlier validation of all ${total} names.`)}</p>`;
  }
}
