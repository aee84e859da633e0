// The certificate: what it covers, when it expires, and the files to download.
import { LitElement, html, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { deploySnippets } from '../flow/outputs/deploy.ts';
import { nsupdateCommand, txtRecordsToRemove } from '../flow/outputs/commands.ts';
import { certificateFiles, derFiles, fileStem, pkcs12File, serverZip, type DownloadFile } from '../flow/outputs/files.ts';
import { txtSources } from '../flow/issuance/cards.ts';
import type { CertificateRecord, IssuanceRecord } from '../store/schema.ts';
import { daysLeft, formatDateTime } from './dates.ts';
import { downloadBytes, downloadText } from './download.ts';
import { hostOf } from './host.ts';
import { base } from './styles.ts';
import './copy-field.ts';

@localized()
@customElement('cp-result')
export class ResultView extends LitElement {
  static override styles = [base, css`
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1rem; margin: 0.5rem 0 1rem; }
    dt { color: var(--muted); }
    dd { margin: 0; }
    .files { display: grid; gap: 0.5rem; }
    .file { display: flex; gap: 0.75rem; align-items: center; flex-wrap: wrap; }
    .file button { min-width: 13rem; text-align: left; }
    .pfx { margin: 1rem 0 0.5rem; }
    .pfx .file { align-items: end; }
    .pfx label { margin-top: 0; }
    .pfx input {
      width: 16rem; max-width: 100%;
      font: inherit; color: inherit; background: var(--field);
      border: 1px solid var(--border-strong); border-radius: 6px; padding: 0.45rem 0.6rem;
    }
    .pfx input:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
    .server { margin: 0.75rem 0 1rem; }
  `];

  @property({ attribute: false }) certificate!: CertificateRecord;
  /** The issuance that just made it, when shown right after: the DNS records it used can go now. */
  @property({ attribute: false }) issuance: IssuanceRecord | undefined;
  /** File names start with this (the certificate's main name, when several certificates are shown at once). */
  @property() stem: string | undefined;
  @state() private chain = 0;
  @state() private files: DownloadFile[] = [];
  @state() private pfxPassword = '';
  @state() private pfxBusy = false;
  @state() private pfxProblem = '';
  @state() private zipProblem = '';

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('certificate') || changed.has('chain') || changed.has('stem')) {
      void certificateFiles(this.certificate, this.chain, this.stem).then((f) => { this.files = f; });
    }
  }

  private async downloadPfx(): Promise<void> {
    if (this.pfxBusy) return;
    this.pfxBusy = true;
    this.pfxProblem = '';
    try {
      const file = await pkcs12File(this.certificate, this.pfxPassword, this.chain, this.stem);
      downloadBytes(file.name, file.bytes, file.type);
    } catch (err) {
      this.pfxProblem = err instanceof Error ? err.message : String(err);
    } finally {
      this.pfxBusy = false;
    }
  }

  /** All the server's files in one download (made on the click: the key is exported only then). */
  private async downloadZip(): Promise<void> {
    this.zipProblem = '';
    try {
      const zip = await serverZip(this.certificate, this.chain, this.stem);
      downloadBytes(zip.name, zip.bytes, zip.type);
    } catch (err) {
      this.zipProblem = err instanceof Error ? err.message : String(err);
    }
  }

  private renderZip() {
    const c = this.certificate;
    const name = `${this.stem ?? fileStem(c.names[0] ?? 'certificate')}.zip`;
    return html`
      <div class="file">
        <button @click=${() => this.downloadZip()}>${msg('Download all (zip)')}</button>
        <span class="hint">${c.privateKey
          ? msg(str`${name}: fullchain.pem, privkey.pem, cert.pem, chain.pem and the DER files, to copy to the server in one go (it holds the private key: keep it secret)`)
          : msg(str`${name}: fullchain.pem, cert.pem, chain.pem and the DER files, to copy to the server in one go`)}</span>
      </div>
      ${this.zipProblem ? html`<p class="hint bad" role="alert">${this.zipProblem}</p>` : nothing}`;
  }

  private renderPfx() {
    return html`
      <div class="pfx">
        <div class="file">
          <div>
            <label for="pfx-password">${msg('PFX password')}</label>
            <input id="pfx-password" type="password" autocomplete="new-password"
              aria-describedby="pfx-hint pfx-err" aria-invalid=${this.pfxProblem ? 'true' : 'false'}
              .value=${this.pfxPassword}
              @input=${(e: Event) => { this.pfxPassword = (e.target as HTMLInputElement).value; this.pfxProblem = ''; }}
              @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter') void this.downloadPfx(); }}>
          </div>
          <button aria-disabled=${this.pfxBusy ? 'true' : 'false'} @click=${() => this.downloadPfx()}>${this.pfxBusy ? msg('Making certificate.pfx…') : msg('Download certificate.pfx')}</button>
        </div>
        <p class="hint" id="pfx-hint">${msg('For Windows, IIS, Java and appliances: key, certificate and intermediates in one file, locked with this password (AES-256). You type it again when you import the file.')}</p>
        <div id="pfx-err">${this.pfxProblem ? html`<p class="hint bad" role="alert">${this.pfxProblem}</p>` : nothing}</div>
      </div>`;
  }

  /** After DNS-01: the TXT records that are no longer needed, with the line that removes each. */
  private renderCleanup() {
    const used = this.issuance ? txtRecordsToRemove(txtSources(this.issuance)) : [];
    if (!used.length) return nothing;
    return html`
      <section class="server" aria-label=${msg('DNS records you can remove')}>
        <h3>${msg('DNS records you can remove now')}</h3>
        <p class="hint">${msg('The CA has checked them; they are not needed any more (a renewal makes new ones).')}</p>
        <ul>${used.map((r) => html`<li><span class="mono">${r.name}</span> TXT <span class="mono">${r.value}</span> <span class="hint">${msg(str`(for ${r.provedFor.join(', ')})`)}</span></li>`)}</ul>
        <cp-copy label=${msg('nsupdate: remove them')} .value=${nsupdateCommand('delete', used)}></cp-copy>
      </section>`;
  }

  override render() {
    const c = this.certificate;
    const ca = hostOf(c.directoryUrl);
    return html`
      <dl>
        <dt>${msg('Names')}</dt><dd class="mono">${c.names.join(', ')}</dd>
        <dt>${msg('Issuer')}</dt><dd><span translate="no">${c.issuer}</span> <span class="hint">(${ca})</span></dd>
        <dt>${msg('Valid until')}</dt><dd>${formatDateTime(c.notAfter)} <span class="hint">${msg(str`(${daysLeft(c)} days)`)}</span></dd>
        <dt>${msg('Serial')}</dt><dd class="mono">${c.serialHex}</dd>
      </dl>
      ${c.alternates.length ? html`
        <label for="chain">${msg('Chain')}</label>
        <select id="chain" @change=${(e: Event) => { this.chain = Number((e.target as HTMLSelectElement).value); }}>
          <option value="0">${msg("The CA's default chain")}</option>
          ${c.alternates.map((_, i) => html`<option value=${i + 1}>${msg(str`Alternate chain ${i + 1}`)}</option>`)}
        </select>` : nothing}
      <div class="files">
        ${this.renderZip()}
        ${this.files.map((f) => html`
          <div class="file">
            <button @click=${() => downloadText(f.name, f.text)}>${msg(str`Download ${f.name}`)}</button>
            <span class="hint">${f.description}</span>
          </div>`)}
      </div>
      <details>
        <summary>${msg('Binary (DER) files, for tools that take no PEM')}</summary>
        <div class="files">${derFiles(c, this.chain, this.stem).map((f) => html`
          <div class="file"><button @click=${() => downloadBytes(f.name, f.bytes, f.type)}>${msg(str`Download ${f.name}`)}</button><span class="hint">${f.description}</span></div>`)}</div>
      </details>
      ${c.privateKey ? this.renderPfx() : html`<p class="hint">${msg('You brought your own CSR, so the private key is the one on your server.')}</p>`}
      ${this.renderCleanup()}
      <details>
        <summary>${msg('Show as text to copy')}</summary>
        ${this.files.map((f) => html`<cp-copy label=${f.name} .value=${f.text}></cp-copy>`)}
      </details>
      <details>
        <summary>${msg('How to install it')}</summary>
        ${deploySnippets(c.names, { keyMadeHere: Boolean(c.privateKey) }).map((s) => html`
          <section class="server" aria-label=${s.title}>
            <h3>${s.title}</h3>
            <p class="hint">${s.place}</p>
            <cp-copy label=${msg(str`${s.title} configuration`)} .value=${s.config}></cp-copy>
            <cp-copy label=${msg(str`${s.title}: check and reload`)} .value=${s.reload}></cp-copy>
          </section>`)}
      </details>`;
  }
}
