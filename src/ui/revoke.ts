// Revocation forms, loaded on first use: a stored certificate with its account, or any certificate with its own key.
import { LitElement, html, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { loadDraft } from '../flow/setup/draft.ts';
import { checkWithKey, REASONS, revokeStored, revokeWithKey, type RevocationReason, type RevokeResult } from '../flow/lifecycle/revoke.ts';
import type { CertificateRecord } from '../store/schema.ts';
import type { ProblemInfo } from '../flow/outcome.ts';
import { base } from './styles.ts';
import { focusAfterUpdate } from './focus.ts';
import './problem.ts';

const styles = [base, css`
  :host { display: block; }
  label { display: block; font-weight: 500; margin: 0.6rem 0 0.2rem; }
  textarea { width: 100%; min-height: 6rem; box-sizing: border-box; font-family: ui-monospace, Consolas, monospace; font-size: 0.8rem; }
  input[type=url] { width: 100%; box-sizing: border-box; }
  .confirm { border: 1px solid var(--bad); border-radius: 8px; padding: 0.5rem 0.75rem; margin: 0.6rem 0; }
  button.danger { border-color: var(--bad); color: var(--bad); }
`];

/** A reason's name inside a sentence ("Revoked (key compromise)."). */
function reasonWord(code: RevocationReason): string | undefined {
  return REASONS.find((r) => r.code === code)?.label.toLowerCase();
}

function reasonSelect(id: string, value: RevocationReason, set: (r: RevocationReason) => void) {
  return html`
    <label for=${id}>${msg('Reason')}</label>
    <select id=${id} @change=${(e: Event) => set(Number((e.target as HTMLSelectElement).value) as RevocationReason)}>
      ${REASONS.map((r) => html`<option value=${r.code} ?selected=${r.code === value}>${r.label} (${r.code})</option>`)}
    </select>
    <p class="hint">${REASONS.find((r) => r.code === value)?.hint}</p>`;
}

@localized()
@customElement('cp-revoke-stored')
export class RevokeStored extends LitElement {
  static override styles = styles;
  @property({ attribute: false }) certificate?: CertificateRecord;
  @state() private reason: RevocationReason = 0;
  @state() private confirming = false;
  @state() private busy = false;
  @state() private done: string | undefined;
  @state() private problem: ProblemInfo | undefined;

  private async revoke(): Promise<void> {
    const cert = this.certificate;
    if (!cert) return;
    this.busy = true;
    this.problem = undefined;
    const result: RevokeResult = await revokeStored(cert, this.reason);
    this.busy = false;
    this.confirming = false;
    focusAfterUpdate(this, '.ask-revoke');
    if (result.ok) {
      this.done = msg(str`Revoked (${reasonWord(this.reason)}). The CA will report it as revoked from now on.`);
    } else {
      this.problem = result.problem;
    }
  }

  override render() {
    const c = this.certificate;
    if (!c) return nothing;
    return html`
      <h3>${c.names.length > 1 ? msg(str`Revoke ${c.names[0]} and ${c.names.length - 1} more`) : msg(str`Revoke ${c.names[0]}`)}</h3>
      <p class="hint">${msg('Revoking tells the CA this certificate must no longer be trusted. It cannot be undone. Browsers may keep accepting it for a while; renewing does not need it.')}</p>
      ${reasonSelect(`reason-${c.id}`, this.reason, (r) => { this.reason = r; })}
      ${this.confirming ? html`
        <div class="confirm" role="group" aria-label=${msg('Confirm revocation')} tabindex="-1">
          <p>${msg(html`Revoke the certificate for <span class="mono">${c.names.join(', ')}</span> (serial <span class="mono">${c.serialHex}</span>)?`)}</p>
          <div class="actions">
            <button class="danger" aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => !this.busy && this.revoke()}>${msg('Yes, revoke it')}</button>
            <button aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => { if (this.busy) return; this.confirming = false; focusAfterUpdate(this, '.ask-revoke'); }}>${msg('Cancel')}</button>
            <span role="status">${this.busy ? html`<span class="badge busy">${msg('Revoking…')}</span>` : nothing}</span>
          </div>
        </div>` : html`
        <div class="actions"><button class="danger ask-revoke" @click=${() => { this.confirming = true; this.done = undefined; focusAfterUpdate(this, '.confirm'); }}>${msg('Revoke…')}</button></div>`}
      <div role="status">${this.done ? html`<p class="ok">${this.done}</p>` : nothing}</div>
      <cp-problem .problem=${this.problem}></cp-problem>`;
  }
}

/** The size of PEM text the page reads (crypto/pem.ts refuses more). */
const FILE_MAX_BYTES = 1024 * 1024;

