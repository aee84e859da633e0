// The setup form: CA, account, names and key, then one button that creates the order.
import { LitElement, html, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { CaInfo } from '../flow/ca-info.ts';
import { CA_PRESETS, presetFor } from '../flow/cas.ts';
import type { CsrSummary } from '../flow/csr-info.ts';
import type { CaaWarning } from '../flow/caa.ts';
import { loadDraft, saveDraft } from '../flow/draft.ts';
import type { IssuanceFlow, SetupInput, AccountChoice } from '../flow/issuance.ts';
import { loadProblem } from '../flow/load-problem.ts';
import { parseNames, type ParsedNames } from '../flow/names.ts';
import { listAccounts } from '../store/repo.ts';
import type { AccountRecord, ProblemInfo } from '../store/schema.ts';
import { KEY_TYPES, type KeyType } from '../crypto/key-types.ts';
import { KEY_LABELS } from './key-labels.ts';
import { custodyChoice } from './key-custody.ts';
import { base } from './styles.ts';
import './problem.ts';
const CUSTOM = 'custom';

@customElement('cp-setup')
export class SetupForm extends LitElement {
  static override styles = [base, css`
    .step { display: flex; gap: 0.6rem; align-items: baseline; }
    .num { flex: none; width: 1.6rem; height: 1.6rem; border-radius: 50%; background: var(--accent-soft); color: var(--accent); display: grid; place-items: center; font-weight: 700; font-size: 0.9rem; }
    .field-error { color: var(--bad); font-size: 0.9rem; margin: 0.25rem 0 0; }
    .connected { color: var(--good); font-size: 0.9rem; }
    .preview li { font-family: ui-monospace, Consolas, monospace; font-size: 0.88rem; }
    .caa { border: 1px solid #c98a00; border-left-width: 4px; border-radius: 8px; padding: 0.5rem 0.8rem; margin: 0.5rem 0; }
    .caa p { margin: 0.25rem 0; white-space: pre-wrap; }
  `];

  @property({ attribute: false }) flow!: IssuanceFlow;
  /** Bumped by the app on every flow change, so this re-renders. */
  @property({ type: Number }) version = 0;

  @state() private presetId = CA_PRESETS[0]?.id ?? CUSTOM;
  @state() private directoryUrl = CA_PRESETS[0]?.directoryUrl ?? '';
  @state() private ca: CaInfo | undefined;
  @state() private caProblem: ProblemInfo | undefined;
  @state() private connecting = false;
  @state() private accounts: AccountRecord[] = [];
  @state() private accountChoice = 'new';
  @state() private email = '';
  @state() private accountKeyType: KeyType = 'P-256';
  @state() private exportable = false;
  @state() private agreed = false;
  @state() private eabKeyId = '';
  @state() private eabMac = '';
  @state() private importKeyText = '';
  @state() private namesText = '';
  @state() private parsed: ParsedNames = { entries: [], problems: [] };
  @state() private certKey: KeyType | 'csr' = 'P-256';
  @state() private csrText = '';
  @state() private csr: CsrSummary | undefined;
  @state() private csrProblem: ProblemInfo | undefined;
  @state() private profile = '';
  @state() private tried = false;
  @state() private caa: CaaWarning[] = [];
  private caaTimer: ReturnType<typeof setTimeout> | undefined;
  private caaFor = '';
  /** The form appears once the draft is loaded, so nothing typed meanwhile is overwritten. */
  @state() private ready = false;
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  /** The directory URL `ca` was read from. */
  private caFor = '';

  override async connectedCallback(): Promise<void> {
    super.connectedCallback();
    const d = await loadDraft();
    if (d.directoryUrl) this.setDirectory(d.directoryUrl, false);
    if (d.namesText) this.setNames(d.namesText);
    if (d.email) this.email = d.email;
    if (d.accountKeyType && (KEY_TYPES as readonly string[]).includes(d.accountKeyType)) this.accountKeyType = d.accountKeyType as KeyType;
    if (d.certKey === 'csr' || (KEY_TYPES as readonly string[]).includes(d.certKey ?? '')) this.certKey = d.certKey as KeyType | 'csr';
    if (d.csrText) void this.setCsr(d.csrText);
    if (d.accountExportable) this.exportable = true;
    if (d.profile) this.profile = d.profile;
    this.ready = true;
    // Only a CA the user already chose is contacted on load; a first visit contacts nobody until asked.
    if (d.directoryUrl) void this.connect();
  }

  private persist(now = false): Promise<void> {
    return saveDraft({
      directoryUrl: this.directoryUrl, namesText: this.namesText, email: this.email, accountKeyType: this.accountKeyType,
      accountExportable: this.exportable, certKey: this.certKey, csrText: this.csrText, profile: this.profile,
    }, now);
  }

  private setDirectory(url: string, save = true): void {
    this.directoryUrl = url.trim();
    this.presetId = presetFor(this.directoryUrl)?.id ?? CUSTOM;
    if (save) void this.persist();
  }

  private onPreset(e: Event): void {
    const id = (e.target as HTMLSelectElement).value;
    this.presetId = id;
    const preset = CA_PRESETS.find((p) => p.id === id);
    if (preset) this.directoryUrl = preset.directoryUrl;
    void this.persist(true);
    void this.connect();
  }

  private onDirectoryInput(e: Event): void {
    this.setDirectory((e.target as HTMLInputElement).value);
    clearTimeout(this.connectTimer);
    this.connectTimer = setTimeout(() => void this.connect(), 500);
  }

  /** Read the CA's directory: terms, EAB, profiles; and which stored accounts belong to it. */
  private async connect(): Promise<void> {
    const url = this.directoryUrl;
    this.ca = undefined;
    this.caProblem = undefined;
    if (!/^https?:\/\/\S+$/i.test(url)) {
      if (url) this.caProblem = { what: 'The directory URL must start with https://.', next: 'Pick a CA from the list, or paste its full ACME directory URL.' };
      return;
    }
    this.connecting = true;
    // The ACME client (ca-info.ts), the CAA check and the CSR reader load when first used, not with the form.
    const { info, problem } = await import('../flow/ca-info.ts').then(
      (m) => m.describeCa(url),
      (err: unknown) => ({ info: undefined, problem: loadProblem(err) }),
    );
    if (url !== this.directoryUrl) return; // the user typed on meanwhile
    this.connecting = false;
    void this.persist();
    this.caFor = url;
    this.ca = info;
    this.caProblem = problem;
    this.accounts = info ? await this.usableAccounts(info.directoryUrl) : [];
    this.scheduleCaa();
    const preferred = this.accounts.find((a) => a.id === this.flow.preferredAccountId) ?? this.accounts[this.accounts.length - 1];
    this.accountChoice = preferred ? preferred.id : 'new';
    if (info && this.profile && !(this.profile in info.profiles)) this.profile = '';
  }

  /** Accounts of this CA that can still order (a deactivated one never can). */
  private async usableAccounts(directoryUrl: string): Promise<AccountRecord[]> {
    return (await listAccounts(directoryUrl)).filter((a) => a.status !== 'deactivated');
  }

  private seenStoreVersion = 0;

  override willUpdate(): void {
    // Accounts changed elsewhere on the page (new key, deactivated, deleted): offer what is stored now.
    if (this.flow.storeVersion !== this.seenStoreVersion && this.ca) {
      this.seenStoreVersion = this.flow.storeVersion;
      const ca = this.ca;
      void this.usableAccounts(ca.directoryUrl).then((list) => {
        this.accounts = list;
        if (!list.some((a) => a.id === this.accountChoice) && this.accountChoice !== 'import') this.accountChoice = list[list.length - 1]?.id ?? 'new';
      });
    }
  }

  private setNames(text: string): void {
    this.namesText = text;
    this.parsed = parseNames(text);
    this.scheduleCaa();
  }

  /** CAA pre-check of the typed names against this CA, a moment after typing stops. */
  private scheduleCaa(): void {
    clearTimeout(this.caaTimer);
    this.caaTimer = setTimeout(() => void this.runCaa(), 700);
  }

  private async runCaa(): Promise<void> {
    const ca = this.ca;
    const names = this.certKey === 'csr' ? [] : this.parsed.entries;
    const key = `${ca?.directoryUrl}|${names.map((n) => n.name).join(',')}|${this.flow.resolvers.map((r) => r.url).join(',')}`;
    if (!ca || names.length === 0 || this.flow.resolvers.length === 0) { this.caa = []; this.caaFor = key; return; }
    if (key === this.caaFor) return;
    this.caaFor = key;
    // A pre-check whose code cannot be fetched is skipped, as with no resolvers.
    const warnings = await import('../flow/caa.ts').then((m) => m.caaWarnings(names, ca, this.flow.resolvers), () => []);
    if (key === this.caaFor) this.caa = warnings;
  }

  private async setCsr(text: string): Promise<void> {
    this.csrText = text;
    this.csr = undefined;
    this.csrProblem = undefined;
    if (!text.trim()) return;
    const { csr, problem } = await import('../flow/csr-info.ts').then(
      (m) => m.inspectCsr(text),
      (err: unknown) => ({ csr: undefined, problem: loadProblem(err) }),
    );
    if (text !== this.csrText) return;
    this.csr = csr;
    this.csrProblem = problem;
  }

  private namesProblem(): string | undefined {
    if (this.certKey === 'csr') return undefined;
    if (this.parsed.problems.length) return this.parsed.problems.map((p) => (p.input ? `${p.input}: ${p.message}` : p.message)).join('\n');
    if (this.parsed.entries.length === 0) return 'Enter at least one domain name, for example example.com.';
    return undefined;
  }

  private accountProblem(): string | undefined {
    if (this.accountChoice === 'new') {
      if (!this.agreed) return "Tick the box to agree to the CA's terms of service.";
      if (this.ca?.eabRequired && (!this.eabKeyId.trim() || !this.eabMac.trim())) return 'This CA needs an EAB key ID and MAC key from its website.';
    }
    if (this.accountChoice === 'import' && !this.importKeyText.trim()) return 'Paste the private key of your existing account.';
    return undefined;
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    this.tried = true;
    await this.persist(true);
    if (!this.ca || this.caFor !== this.directoryUrl) await this.connect();
    const names = this.certKey === 'csr' ? this.csr?.names ?? [] : this.parsed.entries.map((n) => n.name);
    if (!this.ca || this.namesProblem() || this.accountProblem() || (this.certKey === 'csr' && !this.csr)) return;
    let account: AccountChoice;
    if (this.accountChoice === 'new') {
      account = { kind: 'new', keyType: this.accountKeyType, email: this.email.trim(), agreed: this.agreed, exportable: this.exportable, ...(this.ca.eabRequired ? { eab: { keyId: this.eabKeyId, hmacKey: this.eabMac } } : {}) };
    } else if (this.accountChoice === 'import') {
      account = { kind: 'import', keyText: this.importKeyText, exportable: this.exportable };
    } else {
      account = { kind: 'existing', id: this.accountChoice };
    }
    const input: SetupInput = {
      directoryUrl: this.ca.directoryUrl,
      account,
      names,
      key: this.certKey === 'csr' ? { kind: 'csr', csrPem: this.csrText } : { kind: 'generate', keyType: this.certKey },
      ...(this.profile ? { profile: this.profile } : {}),
    };
    await this.flow.start(input);
    // An account made before a later step failed is now stored: offer it instead of making another.
    if (this.flow.view === 'setup' && this.ca) {
      this.accounts = await this.usableAccounts(this.ca.directoryUrl);
      if (this.flow.preferredAccountId) this.accountChoice = this.flow.preferredAccountId;
    }
  }

  override render() {
    if (!this.ready) return nothing;
    const busy = this.flow.busy;
    return html`
      <form @submit=${this.submit} novalidate>
        ${this.renderCa()}
        ${this.renderAccount()}
        ${this.renderNames()}
        <div class="actions">
          <button class="primary" type="submit" ?disabled=${Boolean(busy) || this.connecting}>Create order</button>
          ${busy ? html`<span role="status" class="badge busy">${busy}</span>` : nothing}
        </div>
        <cp-problem .problem=${this.flow.error}></cp-problem>
      </form>`;
  }

  private renderCa() {
    const preset = CA_PRESETS.find((p) => p.id === this.presetId);
    return html`
      <section class="card" aria-labelledby="ca-h">
        <h2 id="ca-h" class="step"><span class="num">1</span> Certificate authority</h2>
        <div class="row">
          <div>
            <label for="preset">CA</label>
            <select id="preset" .value=${this.presetId} @change=${this.onPreset}>
              ${CA_PRESETS.map((p) => html`<option value=${p.id} ?selected=${p.id === this.presetId}>${p.name}</option>`)}
              <option value=${CUSTOM} ?selected=${this.presetId === CUSTOM}>Other ACME CA (enter its directory URL)</option>
            </select>
          </div>
          <div>
            <label for="dir">Directory URL</label>
            <input id="dir" type="url" spellcheck="false" .value=${this.directoryUrl} @input=${this.onDirectoryInput}
              aria-invalid=${this.caProblem ? 'true' : 'false'} aria-describedby="ca-state">
          </div>
        </div>
        <div id="ca-state">
          ${preset?.browserNote ? html`<p class="hint">${preset.browserNote}</p>` : nothing}
          ${this.connecting ? html`<p class="hint" role="status">Reading the CA's directory…</p>` : nothing}
          ${this.ca ? html`<p class="connected" role="status">Connected.${this.ca.termsOfService ? html` Terms of service: <a href=${this.ca.termsOfService} target="_blank" rel="noopener noreferrer">read them</a>.` : nothing}</p>` : nothing}
          <cp-problem .problem=${this.caProblem}></cp-problem>
        </div>
      </section>`;
  }

  private renderAccount() {
    const ca = this.ca;
    const choice = this.accountChoice;
    const show = this.tried ? this.accountProblem() : undefined;
    return html`
      <section class="card" aria-labelledby="acct-h">
        <h2 id="acct-h" class="step"><span class="num">2</span> Account</h2>
        ${this.accounts.length || choice === 'import' ? html`
          <label for="acct">Account</label>
          <select id="acct" @change=${(e: Event) => { this.accountChoice = (e.target as HTMLSelectElement).value; }}>
            ${this.accounts.map((a) => html`<option value=${a.id} ?selected=${choice === a.id}>${a.contact[0]?.replace(/^mailto:/, '') ?? 'Account'} · ${a.keyType} · created ${new Date(a.createdAt).toLocaleDateString()}</option>`)}
            <option value="new" ?selected=${choice === 'new'}>New account</option>
            <option value="import" ?selected=${choice === 'import'}>Use an existing account key…</option>
          </select>` : nothing}
        ${choice === 'new' ? html`
          <div class="row">
            <div>
              <label for="email">E-mail (optional)</label>
              <input id="email" type="email" autocomplete="email" .value=${this.email} @input=${(e: Event) => { this.email = (e.target as HTMLInputElement).value; void this.persist(); }}>
            </div>
            <div>
              <label for="akt">Account key type</label>
              <select id="akt" @change=${(e: Event) => { this.accountKeyType = (e.target as HTMLSelectElement).value as KeyType; void this.persist(true); }}>
                ${KEY_TYPES.map((k) => html`<option value=${k} ?selected=${k === this.accountKeyType}>${KEY_LABELS[k]}</option>`)}
              </select>
            </div>
          </div>
          ${custodyChoice(this.exportable, (v) => { this.exportable = v; void this.persist(true); })}
          ${ca?.eabRequired ? html`
            <p>This CA requires External Account Binding: copy both values from your account on the CA's website.</p>
            <div class="row">
              <div><label for="eabk">EAB key ID</label><input id="eabk" spellcheck="false" .value=${this.eabKeyId} @input=${(e: Event) => { this.eabKeyId = (e.target as HTMLInputElement).value; }}></div>
              <div><label for="eabm">EAB MAC key</label><input id="eabm" spellcheck="false" .value=${this.eabMac} @input=${(e: Event) => { this.eabMac = (e.target as HTMLInputElement).value; }}></div>
            </div>` : nothing}
          <label class="check"><input type="checkbox" .checked=${this.agreed} @change=${(e: Event) => { this.agreed = (e.target as HTMLInputElement).checked; if (!this.ca && !this.connecting) void this.connect(); }}>
            <span>I agree to the CA's terms of service${ca?.termsOfService ? html` (<a href=${ca.termsOfService} target="_blank" rel="noopener noreferrer">read</a>)` : nothing}</span></label>
          ${!this.accounts.length ? html`<details><summary>I already have an account key</summary>
            <button type="button" @click=${() => { this.accountChoice = 'import'; }}>Use an existing account key</button></details>` : nothing}`
        : nothing}
        ${choice === 'import' ? html`
          <label for="akey">Account private key (PEM or JWK)</label>
          <textarea id="akey" spellcheck="false" placeholder="-----BEGIN PRIVATE KEY-----" .value=${this.importKeyText}
            @input=${(e: Event) => { this.importKeyText = (e.target as HTMLTextAreaElement).value; }}></textarea>
          <p class="hint">certpage finds the account that belongs to this key at the CA. The key is kept in this browser only.</p>
          ${custodyChoice(this.exportable, (v) => { this.exportable = v; void this.persist(true); })}` : nothing}
        ${show ? html`<p class="field-error" role="alert">${show}</p>` : nothing}
      </section>`;
  }

  private renderNames() {
    const ca = this.ca;
    const namesProblem = this.tried || this.parsed.problems.length ? this.namesProblem() : undefined;
    const converted = this.parsed.entries.filter((e) => e.display !== e.name);
    return html`
      <section class="card" aria-labelledby="names-h">
        <h2 id="names-h" class="step"><span class="num">3</span> Certificate</h2>
        ${this.certKey !== 'csr' ? html`
          <label for="names">Domain names</label>
          <textarea id="names" spellcheck="false" placeholder="example.com&#10;www.example.com" .value=${this.namesText}
            aria-invalid=${namesProblem ? 'true' : 'false'} aria-describedby="names-hint names-err"
            @input=${(e: Event) => { this.setNames((e.target as HTMLTextAreaElement).value); void this.persist(); }}></textarea>
          <p id="names-hint" class="hint">One per line or separated by commas. Wildcards (*.example.com) and IP addresses work too.</p>
          ${converted.length ? html`<ul class="names preview">${converted.map((e) => html`<li>${e.display} → ${e.name}</li>`)}</ul>` : nothing}
          ${this.caa.length ? html`<div class="caa" role="alert">
            <p><strong>CAA records may stop this CA from issuing.</strong></p>
            ${this.caa.map((w) => html`<p>${w.message}</p>${w.records.length ? html`<p class="mono hint">${w.records.join('\n')}</p>` : nothing}`)}
          </div>` : nothing}
          <div id="names-err">${namesProblem ? html`<p class="field-error" role="alert">${namesProblem.split('\n').map((line, i) => html`${i ? html`<br>` : nothing}${line}`)}</p>` : nothing}</div>`
        : nothing}
        <div class="row">
          <div>
            <label for="ckey">Certificate key</label>
            <select id="ckey" @change=${(e: Event) => { this.certKey = (e.target as HTMLSelectElement).value as KeyType | 'csr'; void this.persist(true); }}>
              ${KEY_TYPES.map((k) => html`<option value=${k} ?selected=${k === this.certKey}>New ${KEY_LABELS[k]}</option>`)}
              <option value="csr" ?selected=${this.certKey === 'csr'}>My own CSR (the key stays on my server)</option>
            </select>
          </div>
          ${ca && Object.keys(ca.profiles).length ? html`
            <div>
              <label for="profile">Profile</label>
              <select id="profile" @change=${(e: Event) => { this.profile = (e.target as HTMLSelectElement).value; void this.persist(true); }}>
                <option value="" ?selected=${!this.profile}>The CA's default</option>
                ${Object.entries(ca.profiles).map(([name, desc]) => html`<option value=${name} ?selected=${this.profile === name}>${name}: ${desc}</option>`)}
              </select>
            </div>` : nothing}
        </div>
        ${this.certKey === 'csr' ? html`
          <label for="csr">CSR (PEM)</label>
          <textarea id="csr" spellcheck="false" placeholder="-----BEGIN CERTIFICATE REQUEST-----" .value=${this.csrText}
            @input=${(e: Event) => { void this.setCsr((e.target as HTMLTextAreaElement).value); void this.persist(); }}></textarea>
          ${this.csr ? html`<p class="ok">The CSR names: ${this.csr.names.join(', ')} (${this.csr.keyType} key).</p>` : nothing}
          <cp-problem .problem=${this.csrProblem}></cp-problem>`
        : html`<p class="hint">The certificate key is made in this browser; you download it with the certificate.</p>`}
      </section>`;
  }
}
