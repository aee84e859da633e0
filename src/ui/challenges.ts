// Prove control: one card per name with exactly what to place, and a button to tell the CA it is there.
import { LitElement, html, css, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { CardView } from '../flow/cards.ts';
import { apacheSnippet, curlCheck, dnsZoneLine, nginxSnippet, powershellCommand, shellCommand, shellCommandForAll, type Http01File } from '../flow/commands.ts';
import type { IssuanceFlow } from '../flow/issuance.ts';
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
  `];

  @property({ attribute: false }) flow!: IssuanceFlow;
  /** Bumped by the app on every flow change, so this re-renders. */
  @property({ type: Number }) version = 0;

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
          ${waiting.length >= 2 ? html`<div class="actions"><button class="primary" @click=${() => this.flow.submitAll()}>All in place: submit all</button></div>` : nothing}
        </section>` : nothing}
      ${cards.map((c) => this.renderCard(c))}
      ${this.flow.view === 'challenges' ? html`<cp-problem .problem=${this.flow.error}></cp-problem>` : nothing}`;
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
        <!-- Live checks of the placed file or record (DNS-over-HTTPS) go here. -->
        ${waiting ? html`<div class="actions">
          <button class="primary" @click=${() => this.flow.submit(card.authzUrl)}>${record.choice === 'http-01' ? 'The file is in place' : 'The record is in place'}</button>
        </div>` : nothing}
      </section>`;
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
