// The user's own CSRs in the setup form: one or several (one per machine), pasted one after another, chosen or
// dropped as files; what each asks for or why it cannot be used; and the openssl line that makes a key and CSR on a
// machine, so the key never leaves it. Loaded when "My own CSR" is chosen. The form owns the text: every change is
// raised as a `cp-csr-text` event.
import { LitElement, html, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { csrFileText, type CsrPlan } from '../flow/setup/own-csr.ts';
import { namesProblem, opensslCsrCommand } from '../flow/outputs/key-and-csr.ts';
import { parseNamesBox } from '../flow/setup/names.ts';
import { PEM_MAX_CHARS } from '../crypto/pem.ts';
import { KEY_TYPES, type KeyType } from '../crypto/key-types.ts';
import { KEY_LABELS } from './key-labels.ts';
import { base } from './styles.ts';
import './copy-field.ts';
import './problem.ts';

declare global {
  interface HTMLElementEventMap {
    'cp-csr-text': CustomEvent<string>;
  }
}

@localized()
@customElement('cp-csr-input')
export class CsrInput extends LitElement {
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  static override styles = [base, css`
    .field-error { color: var(--bad); font-size: 0.9rem; margin: 0.25rem 0 0; }
    ol.csrs { margin: 0.5rem 0; padding-left: 1.4rem; }
    ol.csrs li { margin: 0.2rem 0; }
    .files { margin-top: 0.4rem; }
    textarea.over { outline: 2px dashed var(--accent); }
  `];

  @property() text = '';
  /** The text, read (undefined while it is being read). */
  @property({ attribute: false }) plan: CsrPlan | undefined;
  /** What Create order found missing, shown once pressed. */
  @property() fieldError: string | undefined;
  /** The names typed in the form: the openssl line starts with them. */
  @property({ attribute: false }) names: string[] = [];
  @state() private fileProblems: string[] = [];
  @state() private over = false;
  /** The openssl line's own names and key type (undefined names: the form's). */
  @state() private opensslNames: string | undefined;
  @state() private opensslKey: KeyType = 'P-256';

  private changed(text: string): void {
    this.dispatchEvent(new CustomEvent('cp-csr-text', { detail: text, bubbles: true, composed: true }));
  }

  /** Chosen or dropped files: each CSR's text goes into the box after what is there (a file too large is not read). */
  private async addFiles(list: FileList | null | undefined): Promise<void> {
    const files = [...(list ?? [])];
    if (!files.length) return;
    const problems: string[] = [];
    const texts: string[] = [];
    for (const file of files) {
      if (file.size > PEM_MAX_CHARS) {
        problems.push(msg(str`${file.name} is larger than any CSR (over 1 MB), so it was not read.`));
        continue;
      }
      try {
        texts.push(csrFileText(new Uint8Array(await file.arrayBuffer())).trim());
      } catch (err) {
        problems.push(msg(str`${file.name}: ${err instanceof Error ? err.message : String(err)}`));
      }
    }
    this.fileProblems = problems;
    if (texts.length) this.changed([this.text.trim(), ...texts].filter(Boolean).join('\n') + '\n');
  }

  private onDrop(e: DragEvent): void {
    e.preventDefault();
    this.over = false;
    void this.addFiles(e.dataTransfer?.files);
  }

  override render() {
    const problem = this.plan?.problem;
    return html`
      <label for="csr">${msg('CSR (PEM): one, or several one after another')}</label>
      <textarea id="csr" class=${this.over ? 'over' : ''} spellcheck="false" placeholder="-----BEGIN CERTIFICATE REQUEST-----" .value=${this.text}
        aria-invalid=${this.fieldError || problem ? 'true' : 'false'} aria-describedby="csr-hint"
        @input=${(e: Event) => this.changed((e.target as HTMLTextAreaElement).value)}
        @dragover=${(e: DragEvent) => { e.preventDefault(); this.over = true; }} @dragleave=${() => { this.over = false; }} @drop=${this.onDrop}></textarea>
      <p id="csr-hint" class="hint">${msg(`One CSR per machine: each becomes its own certificate, all in one pass with one account, and a
        name shared between them is proven once. Paste them one after another, or drop or choose the files.`)}</p>
      <div class="files">
        <label for="csr-files">${msg('Or choose CSR files')}</label>
        <input id="csr-files" type="file" multiple accept=".csr,.req,.pem,.der,.txt"
          @change=${(e: Event) => { const input = e.target as HTMLInputElement; void this.addFiles(input.files).then(() => { input.value = ''; }); }}>
      </div>
      ${this.fileProblems.map((p) => html`<p class="field-error" role="alert">${p}</p>`)}
      ${this.renderEntries()}
      <cp-problem .problem=${problem}></cp-problem>
      ${this.fieldError && !problem ? html`<p class="field-error" role="alert">${this.fieldError}</p>` : nothing}
      ${this.renderOpenssl()}`;
  }

  private renderEntries() {
    const entries = this.plan?.entries ?? [];
    const ok = entries.filter((c) => c.csr && !c.problem).length;
    const [only] = entries;
    if (entries.length === 1 && only) {
      return html`
        ${only.csr ? html`<p class=${only.problem ? 'hint' : 'ok'}>${msg(str`The CSR names: ${only.csr.names.join(', ')} (${only.csr.keyType} key).`)}</p>` : nothing}
        <cp-problem .problem=${only.problem}></cp-problem>`;
    }
    if (!entries.length) return nothing;
    return html`
      <p class=${ok === entries.length ? 'ok' : 'hint'}>${ok === entries.length
        ? msg(str`${entries.length} CSRs: ${ok} certificates, one order after another.`)
        : msg(str`${entries.length} CSRs: ${ok} can be used, ${entries.length - ok} cannot.`)}</p>
      <ol class="csrs" aria-label=${msg('CSRs')}>
        ${entries.map((c) => (c.csr && !c.problem
          ? html`<li>${msg(html`CSR ${c.n} names: <span class="mono">${c.csr.names.join(', ')}</span> (${c.csr.keyType} key).`)}</li>`
          : html`<li class="bad" role="alert">${msg(str`CSR ${c.n} cannot be used: ${c.problem?.what} ${c.problem?.next}`)}</li>`))}
      </ol>`;
  }

  private renderOpenssl() {
    const text = this.opensslNames ?? this.names.join(' ');
    const problem = text.trim() ? namesProblem(text) : msg('Type the names of that machine.');
    const names = problem ? [] : parseNamesBox(text).entries.map((e) => e.name);
    return html`
      <details>
        <summary>${msg('Make the key and CSR on each machine (the key never leaves it)')}</summary>
        <p class="hint">${msg(`Run this line on the machine the certificate is for: it writes the private key to key.pem (it stays
          there) and the CSR to req.csr, which you paste or choose here. Then point the server at key.pem and at the
          certificate you download.`)}</p>
        <div class="row">
          <div><label for="ossl-names">${msg('Names for that machine')}</label>
            <input id="ossl-names" spellcheck="false" .value=${text} @input=${(e: Event) => { this.opensslNames = (e.target as HTMLInputElement).value; }}></div>
          <div><label for="ossl-key">${msg('Key type')}</label>
            <select id="ossl-key" @change=${(e: Event) => { this.opensslKey = (e.target as HTMLSelectElement).value as KeyType; }}>
              ${KEY_TYPES.map((k) => html`<option value=${k} ?selected=${k === this.opensslKey}>${KEY_LABELS[k]}</option>`)}
            </select></div>
        </div>
        ${problem ? html`<p class="hint">${problem}</p>` : html`<cp-copy label=${msg('openssl: make the key and CSR')} .value=${opensslCsrCommand(names, this.opensslKey)}></cp-copy>`}
      </details>`;
  }
}
