// The account key's custody, chosen when the account is made: locked to this browser, or exportable for backup.
import { html } from 'lit';

/** Radio buttons with the trade-off in plain words; `onChange(true)` means exportable. */
export function custodyChoice(exportable: boolean, onChange: (exportable: boolean) => void) {
  return html`<fieldset class="custody">
    <legend>Account key</legend>
    <label class="check"><input type="radio" name="custody" .checked=${!exportable} @change=${() => onChange(false)}>
      <span><strong>Locked to this browser</strong> (safest). The key cannot be read, not even by this page, so it
      never leaves this browser. A backup cannot contain it: if this browser's data is lost, make a new account
      (certificates you already have stay valid).</span></label>
    <label class="check"><input type="radio" name="custody" .checked=${exportable} @change=${() => onChange(true)}>
      <span><strong>Exportable for backup</strong>. The key can go into an encrypted backup file and be restored in
      another browser. The page can read it, so anything that ran inside this page could too.</span></label>
  </fieldset>`;
}
