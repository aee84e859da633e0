// The page shell: header, banners, the current step of the issuance, and the stored lists. It hands what the page
// raises (cp-issuance events) to the flow and renders the flow's snapshots; it never talks to the CA or the store.
import { LitElement, html, css, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { msg, updateWhenLocaleChanges } from '@lit/localize';
import { IssuanceFlow, type IssuanceState } from '../flow/issuance/flow.ts';
import { loadDnsChecks } from '../flow/checks/settings.ts';
import { requestPersistence, type PersistState } from '../flow/persistence.ts';
import { readAhead } from '../flow/library.ts';
import { Follow } from './controllers.ts';
import { raise } from './events.ts';
import { lazy } from './lazy.ts';
import { restAfter, restMayLoad } from './load-order.ts';
import { base } from './styles.ts';
import { dropPrerender } from './prerender.ts';
import './setup.ts';
import './problem.ts';
import './language.ts';

// Only the form is needed first: the stored lists and settings below it load right after it shows, and the cards,
// the result and the tools when first shown.
const loadCertificates = () => import('./certificates.ts');
const loadAccounts = () => import('./accounts.ts');
const loadResolvers = () => import('./resolvers.ts');
const loadView = () => import('./issuance-view.ts');
const loadCsrTool = () => import('./csr-tool.ts');
const loadBackup = () => import('./backup.ts');

const steps = () => [msg('Set up'), msg('Prove control'), msg('Issue'), msg('Download')];

@customElement('cp-app')
export class App extends LitElement {
  static override styles = [base, css`
    :host { max-width: 50rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
    header { margin-bottom: 1.25rem; display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: flex-start; }
    header > div { flex: 1 1 20rem; }
    header h1 { font-size: 1.5rem; margin: 0; letter-spacing: -0.01em; }
    header h1 span { color: var(--accent); }
    header p { margin: 0.2rem 0 0; color: var(--muted); }
    ol.steps { display: flex; gap: 0.25rem; list-style: none; padding: 0; margin: 1rem 0 1.25rem; flex-wrap: wrap; }
    ol.steps li { flex: 1 1 8rem; padding: 0.35rem 0.6rem; border-radius: 6px; font-size: 0.88rem; color: var(--muted); background: var(--card); border: 1px solid var(--border); }
    ol.steps li[aria-current='step'] { color: var(--accent); border-color: var(--accent); font-weight: 600; }
    ol.steps li.done { color: var(--good); }
    ol.steps li.failed { color: var(--bad); border-color: var(--bad); font-weight: 600; }
    .banner { display: flex; gap: 0.75rem; align-items: center; flex-wrap: wrap; margin: 0 0 1rem; padding: 0.6rem 0.9rem;
      border-radius: 8px; border: 1px solid var(--accent); background: var(--accent-soft); }
    .banner p { margin: 0; flex: 1 1 20rem; }
    footer { margin-top: 2rem; color: var(--muted); font-size: 0.85rem; }
  `];

  // Not @localized(): <cp-app> is in the page before its class is defined, so it is upgraded while customElement()
  // defines it, before that decorator's initializer is added; the shell then stayed English after a switch.
  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  private readonly flow = new IssuanceFlow();
  private readonly issuance = new Follow<IssuanceState>(this, { get: () => this.flow.state, subscribe: (l) => this.flow.subscribe(l) });
  @state() private persist: PersistState | undefined;
  @state() private csrToolOpen = false;
  /**
   * What below the form may load: nothing until the form is painted, then My certificates (what a returning visitor
   * looks for), then the rest once that list is read and painted, so their code and reads do not compete with it.
   */
  @state() private panels: 'none' | 'certificates' | 'all' = 'none';
  @state() private backupOpen = false;
  /** Moves focus to a new view's heading (focus.ts); loaded once the stored issuance is read, so a page load moves none. */
  private views: { want(): void } | undefined;
  /** Back online: an issuance that stopped for want of the network carries on. */
  private readonly onOnline = () => {
    const s = this.flow.state;
    if (s.problem && s.role === 'driver' && (s.stage === 'challenges' || s.stage === 'finalizing')) this.flow.send({ type: 'retry' });
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('cp-issuance', (e) => this.flow.send(e.detail));
    addEventListener('online', this.onOnline);
    void loadDnsChecks();
    void this.flow.init().finally(() => import('./focus.ts').then((m) => { this.views = new m.ViewFocus(this, () => this.flow.state.stage); }).catch(() => {}));
    void requestPersistence().then((p) => { this.persist = p; });
  }

  /**
   * The banners for what is rarely the case (storage refused or blocked, offline, a new version) are defined right
   * after the first paint; until then their elements are empty. connection.ts also registers the service worker.
   */
  override firstUpdated(): void {
    dropPrerender(); // <cp-setup> has taken what was done in it (connectedCallback, during this first render)
    // The next frame, so the form is painted first: importing (and preloading) a chunk costs main-thread time too.
    requestAnimationFrame(() => setTimeout(() => {
      this.panels = 'certificates';
      restAfter(readAhead()); // the lists' records, read while their code loads
      void restMayLoad().then(() => {
        this.panels = 'all';
        void import('./storage-banner.ts').catch(() => {});
        void import('./connection.ts').catch(() => {});
      });
    }));
  }

  /** A section's element once its code is loaded; until it may load, "Loading…" without asking. */
  private panel(tag: string, load: () => Promise<unknown>, view: TemplateResult): TemplateResult {
    const may = this.panels === 'all' || (this.panels === 'certificates' && tag === 'cp-certificates');
    return may ? lazy(this, tag, load, view) : html`<p class="hint" role="status">${msg('Loading…')}</p>`;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('online', this.onOnline);
  }

  private stepIndex(s: IssuanceState): number {
    return { setup: 0, ordering: 0, challenges: 1, failed: 1, finalizing: 2, done: 3 }[s.stage];
  }

  override render() {
    const s = this.issuance.value;
    const current = this.stepIndex(s);
    return html`
      <header>
        <div>
          <h1>${'cert'}<span>${'page'}</span></h1>
          <p>${msg("Get a TLS certificate from Let's Encrypt or any ACME CA, right here. Keys are made in this browser and never leave it.")}</p>
        </div>
        <cp-language></cp-language>
      </header>
      <main aria-busy=${this.flow.settled ? 'false' : 'true'}>
      <cp-storage-banner></cp-storage-banner>
      <cp-connection></cp-connection>
      <cp-origin-note></cp-origin-note>
      <div role="status">${s.role === 'follower' && s.record && (s.stage === 'challenges' || s.stage === 'finalizing') ? html`
        <div class="banner">
          <p>${msg('This order is open in another tab, which is working on it. This tab shows what it does.')}</p>
          <button type="button" @click=${() => { this.views?.want(); raise(this, { type: 'takeOver' }); }}>${msg('Continue here instead')}</button>
        </div>` : nothing}</div>
      ${s.unsaved && s.stage !== 'done' ? html`<cp-problem .problem=${s.storage ?? { what: msg('This browser refused to store your work.'), next: msg('Keep this tab open; the files are offered for download as soon as the certificate is issued.') }}></cp-problem>` : nothing}
      <ol class="steps" aria-label=${msg('Progress')}>
        ${steps().map((step, i) => {
          const failed = s.stage === 'failed' && i === current;
          return html`<li class=${failed ? 'failed' : i < current ? 'done' : ''} aria-current=${i === current ? 'step' : 'false'}>${i + 1}. ${step}${failed ? msg(' (failed)') : ''}</li>`;
        })}
      </ol>
      <div class="view">${this.renderView(s)}</div>
      </main>
      <section class="card" aria-label=${msg('My certificates')}>
        ${this.panel('cp-certificates', loadCertificates, html`<cp-certificates .persist=${this.persist} .issuance=${s}></cp-certificates>`)}
      </section>
      <section class="card" aria-label=${msg('Accounts')}>${this.panel('cp-accounts', loadAccounts, html`<cp-accounts></cp-accounts>`)}</section>
      <section class="card" aria-label=${msg('Backup and restore')}>
        <details @toggle=${(e: Event) => { this.backupOpen = (e.target as HTMLDetailsElement).open; }}>
          <summary>${msg('Backup and restore (an encrypted file with your accounts and certificates)')}</summary>
          ${this.backupOpen ? lazy(this, 'cp-backup', loadBackup, html`<cp-backup></cp-backup>`) : nothing}
        </details>
      </section>
      <section class="card" aria-label=${msg('Make a key and CSR')}>
        <details @toggle=${(e: Event) => { this.csrToolOpen = (e.target as HTMLDetailsElement).open; }}>
          <summary>${msg('Make a key and CSR (for a CA elsewhere, or to bring your own CSR)')}</summary>
          ${this.csrToolOpen ? lazy(this, 'cp-csr-tool', loadCsrTool, html`<cp-csr-tool></cp-csr-tool>`) : nothing}
        </details>
      </section>
      <section class="card" aria-label=${msg('DNS checks')}>
        ${this.panel('cp-resolvers', loadResolvers, html`<cp-resolvers></cp-resolvers>`)}
      </section>
      <footer>${msg('certpage talks to the CA you choose and, only if you allow DNS checks, to the DNS-over-HTTPS resolvers listed under DNS checks (they learn the names checked). Nothing else leaves this browser.')}</footer>`;
  }

  private renderView(s: IssuanceState) {
    if (s.stage === 'setup' || (s.stage === 'ordering' && !s.record)) return html`<cp-setup .issuance=${s}></cp-setup>`;
    // The cards, the issuing and the result: loaded once an order exists (with the code that drives it).
    return lazy(this, 'cp-issuance-view', loadView, html`<cp-issuance-view .issuance=${s}></cp-issuance-view>`);
  }
}
