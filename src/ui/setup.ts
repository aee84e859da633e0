// The setup form: CA, account, names and key, then one button that creates the order. It shows at once with what was
// typed before (the draft), fills in stored accounts when storage answers, and raises a `start` event; every press of
// Create order either starts the order or says, next to the field at fault, why not.
import { LitElement, html, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { CaInfo } from '../flow/ca/describe.ts';
import { CA_PRESETS, presetFor } from '../flow/ca/presets.ts';
import type { CsrPlan } from '../flow/setup/own-csr.ts';
import type { CaaWarning } from '../flow/checks/caa.ts';
import { activeResolvers, dnsChecks, onDnsChecks, type DnsCheckSettings } from '../flow/checks/settings.ts';
import { directoryFromQuery } from '../flow/ca/from-link.ts';
import { requestDirectory } from '../flow/ca/early.ts';
import { loadDraft, loadLegacyDraft, saveDraft, type Draft } from '../flow/setup/draft.ts';
import type { AccountChoice, IssuanceState, OrderInput } from '../flow/issuance/flow.ts';
import { usableAccounts, type AccountRecord } from '../flow/library.ts';
import { loadProblem, type ProblemInfo } from '../flow/outcome.ts';
import type { ParsedNames } from '../flow/setup/names.ts';
import { KEY_TYPES, type KeyType } from '../crypto/key-types.ts';
import { Follow } from './controllers.ts';
import { raise } from './events.ts';
import { KEY_LABELS } from './key-labels.ts';
import { custodyChoice } from './key-custody.ts';
import { STEP_TEXT } from './steps.ts';
import { base } from './styles.ts';
import { lazy } from './lazy.ts';
import { nothingStoredAtStart, restMayLoad } from './load-order.ts';
import { takeEarlyInput, type EarlyInput } from './prerender.ts';
import './problem.ts';
import { formatDate } from './dates.ts';

const CUSTOM = 'custom';
const LE_DIRECTORY = 'https://acme-v02.api.letsencrypt.org/directory'; // i18n-exempt: a URL
const NAMES_EXAMPLE = 'example.com\nwww.example.com'; // i18n-exempt: example domains (the names box's placeholder)
// Once loaded, the directory is read at once; while it loads, its GET is started beside it (requestDirectory).
let caCodeLoaded = false;
const loadCaInfo = () => import('../flow/ca/describe.ts').then((m) => { caCodeLoaded = true; return m; });
// The names parser (punycode, IP addresses, the checks) loads with the first name typed, or at once for a draft's names.
let namesModule: Promise<typeof import('../flow/setup/names.ts')> | undefined;
const loadNames = () => {
  namesModule ??= import('../flow/setup/names.ts');
  namesModule.catch(() => { namesModule = undefined; });
  return namesModule;
};

/** What must be fixed before an order can start, by field. */
interface FormProblems {
  ca?: string;
  account?: string;
  names?: string;
  csr?: string;
}

@localized()
@customElement('cp-setup')
export class SetupForm extends LitElement {
  static override styles = [base, css`
    .step { display: flex; gap: 0.6rem; align-items: baseline; }
    .num { flex: none; width: 1.6rem; height: 1.6rem; border-radius: 50%; background: var(--accent-soft); color: var(--accent); display: grid; place-items: center; font-weight: 700; font-size: 0.9rem; }
    .field-error { color: var(--bad); font-size: 0.9rem; margin: 0.25rem 0 0; }
    .connected { color: var(--good); font-size: 0.9rem; }
    .preview li { font-family: ui-monospace, Consolas, monospace; font-size: 0.88rem; }
    .caa { border: 1px solid var(--warn); border-left-width: 4px; border-radius: 8px; padding: 0.5rem 0.8rem; margin: 0.5rem 0; }
    .caa p { margin: 0.25rem 0; white-space: pre-wrap; }
  `];

  /** The issuance flow's snapshot: busy while ordering, the problem that stopped the last try. */
  @property({ attribute: false }) issuance: IssuanceState | undefined;

  private readonly checks = new Follow<DnsCheckSettings | undefined>(this, { get: dnsChecks, subscribe: onDnsChecks });
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
  /** The text `parsed` was made from (it lags a moment behind the box while the parser loads). */
  private parsedFor = '';
  private parsing: Promise<void> | undefined;
  @state() private certKey: KeyType | 'csr' = 'P-256';
  @state() private csrText = '';
  /** The CSRs in the box, each read on its own (several: one pass, one certificate each); undefined while reading. */
  @state() private csr: CsrPlan | undefined;
  @state() private profile = '';
  /** The user chose the account themselves: a later read of the stored accounts keeps that choice. */
  private pickedAccount = false;
  /** Create order was pressed: show every field's problem from now on. */
  @state() private tried = false;
  @state() private caa: CaaWarning[] = [];
  /** The DNS question was answered in this form: its note stays where the question was (it holds the focus). */
  @state() private consentAnswered = false;
  private caaTimer: ReturnType<typeof setTimeout> | undefined;
  private caaFor = '';
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  /** The directory read in progress (or the last one), so Create order can wait for it. */
  private reading: Promise<void> = Promise.resolve();
  /** The stored accounts of the connected CA, applied to the choice (see readCa). */
  private accountsRead: Promise<void> = Promise.resolve();
  /** The directory URL `ca` was read from. */
  private caFor = '';
  private stopChecks: (() => void) | undefined;
  /** What was done in the prerendered form, until the first render has taken its focus and Create order over. */
  private early: EarlyInput | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    // A link that names a CA (?directory=…, e.g. from npm run demo) chooses it over the draft's.
    const draft = loadDraft();
    const named = directoryFromQuery(location.search);
    this.applyDraft(named ? { ...draft, directoryUrl: named } : draft);
    // What the visitor typed or chose in the prerendered copy of this form, before this code ran, is newer still.
    const early = takeEarlyInput();
    if (early) this.applyEarly(early);
    // A draft left by an older version (in IndexedDB) is taken over once.
    if (!this.namesText && !this.csrText) void loadLegacyDraft().then((d) => { if (d && !this.namesText && !this.csrText) this.applyDraft(d); });
    this.stopChecks = onDnsChecks(() => this.scheduleCaa());
    addEventListener('lit-localize-status', this.onLocale);
    // The code that reads a CA's directory, and the names parser, load while the user reads the form (after the list).
    void restMayLoad().then(() => { void loadCaInfo().catch(() => {}); void loadNames().catch(() => {}); });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopChecks?.();
    removeEventListener('lit-localize-status', this.onLocale);
    clearTimeout(this.caaTimer);
    clearTimeout(this.connectTimer);
  }

  /**
   * The language changed: what was worded when it happened (the names' and CSRs' problems, a refused address) is
   * worded again; @localized() re-renders the rest.
   */
  private readonly onLocale = (e: Event): void => {
    if ((e as CustomEvent<{ status: string }>).detail.status !== 'ready') return;
    this.parsedFor = '';
    if (this.namesText) this.setNames(this.namesText);
    if (this.csrText) void this.setCsr(this.csrText);
    if (this.caProblem && this.directoryUrl && this.addressProblem(this.directoryUrl)) this.caProblem = this.addressProblem(this.directoryUrl);
  };

  private applyDraft(d: Draft & { eabKeyId?: string; eabMac?: string }): void {
    if (d.directoryUrl) this.setDirectory(d.directoryUrl);
    if (d.namesText) this.setNames(d.namesText);
    if (d.email) this.email = d.email;
    if (d.accountKeyType && (KEY_TYPES as readonly string[]).includes(d.accountKeyType)) this.accountKeyType = d.accountKeyType as KeyType;
    if (d.certKey === 'csr' || (KEY_TYPES as readonly string[]).includes(d.certKey ?? '')) this.certKey = d.certKey as KeyType | 'csr';
    if (d.csrText) void this.setCsr(d.csrText);
    if (d.accountExportable) this.exportable = true;
    if (d.agreed) this.agreed = true;
    if (d.profile) this.profile = d.profile;
    if (d.eabKeyId) this.eabKeyId = d.eabKeyId;
    if (d.eabMac) this.eabMac = d.eabMac;
    // Only a CA the user already chose is contacted on load; a first visit contacts nobody until asked.
    if (d.directoryUrl) void this.connect();
  }

  /**
   * The prerendered form's changes (prerender.ts), applied as a draft is. Its fields start unticked and empty, so a
   * change ticks or fills. Its focus and a pressed Create order follow the first render.
   */
  private applyEarly(early: EarlyInput): void {
    const f = early.fields;
    const text = (id: string) => { const v = f.get(id); return typeof v === 'string' ? v : undefined; };
    const preset = text('preset');
    const presetUrl = preset === undefined ? undefined : CA_PRESETS.find((p) => p.id === preset)?.directoryUrl ?? '';
    const directoryUrl = text('dir') ?? presetUrl;
    if (directoryUrl === '') this.setDirectory(''); // "Other ACME CA": the field is emptied for the user's own URL
    this.applyDraft({
      directoryUrl, namesText: text('names'), email: text('email'), accountKeyType: text('akt'), certKey: text('ckey'),
      agreed: f.get('agree') === true, accountExportable: f.get('custody:1') === true,
    });
    if (f.size) this.persist();
    this.early = early;
  }

  override firstUpdated(): void {
    const early = this.early;
    this.early = undefined;
    if (early?.focus) {
      const el = this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(early.focus.id)}`);
      el?.focus();
      const { start, end } = early.focus;
      if ((el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) && start !== null && end !== null) {
        try { el.setSelectionRange(start, end); } catch { /* this input type has no cursor */ }
      }
    }
    if (early?.submitted) void this.submit(new Event('submit'));
  }

  /**
   * Every change is written at once (synchronously), so a reload right after typing loses nothing. The terms tick is
   * kept only until an account is made with it (`agreedUsed`): a later new account asks again.
   */
  private persist(agreedUsed = false): void {
    saveDraft({
      directoryUrl: this.directoryUrl, namesText: this.namesText, email: this.email, accountKeyType: this.accountKeyType,
      accountExportable: this.exportable, agreed: this.agreed && !agreedUsed, certKey: this.certKey, csrText: this.csrText, profile: this.profile,
    }, { eabKeyId: this.eabKeyId, eabMac: this.eabMac });
  }

  override willUpdate(changed: Map<string, unknown>): void {
    // The last try made an account before a later step failed: offer it rather than make another.
    if (changed.has('issuance') && this.issuance?.accountId && this.issuance.stage === 'setup' && this.ca) {
      this.pickedAccount = false;
      void this.loadAccounts(this.issuance.accountId);
    }
  }

  private setDirectory(url: string): void {
    this.directoryUrl = url.trim();
    this.presetId = presetFor(this.directoryUrl)?.id ?? CUSTOM;
  }

  private onPreset(e: Event): void {
    const id = (e.target as HTMLSelectElement).value;
    this.presetId = id;
    const preset = CA_PRESETS.find((p) => p.id === id);
    // "Other ACME CA": the field is emptied for the user's own URL; the last preset's CA is not contacted.
    this.directoryUrl = preset?.directoryUrl ?? '';
    this.ca = undefined;
    this.caProblem = undefined;
    this.persist();
    if (preset) void this.connect();
    else void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('#dir')?.focus());
  }

  private onDirectoryInput(e: Event): void {
    this.setDirectory((e.target as HTMLInputElement).value);
    this.persist();
    clearTimeout(this.connectTimer);
    // A complete address is read at once, in this event; one still being typed waits for a pause.
    const complete = /^https?:\/\/[^/\s]+\/\S+$/i.test(this.directoryUrl);
    if (complete) void this.connect();
    else this.connectTimer = setTimeout(() => void this.connect(), 400);
  }

  /** Why this address cannot be a directory URL, before anything is asked; undefined when it may be one. */
  private addressProblem(url: string): ProblemInfo | undefined {
    if (!url) return { what: msg('Choose a CA from the list, or paste its ACME directory URL.'), next: msg(str`For Let's Encrypt: ${LE_DIRECTORY}`) };
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { what: msg(str`"${url}" is not a web address.`), next: msg('Paste the full directory URL, starting with https://.') };
    }
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
    if (parsed.protocol === 'http:' && !loopback) {
      return { what: msg('The directory URL must start with https://.'), next: msg(str`This page only talks to a CA over HTTPS (plain http works only for a CA on this computer). Try https://${parsed.host}${parsed.pathname}.`) };
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return { what: msg('The directory URL must start with https://.'), next: msg('Pick a CA from the list, or paste its full ACME directory URL.') };
    return undefined;
  }

  /** Read the CA's directory: terms, EAB, profiles; and which stored accounts belong to it. */
  private connect(): Promise<void> {
    this.reading = this.readCa();
    return this.reading;
  }

  private async readCa(): Promise<void> {
    const url = this.directoryUrl;
    this.ca = undefined;
    this.caProblem = this.addressProblem(url);
    if (this.caProblem) {
      if (!url) this.caProblem = undefined; // an empty field is said only once Create order is pressed
      return;
    }
    this.connecting = true;
    // The stored accounts of this CA are read while its directory is ("Connected." waits for both; see below).
    const stored = usableAccounts(url).catch(() => [] as AccountRecord[]);
    const early = caCodeLoaded ? undefined : requestDirectory(url);
    const { info, problem } = await loadCaInfo().then(
      (m) => m.describeCa(url, early),
      (err: unknown) => ({ info: undefined, problem: loadProblem(err) }),
    );
    if (url !== this.directoryUrl) return; // the user typed on meanwhile
    this.connecting = false;
    this.caFor = url;
    // The stored accounts are applied before "Connected." shows, so the choice does not change under the user's
    // hand; except in a browser that had no database as the page opened: there is none to wait for, and making the
    // database can take longer than the directory (a first visit). Accounts another tab stored meanwhile are still
    // applied once read, over no choice of the user's, and Create order waits for them (accountsRead).
    if (info) {
      const none = await Promise.race([nothingStoredAtStart(), stored.then(() => false)]);
      this.accountsRead = this.loadAccounts(this.issuance?.accountId, info, info.directoryUrl === url ? stored : undefined, url);
      if (!none) await this.accountsRead;
    }
    if (url !== this.directoryUrl) return;
    this.ca = info;
    this.caProblem = problem;
    this.scheduleCaa();
    if (info && this.profile && !(this.profile in info.profiles)) this.profile = '';
  }

  /**
   * The stored accounts of this CA; `prefer` (or the newest) is selected, unless the user picked one themselves that
   * can still be used.
   */
  private async loadAccounts(prefer?: string, ca = this.ca, read?: Promise<AccountRecord[]>, forUrl = this.directoryUrl): Promise<void> {
    if (!ca) return;
    const list = await (read ?? usableAccounts(ca.directoryUrl).catch(() => [] as AccountRecord[]));
    if (forUrl !== this.directoryUrl) return; // another CA meanwhile: its own read applies
    this.accounts = list;
    const own = this.pickedAccount && (this.accountChoice === 'new' || this.accountChoice === 'import' || list.some((a) => a.id === this.accountChoice));
    const keep = own || this.accountChoice === 'import' || (this.accountChoice !== 'new' && list.some((a) => a.id === this.accountChoice));
    const preferred = own ? undefined : list.find((a) => a.id === prefer) ?? (keep ? undefined : list[list.length - 1]);
    if (preferred) this.accountChoice = preferred.id;
    else if (!keep) this.accountChoice = 'new';
  }

  private setNames(text: string): void {
    this.namesText = text;
    this.parsing = this.parseNames();
  }

  /** Parse the box as it is now (once the parser is there); resolves when `parsed` matches it. */
  private async parseNames(): Promise<void> {
    const text = this.namesText;
    if (text === this.parsedFor) return;
    let parsed: ParsedNames;
    try {
      parsed = (await loadNames()).parseNamesBox(text);
    } catch (err) {
      const p = loadProblem(err);
      parsed = { entries: [], problems: [{ input: '', message: `${p.what} ${p.next}` }] };
    }
    if (text !== this.namesText) return;
    this.parsed = parsed;
    this.parsedFor = text;
    this.scheduleCaa();
  }

  /** CAA pre-check of the typed names against this CA, a moment after typing stops (only once DNS checks are allowed). */
  private scheduleCaa(): void {
    clearTimeout(this.caaTimer);
    this.caaTimer = setTimeout(() => void this.runCaa(), 700);
  }

  private async runCaa(): Promise<void> {
    const ca = this.ca;
    const names = this.certKey === 'csr' ? [] : this.parsed.entries;
    const resolvers = activeResolvers();
    const key = `${ca?.directoryUrl}|${names.map((n) => n.name).join(',')}|${resolvers.map((r) => r.url).join(',')}`;
    if (!ca || names.length === 0 || resolvers.length === 0) { this.caa = []; this.caaFor = key; return; }
    if (key === this.caaFor) return;
    this.caaFor = key;
    // A pre-check whose code cannot be fetched is skipped, as with no resolvers.
    const warnings = await import('../flow/checks/caa.ts').then((m) => m.caaWarnings(names, ca, resolvers), () => []);
    if (key === this.caaFor) this.caa = warnings;
  }

  private async setCsr(text: string): Promise<void> {
    this.csrText = text;
    this.csr = undefined;
    const plan = await import('../flow/setup/own-csr.ts').then(
      (m) => m.planCsrs(text),
      (err: unknown): CsrPlan => ({ entries: [], problem: loadProblem(err), refusal: msg('See above.'), csrs: [] }),
    );
    if (text === this.csrText) this.csr = plan;
  }

  private problems(): FormProblems {
    const p: FormProblems = {};
    const address = this.addressProblem(this.directoryUrl);
    if (address) p.ca = address.what;
    else if (this.connecting) p.ca = msg("Still reading the CA's directory; press Create order again in a moment.");
    else if (!this.ca) p.ca = this.caProblem ? msg('This CA could not be reached: see above.') : msg('The CA has not been contacted yet.');
    if (this.accountChoice === 'new') {
      if (!this.agreed) p.account = msg("Tick the box to agree to the CA's terms of service.");
      else if (this.ca?.eabRequired && (!this.eabKeyId.trim() || !this.eabMac.trim())) p.account = msg('This CA needs an EAB key ID and MAC key from its website.');
    }
    if (this.accountChoice === 'import' && !this.importKeyText.trim()) p.account = msg('Paste the private key of your existing account.');
    if (this.certKey === 'csr') {
      if (!this.csrText.trim()) p.csr = msg('Paste the CSR (PEM), or choose a key type to have the key made here.');
      else if (!this.csr) p.csr = msg('The CSR is still being read; press Create order again in a moment.');
      else if (this.csr.refusal) p.csr = this.csr.refusal;
    } else if (this.parsed.problems.length) {
      p.names = this.problemsOfNames();
    } else if (this.parsed.entries.length === 0) {
      p.names = msg('Enter at least one domain name, for example example.com.');
    }
    return p;
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    if (this.issuance?.stage === 'ordering') return; // already on its way (the button stays focusable meanwhile)
    this.tried = true;
    this.persist();
    await this.parsing;
    if (this.connecting) await this.reading; // e.g. Create order pressed in the prerendered form, as the app started
    await this.accountsRead; // the choice of account is settled before it is used
    if (!this.ca && !this.connecting && !this.addressProblem(this.directoryUrl)) await this.connect();
    const problems = this.problems();
    const ca = this.ca;
    if (!ca || Object.keys(problems).length) {
      await this.updateComplete;
      const first = (['ca', 'account', 'names', 'csr'] as const).find((k) => problems[k]);
      const field = { ca: '#dir', account: this.accountChoice === 'import' ? '#akey' : '#agree', names: '#names', csr: 'cp-csr-input' }[first ?? 'ca'];
      this.renderRoot.querySelector<HTMLElement>(field)?.focus();
      return;
    }
    let account: AccountChoice;
    if (this.accountChoice === 'new') {
      account = { kind: 'new', keyType: this.accountKeyType, email: this.email.trim(), agreed: this.agreed, exportable: this.exportable, ...(ca.eabRequired ? { eab: { keyId: this.eabKeyId.trim(), hmacKey: this.eabMac.trim() } } : {}) };
    } else if (this.accountChoice === 'import') {
      account = { kind: 'import', keyText: this.importKeyText, exportable: this.exportable };
    } else {
      account = { kind: 'existing', id: this.accountChoice };
    }
    // Own CSRs: the first is this order; the others follow in the same pass, one certificate each.
    const [first, ...more] = this.csr?.csrs ?? [];
    const input: OrderInput = {
      directoryUrl: ca.directoryUrl,
      account,
      identifiers: this.certKey === 'csr' ? first?.identifiers ?? [] : this.parsed.entries.map((n) => ({ type: n.type, value: n.name })),
      key: this.certKey === 'csr' ? { kind: 'csr', csrPem: first?.csrPem ?? '' } : { kind: 'generate', keyType: this.certKey },
      ...(this.profile ? { profile: this.profile } : {}),
      ...(this.certKey === 'csr' && more.length ? { more } : {}),
    };
    if (account.kind === 'new') this.persist(true);
    raise(this, { type: 'start', input });
  }

  override render() {
    const s = this.issuance;
    const busy = s?.stage === 'ordering' ? (s.step ? STEP_TEXT[s.step] : msg('Working…')) : undefined;
    const problems = this.tried ? this.problems() : {};
    return html`
      <form @submit=${this.submit} novalidate>
        ${this.renderCa(problems.ca)}
        ${this.renderAccount(problems.account)}
        ${this.renderNames(problems)}
        <div class="actions">
          <button class="primary" type="submit" aria-disabled=${busy ? 'true' : 'false'}>${msg('Create order')}</button>
          <span role="status">${busy ? html`<span class="badge busy">${busy}</span>` : nothing}</span>
        </div>
        ${s?.stage === 'setup' ? html`<cp-problem .problem=${s.problem}></cp-problem>` : nothing}
      </form>`;
  }

  private renderCa(problem: string | undefined) {
    const preset = CA_PRESETS.find((p) => p.id === this.presetId);
    return html`
      <section class="card" aria-labelledby="ca-h">
        <h2 id="ca-h" class="step" data-view-heading tabindex="-1"><span class="num">1</span> ${msg('Certificate authority')}</h2>
        <div class="row">
          <div>
            <label for="preset">${msg('CA')}</label>
            <select id="preset" .value=${this.presetId} @change=${this.onPreset}>
              ${CA_PRESETS.map((p) => html`<option value=${p.id} ?selected=${p.id === this.presetId}>${p.name}</option>`)}
              <option value=${CUSTOM} ?selected=${this.presetId === CUSTOM}>${msg('Other ACME CA (enter its directory URL)')}</option>
            </select>
          </div>
          <div>
            <label for="dir">${msg('Directory URL')}</label>
            <input id="dir" type="url" spellcheck="false" .value=${this.directoryUrl} @input=${this.onDirectoryInput}
              aria-invalid=${this.caProblem || problem ? 'true' : 'false'} aria-describedby="ca-state">
          </div>
        </div>
        <div id="ca-state">
          ${preset?.browserNote ? html`<p class="hint">${preset.browserNote}</p>` : nothing}
          <div role="status">
            ${this.connecting ? html`<p class="hint">${msg("Reading the CA's directory…")}</p>` : nothing}
            ${this.ca ? html`<p class="connected">${msg('Connected.')}${this.ca.termsOfService ? html` ${msg(html`Terms of service: ${this.termsLink(this.ca.termsOfService, msg('read them'))}.`)}` : nothing}</p>` : nothing}
          </div>
          <cp-problem .problem=${this.caProblem}></cp-problem>
          ${problem && !this.caProblem ? html`<p class="field-error" role="alert">${problem}</p>` : nothing}
        </div>
      </section>`;
  }

  /** The CA's terms as a link only when the address is https (anything else is shown as text). */
  private termsLink(url: string, label: string) {
    return /^https:\/\//i.test(url)
      ? html`<a href=${url} target="_blank" rel="noopener noreferrer">${label}</a>`
      : html`<span class="mono">${url}</span>`;
  }

  private renderAccount(problem: string | undefined) {
    const ca = this.ca;
    const choice = this.accountChoice;
    return html`
      <section class="card" aria-labelledby="acct-h">
        <h2 id="acct-h" class="step"><span class="num">2</span> ${msg('Account')}</h2>
        ${this.accounts.length || choice === 'import' ? html`
          <label for="acct">${msg('Account')}</label>
          <select id="acct" @change=${(e: Event) => { this.accountChoice = (e.target as HTMLSelectElement).value; this.pickedAccount = true; }}>
            ${this.accounts.map((a) => html`<option value=${a.id} ?selected=${choice === a.id}>${msg(str`${a.contact[0]?.replace(/^mailto:/, '') ?? msg('Account')} · ${a.keyType} · created ${formatDate(a.createdAt)}`)}</option>`)}
            <option value="new" ?selected=${choice === 'new'}>${msg('New account')}</option>
            <option value="import" ?selected=${choice === 'import'}>${msg('Use an existing account key…')}</option>
          </select>` : nothing}
        ${choice === 'new' ? html`
          <div class="row">
            <div>
              <label for="email">${msg('E-mail (optional)')}</label>
              <input id="email" type="email" autocomplete="email" .value=${this.email} @input=${(e: Event) => { this.email = (e.target as HTMLInputElement).value; this.persist(); }}>
            </div>
            <div>
              <label for="akt">${msg('Account key type')}</label>
              <select id="akt" @change=${(e: Event) => { this.accountKeyType = (e.target as HTMLSelectElement).value as KeyType; this.persist(); }}>
                ${KEY_TYPES.map((k) => html`<option value=${k} ?selected=${k === this.accountKeyType}>${KEY_LABELS[k]}</option>`)}
              </select>
            </div>
          </div>
          ${custodyChoice(this.exportable, (v) => { this.exportable = v; this.persist(); })}
          ${ca?.eabRequired ? html`
            <p>${msg("This CA requires External Account Binding: copy both values from your account on the CA's website.")}</p>
            <div class="row">
              <div><label for="eabk">${msg('EAB key ID')}</label><input id="eabk" spellcheck="false" .value=${this.eabKeyId} @input=${(e: Event) => { this.eabKeyId = (e.target as HTMLInputElement).value; this.persist(); }}></div>
              <div><label for="eabm">${msg('EAB MAC key')}</label><input id="eabm" spellcheck="false" .value=${this.eabMac} @input=${(e: Event) => { this.eabMac = (e.target as HTMLInputElement).value; this.persist(); }}></div>
            </div>` : nothing}
          <label class="check"><input id="agree" type="checkbox" .checked=${this.agreed} @change=${(e: Event) => { this.agreed = (e.target as HTMLInputElement).checked; this.persist(); if (!this.ca && !this.connecting) void this.connect(); }}>
            <span>${ca?.termsOfService ? msg(html`I agree to the CA's terms of service (${this.termsLink(ca.termsOfService, msg('read'))})`) : msg("I agree to the CA's terms of service")}</span></label>
          ${!this.accounts.length ? html`<details><summary>${msg('I already have an account key')}</summary>
            <button type="button" @click=${() => { this.accountChoice = 'import'; this.pickedAccount = true; void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#akey')?.focus()); }}>${msg('Use an existing account key')}</button></details>` : nothing}`
        : nothing}
        ${choice === 'import' ? html`
          <label for="akey">${msg('Account private key (PEM or JWK)')}</label>
          <textarea id="akey" spellcheck="false" placeholder="-----BEGIN PRIVATE KEY-----" .value=${this.importKeyText}
            @input=${(e: Event) => { this.importKeyText = (e.target as HTMLTextAreaElement).value; }}></textarea>
          <p class="hint">${msg('certpage finds the account that belongs to this key at the CA. The key is kept in this browser only.')}</p>
          ${custodyChoice(this.exportable, (v) => { this.exportable = v; this.persist(); })}` : nothing}
        ${problem ? html`<p class="field-error" role="alert">${problem}</p>` : nothing}
      </section>`;
  }

  private renderNames(problems: FormProblems) {
    const ca = this.ca;
    const namesProblem = problems.names ?? (this.parsed.problems.length && this.certKey !== 'csr' ? this.problemsOfNames() : undefined);
    // Every name the page changed (case, a final dot, Unicode to punycode) is shown, so nothing changes unseen.
    const converted = this.parsed.entries.filter((e) => e.input !== e.name);
    const checks = this.checks.value;
    return html`
      <section class="card" aria-labelledby="names-h">
        <h2 id="names-h" class="step"><span class="num">3</span> ${msg('Certificate')}</h2>
        ${this.certKey !== 'csr' ? html`
          <label for="names">${msg('Domain names')}</label>
          <textarea id="names" spellcheck="false" placeholder=${NAMES_EXAMPLE} .value=${this.namesText}
            aria-invalid=${namesProblem ? 'true' : 'false'} aria-describedby="names-hint names-err"
            @input=${(e: Event) => { this.setNames((e.target as HTMLTextAreaElement).value); this.persist(); }}></textarea>
          <p id="names-hint" class="hint">${msg('One per line or separated by commas. Wildcards (*.example.com) and IP addresses work too.')}</p>
          ${converted.length ? html`<p class="hint">${msg('Sent to the CA as:')}</p><ul class="names preview" aria-label=${msg('Names as sent to the CA')}>${converted.map((e) => html`<li>${e.input} → ${e.name}${/\.$/.test(e.input) ? html` <span class="hint">${msg('(the final dot is dropped: certificates name hosts without it)')}</span>` : nothing}</li>`)}</ul>` : nothing}
          ${(checks?.mode === 'ask' || this.consentAnswered) && this.parsed.entries.some((e) => e.type === 'dns') && this.ca ? lazy(this, 'cp-dns-consent', () => import('./dns-consent.ts'), html`<cp-dns-consent purpose="before you order" @cp-dns-answered=${() => { this.consentAnswered = true; }}></cp-dns-consent>`) : nothing}
          ${this.caa.length ? html`<div class="caa" role="alert">
            <p><strong>${msg('CAA records may stop this CA from issuing.')}</strong></p>
            ${this.caa.map((w) => html`<p>${w.message}</p>${w.records.length ? html`<p class="mono hint">${w.records.join('\n')}</p>` : nothing}`)}
          </div>` : nothing}
          <div id="names-err">${namesProblem ? html`<p class="field-error" role="alert">${namesProblem.split('\n').map((line, i) => html`${i ? html`<br>` : nothing}${line}`)}</p>` : nothing}</div>`
        : nothing}
        <div class="row">
          <div>
            <label for="ckey">${msg('Certificate key')}</label>
            <select id="ckey" @change=${(e: Event) => { this.certKey = (e.target as HTMLSelectElement).value as KeyType | 'csr'; this.persist(); this.scheduleCaa(); }}>
              ${KEY_TYPES.map((k) => html`<option value=${k} ?selected=${k === this.certKey}>${msg(str`New ${KEY_LABELS[k]}`)}</option>`)}
              <option value="csr" ?selected=${this.certKey === 'csr'}>${msg('My own CSR (the key stays on my server)')}</option>
            </select>
          </div>
          ${ca && Object.keys(ca.profiles).length ? html`
            <div>
              <label for="profile">${msg('Profile')}</label>
              <select id="profile" @change=${(e: Event) => { this.profile = (e.target as HTMLSelectElement).value; this.persist(); }}>
                <option value="" ?selected=${!this.profile}>${msg("The CA's default")}</option>
                ${Object.entries(ca.profiles).map(([name, desc]) => html`<option value=${name} ?selected=${this.profile === name}>${name}: ${desc}</option>`)}
              </select>
            </div>` : nothing}
        </div>
        ${this.certKey === 'csr' ? lazy(this, 'cp-csr-input', () => import('./csr-input.ts'), html`<cp-csr-input .text=${this.csrText} .plan=${this.csr} .fieldError=${problems.csr} .names=${this.parsed.entries.map((e) => e.name)}
            @cp-csr-text=${(e: CustomEvent<string>) => { void this.setCsr(e.detail); this.persist(); }}></cp-csr-input>`)
        : html`<p class="hint">${msg('The certificate key is made in this browser; you download it with the certificate.')}</p>`}
      </section>`;
  }

  private problemsOfNames(): string {
    return this.parsed.problems.map((p) => (p.input ? msg(str`${p.input}: ${p.message}`) : p.message)).join('\n');
  }
}
