// The language switch in the page's header. Each language is named in itself, so anyone can find their own.
import { LitElement, html, css } from 'lit';
import { customElement } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { LANGUAGES, chooseLocale, getLocale, type Locale } from './locale.ts';
import { base } from './styles.ts';

@localized()
@customElement('cp-language')
export class Language extends LitElement {
  static override styles = [base, css`
    :host { display: block; }
    label { display: flex; gap: 0.4rem; align-items: center; font-size: 0.88rem; color: var(--muted); margin: 0; }
    select { width: auto; }
  `];

  override render() {
    const now = getLocale();
    return html`<label>${msg('Language')}
      <select @change=${(e: Event) => void chooseLocale((e.target as HTMLSelectElement).value as Locale)}>
        ${LANGUAGES.map((l) => html`<option value=${l.code} lang=${l.code} ?selected=${l.code === now}>${l.name}</option>`)}
      </select></label>`;
  }
}
