// Prove control: one card per name, in the order the names were typed, with exactly what to place and a button to
// tell the CA it is there. After a failure: why, and each card's real end. Cards never move under the pointer.
import { LitElement, html, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { repeat } from 'lit/directives/repeat.js';
import type { CardCheck } from '../flow/checks/live.ts';
import { apacheSnippet, curlCheck, dnsZoneLine, dnsZoneRemoval, nginxSnippet, nsupdateCommand, powershellCommand, shellCommand, shellCommandForAll, type Http01File } from '../flow/outputs/commands.ts';
import { dnsChecks, onDnsChecks, type DnsCheckSettings } from '../flow/checks/settings.ts';
import { shouldAutoSubmit } from '../flow/checks/auto-submit.ts';
import { autoSubmit, loadAutoSubmit, onAutoSubmit, setAutoSubmit } from '../flow/checks/auto-submit-setting.ts';
import { sameTxtName } from '../flow/issuance/cards.ts';
import { orderNames, provenEarlier } from '../flow/issuance/batch.ts';
import type { IssuanceState } from '../flow/issuance/flow.ts';
import { failureProblem, issuanceProblem } from '../flow/problems.ts';
import type { CardRecord, ChallengeType, IssuanceRecord } from '../store/schema.ts';
import type { TlsAlpnFile } from '../flow/outputs/tls-alpn.ts';
import { nginxStreamRecipe, opensslServerRecipe, tlsAlpnFiles } from '../flow/outputs/tls-alpn.ts';
import { downloadText } from './download.ts';
import { CardChecks } from './card-checks.ts';
import { Follow } from './controllers.ts';
import { raise } from './events.ts';
import { base } from './styles.ts';
import { later } from './styles-later.ts';
import { focusAfterUpdate } from './focus.ts';
import './copy-field.ts';
import './dns-consent.ts';
import './problem.ts';

// Worded when shown (msg() at render time), so a change of language reaches them.
const stateText = (state: CardRecord['state']): string => ({
  waiting: () => msg('Waiting for you'), submitted: () => msg('The CA is checking…'), valid: () => msg('Valid'), invalid: () => msg('Failed'),
})[state]();
const choiceText = (t: ChallengeType): string => ({
  'http-01': () => msg('HTTP-01: a file on the web server'),
  'dns-01': () => msg('DNS-01: a TXT record'),
  'tls-alpn-01': () => msg('TLS-ALPN-01: a certificate on port 443'),
})[t]();
const submitText = (t: ChallengeType): string => ({
  'http-01': () => msg('The file is in place'), 'dns-01': () => msg('The record is in place'), 'tls-alpn-01': () => msg('It is answering on port 443'),
})[t]();
const keepText = (t: ChallengeType): string => ({
  'http-01': () => msg('Keep the file in place until the CA has checked it.'),
  'dns-01': () => msg('Keep the record in place until the CA has checked it.'),
  'tls-alpn-01': () => msg('Keep openssl answering on port 443 until the CA has checked it.'),
})[t]();
const doneText = (t: ChallengeType): string => ({
  'http-01': () => msg('You can delete the file now.'),
  'dns-01': () => msg('You can delete the TXT record now (the result lists every record to remove).'),
  'tls-alpn-01': () => msg('You can stop openssl (Ctrl-C), start your web server again and delete the two files.'),
})[t]();

/** Labels that name programs and systems only. */
const PROGRAMS = { shell: 'Shell (Linux, macOS)', powershell: 'PowerShell (Windows, IIS)', nginx: 'nginx', apache: 'Apache' }; // i18n-exempt: program and system names, the same in every language

function fileOf(card: CardRecord): Http01File | undefined {
  const h = card.http01;
  return h ? { url: h.url, fileName: h.fileName, body: h.body, host: card.identifier.value } : undefined;
}

/** The name a DNS panel may want instead of the full record name, when it adds the zone itself: "_acme-challenge" or "_acme-challenge.www". */
function panelNames(recordName: string): string[] {
  const short = recordName.split('.')[0] ?? recordName;
  const relative = recordName.replace(/\.[^.]+\.[^.]+$/, '');
  return [...new Set([short, relative])];
}

@localized()
@customElement('cp-challenges')
export class ChallengesView extends LitElement {
  static override styles = [base, later, css`
    .head { display: flex; justify-content: space-between; gap: 1rem; align-items: baseline; flex-wrap: wrap; }
    .choices { display: flex; gap: 1.25rem; flex-wrap: wrap; margin: 0.25rem 0 0.5rem; border: 0; padding: 0; }
    .choices label { font-weight: 400; display: flex; gap: 0.4rem; align-items: center; margin: 0; }
    cp-copy { margin-bottom: 0.25rem; }
    .all { border-style: dashed; }
    .intro { margin-bottom: 1rem; }
    .verify { border-radius: 8px; padding: 0.6rem 0.8rem; margin: 0.75rem 0 0; background: var(--code); border-left: 4px solid var(--border-strong); }
    .verify.pass { border-left-color: var(--good); }
    .verify.fail, .verify.wait { border-left-color: var(--bad); }
    .verify.wait { border-left-color: var(--warn); }
    .verify p { margin: 0.2rem 0; }
    .verify ul { margin: 0.25rem 0 0; padding-left: 1.2rem; }
    .verify .head { display: flex; gap: 0.75rem; align-items: baseline; justify-content: space-between; flex-wrap: wrap; }
    .override { font-weight: 400; display: flex; gap: 0.5rem; align-items: flex-start; margin: 0.5rem 0 0; }
    .override input { margin-top: 0.3rem; }
  `];

  @property({ attribute: false }) issuance: IssuanceState | undefined;
  /** Cards the user chose to submit although the check did not pass. */
  @state() private overrides = new Set<string>();
  private readonly checks = new CardChecks(this);
  /** TLS-ALPN-01 files made on request, by authorization URL. */
  @state() private alpn = new Map<string, TlsAlpnFile[]>();
  @state() private alpnProblem: string | undefined;
  private readonly dns = new Follow<DnsCheckSettings | undefined>(this, { get: dnsChecks, subscribe: onDnsChecks });
  /** The DNS question was answered on these cards: its note stays where the question was (it holds the focus). */
  @state() private consentAnswered = false;
  /**
   * Each card's last finished check, by card and challenge type: shown while the check runs again, so a re-check that
   * finds the same changes nothing on screen or in the live region (nothing is said again every few seconds).
   */
  private readonly settled = new Map<string, CardCheck>();
  /** The page's switch: DNS-01 cards tell the CA by themselves once every resolver sees the record. */
  private readonly auto = new Follow<boolean | undefined>(this, { get: autoSubmit, subscribe: onAutoSubmit });
  /** Cards this view told the CA about by itself: each one once. */
  private readonly autoRaised = new Set<string>();

  override connectedCallback(): void {
    super.connectedCallback();
    void loadAutoSubmit();
  }

  override willUpdate(): void {
    const s = this.issuance;
    // Only the tab that drives the order checks, and only while cards wait for the user.
    const live = s?.stage === 'challenges' && s.role === 'driver' && s.record ? s.record.cards.filter((c) => c.state === 'waiting') : [];
    this.checks.follow(live);
  }

  /** After each render (a check answered, the switch moved): the DNS-01 cards whose check passed everywhere go. */
  override updated(): void {
    const s = this.issuance;
    if (!s?.record) return;
    const urls = s.record.cards.filter((card) => shouldAutoSubmit({
      enabled: this.auto.value === true, dns: this.dns.value, role: s.role, stage: s.stage, card, check: this.checks.get(card), raised: this.autoRaised,
    })).map((c) => c.authzUrl);
    if (!urls.length) return;
    for (const url of urls) this.autoRaised.add(url);
    raise(this, { type: 'submit', authzUrls: urls, auto: true });
  }

  /** May this card be submitted now: its check passed or could not run, or the user overrode it. */
  private ready(card: CardRecord): boolean {
    const check = this.checks.get(card);
    if (this.overrides.has(card.authzUrl)) return true;
    return !check || check.state === 'pass' || check.state === 'unknown';
  }

  private override(card: CardRecord, on: boolean): void {
    const next = new Set(this.overrides);
    if (on) next.add(card.authzUrl); else next.delete(card.authzUrl);
    this.overrides = next;
  }

  override render() {
    const s = this.issuance;
    const record = s?.record;
    if (!s || !record) return nothing;
    if (s.stage === 'failed') return this.renderFailed(record);
    // In a pass over several CSRs, a name an earlier order proved is not shown again: only what needs the user.
    const cards = record.batch ? record.cards.filter((c) => !c.reused) : record.cards;
    const driving = s.role === 'driver';
    const waiting = cards.filter((c) => c.state === 'waiting');
    const files = waiting.filter((c) => c.choice === 'http-01').map(fileOf).filter((f): f is Http01File => Boolean(f));
    const reused = record.cards.filter((c) => c.reused).length;
    const allReady = waiting.every((c) => this.ready(c));
    const total = record.cards.length;
    const proven = record.batch ? provenEarlier(orderNames(record), s.issued) : undefined;
    return html`
      ${record.batch ? html`<p class="hint">${msg(str`Certificate ${record.batch.index + 1} of ${record.batch.total}: ${orderNames(record).join(', ')}`)}</p>` : nothing}
      <h2 data-view-heading tabindex="-1">${cards.length === 1 ? msg('Prove you control this name') : msg(str`Prove you control these ${cards.length} names`)}</h2>
      <p class="hint intro">${msg('Place each file or DNS record below, then tell the CA it is there. Nothing is sent to the CA before you say so, and the CA checks only once: a failed check means a new order.')}</p>
      ${proven ? html`<p class="hint" role="note">${!reused ? msg(str`${proven}.`)
          : reused === 1 ? msg(str`${proven}: the CA reused that validation, so only the others are shown.`)
          : msg(str`${proven}: the CA reused those validations, so only the others are shown.`)}</p>`
        : reused ? html`<p class="hint" role="note">${reused !== total ? msg(str`Challenges skipped for ${reused} of ${total} names: the CA reused this account's earlier validation of them.`)
          : total === 1 ? msg(str`No challenge needed: the CA reused this account's earlier validation of all ${total} name.`)
          : msg(str`No challenge needed: the CA reused this account's earlier validation of all ${total} names.`)}</p>` : nothing}
      ${driving && waiting.length && (this.dns.value?.mode === 'ask' || this.consentAnswered) ? html`<cp-dns-consent purpose="before you tell the CA" @cp-dns-answered=${() => { this.consentAnswered = true; }}></cp-dns-consent>` : nothing}
      ${driving && this.dns.value?.mode === 'on' && this.auto.value !== undefined && waiting.some((c) => c.choice === 'dns-01') ? this.renderAutoSwitch() : nothing}
      ${files.length >= 2 ? html`
        <section class="card all" aria-labelledby="all-h">
          <h3 id="all-h">${msg('All names served from one web server?')}</h3>
          <p class="hint">${msg('This one command writes every file (change /var/www/html to your web root).')}</p>
          <cp-copy label=${msg('Command for all files')} .value=${shellCommandForAll(files)}></cp-copy>
          ${waiting.length >= 2 && driving ? html`<div class="actions"><button class="primary" ?disabled=${!allReady}
              @click=${() => { focusAfterUpdate(this, '[data-view-heading]'); raise(this, { type: 'submit', authzUrls: waiting.map((c) => c.authzUrl) }); }}>${msg('All in place: submit all')}</button>
            ${allReady ? nothing : html`<span class="hint">${msg("Waiting until every card's check passes (or you submit a card anyway).")}</span>`}</div>` : nothing}
        </section>` : nothing}
      ${repeat(cards, (c) => c.authzUrl, (c) => this.renderCard(record, c, driving))}
      <cp-problem .problem=${s.problem}></cp-problem>
      ${s.problem && driving ? html`<div class="actions"><button class="primary" type="button" @click=${() => raise(this, { type: 'retry' })}>${msg('Try again')}</button></div>` : nothing}
      ${driving ? html`<div class="actions"><button type="button" @click=${() => raise(this, { type: 'startOver' })}>${msg('Start a new order')}</button>
        <span class="hint">${msg('Leaves this order unfinished (it expires on its own at the CA; its key is deleted here); your account and names are kept.')}</span></div>` : nothing}`;
  }

  private renderAutoSwitch() {
    return html`
      <div class="auto-submit">
        <label class="override"><input type="checkbox" .checked=${this.auto.value === true} @change=${(e: Event) => void setAutoSubmit((e.target as HTMLInputElement).checked)}>
          <span>${msg('Tell the CA by itself once every resolver sees the record')}</span></label>
        <p class="hint">${msg('On by default: a DNS-01 card then does what you would do once its check says "Found: seen by all resolvers", and only then. Turn it off to press each card\'s button yourself. HTTP-01 and TLS-ALPN-01 cards always wait for you (their checks cannot see the file or the certificate the CA will look at).')}</p>
      </div>`;
  }

  private renderFailed(record: IssuanceRecord) {
    return html`
      <section class="card" aria-labelledby="fail-h">
        <h2 id="fail-h" data-view-heading tabindex="-1">${msg('The CA did not issue the certificate')}</h2>
        ${record.failure ? html`<cp-problem .problem=${issuanceProblem(record.failure)}></cp-problem>` : nothing}
        <p class="hint">${msg('Your account and the names you entered are kept. Fix what is described above, then start a new order.')}</p>
        <div class="actions"><button class="primary" @click=${() => raise(this, { type: 'startOver' })}>${msg('Start a new order')}</button></div>
      </section>
      ${repeat(record.cards, (c) => c.authzUrl, (c) => this.renderCard(record, c, false, true))}`;
  }

  private renderCard(record: IssuanceRecord, card: CardRecord, driving: boolean, ended = false) {
    const id = `card-${card.authzUrl.replace(/[^a-z0-9]/gi, '')}`;
    const badge = card.state === 'valid' ? 'ok' : card.state === 'invalid' ? 'bad' : card.state === 'submitted' && !ended ? 'busy' : '';
    const waiting = card.state === 'waiting' && !ended;
    const label = ended && card.state !== 'valid' && card.state !== 'invalid' ? msg('Not checked: the order ended') : stateText(card.state);
    return html`
      <section class="card" aria-labelledby=${id}>
        <div class="head">
          <h3 id=${id} class="mono" tabindex="-1">${card.name}</h3>
          <span class="badge ${badge}" role="status">${label}</span>
        </div>
        ${waiting && driving && card.offers.length > 1 ? html`
          <fieldset class="choices" role="radiogroup" aria-label=${msg(str`Challenge for ${card.name}`)}>
            ${card.offers.map((t) => html`<label><input type="radio" name=${id} .checked=${card.choice === t}
              @change=${() => raise(this, { type: 'choose', authzUrl: card.authzUrl, choice: t })}> ${choiceText(t)}</label>`)}
          </fieldset>` : nothing}
        ${waiting && card.wildcard ? html`<p class="hint">${msg('Wildcard names can only be proven with a DNS record.')}</p>` : nothing}
        ${waiting ? (card.choice === 'http-01' ? this.renderHttp(card) : card.choice === 'dns-01' ? this.renderDns(record, card) : this.renderTlsAlpn(card)) : nothing}
        ${card.state === 'valid' ? html`<p class="ok">${card.reused ? msg('The CA already had this name confirmed for this account.') : `${msg('The CA has confirmed this name.')} ${doneText(card.choice)}`}</p>` : nothing}
        ${card.auto && card.state !== 'waiting' ? html`<p class="hint" role="note">${msg('Told the CA by itself: every resolver saw the record.')}</p>` : nothing}
        ${card.state === 'submitted' && !ended ? html`<p class="hint">${keepText(card.choice)}</p>` : nothing}
        ${card.failure ? html`<cp-problem .problem=${failureProblem(card.failure, card.choice)}></cp-problem>` : nothing}
        ${waiting && driving ? this.renderCheck(card) : nothing}
        ${waiting && driving ? html`<div class="actions">
          <button class="primary" ?disabled=${!this.ready(card)} @click=${() => { focusAfterUpdate(this, `#${id}`); raise(this, { type: 'submit', authzUrls: [card.authzUrl] }); }}>${submitText(card.choice)}</button>
        </div>` : nothing}
      </section>`;
  }

  private renderCheck(card: CardRecord) {
    const check: CardCheck | undefined = this.checks.get(card);
    const http = card.choice === 'http-01';
    // While a check runs again, the last answer stays (with "Checking…" beside it): the text, the override box and the
    // live region change only when the answer does.
    const key = `${card.authzUrl} ${card.choice}`;
    const checking = check?.state === 'checking';
    if (check && !checking) this.settled.set(key, check);
    const shown = checking ? this.settled.get(key) ?? check : check;
    const needsOverride = shown && (shown.state === 'wait' || shown.state === 'fail');
    return html`
      <div class="verify ${shown?.state ?? ''}" role="group" aria-label=${msg(str`Check for ${card.name}`)}>
        <div class="head">
          <p role="status" aria-atomic="true"><span class="visually-hidden">${card.name}: </span><strong>${shown ? shown.headline : this.dns.value?.mode === 'on' ? msg('Not checked yet.') : msg('DNS checks are off: check it yourself before you submit.')}</strong></p>
          <span>
            ${checking && shown !== check ? html`<span class="badge busy">${msg('Checking…')}</span>` : nothing}
            ${this.dns.value?.mode === 'on' ? html`<button type="button" @click=${() => { if (!checking) this.checks.checkNow(card); }} aria-disabled=${checking ? 'true' : 'false'}>${msg('Check now')}</button>` : nothing}
            ${http && card.identifier.type === 'dns' ? html`<button type="button" @click=${() => this.checks.probe(card)}>${msg('Fetch it from this page')}</button>` : nothing}
          </span>
        </div>
        ${shown?.details.length ? html`<ul>${shown.details.map((d) => html`<li class="mono">${d}</li>`)}</ul>` : nothing}
        ${shown?.hints.length ? html`<ul>${shown.hints.map((h) => html`<li>${h}</li>`)}</ul>` : nothing}
        ${needsOverride ? html`
          <label class="override"><input type="checkbox" .checked=${this.overrides.has(card.authzUrl)} @change=${(e: Event) => this.override(card, (e.target as HTMLInputElement).checked)}>
            <span>${msg("Submit anyway: I checked it myself. (The CA's view of DNS can differ from these resolvers', but if its check fails you need a new order, and failures count against the CA's limits.)")}</span></label>` : nothing}
      </div>`;
  }

  private renderHttp(card: CardRecord) {
    const file = fileOf(card);
    if (!file) return nothing;
    return html`
      <p>${msg('Make this file reachable over plain HTTP, port 80:')}</p>
      <cp-copy label="URL" .value=${file.url}></cp-copy>
      <cp-copy label=${msg('File name')} .value=${file.fileName}></cp-copy>
      <cp-copy label=${msg('File content')} .value=${file.body}></cp-copy>
      <details>
        <summary>${msg('Ready-made commands and server snippets')}</summary>
        <cp-copy label=${PROGRAMS.shell} .value=${shellCommand(file)}></cp-copy>
        <cp-copy label=${PROGRAMS.powershell} .value=${powershellCommand(file)}></cp-copy>
        <cp-copy label=${PROGRAMS.nginx} .value=${nginxSnippet([file])}></cp-copy>
        <cp-copy label=${PROGRAMS.apache} .value=${apacheSnippet([file])}></cp-copy>
        <cp-copy label=${msg('Check it from a terminal')} .value=${curlCheck(file)}></cp-copy>
      </details>`;
  }

  /** The two files are made on request (a key and a self-signed certificate, this card only). */
  private async makeAlpnFiles(card: CardRecord): Promise<void> {
    if (!card.tlsAlpn01) return;
    try {
      const made = await tlsAlpnFiles(card.name, card.tlsAlpn01.keyAuthorization);
      this.alpn = new Map(this.alpn).set(card.authzUrl, [made.cert, made.key]);
    } catch (err) {
      this.alpnProblem = err instanceof Error ? err.message : String(err);
    }
  }

  private renderTlsAlpn(card: CardRecord) {
    if (!card.tlsAlpn01) return nothing;
    const files = this.alpn.get(card.authzUrl);
    const server = opensslServerRecipe(card.name);
    const nginx = nginxStreamRecipe(card.name);
    return html`
      <p>${msg(html`The CA connects to <span class="mono">${card.name}</span> on port 443 and asks for a special certificate (ALPN <span class="mono">acme-tls/1</span>). Make it here, copy both files to the server, and answer with openssl:`)}</p>
      ${files ? html`<div class="actions">${files.map((f) => html`<button type="button" @click=${() => downloadText(f.name, f.text)}>${msg(str`Download ${f.name}`)}</button>`)}</div>
        <p class="hint">${files.map((f) => html`${msg(str`${f.name}: ${f.description}.`)} `)}</p>`
        : html`<div class="actions"><button type="button" @click=${() => this.makeAlpnFiles(card)}>${msg('Make the validation certificate and key')}</button></div>`}
      ${this.alpnProblem ? html`<p class="field-error bad" role="alert">${this.alpnProblem}</p>` : nothing}
      <ul>${server.before.map((b) => html`<li>${b}</li>`)}</ul>
      <cp-copy label=${msg('openssl on port 443')} .value=${server.command}></cp-copy>
      <p class="hint">${server.after.join(' ')}</p>
      <details><summary>${msg('Keep the site running: route acme-tls/1 with an nginx stream block')}</summary>
        <ol>${nginx.steps.map((st) => html`<li>${st}</li>`)}</ol>
        <cp-copy label=${msg('nginx stream block')} .value=${nginx.config}></cp-copy>
        <cp-copy label=${msg('openssl behind nginx')} .value=${nginx.command}></cp-copy>
      </details>`;
  }

  private renderDns(record: IssuanceRecord, card: CardRecord) {
    const d = card.dns01;
    if (!d) return nothing;
    const shared = sameTxtName(record, card);
    const names = panelNames(d.name);
    return html`
      <p>${msg("Add this TXT record in your DNS provider's panel:")}</p>
      <cp-copy label=${msg('Record name')} .value=${d.name}></cp-copy>
      <cp-copy label=${msg('Record value')} .value=${d.value}></cp-copy>
      ${shared > 1 ? html`<p class="hint">${msg(html`<strong>${shared} records share this name</strong> (a wildcard and its base name): add each value as its own TXT record; do not replace one with the other.`)}</p>` : nothing}
      <p class="hint">${names.length > 1
        ? msg(html`Some panels want only <span class="mono">${names[0]}</span> or <span class="mono">${names[1]}</span> as the name (they add the zone themselves).`)
        : msg(html`Some panels want only <span class="mono">${names[0]}</span> as the name (they add the zone themselves).`)}
        ${msg('Give it a short TTL such as 60 seconds.')}</p>
      <details><summary>${msg(html`As a zone-file line or an <code>nsupdate</code> command`)}</summary>
        <cp-copy label=${msg('Zone file')} .value=${dnsZoneLine(d.name, d.value)}></cp-copy>
        <cp-copy label=${msg('nsupdate (on the DNS server)')} .value=${nsupdateCommand('add', [d])}></cp-copy>
        <p class="hint">${msg(str`Afterwards, remove it again: ${dnsZoneRemoval(d.name, d.value).instruction}`)}</p>
        <cp-copy label=${msg('nsupdate: remove it')} .value=${nsupdateCommand('delete', [d])}></cp-copy>
      </details>`;
  }
}
