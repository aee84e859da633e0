// My certificates: everything kept in this browser, downloadable again. It reads the summaries (one value, no chains
// or keys), works out every renewal state once per read (the due list needs them all), and renders a window: the
// newest PAGE rows, "Show more" for the next, or only the due ones. Dates are formatted only for the rows shown.
// A certificate's full record (chain, key) is read when its files or a panel open.
import { LitElement, html, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { IssuanceState } from '../flow/issuance/flow.ts';
import { accounts, certificate, certificates, forgetCertificate, type AccountRecord, type CertificateRecord, type CertificateSummary } from '../flow/library.ts';
import type { PersistState } from '../flow/persistence.ts';
import { isShortLived, needsAriCheck, renewalState, type RenewalState } from '../flow/lifecycle/window.ts';
import { fromOwnCsr } from '../flow/lifecycle/custody.ts';
import type { CsrEntry } from '../flow/setup/own-csr.ts';
import { StoredList } from './controllers.ts';
import { raise } from './events.ts';
import { downloadText } from './download.ts';
import { dueNotice, dueRows, dueStyles, expiryPhrase, type DueRow } from './due.ts';
import { formatDate, formatDateTime, formatShort } from './dates.ts';
import { lazy } from './lazy.ts';
import { hostOf } from './host.ts';
import { base } from './styles.ts';
import { later } from './styles-later.ts';
import { focusAfterUpdate } from './focus.ts';

const loadResult = () => import('./result.ts');
// Revocation forms load on the first click, not with the page.
const loadRevoke = () => import('./revoke.ts');

/**
 * Rows shown at first and added by each "Show more". Ten, as in Accounts: each row is a tall block (five buttons),
 * so ten fill about two screens, and rendering and laying out ten instead of twenty takes a third off the time from
 * the heading to the list with 1,000 stored certificates at 4× CPU (median of ten visits, 568 → 381 ms).
 */
export const PAGE = 10;

type PanelKind = 'renew' | 'revoke' | 'delete';

/** Each renewal state's badge: its class, and its word in the page's language (worded when shown). */
const BADGE: Record<RenewalState['state'], [cls: string, label: () => string]> = {
  'fine': ['ok', () => msg('fine')],
  'renew-now': ['busy', () => msg('renew now')],
  'expired': ['bad', () => msg('expired')],
  'revoked': ['bad', () => msg('revoked')],
  'replaced': ['', () => msg('replaced')],
};

/** One table row: its renewal state, worked out once per read of the list. */
type Row = DueRow;

/** The day renewal is due; with the hour too for short-lived certificates, whose window is a few hours long. */
function windowDate(c: CertificateSummary, r: RenewalState): string {
  return isShortLived(c) ? formatShort(r.windowStart) : formatDate(r.windowStart);
}

/** A host name that may wrap after its dots (not inside a label) in a narrow column. */
function breakAtDots(host: string) {
  if (/^[\d.]+$|:/.test(host)) return host; // an IP address stays whole
  const labels = host.split('.');
  return labels.map((l, i) => (i < labels.length - 1 ? html`${l}.<wbr>` : l));
}

/** The page as the user reached it, without query or fragment: where a reminder links back to. */
function pageUrl(): string {
  return location.href.replace(/[?#].*$/, '');
}

/** Once per visit: ask the CAs for their renewal windows (ARI). Loaded after the list shows, never blocking it. */
let ariAsked = false;

/** Run `work` once the browser is idle after the next paint, in a task of its own. */
function afterPaint(work: () => void): void {
  const idle = globalThis.requestIdleCallback ?? ((f: () => void) => setTimeout(f, 50));
  requestAnimationFrame(() => { idle(work); });
}

/** The calendar module is loaded on the first click, not with the page. */
async function downloadReminder(c: CertificateSummary, r: RenewalState): Promise<void> {
  const { reminderCalendar, calendarFileName } = await import('../flow/lifecycle/reminder.ts');
  downloadText(calendarFileName(c), reminderCalendar(c, { start: r.windowStart }, pageUrl()), 'text/calendar');
}

@localized()
@customElement('cp-certificates')
export class CertificatesView extends LitElement {
  static override styles = [base, later, dueStyles, css`
    td.names { overflow-wrap: anywhere; min-width: 13rem; }
    td.ca { overflow-wrap: break-word; }
    .badge { white-space: nowrap; }
    td.buttons { width: 1%; }
    td.buttons div { display: flex; flex-direction: column; gap: 0.35rem; align-items: stretch; }
    td.buttons button { padding: 0.25rem 0.6rem; font-size: 0.85rem; white-space: nowrap; }
    .when { display: block; }
    .panel { padding: 0.25rem 0 0.5rem; }
    .panel label { display: block; margin: 0.2rem 0; }
    .more { display: flex; gap: 0.75rem; align-items: center; flex-wrap: wrap; margin-top: 0.5rem; }
    details.revoke-key { margin-top: 1rem; }
  `];

  @property() persist: PersistState | undefined;
  /** The issuance flow's snapshot: a renewal shows its cards above, and says here how it went. */
  @property({ attribute: false }) issuance: IssuanceState | undefined;
  private readonly list = new StoredList<CertificateSummary[]>(this, () => certificates());
  /** The accounts line is read apart: fifty accounts' keys must not hold up the certificates. */
  private readonly accountList = new StoredList<AccountRecord[]>(this, () => accounts());
  /** The rows of the last read, with their renewal states (worked out once per read, not per render). */
  private rows: Row[] = [];
  private due: Row[] = [];
  private rowsOf: CertificateSummary[] | undefined;
  /** How many rows of the table are shown, and whether only the due ones. */
  @state() private shown = PAGE;
  @state() private onlyDue = false;
  /** Full records (chain, key) of the certificates whose files or revoke panel are open. */
  private readonly records = new Map<string, CertificateRecord>();
  @state() private open: string | undefined;
  @state() private reminderProblem: string | undefined;
  /** The open renew, revoke or delete panel, by certificate id. */
  @state() private panel: { id: string; kind: PanelKind } | undefined;
  @state() private keepKey = false;
  /** Renewing a certificate made from a CSR: the same CSR again, or a new one pasted here. */
  @state() private csrChoice: 'same' | 'new' = 'same';
  @state() private newCsrText = '';
  @state() private newCsr: { entries: CsrEntry[]; problem?: { what: string; next: string } } | undefined;
  /** The certificate whose renewal was asked for here, until the flow says how it went. */
  @state() private renewing: string | undefined;
  /** The flow has shown the order for `renewing`: once it shows another (or the form again), the note goes. */
  private renewShown = false;
  @state() private revokeKeyOpen = false;
  @state() private deleteNote: { text: string; bad?: boolean } | undefined;
  @state() private recordProblem: string | undefined;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('issuance') && this.renewing && this.issuance?.record?.renews === this.renewing) this.renewShown = true;
    const certs = this.list.value;
    if (certs === this.rowsOf) return;
    this.rowsOf = certs;
    const now = new Date();
    this.rows = (certs ?? []).map((c) => ({ c, r: renewalState(c, now) }));
    this.due = dueRows(this.rows);
    if (certs?.length) afterPaint(() => this.askAri(certs));
    // A change may have been to an open one (revoked, say): read those again, showing the old copy meanwhile.
    const open = new Set([this.open, this.panel?.kind === 'revoke' ? this.panel.id : undefined]);
    for (const id of [...this.records.keys()]) if (!open.has(id)) this.records.delete(id);
    for (const id of open) if (id) void this.record(id, true);
    if (!this.due.length) this.onlyDue = false;
  }

  /** The full record of `id`, read once and kept while its files or panel are open. */
  private async record(id: string, again = false): Promise<void> {
    if (this.records.has(id) && !again) return;
    this.recordProblem = undefined;
    try {
      const found = await certificate(id);
      if (found) this.records.set(id, found);
      else if (this.records.has(id)) this.records.delete(id);
      else this.recordProblem = msg('This certificate is no longer stored in this browser.');
    } catch (err) {
      this.recordProblem = msg(str`The certificate could not be read: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.requestUpdate();
  }

  private toggleFiles(id: string): void {
    this.open = this.open === id ? undefined : id;
    if (this.open) void this.record(id);
  }

  private toggle(id: string, kind: PanelKind): void {
    this.panel = this.panel?.id === id && this.panel.kind === kind ? undefined : { id, kind };
    this.keepKey = false;
    const cert = this.list.value?.find((c) => c.id === id);
    this.csrChoice = cert?.csrPem ? 'same' : 'new';
    this.newCsrText = '';
    this.newCsr = undefined;
    if (this.panel?.kind === 'revoke') void this.record(id);
  }

  /** A new CSR pasted for a renewal: its names, or why it cannot be used, shown before Renew now. */
  private async setNewCsr(text: string): Promise<void> {
    this.newCsrText = text;
    this.newCsr = undefined;
    if (!text.trim()) return;
    const read = await import('../flow/setup/own-csr.ts').then((m) => m.inspectCsrs(text));
    if (text === this.newCsrText) this.newCsr = read;
  }

  /** What a pasted CSR would renew: one usable CSR, or nothing. */
  private newCsrNames(): string[] | undefined {
    const entries = this.newCsr?.entries ?? [];
    return !this.newCsr?.problem && entries.length === 1 && !entries[0]?.problem ? entries[0]?.csr?.names : undefined;
  }

  /** Renew: a new order for the same names with the same account and CA; the cards (or the certificate) show above. */
  private renew(c: CertificateSummary): void {
    this.renewing = c.id;
    this.renewShown = false;
    this.panel = undefined;
    if (fromOwnCsr(c)) {
      // Never a key made here for it: the same CSR (the same key, on the user's server) or the new one pasted.
      raise(this, this.csrChoice === 'same' && c.csrPem
        ? { type: 'renew', certificateId: c.id, keepKey: true }
        : { type: 'renew', certificateId: c.id, keepKey: false, csrPem: this.newCsrText });
      return;
    }
    raise(this, { type: 'renew', certificateId: c.id, keepKey: this.keepKey && c.hasKey });
  }

  /** How the renewal asked for here went, once the flow has placed the order (or failed to). */
  private renewNote(): string | undefined {
    const s = this.issuance;
    if (!this.renewing || !s || s.stage === 'ordering') return undefined;
    if (this.renewShown && s.record?.renews !== this.renewing) return undefined; // shown, and the user went on to something else
    const record = s.record;
    if (s.stage === 'setup' || !record || record.renews !== this.renewing) return msg('The renewal did not start: the problem is shown above.');
    const total = record.cards.length;
    const reused = record.cards.filter((c) => c.reused).length;
    if (reused === total) {
      return total === 1
        ? msg(str`Challenges skipped: the CA reused this account's earlier validation of all ${total} name (authorizations still valid), so no file or record was needed.`)
        : msg(str`Challenges skipped: the CA reused this account's earlier validation of all ${total} names (authorizations still valid), so no file or record was needed.`);
    }
    // Pointing at the cards is only true while they wait: once proven (or failed), the view above says what followed.
    if (s.stage !== 'challenges') return undefined;
    if (reused) return msg(str`Challenges skipped for ${reused} of ${total} names: the CA reused their earlier validation. Prove control of the others in the cards above.`);
    return total === 1
      ? msg(str`Renewal order created for ${total} name: prove control in the cards above.`)
      : msg(str`Renewal order created for ${total} names: prove control in the cards above.`);
  }

  private async forget(c: CertificateSummary): Promise<void> {
    const result = await forgetCertificate(c.id);
    // The note is shown once the list no longer has the certificate, never before.
    await this.list.reload();
    if (result.ok) {
      this.deleteNote = {
        text: c.names.length > 1
          ? msg(str`The certificate for ${c.names[0]} and ${c.names.length - 1} more was deleted from this browser.`)
          : msg(str`The certificate for ${c.names[0]} was deleted from this browser.`),
      };
      this.panel = undefined;
      if (this.open === c.id) this.open = undefined;
      focusAfterUpdate(this, 'h2'); // its row, and the button pressed, are gone
    } else {
      this.deleteNote = { text: msg(str`The certificate could not be deleted: ${result.problem.what} ${result.problem.next}`), bad: true };
    }
  }

  private renderPanel(c: CertificateSummary) {
    if (this.panel?.id !== c.id) return nothing;
    if (this.panel.kind === 'delete') {
      const live = !c.status && new Date(c.notAfter).getTime() > Date.now();
      return html`<tr><td colspan="6"><div class="panel" role="group" aria-label=${msg(str`Delete ${c.names[0]}`)}>
        <p role="note">${c.hasKey ? msg('This deletes the certificate and its private key from this browser only.') : msg('This deletes the certificate from this browser only.')}
          ${live ? html`${msg('It stays valid at the CA until it expires (revoke it first if it must stop working).')} ` : ''}${msg('Download its files first if you still need them: this cannot be undone here.')}</p>
        <div class="actions"><button @click=${() => this.forget(c)}>${msg('Yes, delete it from this browser')}</button>
          <button @click=${() => { this.panel = undefined; focusAfterUpdate(this, `[data-delete="${CSS.escape(c.id)}"]`); }}>${msg('Cancel')}</button></div>
      </div></td></tr>`;
    }
    if (this.panel.kind === 'revoke') {
      const full = this.records.get(c.id);
      return html`<tr><td colspan="6"><div class="panel">${full
        ? lazy(this, 'cp-revoke-stored', loadRevoke, html`<cp-revoke-stored .certificate=${full}></cp-revoke-stored>`)
        : this.loadingRecord()}</div></td></tr>`;
    }
    if (fromOwnCsr(c)) return this.renderCsrRenewal(c);
    return html`<tr><td colspan="6"><div class="panel" role="group" aria-label=${msg(str`Renew ${c.names[0]}`)}>
      <p class="hint">${msg('A new order for the same names, with the same account at the same CA. Names this account validated recently may need no challenge.')}</p>
      <label><input type="radio" name="key-${c.id}" .checked=${!this.keepKey} @change=${() => { this.keepKey = false; }}> ${msg('New key (recommended)')}</label>
      <label><input type="radio" name="key-${c.id}" .checked=${this.keepKey} ?disabled=${!c.hasKey} @change=${() => { this.keepKey = true; }}>
        ${msg('Keep the key')}${c.hasKey ? '' : html` <span class="hint">${msg('(only for keys made here)')}</span>`}</label>
      <div class="actions"><button class="primary" ?disabled=${this.issuance?.stage === 'ordering'} @click=${() => this.renew(c)}>${msg('Renew now')}</button></div>
    </div></td></tr>`;
  }

  /** Renewing a certificate made from the user's own CSR: its key stays on their server, so no key is made here. */
  private renderCsrRenewal(c: CertificateSummary) {
    const names = this.newCsrNames();
    const entries = this.newCsr?.entries ?? [];
    const problem = this.newCsr?.problem ?? (entries.length > 1 ? { what: msg(str`${entries.length} CSRs were pasted; a renewal takes one.`), next: msg('Paste only the CSR for this certificate.') } : entries[0]?.problem);
    const ready = this.csrChoice === 'same' ? Boolean(c.csrPem) : Boolean(names);
    const differs = names && names.join(',') !== c.names.join(',');
    return html`<tr><td colspan="6"><div class="panel" role="group" aria-label=${msg(str`Renew ${c.names[0]}`)}>
      <p class="hint">${msg('This certificate was made from your own CSR, so its key is on your server: certpage makes no key for it. A new order with the same account at the same CA; names this account validated recently may need no challenge.')}</p>
      <label><input type="radio" name="csr-${c.id}" .checked=${this.csrChoice === 'same'} ?disabled=${!c.csrPem} @change=${() => { this.csrChoice = 'same'; }}>
        ${msg('Renew with the same CSR (the same key, on your server)')}${c.csrPem ? '' : html` <span class="hint">${msg('(this browser did not keep it: paste it as a new CSR)')}</span>`}</label>
      <label><input type="radio" name="csr-${c.id}" .checked=${this.csrChoice === 'new'} @change=${() => { this.csrChoice = 'new'; }}> ${msg('Paste a new CSR')}</label>
      ${this.csrChoice === 'new' ? html`
        <label for="renew-csr-${c.id}">${msg('New CSR (PEM)')}</label>
        <textarea id="renew-csr-${c.id}" spellcheck="false" placeholder="-----BEGIN CERTIFICATE REQUEST-----" .value=${this.newCsrText}
          @input=${(e: Event) => { void this.setNewCsr((e.target as HTMLTextAreaElement).value); }}></textarea>
        ${names ? html`<p class="ok">${msg(str`The CSR names: ${names.join(', ')}.`)}${differs ? html` ${msg('The renewed certificate gets these names.')}` : ''}</p>` : nothing}
        ${problem ? html`<p class="hint bad" role="alert">${problem.what} ${problem.next}</p>` : nothing}` : nothing}
      <div class="actions"><button class="primary" ?disabled=${this.issuance?.stage === 'ordering' || !ready} @click=${() => this.renew(c)}>${msg('Renew now')}</button></div>
    </div></td></tr>`;
  }

  private loadingRecord() {
    return this.recordProblem ? html`<p class="hint bad" role="alert">${this.recordProblem}</p>` : html`<p class="hint" role="status">${msg('Loading…')}</p>`;
  }

  /**
   * Once per visit, after the list shows: ask the CAs for their renewal windows (ARI); never blocks the list. The
   * ACME code is loaded only when a certificate is due for a check (most visits: none).
   */
  private askAri(certs: CertificateSummary[]): void {
    if (ariAsked || !navigator.onLine) return;
    const now = new Date();
    if (!certs.some((c) => needsAriCheck(c, now))) return;
    ariAsked = true;
    void import('../flow/lifecycle/ari.ts')
      .then(({ refreshRenewalWindows }) => refreshRenewalWindows())
      .then((changed) => { if (changed) void this.list.reload(); })
      .catch(() => { ariAsked = false; }); // e.g. the module could not load offline: try on the next visit
  }

  /** " (the CA's window)" with its explanation link, when the window came from ARI. */
  private ariNote(c: CertificateSummary, r: RenewalState) {
    if (r.source !== 'ari') return nothing;
    const url = c.ari?.explanationURL;
    const safe = url && /^https:\/\//i.test(url) ? url : undefined;
    const title = msg(str`The renewal window the CA suggests (ARI), asked ${c.ari ? formatDateTime(c.ari.checkedAt) : ''}`);
    return html` <span title=${title}>${safe
      ? msg(html`(CA's window, <a href=${safe} target="_blank" rel="noopener noreferrer">why</a>)`)
      : msg("(CA's window)")}</span>`;
  }

  /** "by a renewal", with the day the renewal was issued when it is still stored. */
  private byRenewal(id: string | undefined): string {
    const next = id ? this.rows.find((x) => x.c.id === id) : undefined;
    return next ? msg(str`by a renewal issued ${formatDate(next.c.notBefore)}`) : msg('by a renewal');
  }

  private reminder(c: CertificateSummary, r: RenewalState): void {
    this.reminderProblem = undefined;
    downloadReminder(c, r).catch((err: unknown) => {
      this.reminderProblem = msg(str`The reminder could not be made: ${err instanceof Error ? err.message : String(err)}. Reload the page and try again.`);
    });
  }

  private renderRow({ c, r }: Row) {
    const [cls, label] = BADGE[r.state];
    const window = r.state === 'fine' || r.state === 'renew-now' ? windowDate(c, r) : '';
    const full = this.open === c.id ? this.records.get(c.id) : undefined;
    return html`
      <tr>
        <td class="names mono">${c.names.join(', ')}</td>
        <td class="ca">${breakAtDots(hostOf(c.directoryUrl))}${c.profile ? html`<span class="hint when">${msg(str`profile ${c.profile}`)}</span>` : nothing}</td>
        <td>${formatDate(c.notBefore)}</td>
        <td>${formatDate(c.notAfter)} <span class="hint when">${expiryPhrase(r)}</span></td>
        <td><span class="badge ${cls}">${label()}</span>
          ${r.state === 'fine' ? html`<span class="hint when">${msg(str`from ${window}`)}${this.ariNote(c, r)}</span>`
            : r.state === 'renew-now' ? html`<span class="hint when">${msg(str`since ${window}`)}${this.ariNote(c, r)}</span>`
            : r.state === 'replaced' ? html`<span class="hint when">${this.byRenewal(c.replacedBy)}</span>`
            : r.state === 'revoked' && c.revokedAt ? html`<span class="hint when">${msg(str`on ${formatDate(c.revokedAt)}`)}</span>` : nothing}
          ${c.replaces && r.state !== 'replaced' ? html`<span class="hint when">${msg('renews an earlier one')}</span>` : nothing}</td>
        <td class="buttons"><div>
          <button @click=${() => this.toggleFiles(c.id)} aria-expanded=${this.open === c.id ? 'true' : 'false'}>${msg('Files')}</button>
          ${c.status ? nothing : html`
            <button @click=${() => this.toggle(c.id, 'renew')} aria-expanded=${this.panel?.id === c.id && this.panel.kind === 'renew' ? 'true' : 'false'}>${msg('Renew')}</button>`}
          ${c.status === 'revoked' ? nothing : html`
            <button @click=${() => this.toggle(c.id, 'revoke')} aria-expanded=${this.panel?.id === c.id && this.panel.kind === 'revoke' ? 'true' : 'false'}>${msg('Revoke')}</button>`}
          ${r.state === 'expired' || r.state === 'revoked' || r.state === 'replaced' ? nothing : html`<button @click=${() => this.reminder(c, r)}
            title=${msg('A calendar file that reminds you when renewal is due and a few days before expiry')}>${msg('Reminder (.ics)')}</button>`}
          <button data-delete=${c.id} @click=${() => this.toggle(c.id, 'delete')} aria-expanded=${this.panel?.id === c.id && this.panel.kind === 'delete' ? 'true' : 'false'}
            aria-label=${msg(str`Delete ${c.names[0]} from this browser`)}>${msg('Delete')}</button>
        </div></td>
      </tr>
      ${this.open === c.id ? html`<tr><td colspan="6">${full ? lazy(this, 'cp-result', loadResult, html`<cp-result .certificate=${full}></cp-result>`) : this.loadingRecord()}</td></tr>` : nothing}
      ${this.renderPanel(c)}`;
  }

  private renderTable() {
    const all = this.onlyDue ? this.due : this.rows;
    const rows = all.slice(0, this.shown);
    const left = all.length - rows.length;
    return html`
      <div class="table-scroll"><table>
        <thead><tr><th>${msg('Names')}</th><th>${msg('CA')}</th><th>${msg('Issued')}</th><th>${msg('Expires')}</th><th>${msg('Renewal')}</th><th><span class="visually-hidden">${msg('Actions')}</span></th></tr></thead>
        <tbody>${rows.map((row) => this.renderRow(row))}</tbody>
      </table></div>
      ${left > 0 || this.shown > PAGE ? html`<div class="more">
        <span class="hint" role="status">${this.onlyDue
          ? msg(str`Showing ${rows.length} of ${all.length} due certificates, newest first by urgency.`)
          : msg(str`Showing ${rows.length} of ${all.length} certificates, newest first.`)}</span>
        ${left > 0 ? html`<button type="button" @click=${() => { this.shown += PAGE; }}>${msg(str`Show ${Math.min(PAGE, left)} more`)}</button>` : nothing}
      </div>` : nothing}`;
  }

  override render() {
    const certs = this.list.value;
    const accs = this.accountList.value ?? [];
    const renewNote = this.renewNote();
    return html`
      <h2 tabindex="-1">${msg('My certificates')}</h2>
      ${this.persist === 'refused' && (certs?.length || accs.length) ? html`<p class="hint" role="note">${msg('This browser did not grant persistent storage, so it may delete what is kept here when disk space runs low.')}
        ${msg('Keep a copy of your certificates and keys, or bookmark or install the page so the browser keeps its data.')}</p>` : nothing}
      ${certs === undefined ? html`<p class="hint" role="status">${this.list.problem?.what ?? msg('Reading the certificates kept in this browser…')}</p>`
        : certs.length === 0 ? html`<p class="hint">${msg('None yet. Certificates you get here are kept in this browser only.')}</p>` : html`
        ${dueNotice(this.due, this.onlyDue, () => { this.onlyDue = !this.onlyDue; this.shown = PAGE; })}
        ${this.renderTable()}
        ${this.reminderProblem ? html`<p class="hint bad" role="alert">${this.reminderProblem}</p>` : nothing}`}
      <div role="status">
        ${renewNote ? html`<p class="hint">${renewNote}</p>` : nothing}
        ${this.deleteNote && !this.deleteNote.bad ? html`<p class="hint">${this.deleteNote.text}</p>` : nothing}
      </div>
      ${this.deleteNote?.bad ? html`<p class="hint bad" role="alert">${this.deleteNote.text}</p>` : nothing}
      <details class="revoke-key" @toggle=${(e: Event) => { this.revokeKeyOpen = (e.target as HTMLDetailsElement).open; }}>
        <summary>${msg("Revoke a certificate not stored here (with the certificate's key)")}</summary>
        ${this.revokeKeyOpen ? lazy(this, 'cp-revoke-key', loadRevoke, html`<cp-revoke-key></cp-revoke-key>`) : nothing}
      </details>
      ${this.accountList.value === undefined ? nothing : html`<p class="hint">${this.accountsLine(accs)}</p>`}`;
  }

  /** "2 accounts stored in this browser: host (key type), …." */
  private accountsLine(accs: AccountRecord[]): string {
    const n = accs.length;
    const list = accs.map((a) => `${hostOf(a.directoryUrl)} (${a.keyType})`).join(', ');
    if (!n) return msg(str`${n} accounts stored in this browser.`);
    return n === 1 ? msg(str`${n} account stored in this browser: ${list}.`) : msg(str`${n} accounts stored in this browser: ${list}.`);
  }
}
