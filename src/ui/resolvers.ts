// Settings: whether the page checks DNS before the CA does, and through which DNS-over-HTTPS resolvers.
import { LitElement, html, css, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { DEFAULT_RESOLVERS } from '../dns/default-resolvers.ts';
import { dnsChecks, onDnsChecks, resolverName, resolverProblem, setDnsChecks, type DnsCheckSettings } from '../flow/checks/settings.ts';
import { Follow } from './controllers.ts';
import { base } from './styles.ts';
import { focusAfterUpdate } from './focus.ts';

const EXAMPLE_URL = 'https://dns.example/dns-query'; // i18n-exempt: an example address

@localized()
@customElement('cp-resolvers')
export class ResolversSettings extends LitElement {
  static override styles = [base, css`
    ul { list-style: none; padding: 0; margin: 0.5rem 0; }
    li { display: flex; gap: 0.75rem; align-items: center; justify-content: space-between; padding: 0.3rem 0; border-bottom: 1px solid var(--border); }
    .field-error { color: var(--bad); font-size: 0.9rem; }
    .row > .fit { flex: 0 0 auto; }
    fieldset.mode .check { margin: 0.3rem 0; }
  `];

  private readonly settings = new Follow<DnsCheckSettings | undefined>(this, { get: dnsChecks, subscribe: onDnsChecks });
  @state() private url = '';
  @state() private problem: string | undefined;

  private set(next: Partial<DnsCheckSettings>): Promise<void> {
    const s = this.settings.value;
    return setDnsChecks({ mode: next.mode ?? s?.mode ?? 'ask', resolvers: next.resolvers ?? s?.resolvers ?? [...DEFAULT_RESOLVERS] });
  }

  /** Remove one; focus goes to the next Remove button (the pressed one is gone), or to the URL field when none is left. */
  private async removeResolver(url: string, index: number): Promise<void> {
    const list = this.settings.value?.resolvers ?? [];
    await this.set({ resolvers: list.filter((x) => x.url !== url) });
    const left = list.length - 1;
    focusAfterUpdate(this, left > 0 ? `li:nth-child(${Math.min(index, left - 1) + 1}) button` : '#doh');
  }

  private async add(e: Event): Promise<void> {
    e.preventDefault();
    const url = this.url.trim();
    this.problem = resolverProblem(url);
    if (this.problem) return;
    const list = this.settings.value?.resolvers ?? [];
    if (list.some((r) => r.url === url)) { this.problem = msg('That resolver is already in the list.'); return; }
    await this.set({ resolvers: [...list, { name: resolverName(url), url }] });
    this.url = '';
  }

  override render() {
    const s = this.settings.value;
    if (!s) return html`<h2>${msg('DNS checks')}</h2><p class="hint">${msg('Loading…')}</p>`;
    const list = s.resolvers;
    return html`
      <h2>${msg('DNS checks')}</h2>
      <p class="hint">${msg("Before you tell the CA, certpage can look up your names' CAA, TXT and address records through DNS-over-HTTPS resolvers and report how many see them. The resolvers you choose learn each name checked and its parent names, nothing else. Nothing is looked up until you allow it.")}</p>
      <fieldset class="mode">
        <legend>${msg('Checks')}</legend>
        <label class="check"><input type="radio" name="dns-mode" .checked=${s.mode === 'on'} @change=${() => this.set({ mode: 'on' })}>
          <span>${msg('On: check through the resolvers below')}</span></label>
        <label class="check"><input type="radio" name="dns-mode" .checked=${s.mode === 'off'} @change=${() => this.set({ mode: 'off' })}>
          <span>${msg('Off: never look anything up (you check it yourself)')}</span></label>
        ${s.mode === 'ask' ? html`<p class="hint">${msg('Not chosen yet: the page asks before the first look-up.')}</p>` : nothing}
      </fieldset>
      <ul aria-label=${msg('Resolvers')}>
        ${list.map((r, i) => html`<li><span><strong>${r.name}</strong> <span class="mono hint">${r.url}</span></span>
          <button type="button" aria-label=${msg(str`Remove ${r.name}`)} @click=${() => this.removeResolver(r.url, i)}>${msg('Remove')}</button></li>`)}
      </ul>
      ${list.length === 0 ? html`<p class="hint">${msg('No resolver: the checks are off, and you submit without them.')}</p>` : nothing}
      <form class="row" @submit=${this.add}>
        <div>
          <label for="doh">${msg('Resolver URL')}</label>
          <input id="doh" type="url" spellcheck="false" placeholder=${EXAMPLE_URL} .value=${this.url}
            @input=${(e: Event) => { this.url = (e.target as HTMLInputElement).value; this.problem = undefined; }}>
        </div>
        <div class="fit"><button type="submit">${msg('Add resolver')}</button></div>
      </form>
      ${this.problem ? html`<p class="field-error" role="alert">${this.problem}</p>` : nothing}
      <div class="actions"><button type="button" @click=${() => this.set({ resolvers: [...DEFAULT_RESOLVERS] })}>${msg('Restore the defaults')}</button></div>`;
  }
}
