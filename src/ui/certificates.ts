// My certificates: everything kept in this browser, downloadable again.
import { LitElement, html, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { IssuanceState } from '../flow/issuance/flow.ts';
import { accounts, certificates, forgetCertificate, type AccountRecord, type CertificateRecord } from '../flow/library.ts';
import type { PersistState } from '../flow/storage.ts';
import { isShortLived, renewalState, type RenewalState } from '../flow/lifecycle/window.ts';
import { StoredList } from './controllers.ts';
import { raise } from './events.ts';
import { downloadText } from './download.ts';
import { expiryPhrase } from './due.ts'; // also defines <cp-due>
import { lazy } from './lazy.ts';
import { hostOf } from './host.ts';
import { base } from './styles.ts';
import { later } from './styles-later.ts';
import { focusAfterUpdate } from './focus.ts';

const loadResult = () => import('./result.ts');
// Revocation forms load on the first click, not with the page.
const loadRevoke = () => import('./revoke.ts');

type PanelKind = 'renew' | 'revoke' | 'delete';

const BADGE: Record<RenewalState['state'], [cls: string, label: string]> = {
  'fine': ['ok', 'fine'],
  'renew-now': ['busy', 'renew now'],
  'expired': ['bad', 'expired'],
  'revoked': ['bad', 'revoked'],
  'replaced': ['', 'replaced'],
};

/** The day renewal is due; with the hour too for short-lived certificates, whose window is a few hours long. */
function windowDate(c: CertificateRecord, r: RenewalState): string {
  return isShortLived(c)
    ? r.windowStart.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' })
    : r.windowStart.toLocaleDateString();
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

/** The calendar module is loaded on the first click, not with the page. */
async function downloadReminder(c: CertificateRecord, r: RenewalState): Promise<void> {
  const { reminderCalendar, calendarFileName } = await import('../flow/lifecycle/reminder.ts');
  downloadText(calendarFileName(c), reminderCalendar(c, { start: r.windowStart }, pageUrl()), 'text/calendar');
}

@customElement('cp-certificates')
export class CertificatesView extends LitElement {
  static override styles = [base, later, css`
    td.names { overflow-wrap: anywhere; min-width: 13rem; }
    td.ca { overflow-wrap: break-word; }
    .badge { white-space: nowrap; }
    td.buttons { width: 1%; }
    td.buttons div { display: flex; flex-direction: column; gap: 0.35rem; align-items: stretch; }
    td.buttons button { padding: 0.25rem 0.6rem; font-size: 0.85rem; white-space: nowrap; }
    .when { display: block; }
    .panel { padding: 0.25rem 0 0.5rem; }
    .panel label { display: block; margin: 0.2rem 0; }
    details.revoke-key { margin-top: 1rem; }
  `];

  @property() persist: PersistState | undefined;
  /** The issuance flow's snapshot: a renewal shows its cards above, and says here how it went. */
  @property({ attribute: false }) issuance: IssuanceState | undefined;
  private readonly list = new StoredList<{ certs: CertificateRecord[]; accounts: AccountRecord[] }>(this, async () => {
    const [certs, accs] = await Promise.all([certificates(), accounts()]);
    this.askAri(certs);
    return { certs, accounts: accs };
  });
  @state() private open: string | undefined;
  @state() private reminderProblem: string | undefined;
  /** The open renew, revoke or delete panel, by certificate id. */
  @state() private panel: { id: string; kind: PanelKind } | undefined;
  @state() private keepKey = false;
  /** The certificate whose renewal was asked for here, until the flow says how it went. */
  @state() private renewing: string | undefined;
  @state() private revokeKeyOpen = false;
  @state() private deleteNote: { text: string; bad?: boolean } | undefined;

  private toggle(id: string, kind: PanelKind): void {
    this.panel = this.panel?.id === id && this.panel.kind === kind ? undefined : { id, kind };
    this.keepKey = false;
  }

  /** Renew: a new order for the same names with the same account and CA; the cards (or the certificate) show above. */
  private renew(c: CertificateRecord): void {
    this.renewing = c.id;
    this.panel = undefined;
    raise(this, { type: 'renew', certificateId: c.id, keepKey: this.keepKey && Boolean(c.privateKey) });
  }

  /** How the renewal asked for here went, once the flow has placed the order (or failed to). */
  private renewNote(): string | undefined {
    const s = this.issuance;
    if (!this.renewing || !s || s.stage === 'ordering') return undefined;
    const record = s.record;
    if (s.stage === 'setup' || !record || record.renews !== this.renewing) return 'The renewal did not start: the problem is shown above.';
    const total = record.cards.length;
    const reused = record.cards.filter((c) => c.reused).length;
    const names = `${total} name${total === 1 ? '' : 's'}`;
    if (reused === total) return `Challenges skipped: the CA reused this account's earlier validation of all ${names} (authorizations still valid), so no file or record was needed.`;
    if (reused) return `Challenges skipped for ${reused} of ${total} names: the CA reused their earlier validation. Prove control of the others in the cards above.`;
    return `Renewal order created for ${names}: prove control in the cards above.`;
  }

  private async forget(c: CertificateRecord): Promise<void> {
    const result = await forgetCertificate(c.id);
    // The note is shown once the list no longer has the certificate, never before.
    await this.list.reload();
    if (result.ok) {
      this.deleteNote = { text: `The certificate for ${c.names[0]}${c.names.length > 1 ? ` and ${c.names.length - 1} more` : ''} was deleted from this browser.` };
      this.panel = undefined;
      if (this.open === c.id) this.open = undefined;
      focusAfterUpdate(this, 'h2'); // its row, and the button pressed, are gone
    } else {
      this.deleteNote = { text: `The certificate could not be deleted: ${result.problem.what} ${result.problem.next}`, bad: true };
    }
  }

  private renderPanel(c: CertificateRecord) {
    if (this.panel?.id !== c.id) return nothing;
    if (this.panel.kind === 'delete') {
      const live = !c.status && new Date(c.notAfter).getTime() > Date.now();
      return html`<tr><td colspan="6"><div class="panel" role="group" aria-label="Delete ${c.names[0]}">
        <p role="note">This deletes the certificate${c.privateKey ? ' and its private key' : ''} from this browser only.
          ${live ? 'It stays valid at the CA until it expires (revoke it first if it must stop working). ' : ''}Download its files first if you still need them: this cannot be undone here.</p>
        <div class="actions"><button @click=${() => this.forget(c)}>Yes, delete it from this browser</button>
          <button @click=${() => { this.panel = undefined; focusAfterUpdate(this, `[data-delete="${CSS.escape(c.id)}"]`); }}>Cancel</button></div>
      </div></td></tr>`;
    }
    if (this.panel.kind === 'revoke') {
      return html`<tr><td colspan="6"><div class="panel">${lazy(this, 'cp-revoke-stored', loadRevoke, html`<cp-revoke-stored .certificate=${c}></cp-revoke-stored>`)}</div></td></tr>`;
    }
    return html`<tr><td colspan="6"><div class="panel" role="group" aria-label="Renew ${c.names[0]}">
      <p class="hint">A new order for the same names, with the same account at the same CA. Names this account validated
        recently may need no challenge.</p>
      <label><input type="radio" name="key-${c.id}" .checked=${!this.keepKey} @change=${() => { this.keepKey = false; }}> New key (recommended)</label>
      <label><input type="radio" name="key-${c.id}" .checked=${this.keepKey} ?disabled=${!c.privateKey} @change=${() => { this.keepKey = true; }}>
        Keep the key${c.privateKey ? '' : html` <span class="hint">(only for keys made here)</span>`}</label>
      <div class="actions"><button class="primary" ?disabled=${this.issuance?.stage === 'ordering'} @click=${() => this.renew(c)}>Renew now</button></div>
    </div></td></tr>`;
  }

  /** Once per visit, after the list shows: ask the CAs for their renewal windows (ARI); never blocks the list. */
  private askAri(certs: CertificateRecord[]): void {
    if (ariAsked || !certs.length || !navigator.onLine) return;
    ariAsked = true;
    void import('../flow/lifecycle/ari.ts')
      .then(({ refreshRenewalWindows }) => refreshRenewalWindows())
      .then((changed) => { if (changed) void this.list.reload(); })
      .catch(() => { ariAsked = false; }); // e.g. the module could not load offline: try on the next visit
  }

  /** " (the CA's window)" with its explanation link, when the window came from ARI. */
  private ariNote(c: CertificateRecord, r: RenewalState) {
    if (r.source !== 'ari') return nothing;
    const url = c.ari?.explanationURL;
    const safe = url && /^https:\/\//i.test(url) ? url : undefined;
    return html` <span title="The renewal window the CA suggests (ARI), asked ${c.ari ? new Date(c.ari.checkedAt).toLocaleString() : ''}">(CA's window${safe ? html`, <a href=${safe} target="_blank" rel="noopener noreferrer">why</a>` : nothing})</span>`;
  }

  private issuedOn(id: string | undefined): string {
    const next = id ? this.list.value?.certs.find((x) => x.id === id) : undefined;
    return next ? ` issued ${new Date(next.notBefore).toLocaleDateString()}` : '';
  }

  private reminder(c: CertificateRecord, r: RenewalState): void {
    this.reminderProblem = undefined;
    downloadReminder(c, r).catch((err: unknown) => {
      this.reminderProblem = `The reminder could not be made: ${err instanceof Error ? err.message : String(err)}. Reload the page and try again.`;
    });
  }

  override render() {
    const now = new Date();
    const certs = this.list.value?.certs ?? [];
    const accs = this.list.value?.accounts ?? [];
    const renewNote = this.renewNote();
    return html`
      <h2 tabindex="-1">My certificates</h2>
      ${this.persist === 'refused' && (certs.length || accs.length) ? html`<p class="hint" role="note">This browser did not grant persistent storage, so it may delete what is kept here when disk space runs low.
        Keep a copy of your certificates and keys, or bookmark or install the page so the browser keeps its data.</p>` : nothing}
      ${certs.length === 0 ? html`<p class="hint">None yet. Certificates you get here are kept in this browser only.</p>` : html`
        <cp-due .certificates=${certs}></cp-due>
        <div class="table-scroll"><table>
          <thead><tr><th>Names</th><th>CA</th><th>Issued</th><th>Expires</th><th>Renewal</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            ${certs.map((c) => {
              const r = renewalState(c, now);
              const [cls, label] = BADGE[r.state];
              return html`
              <tr>
                <td class="names mono">${c.names.join(', ')}</td>
                <td class="ca">${breakAtDots(hostOf(c.directoryUrl))}${c.profile ? html`<span class="hint when">profile ${c.profile}</span>` : nothing}</td>
                <td>${new Date(c.notBefore).toLocaleDateString()}</td>
                <td>${new Date(c.notAfter).toLocaleDateString()} <span class="hint when">${expiryPhrase(r)}</span></td>
                <td><span class="badge ${cls}">${label}</span>
                  ${r.state === 'fine' ? html`<span class="hint when">from ${windowDate(c, r)}${this.ariNote(c, r)}</span>`
                    : r.state === 'renew-now' ? html`<span class="hint when">since ${windowDate(c, r)}${this.ariNote(c, r)}</span>`
                    : r.state === 'replaced' ? html`<span class="hint when">by a renewal${this.issuedOn(c.replacedBy)}</span>`
                    : r.state === 'revoked' && c.revokedAt ? html`<span class="hint when">on ${new Date(c.revokedAt).toLocaleDateString()}</span>` : nothing}
                  ${c.replaces && r.state !== 'replaced' ? html`<span class="hint when">renews an earlier one</span>` : nothing}</td>
                <td class="buttons"><div>
                  <button @click=${() => { this.open = this.open === c.id ? undefined : c.id; }} aria-expanded=${this.open === c.id ? 'true' : 'false'}>Files</button>
                  ${c.status ? nothing : html`
                    <button @click=${() => this.toggle(c.id, 'renew')} aria-expanded=${this.panel?.id === c.id && this.panel.kind === 'renew' ? 'true' : 'false'}>Renew</button>`}
                  ${c.status === 'revoked' ? nothing : html`
                    <button @click=${() => this.toggle(c.id, 'revoke')} aria-expanded=${this.panel?.id === c.id && this.panel.kind === 'revoke' ? 'true' : 'false'}>Revoke</button>`}
                  ${r.state === 'expired' || r.state === 'revoked' || r.state === 'replaced' ? nothing : html`<button @click=${() => this.reminder(c, r)}
                    title="A calendar file that reminds you when renewal is due and a few days before expiry">Reminder (.ics)</button>`}
                  <button data-delete=${c.id} @click=${() => this.toggle(c.id, 'delete')} aria-expanded=${this.panel?.id === c.id && this.panel.kind === 'delete' ? 'true' : 'false'}
                    aria-label="Delete ${c.names[0]} from this browser">Delete</button>
                </div></td>
              </tr>
              ${this.open === c.id ? html`<tr><td colspan="6">${lazy(this, 'cp-result', loadResult, html`<cp-result .certificate=${c}></cp-result>`)}</td></tr>` : nothing}
              ${this.renderPanel(c)}`;
            })}
          </tbody>
        </table></div>
        ${this.reminderProblem ? html`<p class="hint bad" role="alert">${this.reminderProblem}</p>` : nothing}`}
      <div role="status">
        ${renewNote ? html`<p class="hint">${renewNote}</p>` : nothing}
        ${this.deleteNote && !this.deleteNote.bad ? html`<p class="hint">${this.deleteNote.text}</p>` : nothing}
      </div>
      ${this.deleteNote?.bad ? html`<p class="hint bad" role="alert">${this.deleteNote.text}</p>` : nothing}
      <details class="revoke-key" @toggle=${(e: Event) => { this.revokeKeyOpen = (e.target as HTMLDetailsElement).open; }}>
        <summary>Revoke a certificate not stored here (with the certificate's key)</summary>
        ${this.revokeKeyOpen ? lazy(this, 'cp-revoke-key', loadRevoke, html`<cp-revoke-key></cp-revoke-key>`) : nothing}
      </details>
      <p class="hint">${accs.length} account${accs.length === 1 ? '' : 's'} stored in this browser${accs.length ? html`: ${accs.map((a) => `${hostOf(a.directoryUrl)} (${a.keyType})`).join(', ')}` : ''}.</p>`;
  }
}
