// Backup and restore: one passphrase-encrypted file with the accounts, certificates and certificate keys kept
// here, and restoring such a file in this (or another) browser. The work is in flow/backup.ts.
import { LitElement, html, css, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { formatDate, formatDateTime } from './dates.ts';
import { localized, msg, str } from '@lit/localize';
import { backupContents, backupCoverage, makeBackup, restoreBackup, type BackupSummary, type RestoreSummary } from '../flow/backup/backup.ts';
import { toProblem } from '../flow/problems.ts';
import { StoredList } from './controllers.ts';
import type { AccountRecord } from '../store/schema.ts';
import type { ProblemInfo } from '../flow/outcome.ts';
import { downloadText } from './download.ts';
import './problem.ts';
import { hostOf } from './host.ts';
import { base } from './styles.ts';

/** Shorter ones are refused: the file may travel by e-mail or cloud storage, where anyone may try to guess. */
export const MIN_PASSPHRASE = 10;
/** A backup of thousands of certificates is still a few MB; anything far bigger is not one. */
const MAX_FILE_BYTES = 50 * 1024 * 1024;

/** "1 account", "3 accounts": a count with its noun, one message per form. */
const accountCount = (n: number) => (n === 1 ? msg(str`${n} account`) : msg(str`${n} accounts`));
const certificateCount = (n: number) => (n === 1 ? msg(str`${n} certificate`) : msg(str`${n} certificates`));
/** "(2 with their private key)": how many certificates a backup holds with their key. */
const withKeys = (n: number) => (n === 1 ? msg(str`${n} with its private key`) : msg(str`${n} with their private key`));

function describeAccount(a: AccountRecord): string {
  const contact = a.contact[0]?.replace(/^mailto:/i, '') ?? msg('no contact');
  return msg(str`${hostOf(a.directoryUrl)} · ${a.keyType} · ${contact} · created ${formatDate(a.createdAt)}`);
}

function restoredText(r: RestoreSummary): string {
  const accounts = accountCount(r.accountsAdded);
  const certificates = certificateCount(r.certificatesAdded);
  const date = formatDateTime(r.createdAt);
  return r.accountsAlreadyHere + r.certificatesAlreadyHere
    ? msg(str`Restored ${accounts} and ${certificates} from the backup of ${date}. ${accountCount(r.accountsAlreadyHere)} and ${certificateCount(r.certificatesAlreadyHere)} were already here and were left as they are.`)
    : msg(str`Restored ${accounts} and ${certificates} from the backup of ${date}.`);
}

/** What the page says once the backup file was saved. */
function madeText(made: { fileName: string; summary: BackupSummary; skipped: number }): string {
  const s = made.summary;
  const [file, accounts, certificates, keys] = [made.fileName, accountCount(s.accounts), certificateCount(s.certificates), withKeys(s.certificateKeys)];
  return made.skipped
    ? msg(str`Saved ${file}: ${accounts}, ${certificates} (${keys}). Not in it: ${accountCount(made.skipped)} locked to this browser.`)
    : msg(str`Saved ${file}: ${accounts}, ${certificates} (${keys}).`);
}

@localized()
@customElement('cp-backup')
export class BackupView extends LitElement {
  static override styles = [base, css`
    ul.locked { margin: 0.25rem 0 0.5rem; padding-left: 1.2rem; }
  `];

  /** What a backup would hold, re-read whenever stored records change. */
  private readonly contents = new StoredList(this, backupContents);
  @state() private pass = '';
  @state() private pass2 = '';
  @state() private makeProblem: ProblemInfo | undefined;
  /** The backup just saved, worded when shown. */
  @state() private made: { fileName: string; summary: BackupSummary; skipped: number } | undefined;
  @state() private file: File | undefined;
  @state() private restorePass = '';
  @state() private restoreProblem: ProblemInfo | undefined;
  @state() private restored: RestoreSummary | undefined;
  /** What is being done, worded when shown. */
  @state() private busy: (() => string) | undefined;

  private passProblem(): string | undefined {
    if (this.pass.length < MIN_PASSPHRASE) return msg(str`Choose a passphrase of at least ${MIN_PASSPHRASE} characters; a few unrelated words are easy to type and hard to guess.`);
    if (this.pass !== this.pass2) return msg('The two passphrases differ: type the same one twice.');
    return undefined;
  }

  private async make(): Promise<void> {
    this.made = undefined;
    this.makeProblem = undefined;
    const problem = this.passProblem();
    if (problem) { this.makeProblem = { what: problem, next: msg('Nothing was saved.') }; return; }
    this.busy = () => msg('Encrypting the backup…');
    try {
      const backup = await makeBackup(this.pass);
      downloadText(backup.fileName, backup.fileText, 'application/json');
      this.made = { fileName: backup.fileName, summary: backup.summary, skipped: backup.skipped.length };
      this.pass = '';
      this.pass2 = '';
    } catch (err) {
      this.makeProblem = toProblem(err);
    }
    this.busy = undefined;
  }

  private async restore(): Promise<void> {
    this.restored = undefined;
    this.restoreProblem = undefined;
    const file = this.file;
    if (!file) { this.restoreProblem = { what: msg('Choose the backup file first.'), next: msg('Its name ends in .certpage-backup.') }; return; }
    if (!this.restorePass) { this.restoreProblem = { what: msg('Type the passphrase the backup was made with.'), next: msg('Nothing was restored.') }; return; }
    if (file.size > MAX_FILE_BYTES) {
      this.restoreProblem = { what: msg(str`${file.name} is ${Math.round(file.size / 1048576)} MB, far too big to be a certpage backup.`), next: msg('Choose the .certpage-backup file that certpage saved.') };
      return;
    }
    this.busy = () => msg('Decrypting and checking the backup…');
    try {
      this.restored = await restoreBackup(await file.text(), this.restorePass);
      this.restorePass = '';
      await this.contents.reload();
    } catch (err) {
      this.restoreProblem = toProblem(err);
    }
    this.busy = undefined;
  }

  override render() {
    const accounts = this.contents.value?.accounts ?? [];
    const certs = this.contents.value?.certificates ?? [];
    const certificates = certs.length;
    const certificateKeyCount = certs.filter((c) => c.privateKey?.extractable).length;
    const { included, skipped } = backupCoverage(accounts);
    const nothingToSave = !accounts.length && !certificates;
    const busy = this.busy !== undefined;
    return html`
      <fieldset>
        <legend>${msg('Make a backup')}</legend>
        ${nothingToSave ? html`<p class="hint">${msg('Nothing is stored in this browser yet.')}</p>` : html`
          <p>${msg(str`The file will hold ${accountCount(included.length)} and ${certificateCount(certificates)}
            (${withKeys(certificateKeyCount)}), encrypted with your passphrase
            (PBKDF2 with 600,000 rounds, AES-GCM).`)}</p>
          ${skipped.length ? html`<p role="note">${skipped.length === 1
            ? msg(html`<strong>Not in the backup:</strong> this account, whose key is locked to this browser
            and cannot be exported. Their certificates are in it; to use the CA from another browser, make a new account there.`)
            : msg(html`<strong>Not in the backup:</strong> these accounts, whose keys are locked to this browser
            and cannot be exported. Their certificates are in it; to use the CA from another browser, make a new account there.`)}</p>
            <ul class="locked">${skipped.map((a) => html`<li>${describeAccount(a)}</li>`)}</ul>` : nothing}
          <div class="row">
            <div><label for="bk-pass">${msg('Passphrase')}</label>
              <input id="bk-pass" type="password" autocomplete="new-password" .value=${this.pass} @input=${(e: Event) => { this.pass = (e.target as HTMLInputElement).value; }}></div>
            <div><label for="bk-pass2">${msg('Passphrase again')}</label>
              <input id="bk-pass2" type="password" autocomplete="new-password" .value=${this.pass2} @input=${(e: Event) => { this.pass2 = (e.target as HTMLInputElement).value; }}></div>
          </div>
          <p class="hint">${msg('Nobody can open the file without it, and nobody can recover it for you. Keep it somewhere other than the file.')}</p>
          <div class="actions"><button aria-disabled=${busy ? 'true' : 'false'} @click=${() => !busy && this.make()}>${msg('Download encrypted backup')}</button></div>`}
        <div role="status">${this.made ? html`<p class="ok">${madeText(this.made)}</p>` : nothing}</div>
        <cp-problem .problem=${this.makeProblem}></cp-problem>
      </fieldset>
      <fieldset>
        <legend>${msg('Restore a backup')}</legend>
        <p class="hint">${msg("Adds the backup's accounts and certificates to this browser. Anything already here stays as it is.")}</p>
        <div class="row">
          <div><label for="rs-file">${msg('Backup file')}</label>
            <input id="rs-file" type="file" accept=".certpage-backup,application/json" @change=${(e: Event) => { this.file = (e.target as HTMLInputElement).files?.[0]; this.restoreProblem = undefined; }}></div>
          <div><label for="rs-pass">${msg('Its passphrase')}</label>
            <input id="rs-pass" type="password" autocomplete="current-password" .value=${this.restorePass} @input=${(e: Event) => { this.restorePass = (e.target as HTMLInputElement).value; }}></div>
        </div>
        <div class="actions"><button aria-disabled=${busy ? 'true' : 'false'} @click=${() => !busy && this.restore()}>${msg('Restore')}</button></div>
        <div role="status">${this.restored ? html`<p class="ok">${restoredText(this.restored)}</p>` : nothing}</div>
        <cp-problem .problem=${this.restoreProblem}></cp-problem>
      </fieldset>
      <div role="status">${this.busy ? html`<p>${this.busy()}</p>` : nothing}</div>`;
  }
}
