// What the page says when this browser's storage is not what it should be: IndexedDB could not be opened (this visit
// works, nothing outlives the tab), an older tab blocks an upgrade, or a newer tab upgraded the storage.
import { LitElement, html, css, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { onStorageStatus, retryStorage, storageStatus, type StorageStatus } from '../flow/storage.ts';
import { Follow } from './controllers.ts';
import { base } from './styles.ts';

@localized()
@customElement('cp-storage-banner')
export class StorageBanner extends LitElement {
  static override styles = [base, css`
    .banner { margin: 0 0 1rem; padding: 0.6rem 0.9rem; border-radius: 8px; border: 1px solid var(--bad); border-left-width: 4px; background: var(--bad-bg); }
    .banner p { margin: 0.25rem 0; }
  `];

  private readonly status = new Follow<StorageStatus>(this, { get: storageStatus, subscribe: onStorageStatus });
  @state() private trying = false;

  private async retry(): Promise<void> {
    this.trying = true;
    await retryStorage();
    this.trying = false;
  }

  override render() {
    const s = this.status.value;
    switch (s.state) {
      case 'memory':
        return html`<div class="banner" role="alert">
          <p>${msg(html`<strong>This browser does not let certpage store anything</strong> (a private window, a file opened from disk, or a damaged browser profile).`)}</p>
          <p>${msg('You can still get a certificate: everything works for this visit, and the files are offered for download as soon as the certificate is issued. But accounts, orders and certificates are gone when this tab closes, so download the files before you leave.')}</p>
          <p>${msg('To keep them: open certpage in a normal window (or allow this site to store data), then press Try again; what you did meanwhile is kept.')}</p>
          ${s.reason ? html`<p class="hint">${msg(str`The browser said: ${s.reason}`)}</p>` : nothing}
          <div class="actions"><button type="button" aria-disabled=${this.trying ? 'true' : 'false'} @click=${() => !this.trying && this.retry()}>${msg('Try again')}</button></div>
        </div>`;
      case 'blocked':
        return html`<div class="banner" role="alert">
          <p>${msg(html`<strong>An older certpage tab is still open</strong> and keeps the stored data at its version, so this tab cannot open it yet.`)}</p>
          <p>${msg('Close (or reload) the other certpage tabs; this tab then carries on by itself.')}</p>
        </div>`;
      case 'outdated':
        return html`<div class="banner" role="alert">
          <p>${msg(html`<strong>A newer version of certpage was opened in another tab</strong> and updated the stored data.`)}</p>
          <p>${msg('Reload this tab to carry on; nothing stored is lost.')}</p>
          <div class="actions"><button type="button" @click=${() => location.reload()}>${msg('Reload')}</button></div>
        </div>`;
      default:
        return nothing;
    }
  }
}
