// Asked once, before the first DNS look-up: may the page check names through DNS-over-HTTPS resolvers, which ones,
// or not at all. Says exactly who learns what. The answer is remembered (flow/dns-checks.ts). Once answered, the
// question turns into a one-line note that takes the keyboard focus (the button pressed is gone); it raises
// `cp-dns-answered` so the element that shows it keeps it while the setting is no longer "ask".
import { LitElement, html, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { DEFAULT_RESOLVERS } from '../dns/default-resolvers.ts';
import { resolverName, resolverProblem, setDnsChecks } from '../flow/checks/settings.ts';
import { base } from './styles.ts';
import { focusAfterUpdate } from './focus.ts';

const EXAMPLE_URL = 'https://dns.example/dns-query'; // i18n-exempt: an example address

declare global {
  interface HTMLElementEventMap {
    'cp-dns-answered': Event;
  }
}

@localized()
@customElement('cp-dns-consent')
export class DnsConsent extends LitElement {
  static override styles = [base, css`
    .ask { border: 1px solid var(--accent); border-left-width: 4px; border-radius: 8px; padding: 0.5rem 0.9rem; margin: 0.75rem 0; background: var(--card); }
    .ask p { margin: 0.3rem 0; }
    .field-error { color: var(--bad); font-size: 0.9rem; }
  `];

  /** What the check would be for, as a code worded at render time: "before you order" or "before you tell the CA". */
  @property() purpose: 'before you order' | 'before you tell the CA' = 'before you order'; // i18n-exempt: codes, worded in question()
  @state() private own = false;
  @state() private url = '';
  @state() private problem: string | undefined;
  /** What was chosen here, said in place of the question (worded when shown). */
  @state() private answered: (() => string) | undefined;

  private async answer(settings: Parameters<typeof setDnsChecks>[0], said: () => string): Promise<void> {
    this.answered = said;
    this.dispatchEvent(new Event('cp-dns-answered', { bubbles: true, composed: true }));
    focusAfterUpdate(this, '.answered');
    await setDnsChecks(settings);
  }

  private async useOwn(e: Event): Promise<void> {
    e.preventDefault();
    const url = this.url.trim();
    this.problem = resolverProblem(url);
    if (this.problem) return;
    await this.answer({ mode: 'on', resolvers: [{ name: resolverName(url), url }] }, () => msg(str`DNS checks are on, through ${resolverName(url)}.`));
  }

  override render() {
    const names = () => DEFAULT_RESOLVERS.map((r) => r.name).join(msg(' and '));
    if (this.answered) {
      return html`<p class="ask answered" tabindex="-1">${this.answered()} ${msg('You can change this any time under DNS checks at the bottom of the page.')}</p>`;
    }
    return html`<div class="ask" role="group" aria-label=${msg('DNS checks')}>
      <p><strong>${this.question()}</strong> ${msg('certpage can look up the CAA, TXT and address records of the names you typed, so problems show before the CA sees them. The look-ups go to DNS-over-HTTPS resolvers: they learn each name checked and its parent names (nothing else). Nothing has been looked up yet.')}</p>
      <div class="actions">
        <button type="button" class="primary" @click=${() => this.answer({ mode: 'on', resolvers: [...DEFAULT_RESOLVERS] }, () => msg(str`DNS checks are on, through ${names()}.`))}>${msg(str`Check with ${names()}`)}</button>
        <button type="button" @click=${() => { this.own = !this.own; }} aria-expanded=${this.own ? 'true' : 'false'}>${msg('Use my own resolver…')}</button>
        <button type="button" @click=${() => this.answer({ mode: 'off', resolvers: [...DEFAULT_RESOLVERS] }, () => msg('No DNS checks: check your records yourself before you tell the CA.'))}>${msg('No DNS checks')}</button>
      </div>
      ${this.own ? html`<form class="row" @submit=${this.useOwn}>
        <div><label for="own-doh">${msg('Resolver URL')}</label>
          <input id="own-doh" type="url" spellcheck="false" placeholder=${EXAMPLE_URL} .value=${this.url}
            @input=${(e: Event) => { this.url = (e.target as HTMLInputElement).value; this.problem = undefined; }}></div>
        <div><button type="submit">${msg('Check with this resolver')}</button></div>
      </form>
      ${this.problem ? html`<p class="field-error" role="alert">${this.problem}</p>` : nothing}` : nothing}
      <p class="hint">${msg('You can change this any time under DNS checks at the bottom of the page.')}</p>
    </div>`;
  }

  private question(): string {
    return this.purpose === 'before you tell the CA' ? msg('Check your DNS before you tell the CA?') : msg('Check your DNS before you order?');
  }
}
