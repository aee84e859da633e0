// Backup and restore: one passphrase-encrypted file with the accounts, certificates and certificate keys kept
// here, and restoring such a file in this (or another) browser. The work is in flow/backup.ts.
import { LitElement, html, css, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { backupContents, backupCoverage, makeBackup, restoreBackup, type RestoreSummary } from '../flow/backup/backup.ts';
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

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function describeAccount(a: AccountRecord): string {
  return `${hostOf(a.directoryUrl)} · ${a.keyType} · ${a.contact[0]?.replace(/^mailto:/i, '') ?? 'no contact'} · created ${new Date(a.createdAt).toLocaleDateString()}`;
}

function restoredText(r: RestoreSummary): string {
  const added = `Restored ${plural(r.accountsAdded, 'account')} and ${plural(r.certificatesAdded, 'certificate')} from the backup of ${new Date(r.createdAt).toLocaleString()}.`;
  const here = r.accountsAlreadyHere + r.certificatesAlreadyHere;
  return here ? `${added} ${plural(r.accountsAlreadyHere, 'account')} and ${plural(r.certificatesAlreadyHere, 'certificate')} were already here and were left as they are.` : added;
}

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
  @state() private made: string | undefined;
  @state() private file: File | undefined;
  @state() private restorePass = '';
  @state() private restoreProblem: ProblemInfo | undefined;
  @state() private restored: string | undefined;
  @state() private busy: string | undefined;

  private passProblem(): string | undefined {
    if (this.pass.length < MIN_PASSPHRASE) return `Choose a passphrase of at least ${MIN_PASSPHRASE} characters; a few unrelated words are easy to type and hard to guess.`;
    if (this.pass !== this.pass2) return 'The two passphrases differ: type the same one twice.';
    return undefined;
  }

  private async make(): Promise<void> {
    this.made = undefined;
    this.makeProblem = undefined;
    const problem = this.passProblem();
    if (problem) { this.makeProblem = { what: problem, next: 'Nothing was saved.' }; return; }
    this.busy = 'Encrypting the backup…';
    try {
      const backup = await makeBackup(this.pass);
      downloadText(backup.fileName, backup.fileText, 'application/json');
      const s = backup.summary;
      this.made = `Saved ${backup.fileName}: ${plural(s.accounts, 'account')}, ${plural(s.certificates, 'certificate')} (${s.certificateKeys} with ${s.certificateKeys === 1 ? 'its' : 'their'} private key).`
        + (backup.skipped.length ? ` Not in it: ${plural(backup.skipped.length, 'account')} locked to this browser.` : '');
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
    if (!file) { this.restoreProblem = { what: 'Choose the backup file first.', next: 'Its name ends in .certpage-backup.' }; return; }
    if (!this.restorePass) { this.restoreProblem = { what: 'Type the passphrase the backup was made with.', next: 'Nothing was restored.' }; return; }
    if (file.size > MAX_FILE_BYTES) {
      this.restoreProblem = { what: `${file.name} is ${Math.round(file.size / 1048576)} MB, far too big to be a certpage backup.`, next: 'Choose the .certpage-backup file that certpage saved.' };
      return;
    }
    this.busy = 'Decrypting and checking the backup…';
    try {
      const summary = await restoreBackup(await file.text(), this.restorePass);
      this.restored = restoredText(summary);
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
    const certificateCount = certs.length;
    const certificateKeyCount = certs.filter((c) => c.privateKey?.extractable).length;
    const { included, skipped } = backupCoverage(accounts);
    const nothingToSave = !accounts.length && !certificateCount;
    const busy = this.busy !== undefined;
    return html`
      <fieldset>
        <legend>Make a backup</legend>
        ${nothingToSave ? html`<p class="hint">Nothing is stored in this browser yet.</p>` : html`
          <p>The file will hold ${plural(included.length, 'account')} and ${plural(certificateCount, 'certificate')}
            (${certificateKeyCount} with ${certificateKeyCount === 1 ? 'its' : 'their'} private key), encrypted with your passphrase
            (PBKDF2 with 600,000 rounds, AES-GCM).</p>
          ${skipped.length ? html`<p role="note"><strong>Not in the backup:</strong> ${skipped.length === 1 ? 'this account, whose key is' : 'these accounts, whose keys are'} locked to this browser
            and cannot be exported. Their certificates are in it; to use the CA from another browser, make a new account there.</p>
            <ul class="locked">${skipped.map((a) => html`<li>${describeAccount(a)}</li>`)}</ul>` : nothing}
          <div class="row">
            <div><label for="bk-pass">Passphrase</label>
              <input id="bk-pass" type="password" autocomplete="new-password" .value=${this.pass} @input=${(e: Event) => { this.pass = (e.target as HTMLInputElement).value; }}></div>
            <div><label for="bk-pass2">Passphrase again</label>
              <input id="bk-pass2" type="password" autocomplete="new-password" .value=${this.pass2} @input=${(e: Event) => { this.pass2 = (e.target as HTMLInputElement).value; }}></div>
          </div>
          <p class="hint">Nobody can open the file without it, and nobody can recover it for you. Keep it somewhere other than the file.</p>
          <div class="actions"><button aria-disabled=${busy ? 'true' : 'false'} @click=${() => !busy && this.make()}>Download encrypted backup</button></div>`}
        <div role="status">${this.made ? html`<p class="ok">${this.made}</p>` : nothing}</div>
        <cp-problem .problem=${this.makeProblem}></cp-problem>
      </fieldset>
      <fieldset>
        <legend>Restore a backup</legend>
        <p class="hint">Adds the backup's accounts and certificates to this browser. Anything already here stays as it is.</p>
        <div class="row">
          <div><label for="rs-file">Backup file</label>
            <input id="rs-file" type="file" accept=".certpage-backup,application/json" @change=${(e: Event) => { this.file = (e.target as HTMLInputElement).files?.[0]; this.restoreProblem = undefined; }}></div>
          <div><label for="rs-pass">Its passphrase</label>
            <input id="rs-pass" type="password" autocomplete="current-password" .value=${this.restorePass} @input=${(e: Event) => { this.restorePass = (e.target as HTMLInputElement).value; }}></div>
        </div>
        <div class="actions"><button aria-disabled=${busy ? 'true' : 'false'} @click=${() => !busy && this.restore()}>Restore</button></div>
        <div role="status">${this.restored ? html`<p class="ok">${this.restored}</p>` : nothing}</div>
        <cp-problem .problem=${this.restoreProblem}></cp-problem>
      </fieldset>
      <div role="status">${this.busy ? html`<p>${this.busy}</p>` : nothing}</div>`;
  }
}
