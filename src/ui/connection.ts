// Offline and updates: a calm banner while the browser is offline, and a prompt when a new version of the page is
// ready. Registers the service worker (./sw.js, hosted build only: not from file://, where the single file runs).
import { LitElement, html, css, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { base } from './styles.ts';
import { whenQuiet } from './quiet.ts';

/** How long the visitor leaves the page alone before the worker is registered (or checked for an update). */
const QUIET_MS = 2000;

/** Whether this page can have a service worker: the hosted build, served over http(s). */
function canRegister(): boolean {
  return __CERTPAGE_SW__ && /^https?:$/.test(location.protocol) && 'serviceWorker' in navigator;
}

@localized()
@customElement('cp-connection')
export class Connection extends LitElement {
  static override styles = [base, css`
    .banner { display: flex; gap: 0.75rem; align-items: center; flex-wrap: wrap; margin: 0 0 1rem; padding: 0.6rem 0.9rem;
      border-radius: 8px; border: 1px solid var(--border-strong); background: var(--card); }
    .banner.update { border-color: var(--accent); background: var(--accent-soft); }
    .banner p { margin: 0; flex: 1 1 20rem; }
  `];

  @state() private offline = !navigator.onLine;
  /** A new version, installed and waiting for the page to let it take over. */
  @state() private waiting: ServiceWorker | undefined;
  private readonly onChange = () => { this.offline = !navigator.onLine; };

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('online', this.onChange);
    addEventListener('offline', this.onChange);
    // Not while the visitor is busy: the first install reads and stores every file of the page, and a CA's directory
    // read and an order placed meanwhile waited behind it (A/B, 8 first visits each: issuance 1,853 → 1,593 ms).
    if (canRegister()) void whenQuiet(QUIET_MS).then(() => { if (this.isConnected) void this.register(); });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('online', this.onChange);
    removeEventListener('offline', this.onChange);
  }

  private async register(): Promise<void> {
    let registration: ServiceWorkerRegistration | undefined;
    try {
      registration = await navigator.serviceWorker.register('./sw.js', { scope: './' });
    } catch {
      return; // no offline copy (e.g. a private window): the page works as before while online
    }
    if (!registration) return; // a browser that blocks workers (Playwright's serviceWorkers: 'block') answers with nothing
    // Only an update waits behind a page that is already controlled; the very first install takes over at once.
    const track = (worker: ServiceWorker) => {
      const check = () => { if (worker.state === 'installed' && navigator.serviceWorker.controller) this.waiting = worker; };
      check();
      worker.addEventListener('statechange', check);
    };
    if (registration.waiting) track(registration.waiting);
    if (registration.installing) track(registration.installing);
    registration.addEventListener('updatefound', () => { if (registration.installing) track(registration.installing); });
  }

  private reload(): void {
    const worker = this.waiting;
    if (!worker) return;
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
    worker.postMessage('SKIP_WAITING');
  }

  override render() {
    return html`
      <div role="status">${this.offline ? html`
        <div class="banner">
          <p>${msg('You are offline. Everything stored here still works; talking to the CA waits until you are back online.')}</p>
        </div>` : nothing}</div>
      <div role="status">${this.waiting ? html`
        <div class="banner update">
          <p>${msg('A new version of certpage is ready.')}</p>
          <button class="primary" type="button" @click=${this.reload}>${msg('Reload')}</button>
        </div>` : nothing}</div>`;
  }
}
