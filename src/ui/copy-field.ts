// A value the user copies: label, the exact text, and one button that copies it.
import { LitElement, html, css } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { base } from './styles.ts';

@customElement('cp-copy')
export class CopyField extends LitElement {
  static override styles = [base, css`
    .box { display: flex; gap: 0.5rem; align-items: stretch; }
    .value { flex: 1; margin: 0; padding: 0.45rem 0.6rem; background: var(--code); border: 1px solid var(--border); border-radius: 6px; white-space: pre-wrap; }
    button { white-space: nowrap; align-self: flex-start; }
  `];

  @property() label = '';
  @property() value = '';
  @property({ type: Boolean }) multiline = false;
  @state() private copied = false;

  private async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.value);
    } catch {
      // Clipboard refused (insecure context or permission): select the text so Ctrl+C works.
      const range = document.createRange();
      const el = this.renderRoot.querySelector('.value');
      if (el) { range.selectNodeContents(el); getSelection()?.removeAllRanges(); getSelection()?.addRange(range); }
    }
    this.copied = true;
    setTimeout(() => { this.copied = false; }, 1500);
  }

  override render() {
    return html`
      <span class="label" id="l">${this.label}</span>
      <div class="box">
        <output class="value mono" aria-labelledby="l" role="textbox" aria-readonly="true">${this.value}</output>
        <button type="button" aria-label="Copy ${this.label}" @click=${this.copy}>${this.copied ? 'Copied' : 'Copy'}</button>
      </div>`;
  }
}
