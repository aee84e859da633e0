// The language switch in the page's header. Each language is named in itself, so anyone can find their own.
import { LitElement, html, css, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { LANGUAGES, chooseLocale, getLocale, type Locale } from './locale.ts';
import { base } from './styles.ts';

@localized()
@customElement('cp-language')
export class Language extends LitElement {
  static override styles = [base, css`
    :host { display: block; }
    label { display: flex; gap: 0.4rem; align-items: center; font-size: 0.88rem; color: var(--muted); margin: 0; }
    select { width: auto; }
    p { margin: 0.3rem 0 0; max-width: 22rem; font-size: 0.85rem; color: var(--bad); }
  `];

  /** The language that could not be loaded, if the last choice failed. */
  @state() private failed: Locale | undefined;
  /**
   * The other languages' names join the list once the first frame is painted: laying out 简体中文 makes the browser
   * look for a font with those characters, which took half of the first layout (45 of 92 ms) on Linux.
   */
  @state() private all = false;

  override firstUpdated(): void {
    requestAnimationFrame(() => setTimeout(() => { this.all = true; }, 0));
  }

  private async choose(select: HTMLSelectElement): Promise<void> {
    this.failed = undefined;
    try {
      await chooseLocale(select.value as Locale);
    } catch {
      this.failed = select.value as Locale;
      select.value = getLocale(); // the page did not change: neither does the switch
    }
  }

  override render() {
    const now = getLocale();
    const name = LANGUAGES.find((l) => l.code === this.failed)?.name;
    return html`<label>${msg('Language')}
      <select @change=${(e: Event) => void this.choose(e.target as HTMLSelectElement)}>
        ${LANGUAGES.filter((l) => this.all || l.code === now).map((l) => html`<option value=${l.code} lang=${l.code} ?selected=${l.code === now}>${l.name}</option>`)}
      </select></label>
      <div role="alert">${name ? html`<p>${msg(str`${name} could not be loaded: this browser is offline, or the file is missing. The page stays as it was; try again when online.`)}</p>` : nothing}</div>`;
  }
}
