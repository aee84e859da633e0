// My certificates: everything kept in this browser, downloadable again.
import { LitElement, html, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { listAccounts, listCertificates } from '../store/repo.ts';
import type { AccountRecord, CertificateRecord } from '../store/schema.ts';
import type { PersistState } from '../store/persist.ts';
import { daysLeft } from './dates.ts';
import { lazy } from './lazy.ts';
import { base } from './styles.ts';

const loadResult = () => import('./result.ts');

@customElement('cp-certificates')
export class CertificatesView extends LitElement {
  static override styles = [base, css`
    table { width: 100%; border-collapse: collapse; font-size: 0.92rem; }
    th, td { text-align: left; padding: 0.4rem 0.5rem; border-bottom: 1px solid var(--border); vertical-align: top; }
    th { color: var(--muted); font-weight: 500; }
    td.names { overflow-wrap: anywhere; }
  `];

  /** Bumped by the app whenever something was stored, to re-read the list. */
  @property({ type: Number }) version = 0;
  @property() persist: PersistState | undefined;
  @state() private certs: CertificateRecord[] = [];
  @state() private accounts: AccountRecord[] = [];
  @state() private open: string | undefined;

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('version')) void this.load();
  }

  private async load(): Promise<void> {
    [this.certs, this.accounts] = await Promise.all([listCertificates(), listAccounts()]);
  }

  override render() {
    return html`
      <h2>My certificates</h2>
      ${this.persist === 'refused' && (this.certs.length || this.accounts.length) ? html`<p class="hint" role="note">This browser did not grant persistent storage, so it may delete what is kept here when disk space runs low.
        Keep a copy of your certificates and keys, or bookmark or install the page so the browser keeps its data.</p>` : nothing}
      ${this.certs.length === 0 ? html`<p class="hint">None yet. Certificates you get here are kept in this browser only.</p>` : html`
        <table>
          <thead><tr><th>Names</th><th>CA</th><th>Expires</th><th></th></tr></thead>
          <tbody>
            ${this.certs.map((c) => html`
              <tr>
                <td class="names mono">${c.names.join(', ')}</td>
                <td>${new URL(c.directoryUrl).hostname}</td>
                <td>${new Date(c.notAfter).toLocaleDateString()} <span class="hint">(${daysLeft(c)} days)</span></td>
                <td><button @click=${() => { this.open = this.open === c.id ? undefined : c.id; }} aria-expanded=${this.open === c.id ? 'true' : 'false'}>Files</button></td>
              </tr>
              ${this.open === c.id ? html`<tr><td colspan="4">${lazy(this, 'cp-result', loadResult, html`<cp-result .certificate=${c}></cp-result>`)}</td></tr>` : nothing}`)}
          </tbody>
        </table>`}
      <p class="hint">${this.accounts.length} account${this.accounts.length === 1 ? '' : 's'} stored in this browser${this.accounts.length ? html`: ${this.accounts.map((a) => `${new URL(a.directoryUrl).hostname} (${a.keyType})`).join(', ')}` : ''}.</p>`;
  }
}
