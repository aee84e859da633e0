// Accounts kept in this browser: their state at the CA, contact, key rollover, deactivation, and forgetting them.
// The work is in flow/accounts.ts (which loads the ACME code on first use); this element renders and asks.
import { LitElement, html, css, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { changeAccountKey, deactivateAccount, fetchAccount, forgetAccount, saveContact, type AccountState } from '../flow/accounts/manage.ts';
import { accounts } from '../flow/library.ts';
import type { Outcome } from '../flow/outcome.ts';
import { StoredList } from './controllers.ts';
import { KEY_TYPES, type KeyType } from '../crypto/key-types.ts';
import type { AccountRecord } from '../store/schema.ts';
import type { ProblemInfo } from '../flow/outcome.ts';
import './problem.ts';
import { hostOf } from './host.ts';
import { formatDate, formatDateTime } from './dates.ts';
import { base } from './styles.ts';
import { later } from './styles-later.ts';
import { focusAfterUpdate } from './focus.ts';

const custody = (a: AccountRecord) => (a.privateKey.extractable ? msg('exportable for backup') : msg('locked to this browser'));
/** An account's status at the CA (a code), in words. */
const statusWord = (status: string): string =>
  ({ valid: msg('valid'), deactivated: msg('deactivated'), revoked: msg('revoked') } as Record<string, string>)[status] ?? status;
const mail = (contact: string[]) => contact.map((c) => c.replace(/^mailto:/i, '')).join(', ');

/** Rows shown at first and added by each "Show more": a browser with fifty accounts renders ten. */
export const ACCOUNTS_PAGE = 10;

@localized()
@customElement('cp-accounts')
export class AccountsView extends LitElement {
  static override styles = [base, later, css`
    td.buttons { width: 1%; }
    td.buttons button { padding: 0.25rem 0.6rem; font-size: 0.85rem; white-space: nowrap; } /* CJK may break between any two characters */
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0.5rem 0; }
    dt { color: var(--muted); }
    dd { margin: 0; }
    fieldset.danger { border-color: var(--bad); }
  `];

  private readonly list = new StoredList<AccountRecord[]>(this, () => accounts());
  @state() private open: string | undefined;
  @state() private shown = ACCOUNTS_PAGE;
  /** The CA's answer for the open account: fresh status, or the problem that stopped the fetch. */
  @state() private live: { id: string; status?: string; problem?: ProblemInfo } | undefined;
  /** What is being done and what was done, worded when shown (so a language switch rewords them). */
  @state() private busy: (() => string) | undefined;
  @state() private problem: ProblemInfo | undefined;
  @state() private done: (() => string) | undefined;
  @state() private email = '';
  @state() private newKeyType: KeyType | '' = '';
  @state() private understood = false;
  @state() private confirmDelete = false;

  private toggle(a: AccountRecord): void {
    if (this.open === a.id) { this.open = undefined; return; }
    this.open = a.id;
    this.email = mail(a.contact);
    this.newKeyType = '';
    this.understood = false;
    this.confirmDelete = false;
    this.problem = undefined;
    this.done = undefined;
    // A deactivated account cannot ask the CA anything any more (it refuses every request from it).
    if (a.status === 'deactivated') { this.live = { id: a.id, status: a.status }; return; }
    this.live = { id: a.id };
    void fetchAccount(a.id).then((r) => {
      if (this.open !== a.id) return;
      if (r.ok) {
        this.live = { id: a.id, status: r.value.record.status };
        this.email = mail(r.value.record.contact);
      } else {
        this.live = { id: a.id, problem: r.problem };
      }
    });
  }

  /** Run one action on the open account; `success` is what the page says when it worked. */
  private async act(label: () => string, work: () => Promise<Outcome<AccountState | void>>, success: () => string): Promise<void> {
    this.busy = label;
    this.problem = undefined;
    this.done = undefined;
    const r = await work();
    this.busy = undefined;
    if (!r.ok) { this.problem = r.problem; return; }
    this.done = success;
    if (r.value) this.live = { id: r.value.record.id, status: r.value.record.status };
    await this.list.reload();
    if (this.open && !this.list.value?.some((a) => a.id === this.open)) {
      this.open = undefined;
      focusAfterUpdate(this, 'h2'); // its row, and the button pressed, are gone
    }
  }

  override render() {
    const all = this.list.value ?? [];
    // The open account stays shown even when it is past the window.
    const rows = all.filter((a, i) => i < this.shown || a.id === this.open);
    const left = all.length - rows.length;
    return html`
      <h2 tabindex="-1">${msg('Accounts')}</h2>
      ${this.list.value === undefined ? html`<p class="hint" role="status">${this.list.problem?.what ?? msg('Reading the accounts kept in this browser…')}</p>`
        : all.length === 0 ? html`<p class="hint">${msg('No accounts are stored in this browser.')}</p>` : html`
        <div class="table-scroll"><table>
          <thead><tr><th>CA</th><th>${msg('Key')}</th><th>${msg('Created')}</th><th>${msg('Contact')}</th><th>${msg('Status')}</th><th><span class="visually-hidden">${msg('Actions')}</span></th></tr></thead>
          <tbody>
            ${rows.map((a) => html`
              <tr>
                <td>${hostOf(a.directoryUrl)}</td>
                <td>${a.keyType}</td>
                <td>${formatDate(a.createdAt)}</td>
                <td class="mono">${mail(a.contact) || html`<span class="hint">${msg('none')}</span>`}</td>
                <td><span class="badge ${a.status === 'valid' ? 'ok' : 'bad'}">${statusWord(a.status)}</span></td>
                <td class="buttons"><button aria-expanded=${this.open === a.id ? 'true' : 'false'} aria-label=${msg(str`Details of the account at ${hostOf(a.directoryUrl)}`)}
                  @click=${() => this.toggle(a)}>${msg('Details')}</button></td>
              </tr>
              ${this.open === a.id ? html`<tr><td colspan="6">${this.details(a)}</td></tr>` : nothing}`)}
          </tbody>
        </table></div>
        ${left > 0 ? html`<div class="actions">
          <span class="hint" role="status">${msg(str`Showing ${rows.length} of ${all.length} accounts.`)}</span>
          <button type="button" @click=${() => { this.shown += ACCOUNTS_PAGE; }}>${msg(str`Show ${Math.min(ACCOUNTS_PAGE, left)} more`)}</button>
        </div>` : nothing}`}
      <div role="status">${!this.open && this.done ? html`<p class="ok">${this.done()}</p>` : nothing}</div>`;
  }

  private details(a: AccountRecord) {
    const live = this.live?.id === a.id ? this.live : undefined;
    const busy = this.busy !== undefined;
    const deactivated = (live?.status ?? a.status) === 'deactivated';
    return html`
      <section aria-label=${msg('Account details')}>
        <dl>
          <dt>${msg('Account URL')}</dt><dd class="mono">${a.url}</dd>
          <dt>CA</dt><dd class="mono">${a.directoryUrl}</dd>
          <dt>${msg('Key type')}</dt><dd>${msg(str`${a.keyType}, ${custody(a)}`)}</dd>
          <dt>${msg('JWK thumbprint')}</dt><dd class="mono" aria-label=${msg('JWK thumbprint')}>${a.thumbprint}</dd>
          <dt>${msg('Contact')}</dt><dd class="mono" aria-label=${msg('Contact')}>${mail(a.contact) || msg('none')}</dd>
          <dt>${msg('Status')}</dt><dd aria-label=${msg('Status at the CA')}>${live?.status ? html`<span class="badge ${live.status === 'valid' ? 'ok' : 'bad'}">${statusWord(live.status)}</span> <span class="hint">${live.status === 'deactivated' ? '' : msg('(as the CA says now)')}</span>`
            : live?.problem ? html`<span class="badge">${statusWord(a.status)}</span> <span class="hint">${msg('(stored; the status could not be fetched from the CA)')}</span>`
            : html`<span class="hint">${msg('Asking the CA…')}</span>`}</dd>
          <dt>${msg('Created')}</dt><dd>${formatDateTime(a.createdAt)}</dd>
        </dl>
        ${live?.problem ? html`<p class="hint">${msg('The current status could not be fetched from the CA:')}</p><cp-problem .problem=${live.problem}></cp-problem>` : nothing}
        ${deactivated ? html`<p class="hint">${msg('This account is deactivated: the CA refuses every request from it. Create a new account to get certificates.')}</p>` : html`
          <fieldset>
            <legend>${msg('Contact')}</legend>
            <label for="acct-email">${msg('Contact e-mail')}</label>
            <input id="acct-email" type="email" .value=${this.email} @input=${(e: Event) => { this.email = (e.target as HTMLInputElement).value; }}>
            <p class="hint">${msg("Leave empty to remove the contact. Let's Encrypt no longer sends expiry e-mails.")}</p>
            <div class="actions"><button aria-disabled=${busy ? 'true' : 'false'} @click=${() => !busy && this.act(() => msg('Saving the contact…'), () => saveContact(a.id, this.email), () => msg('The contact was saved at the CA.'))}>${msg('Save contact')}</button></div>
          </fieldset>
          <fieldset>
            <legend>${msg('Account key')}</legend>
            <p class="hint">${msg(str`A new key is made in this browser (${custody(a)}, like the current one) and the CA is asked to switch to it. The old key is replaced here only once the CA accepted.`)}</p>
            <label for="acct-kt">${msg('New key type')}</label>
            <select id="acct-kt" @change=${(e: Event) => { this.newKeyType = (e.target as HTMLSelectElement).value as KeyType | ''; }}>
              <option value="" ?selected=${this.newKeyType === ''}>${msg(str`Same as now (${a.keyType})`)}</option>
              ${KEY_TYPES.map((k) => html`<option value=${k} ?selected=${this.newKeyType === k}>${k}</option>`)}
            </select>
            <div class="actions"><button aria-disabled=${busy ? 'true' : 'false'} @click=${() => !busy && this.act(() => msg('Changing the account key…'), () => changeAccountKey(a.id, this.newKeyType || undefined), () => msg('The account key was changed: the CA now accepts only the new key, which is stored here.'))}>${msg('Change account key')}</button></div>
          </fieldset>
          <fieldset class="danger">
            <legend>${msg('Deactivate')}</legend>
            <p>${msg('Deactivating is permanent: the CA will refuse every later request from this account, including new certificates and revoking with this account. Certificates already issued stay valid.')}</p>
            <label class="check"><input type="checkbox" .checked=${this.understood} @change=${(e: Event) => { this.understood = (e.target as HTMLInputElement).checked; }}> ${msg('I understand this cannot be undone')}</label>
            <div class="actions"><button ?disabled=${!this.understood} aria-disabled=${busy ? 'true' : 'false'} @click=${() => !busy && this.act(() => msg('Deactivating the account…'), () => deactivateAccount(a.id), () => msg('The account was deactivated at the CA.'))}>${msg('Deactivate account at the CA')}</button></div>
          </fieldset>`}
        <fieldset>
          <legend>${msg('This browser')}</legend>
          ${this.confirmDelete ? html`
            <p role="note" class="confirm-delete" tabindex="-1">${deactivated
              ? msg('This deletes the account and its key from this browser only. It does not deactivate the account at the CA; without the key, this page cannot use or deactivate it later.')
              : msg('This deletes the account and its key from this browser only. It does not deactivate the account at the CA (deactivate it above first if you want that); without the key, this page cannot use or deactivate it later.')}</p>
            <div class="actions">
              <button aria-disabled=${busy ? 'true' : 'false'} @click=${() => !busy && this.act(() => msg('Deleting…'), () => forgetAccount(a.id), () => msg('The account was deleted from this browser.'))}>${msg('Yes, delete it from this browser')}</button>
              <button @click=${() => { this.confirmDelete = false; focusAfterUpdate(this, '.ask-delete'); }}>${msg('Cancel')}</button>
            </div>` : html`
            <div class="actions"><button class="ask-delete" aria-disabled=${busy ? 'true' : 'false'} @click=${() => { if (busy) return; this.confirmDelete = true; focusAfterUpdate(this, '.confirm-delete'); }}>${msg('Delete from this browser')}</button></div>`}
        </fieldset>
        <div role="status">
          ${this.busy ? html`<p>${this.busy()}</p>` : nothing}
          ${this.done ? html`<p class="ok">${this.done()}</p>` : nothing}
        </div>
        <cp-problem .problem=${this.problem}></cp-problem>
      </section>`;
  }
}
