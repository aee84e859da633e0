// A value the user copies: label, the exact text, and one button that copies it. What the button did is said in a
// polite live region ("Copied File content"); when the browser refuses the clipboard, the text is selected instead
// and the page says so rather than claiming it was copied.
import { LitElement, html, css } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { base } from './styles.ts';
import { later } from './styles-later.ts';

@localized()
@customElement('cp-copy')
export class CopyField extends LitElement {
  static override styles = [base, later, css`
    .box { display: flex; gap: 0.5rem; align-items: stretch; }
    .value { flex: 1; margin: 0; padding: 0.45rem 0.6rem; background: var(--code); border: 1px solid var(--border); border-radius: 6px; white-space: pre-wrap; }
    button { white-space: nowrap; align-self: flex-start; }
  `];

  @property() label = '';
  @property() value = '';
  @property({ type: Boolean }) multiline = false;
  /** What the last press did, for a moment: copied, or only selected (the clipboard was refused). */
  @state() private done: 'copied' | 'selected' | undefined;
  private doneTimer: ReturnType<typeof setTimeout> | undefined;

  private async copy(): Promise<void> {
    let done: 'copied' | 'selected' = 'copied';
    try {
      await navigator.clipboard.writeText(this.value);
    } catch {
      // Clipboard refused (insecure context or permission): select the text so Ctrl+C works.
      const range = document.createRange();
      const el = this.renderRoot.querySelector('.value');
      if (el) { range.selectNodeContents(el); getSelection()?.removeAllRanges(); getSelection()?.addRange(range); }
      done = 'selected';
    }
    // Cleared first, so pressing again says it again.
    this.done = undefined;
    await this.updateComplete;
    this.done = done;
    clearTimeout(this.doneTimer);
    this.doneTimer = setTimeout(() => { this.done = undefined; }, 4000);
  }

  override render() {
    return html`
      <span class="label" id="l">${this.label}</span>
      <div class="box">
        <output class="value mono" aria-labelledby="l" role="textbox" aria-readonly="true">${this.value}</output>
        <button type="button" aria-label=${msg(str`Copy ${this.label}`)} @click=${this.copy}>${this.done === 'copied' ? msg('Copied') : this.done === 'selected' ? msg('Selected') : msg('Copy')}</button>
      </div>
      <span class="visually-hidden" role="status">${this.done === 'copied' ? msg(str`Copied ${this.label}`) : this.done === 'selected' ? msg(str`Selected ${this.label}: press Ctrl+C to copy it`) : ''}</span>`;
  }
}
