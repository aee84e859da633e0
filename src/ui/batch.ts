// Several CSRs in one pass: where the pass stands (each CSR's certificate: issued, in progress, waiting), the current
// order's cards, and at the end every certificate with its own download set. Loaded when a pass is shown.
import { LitElement, html, css, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { orderNames, provenEarlier } from '../flow/issuance/batch.ts';
import type { IssuanceState } from '../flow/issuance/flow.ts';
import { nextInBatch } from '../flow/issuance/machine.ts';
import { fileStems } from '../flow/outputs/files.ts';
import type { CertificateRecord } from '../store/schema.ts';
import { raise } from './events.ts';
import { STEP_TEXT } from './steps.ts';
import { base } from './styles.ts';
import './challenges.ts';
import './problem.ts';
import './result.ts';

interface Row {
  names: string[];
  state: string;
  cls: string;
}

@localized()
@customElement('cp-batch')
export class BatchView extends LitElement {
  static override styles = [base, css`
    ol.pass { margin: 0.25rem 0 0; padding-left: 1.4rem; }
    ol.pass li { margin: 0.15rem 0; }
    .cert { border-top: 1px solid var(--border); padding-top: 0.75rem; margin-top: 1rem; }
    .cert h3 { margin: 0 0 0.25rem; }
  `];

  @property({ attribute: false }) issuance!: IssuanceState;

  /** Every CSR of the pass, in order, with how far its certificate got. */
  private rows(): Row[] {
    const s = this.issuance;
    const record = s.record;
    const batch = record?.batch;
    if (!record || !batch) return [];
    const rows: Row[] = s.issued.map((c) => ({ names: c.names, state: msg('issued'), cls: 'ok' }));
    const current: Partial<Record<IssuanceState['stage'], Row>> = {
      challenges: { names: orderNames(record), state: msg('proving control now'), cls: 'busy' },
      finalizing: { names: orderNames(record), state: msg('being issued'), cls: 'busy' },
      failed: { names: orderNames(record), state: msg('failed'), cls: 'bad' },
      ...(s.certificate ? { done: { names: s.certificate.names, state: msg('issued'), cls: 'ok' } } : {}),
    };
    const row = current[s.stage] ?? (s.stage === 'ordering' && record.stage === 'failed' ? { names: orderNames(record), state: msg('failed'), cls: 'bad' } : undefined);
    if (row) rows.push(row);
    batch.queue.forEach((item, i) => rows.push({
      names: item.identifiers.map((id) => id.value),
      ...(s.stage === 'ordering' && i === 0 ? { state: msg('ordering now'), cls: 'busy' } : { state: msg('waiting'), cls: '' }),
    }));
    return rows;
  }

  override render() {
    const s = this.issuance;
    const batch = s.record?.batch;
    if (!s.record || !batch) return nothing;
    const rows = this.rows();
    return html`
      <section class="card" aria-labelledby="pass-h">
        <h2 id="pass-h">${msg(str`${batch.total} CSRs, one pass`)}</h2>
        <p class="hint">${msg('One order after another with the same account: names an earlier certificate proved are not asked again.')}</p>
        <ol class="pass" aria-label=${msg('Certificates of this pass')}>
          ${rows.map((r) => html`<li><span class="mono">${r.names.join(', ')}</span> <span class="badge ${r.cls}">${r.state}</span></li>`)}
        </ol>
      </section>
      ${this.renderStage()}`;
  }

  private renderStage() {
    const s = this.issuance;
    const record = s.record;
    const batch = record?.batch;
    if (!record || !batch) return nothing;
    const next = nextInBatch(record, record.certificateId);
    switch (s.stage) {
      case 'ordering':
        return html`<section class="card"><p role="status">${s.role === 'follower'
          ? msg('Another tab is carrying on this pass; this tab follows it.')
          : msg(str`Ordering certificate ${(next?.batch.index ?? batch.index) + 1} of ${batch.total}: ${s.step ? STEP_TEXT[s.step] : msg('Working…')}`)}</p></section>`;
      case 'challenges':
        return html`<cp-challenges .issuance=${s}></cp-challenges>`;
      case 'finalizing': {
        const proven = provenEarlier(orderNames(record), s.issued);
        return html`
          <section class="card" aria-labelledby="iss-h">
            <h2 id="iss-h" data-view-heading tabindex="-1">${msg(str`Issuing certificate ${batch.index + 1} of ${batch.total}`)}</h2>
            ${proven ? html`<p class="hint" role="note">${msg(str`${proven}: nothing to prove for this one.`)}</p>` : nothing}
            <p role="status">${s.step ? STEP_TEXT[s.step] : msg('Waiting for the CA…')}</p>
            <cp-problem .problem=${s.problem}></cp-problem>
            ${s.problem && s.role === 'driver' ? html`<div class="actions"><button class="primary" @click=${() => raise(this, { type: 'retry' })}>${msg('Try again')}</button></div>` : nothing}
          </section>`;
      }
      case 'failed':
        return html`
          <cp-challenges .issuance=${s}></cp-challenges>
          ${this.renderRest(next?.item.identifiers.map((i) => i.value))}`;
      case 'done':
        return next ? this.renderRest(next.item.identifiers.map((i) => i.value)) : this.renderDone();
      default:
        return nothing;
    }
  }

  /** The pass stopped before its end (an order failed, or placing the next one did): go on, or stop here. */
  private renderRest(names: string[] | undefined) {
    const s = this.issuance;
    if (!names) return nothing;
    const left = s.record?.batch?.queue.length ?? 0;
    return html`
      <section class="card" aria-labelledby="rest-h">
        <h2 id="rest-h" data-view-heading tabindex="-1">${left === 1 ? msg(str`${left} CSR not ordered yet`) : msg(str`${left} CSRs not ordered yet`)}</h2>
        <cp-problem .problem=${s.problem}></cp-problem>
        ${s.issued.length ? html`<p class="hint">${msg('The certificates issued so far are kept under My certificates.')}</p>` : nothing}
        ${s.role === 'driver' ? html`<div class="actions">
          <button class="primary" @click=${() => raise(this, { type: 'next' })}>${msg(str`Order the next CSR (${names.join(', ')})`)}</button>
          <button @click=${() => raise(this, { type: 'startOver' })}>${msg('Stop this pass')}</button>
        </div>` : nothing}
      </section>`;
  }

  private renderDone() {
    const s = this.issuance;
    const all: CertificateRecord[] = [...s.issued, ...(s.certificate ? [s.certificate] : [])];
    const stems = fileStems(all);
    return html`
      <section class="card" aria-labelledby="done-h">
        <h2 id="done-h" data-view-heading tabindex="-1">${msg(str`Your ${all.length} certificates are ready`)}</h2>
        ${s.unsaved ? html`<cp-problem .problem=${{ what: msg('Not every certificate could be stored in this browser: download their files now.'), next: msg('They are gone when this tab closes.'), ...(s.storage?.detail ? { detail: s.storage.detail } : {}) }}></cp-problem>` : nothing}
        <p class="hint">${msg("Each certificate's files start with its main name. Its key is the one on the machine that made its CSR.")}</p>
        ${all.map((c, i) => {
          const proven = provenEarlier(c.names, all.slice(0, i));
          return html`
            <section class="cert" aria-label=${msg(str`Certificate ${i + 1}: ${c.names[0]}`)}>
              <h3 class="mono">${c.names[0]}</h3>
              <p class="hint">${!i
                ? msg(str`Certificate ${i + 1} of ${all.length}.`)
                : proven
                  ? msg(str`Certificate ${i + 1} of ${all.length}; ${proven}.`)
                  : msg(str`Certificate ${i + 1} of ${all.length}; none of its names were proven for an earlier one.`)}</p>
              <cp-result .certificate=${c} .stem=${stems[i]} .issuance=${i === all.length - 1 ? s.record : undefined}></cp-result>
            </section>`;
        })}
        <div class="actions"><button @click=${() => raise(this, { type: 'startOver' })}>${msg('Get another certificate')}</button></div>
      </section>`;
  }
}
