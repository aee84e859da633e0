// The page shell: header, the current step of the issuance, and My certificates.
import { LitElement, html, css, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { IssuanceFlow } from '../flow/issuance.ts';
import { requestPersistence, type PersistState } from '../store/persist.ts';
import { lazy } from './lazy.ts';
import { base } from './styles.ts';
import './setup.ts';
import './certificates.ts';
import './resolvers.ts';
import './problem.ts';
import './connection.ts';
import './accounts.ts';

// The challenge cards, the result and the CSR tool are not needed to show the form: they load when first shown.
const loadChallenges = () => import('./challenges.ts');
const loadResult = () => import('./result.ts');
const loadCsrTool = () => import('./csr-tool.ts');
const loadBackup = () => import('./backup.ts');

const STEPS = ['Set up', 'Prove control', 'Issue', 'Download'] as const;

@customElement('cp-app')
export class App extends LitElement {
  static override styles = [base, css`
    :host { max-width: 50rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
    header { margin-bottom: 1.25rem; }
    header h1 { font-size: 1.5rem; margin: 0; letter-spacing: -0.01em; }
    header h1 span { color: var(--accent); }
    header p { margin: 0.2rem 0 0; color: var(--muted); }
    ol.steps { display: flex; gap: 0.25rem; list-style: none; padding: 0; margin: 1rem 0 1.25rem; flex-wrap: wrap; }
    ol.steps li { flex: 1 1 8rem; padding: 0.35rem 0.6rem; border-radius: 6px; font-size: 0.88rem; color: var(--muted); background: var(--card); border: 1px solid var(--border); }
    ol.steps li[aria-current='step'] { color: var(--accent); border-color: var(--accent); font-weight: 600; }
    ol.steps li.done { color: var(--good); }
    footer { margin-top: 2rem; color: var(--muted); font-size: 0.85rem; }
  `];

  private readonly flow = new IssuanceFlow();
  @state() private version = 0;
  @state() private persist: PersistState | undefined;
  @state() private csrToolOpen = false;
  @state() private backupOpen = false;
  /** Back online: an issuance that stopped for want of the network carries on. */
  private readonly onOnline = () => { void this.flow.resume(); };

  override connectedCallback(): void {
    super.connectedCallback();
    this.flow.addEventListener('change', () => { this.version++; });
    this.addEventListener('accounts-changed', () => void this.flow.accountsChanged());
    addEventListener('online', this.onOnline);
    void this.flow.init();
    void requestPersistence().then((p) => { this.persist = p; });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('online', this.onOnline);
  }

  private stepIndex(): number {
    return { setup: 0, challenges: 1, failed: 1, issuing: 2, done: 3 }[this.flow.view];
  }

  override render() {
    const current = this.stepIndex();
    return html`
      <header>
        <h1>cert<span>page</span></h1>
        <p>Get a TLS certificate from Let's Encrypt or any ACME CA, right here. Keys are made in this browser and never leave it.</p>
      </header>
      <cp-connection></cp-connection>
      <ol class="steps" aria-label="Progress">
        ${STEPS.map((s, i) => html`<li class=${i < current ? 'done' : ''} aria-current=${i === current ? 'step' : 'false'}>${i + 1}. ${s}</li>`)}
      </ol>
      <main>${this.renderView()}</main>
      <section class="card" aria-label="My certificates">
        <cp-certificates .version=${this.flow.storeVersion} .persist=${this.persist} .flow=${this.flow}></cp-certificates>
      </section>
      <section class="card" aria-label="Accounts"><cp-accounts .storeVersion=${this.flow.storeVersion}></cp-accounts></section>
      <section class="card" aria-label="Backup and restore">
        <details @toggle=${(e: Event) => { this.backupOpen = (e.target as HTMLDetailsElement).open; }}>
          <summary>Backup and restore (an encrypted file with your accounts and certificates)</summary>
          ${this.backupOpen ? lazy(this, 'cp-backup', loadBackup, html`<cp-backup .storeVersion=${this.flow.storeVersion}></cp-backup>`) : nothing}
        </details>
      </section>
      <section class="card" aria-label="Make a key and CSR">
        <details @toggle=${(e: Event) => { this.csrToolOpen = (e.target as HTMLDetailsElement).open; }}>
          <summary>Make a key and CSR (for a CA elsewhere, or to bring your own CSR)</summary>
          ${this.csrToolOpen ? lazy(this, 'cp-csr-tool', loadCsrTool, html`<cp-csr-tool></cp-csr-tool>`) : nothing}
        </details>
      </section>
      <section class="card" aria-label="DNS checks">
        <cp-resolvers .flow=${this.flow} .version=${this.version}></cp-resolvers>
      </section>
      <footer>certpage talks only to the CA you choose. Nothing you enter is sent anywhere else.</footer>`;
  }

  private renderView() {
    const flow = this.flow;
    switch (flow.view) {
      case 'setup':
        return html`<cp-setup .flow=${flow} .version=${this.version}></cp-setup>`;
      case 'challenges':
        return this.challenges();
      case 'issuing':
        return html`
          <section class="card" aria-labelledby="iss-h">
            <h2 id="iss-h">Issuing your certificate</h2>
            <p role="status">${flow.busy ?? 'Waiting for the CA…'}</p>
            <cp-problem .problem=${flow.error}></cp-problem>
            ${flow.error ? html`<div class="actions"><button class="primary" @click=${() => flow.refresh()}>Try again</button></div>` : nothing}
          </section>`;
      case 'done':
        return html`
          <section class="card" aria-labelledby="done-h">
            <h2 id="done-h">Your certificate is ready</h2>
            ${flow.certificate ? lazy(this, 'cp-result', loadResult, html`<cp-result .certificate=${flow.certificate}></cp-result>`) : nothing}
            <div class="actions"><button @click=${() => flow.startOver()}>Get another certificate</button></div>
          </section>`;
      case 'failed':
        return html`
          <section class="card" aria-labelledby="fail-h">
            <h2 id="fail-h">The CA did not issue the certificate</h2>
            <cp-problem .problem=${flow.error}></cp-problem>
            <p class="hint">Your account and the names you entered are kept. Fix what is described above, then start a new order.</p>
            <div class="actions"><button class="primary" @click=${() => flow.startOver()}>Start a new order</button></div>
          </section>
          ${this.challenges()}`;
    }
  }

  private challenges() {
    return lazy(this, 'cp-challenges', loadChallenges, html`<cp-challenges .flow=${this.flow} .version=${this.version}></cp-challenges>`);
  }
}
