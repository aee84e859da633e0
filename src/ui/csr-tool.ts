// "Make a key and CSR": names and a key type in, privkey.pem and request.csr out. Loaded when first opened.
import { LitElement, html, css, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { KEY_TYPES, type KeyType } from '../crypto/key-types.ts';
import { makeKeyAndCsr, namesProblem, type KeyAndCsr } from '../flow/outputs/key-and-csr.ts';
import { downloadText } from './download.ts';
import { KEY_LABELS } from './key-labels.ts';
import { base } from './styles.ts';
import './copy-field.ts';

/** The names box's example. */
const EXAMPLE_NAMES = 'example.com\nwww.example.com'; // i18n-exempt: example domains, the same in every language

@localized()
@customElement('cp-csr-tool')
export class CsrTool extends LitElement {
  static override styles = [base, css`
    .err { color: var(--bad); white-space: pre-line; }
  `];

  @state() private namesText = '';
  @state() private keyType: KeyType = 'P-256';
  @state() private problem: string | undefined;
  @state() private busy = false;
  @state() private made: KeyAndCsr | undefined;

  private async make(e: Event): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    this.problem = namesProblem(this.namesText);
    if (this.problem) return;
    this.busy = true;
    try {
      this.made = await makeKeyAndCsr(this.namesText, this.keyType);
      downloadText('privkey.pem', this.made.keyPem);
      downloadText('request.csr', this.made.csrPem);
    } catch (err) {
      this.problem = err instanceof Error ? err.message : String(err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const made = this.made;
    return html`
      <p class="hint">${msg(html`Made here, with no CA involved (it works offline): a new private key and a certificate signing
        request (CSR) for your names. Keep <span class="mono">privkey.pem</span> on your server; give
        <span class="mono">request.csr</span> to any CA, or to this page ("My own CSR").`)}</p>
      <form @submit=${this.make}>
        <label for="csr-names">${msg('Names for the CSR')}</label>
        <textarea id="csr-names" spellcheck="false" placeholder=${EXAMPLE_NAMES} .value=${this.namesText}
          aria-invalid=${this.problem ? 'true' : 'false'} aria-describedby="csr-err"
          @input=${(e: Event) => { this.namesText = (e.target as HTMLTextAreaElement).value; this.problem = undefined; }}></textarea>
        <div id="csr-err">${this.problem ? html`<p class="err" role="alert">${this.problem}</p>` : nothing}</div>
        <label for="csr-key">${msg('Key type')}</label>
        <select id="csr-key" @change=${(e: Event) => { this.keyType = (e.target as HTMLSelectElement).value as KeyType; }}>
          ${KEY_TYPES.map((k) => html`<option value=${k} ?selected=${k === this.keyType}>${KEY_LABELS[k]}</option>`)}
        </select>
        <div class="actions">
          <button class="primary" type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>${this.busy ? msg('Making…') : msg('Make key and CSR')}</button>
        </div>
      </form>
      <div role="status">${made ? html`<p>${msg(html`Made a key and a CSR for ${made.names.join(', ')}: <span class="mono">privkey.pem</span> and
          <span class="mono">request.csr</span> were downloaded.`)}</p>` : nothing}</div>
      ${made ? html`
        <div class="actions">
          <button type="button" @click=${() => downloadText('privkey.pem', made.keyPem)}>${msg('Download privkey.pem')}</button>
          <button type="button" @click=${() => downloadText('request.csr', made.csrPem)}>${msg('Download request.csr')}</button>
        </div>
        <cp-copy label="CSR" multiline .value=${made.csrPem}></cp-copy>` : nothing}`;
  }
}
