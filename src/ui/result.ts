// The certificate: what it covers, when it expires, and the files to download.
import { LitElement, html, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { certificateFiles, type DownloadFile } from '../flow/files.ts';
import type { CertificateRecord } from '../store/schema.ts';
import { daysLeft } from './dates.ts';
import { downloadText } from './download.ts';
import { base } from './styles.ts';
import './copy-field.ts';

@customElement('cp-result')
export class ResultView extends LitElement {
  static override styles = [base, css`
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1rem; margin: 0.5rem 0 1rem; }
    dt { color: var(--muted); }
    dd { margin: 0; }
    .files { display: grid; gap: 0.5rem; }
    .file { display: flex; gap: 0.75rem; align-items: center; flex-wrap: wrap; }
    .file button { min-width: 13rem; text-align: left; }
  `];

  @property({ attribute: false }) certificate!: CertificateRecord;
  @state() private chain = 0;
  @state() private files: DownloadFile[] = [];

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('certificate') || changed.has('chain')) {
      void certificateFiles(this.certificate, this.chain).then((f) => { this.files = f; });
    }
  }

  override render() {
    const c = this.certificate;
    const ca = new URL(c.directoryUrl).hostname;
    return html`
      <dl>
        <dt>Names</dt><dd class="mono">${c.names.join(', ')}</dd>
        <dt>Issuer</dt><dd>${c.issuer} <span class="hint">(${ca})</span></dd>
        <dt>Valid until</dt><dd>${new Date(c.notAfter).toLocaleString()} <span class="hint">(${daysLeft(c)} days)</span></dd>
        <dt>Serial</dt><dd class="mono">${c.serialHex}</dd>
      </dl>
      ${c.alternates.length ? html`
        <label for="chain">Chain</label>
        <select id="chain" @change=${(e: Event) => { this.chain = Number((e.target as HTMLSelectElement).value); }}>
          <option value="0">The CA's default chain</option>
          ${c.alternates.map((_, i) => html`<option value=${i + 1}>Alternate chain ${i + 1}</option>`)}
        </select>` : nothing}
      <div class="files">
        ${this.files.map((f) => html`
          <div class="file">
            <button @click=${() => downloadText(f.name, f.text)}>Download ${f.name}</button>
            <span class="hint">${f.description}</span>
          </div>`)}
      </div>
      ${c.privateKey ? nothing : html`<p class="hint">You brought your own CSR, so the private key is the one on your server.</p>`}
      <details>
        <summary>Show as text to copy</summary>
        ${this.files.map((f) => html`<cp-copy label=${f.name} .value=${f.text}></cp-copy>`)}
      </details>`;
  }
}