@localized()
@customElement('cp-revoke-key')
export class RevokeWithKey extends LitElement {
  static override styles = styles;
  @state() private certPem = '';
  @state() private keyPem = '';
  @state() private directoryUrl = '';
  @state() private reason: RevocationReason = 1;
  @state() private confirming = false;
  @state() private busy = false;
  @state() private done: string | undefined;
  @state() private problem: ProblemInfo | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    const d = loadDraft();
    if (!this.directoryUrl && d.directoryUrl) this.directoryUrl = d.directoryUrl;
  }

  /** A certificate or key file is a few KB; a bigger one is refused before it is read. */
  private async readFile(e: Event, tooBig: (name: string, mb: string) => string, set: (text: string) => void): Promise<void> {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    if (file.size > FILE_MAX_BYTES) {
      this.problem = { what: tooBig(file.name, (file.size / 1048576).toFixed(1)), next: msg('Choose the PEM file itself (it starts with -----BEGIN).') };
      return;
    }
    this.problem = undefined;
    set(await file.text());
  }

  /** Read and match the certificate and key first, so a wrong key is said before any confirmation. */
  private async ask(): Promise<void> {
    this.done = undefined;
    this.problem = undefined;
    this.busy = true;
    this.problem = await checkWithKey({ certPem: this.certPem, keyPem: this.keyPem, directoryUrl: this.directoryUrl, reason: this.reason });
    this.busy = false;
    this.confirming = !this.problem;
    if (this.confirming) focusAfterUpdate(this, '.confirm');
  }

  private async revoke(): Promise<void> {
    this.busy = true;
    this.problem = undefined;
    this.done = undefined;
    const result = await revokeWithKey({ certPem: this.certPem, keyPem: this.keyPem, directoryUrl: this.directoryUrl, reason: this.reason });
    this.busy = false;
    this.confirming = false;
    focusAfterUpdate(this, '.ask-revoke');
    if (result.ok) {
      this.done = result.certificate
        ? msg(str`Revoked (${reasonWord(this.reason)}). The copy kept in this browser is marked revoked.`)
        : msg(str`Revoked (${reasonWord(this.reason)}).`);
    } else {
      this.problem = result.problem;
    }
  }

  override render() {
    return html`
      <p class="hint">${msg("For a certificate not kept here (or whose account is gone): the CA accepts a revocation signed with the certificate's own private key. The key stays in this page.")}</p>
      <label for="rk-cert">${msg('Certificate (PEM)')}</label>
      <textarea id="rk-cert" spellcheck="false" placeholder="-----BEGIN CERTIFICATE-----" .value=${this.certPem}
        @input=${(e: Event) => { this.certPem = (e.target as HTMLTextAreaElement).value; this.confirming = false; }}></textarea>
      <input type="file" aria-label=${msg('Certificate file')} accept=".pem,.crt,.cer"
        @change=${(e: Event) => this.readFile(e, (name, mb) => msg(str`${name} is ${mb} MB: it is too big to be a certificate (at most 1 MB).`), (t) => { this.certPem = t; })}>
      <label for="rk-key">${msg('Its private key (PEM)')}</label>
      <textarea id="rk-key" spellcheck="false" placeholder="-----BEGIN PRIVATE KEY-----" .value=${this.keyPem}
        @input=${(e: Event) => { this.keyPem = (e.target as HTMLTextAreaElement).value; this.confirming = false; }}></textarea>
      <input type="file" aria-label=${msg('Private key file')} accept=".pem,.key"
        @change=${(e: Event) => this.readFile(e, (name, mb) => msg(str`${name} is ${mb} MB: it is too big to be a private key (at most 1 MB).`), (t) => { this.keyPem = t; })}>
      <label for="rk-dir">${msg('CA directory URL')}</label>
      <input id="rk-dir" type="url" spellcheck="false" .value=${this.directoryUrl}
        @input=${(e: Event) => { this.directoryUrl = (e.target as HTMLInputElement).value; }}>
      ${reasonSelect('rk-reason', this.reason, (r) => { this.reason = r; })}
      ${this.confirming ? html`
        <div class="confirm" role="group" aria-label=${msg('Confirm revocation')} tabindex="-1">
          <p>${msg(html`Revoke this certificate at <span class="mono">${this.directoryUrl}</span>? It cannot be undone.`)}</p>
          <div class="actions">
            <button class="danger" aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => !this.busy && this.revoke()}>${msg('Yes, revoke it')}</button>
            <button aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => { if (this.busy) return; this.confirming = false; focusAfterUpdate(this, '.ask-revoke'); }}>${msg('Cancel')}</button>
            <span role="status">${this.busy ? html`<span class="badge busy">${msg('Revoking…')}</span>` : nothing}</span>
          </div>
        </div>` : html`
        <div class="actions"><button class="danger ask-revoke" aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => !this.busy && this.ask()}>${msg('Revoke with this key…')}</button></div>`}
      <div role="status">${this.done ? html`<p class="ok">${this.done}</p>` : nothing}</div>
      <cp-problem .problem=${this.problem}></cp-problem>`;
  }
}
