// The account key's custody, chosen when the account is made: locked to this browser, or exportable for backup.
import { html } from 'lit';
import { msg } from '@lit/localize';

/** Radio buttons with the trade-off in plain words; `onChange(true)` means exportable. */
export function custodyChoice(exportable: boolean, onChange: (exportable: boolean) => void) {
  return html`<fieldset class="custody">
    <legend>${msg('Account key')}</legend>
    <label class="check"><input type="radio" name="custody" .checked=${!exportable} @change=${() => onChange(false)}>
      <span>${msg(html`<strong>Locked to this browser</strong> (safest). No page can read the key out, not even this one, so no script can copy it elsewhere and no backup can contain it: if this browser's data is lost, make a new account (certificates you already have stay valid). It still protects less than it may sound: pages on this page's address can ask the browser to sign with it, and the key lies in the browser profile's files on this computer, where software running as you, or a copy of the profile, can reach it.`)}</span></label>
    <label class="check"><input type="radio" name="custody" .checked=${exportable} @change=${() => onChange(true)}>
      <span>${msg(html`<strong>Exportable for backup</strong>. The key can go into an encrypted backup file and be restored in another browser. The page can read it, so anything that ran inside this page could too.`)}</span></label>
  </fieldset>`;
}
