// Prove control: one card per name with exactly what to place, and a button to tell the CA it is there.
import { LitElement, html, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { CardView } from '../flow/cards.ts';
import { apacheSnippet, curlCheck, dnsZoneLine, nginxSnippet, powershellCommand, shellCommand, shellCommandForAll, type Http01File } from '../flow/commands.ts';
import type { IssuanceFlow } from '../flow/issuance.ts';
import type { CardCheck } from '../flow/checker.ts';
import { base } from './styles.ts';
import './copy-field.ts';
import './problem.ts';

const STATE_TEXT = { waiting: 'Waiting for you', submitted: 'The CA is checking…', valid: 'Valid', invalid: 'Failed' } as const;

function fileOf(card: CardView): Http01File | undefined {
  const h = card.http01;
  return h ? { url: h.url, fileName: h.fileName, body: h.body, host: card.identifier.value } : undefined;
}

@customElement('cp-challenges')
export class ChallengesView extends LitElement {
  static override styles = [base, css`
    .head { display: flex; justify-content: space-between; gap: 1rem; align-items: baseline; flex-wrap: wrap; }
    .choices { display: flex; gap: 1.25rem; flex-wrap: wrap; margin: 0.25rem 0 0.5rem; }
    .choices label { font-weight: 400; display: flex; gap: 0.4rem; align-items: center; margin: 0; }
    cp-copy { margin-bottom: 0.25rem; }
    .all { border-style: dashed; }
    .intro { margin-bottom: 1rem; }
    .verify { border-radius: 8px; padding: 0.6rem 0.8rem; margin: 0.75rem 0 0; background: var(--code); border-left: 4px solid var(--border-strong); }
    .verify.pass { border-left-color: var(--good); }
    .verify.fail, .verify.wait { border-left-color: var(--bad); }
    .verify.wait { border-left-color: #c98a00; }
    .verify p { margin: 0.2rem 0; }
    .verify ul { margin: 0.25rem 0 0; padding-left: 1.2rem; }
    .verify .head { display: flex; gap: 0.75rem; align-items: baseline; justify-content: space-between; flex-wrap: wrap; }
    .override { font-weight: 400; display: flex; gap: 0.5rem; align-items: flex-start; margin: 0.5rem 0 0; }
    .override input { margin-top: 0.3rem; }
  `];

  @property({ attribute: false }) flow!: IssuanceFlow;
  /** Cards the user chose to submit although the check did not pass. */
  @state() private overrides = new Set<string>();
  /** Bumped by the app on every flow change, so this re-renders. */
  @property({ type: Number }) version = 0;

  /** May this card be submitted now: its check passed or could not run, or the user overrode it. */
  private ready(card: CardView): boolean {
    const check = this.flow.check(card.authzUrl);
    if (this.overrides.has(card.authzUrl)) return true;
    return !check || check.state === 'pass' || check.state === 'unknown';
  }

  private override(card: CardView, on: boolean): void {
    const next = new Set(this.overrides);
    if (on) next.add(card.authzUrl); else next.delete(card.authzUrl);
    this.overrides = next;
  }

  override render() {
    const cards = this.flow.cards;
    const httpWaiting = cards.filter((c) => c.record.state === 'waiting' && c.record.choice === 'http-01');
    const waiting = cards.filter((c) => c.record.state === 'waiting');
    const files = httpWaiting.map(fileOf).filter((f): f is Http01File => Boolean(f));
    if (this.flow.view === 'failed') return html`${cards.map((c) => this.renderCard(c))}`;
    return html`
      <h2>Prove you control ${cards.length === 1 ? 'this name' : `these ${cards.length} names`}</h2>
      <p class="hint intro">Place each file or DNS record below, then tell the CA it is there. Nothing is sent to the CA before you say so,
        and the CA checks only once: a failed check means a new order.</p>
      ${files.length >= 2 ? html`
        <section class="card all" aria-labelledby="all-h">
          <h3 id="all-h">All names served from one web server?</h3>
          <p class="hint">This one command writes every file (change /var/www/html to your web root).</p>
          <cp-copy label="Command for all files" .value=${shellCommandForAll(files)}></cp-copy>
          ${waiting.length >= 2 ? html`<div class="actions"><button class="primary" ?disabled=${!waiting.every((c) => this.ready(c))} @click=${() => this.flow.submitAll()}>All in place: submit all</button>
            ${waiting.every((c) => this.ready(c)) ? nothing : html`<span class="hint">Waiting until every card's check passes (or you submit a card anyway).</span>`}</div>` : nothing}
        </section>` : nothing}
      ${cards.map((c) => this.renderCard(c))}
      ${this.flow.view === 'challenges' ? html`<cp-problem .problem=${this.flow.error}></cp-problem>
        <div class="actions"><button type="button" @click=${() => this.flow.startOver()}>Start a new order</button>
          <span class="hint">Leaves this order unfinished (it expires on its own); your account and names are kept.</span></div>` : nothing}`;
  }

  private renderCard(card: CardView) {
    const { record } = card;
    const id = `card-${card.authzUrl.replace(/[^a-z0-9]/gi, '')}`;
    const badge = record.state === 'valid' ? 'ok' : record.state === 'invalid' ? 'bad' : record.state === 'submitted' ? 'busy' : '';
    const waiting = record.state === 'waiting';
    return html`
      <section class="card" aria-labelledby=${id}>
        <div class="head">
          <h3 id=${id} class="mono">${card.name}</h3>
          <span class="badge ${badge}" role="status">${card.authzStatus === 'valid' && record.state === 'valid' && !record.error ? STATE_TEXT.valid : STATE_TEXT[record.state]}</span>
        </div>
        ${waiting && card.offers.length > 1 ? html`
          <div class="choices" role="radiogroup" aria-label="Challenge for ${card.name}">
            <label><input type="radio" name=${id} .checked=${record.choice === 'http-01'} @change=${() => this.flow.choose(card.authzUrl, 'http-01')}> HTTP-01: a file on the web server</label>
            <label><input type="radio" name=${id} .checked=${record.choice === 'dns-01'} @change=${() => this.flow.choose(card.authzUrl, 'dns-01')}> DNS-01: a TXT record</label>
          </div>` : nothing}
        ${waiting && card.wildcard ? html`<p class="hint">Wildcard names can only be proven with a DNS record.</p>` : nothing}
        ${waiting ? (record.choice === 'http-01' ? this.renderHttp(card) : this.renderDns(card)) : nothing}
        ${record.state === 'valid' && !waiting ? html`<p class="ok">The CA has confirmed this name.${record.choice === 'http-01' ? ' You can delete the file now.' : ' You can delete the TXT record now.'}</p>` : nothing}
        ${record.state === 'submitted' ? html`<p class="hint">Keep the ${record.choice === 'http-01' ? 'file' : 'record'} in place until the CA has checked it.</p>` : nothing}
        <cp-problem .problem=${record.error}></cp-problem>
        ${waiting ? this.renderCheck(card) : nothing}
        ${waiting ? html`<div class="actions">
          <button class="primary" ?disabled=${!this.ready(card)} @click=${() => this.flow.submit(card.authzUrl)}>${record.choice === 'http-01' ? 'The file is in place' : 'The record is in place'}</button>
        </div>` : nothing}
      </section>`;
  }

  private renderCheck(card: CardView) {
    const check: CardCheck | undefined = this.flow.check(card.authzUrl);
    const http = card.record.choice === 'http-01';
    const needsOverride = check && (check.state === 'wait' || check.state === 'fail');
    return html`
      <div class="verify ${check?.state ?? ''}" role="status" aria-label="Check for ${card.name}">
        <div class="head">
          <p><strong>${check ? check.headline : 'Not checked yet.'}</strong></p>
          <span>
            <button type="button" @click=${() => this.flow.checkNow(card.authzUrl)} ?disabled=${check?.state === 'checking'}>Check now</button>
            ${http && card.identifier.type === 'dns' ? html`<button type="button" @click=${() => this.flow.probe(card.authzUrl)}>Fetch it from this page</button>` : nothing}
          </span>
        </div>
        ${check?.details.length ? html`<ul>${check.details.map((d) => html`<li class="mono">${d}</li>`)}</ul>` : nothing}
        ${check?.hints.length ? html`<ul>${check.hints.map((h) => html`<li>${h}</li>`)}</ul>` : nothing}
        ${needsOverride ? html`
          <label class="override"><input type="checkbox" .checked=${this.overrides.has(card.authzUrl)} @change=${(e: Event) => this.override(card, (e.target as HTMLInputElement).checked)}>
            <span>Submit anyway: I checked it myself. (The CA's view of DNS can differ from these resolvers', but if its check fails
            you need a new order, and failures count against the CA's limits.)</span></label>` : nothing}
      </div>`;
  }

  private renderHttp(card: CardView) {
    const file = fileOf(card);
    if (!file) return nothing;
    return html`
      <p>Make this file reachable over plain HTTP, port 80:</p>
      <cp-copy label="URL" .value=${file.url}></cp-copy>
      <cp-copy label="File name" .value=${file.fileName}></cp-copy>
      <cp-copy label="File content" .value=${file.body}></cp-copy>
      <details>
        <summary>Ready-made commands and server snippets</summary>
        <cp-copy label="Shell (Linux, macOS)" .value=${shellCommand(file)}></cp-copy>
        <cp-copy label="PowerShell (Windows, IIS)" .value=${powershellCommand(file)}></cp-copy>
        <cp-copy label="nginx" .value=${nginxSnippet([file])}></cp-copy>
        <cp-copy label="Apache" .value=${apacheSnippet([file])}></cp-copy>
        <cp-copy label="Check it from a terminal" .value=${curlCheck(file)}></cp-copy>
      </details>`;
  }

  private renderDns(card: CardView) {
    const d = card.dns01;
    if (!d) return nothing;
    return html`
      <p>Add this TXT record in your DNS provider's panel:</p>
      <cp-copy label="Record name" .value=${d.name}></cp-copy>
      <cp-copy label="Record value" .value=${d.value}></cp-copy>
      ${card.sameTxtName > 1 ? html`<p class="hint"><strong>${card.sameTxtName} records share this name</strong> (a wildcard and its base name):
        add each value as its own TXT record; do not replace one with the other.</p>` : nothing}
      <p class="hint">Some panels want only <span class="mono">${d.name.split('.')[0]}</span> or <span class="mono">${d.name.replace(/\.[^.]+\.[^.]+$/, '')}</span> as the name (they add the zone themselves).
        Give it a short TTL such as 60 seconds.</p>
      <details><summary>As a zone-file line</summary><cp-copy label="Zone file" .value=${dnsZoneLine(d.name, d.value)}></cp-copy></details>`;
  }
}
