// Settings: which DNS-over-HTTPS resolvers the live checks ask.
import { LitElement, html, css } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { IssuanceFlow } from '../flow/issuance.ts';
import { resolverName, resolverProblem } from '../flow/resolvers.ts';
import { DEFAULT_RESOLVERS } from '../dns/default-resolvers.ts';
import { base } from './styles.ts';

@customElement('cp-resolvers')
export class ResolversSettings extends LitElement {
  static override styles = [base, css`
    ul { list-style: none; padding: 0; margin: 0.5rem 0; }
    li { display: flex; gap: 0.75rem; align-items: center; justify-content: space-between; padding: 0.3rem 0; border-bottom: 1px solid var(--border); }
    .field-error { color: var(--bad); font-size: 0.9rem; }
    .row > .fit { flex: 0 0 auto; }
  `];

  @property({ attribute: false }) flow!: IssuanceFlow;
  @property({ type: Number }) version = 0;
  @state() private url = '';
  @state() private problem: string | undefined;

  private async add(e: Event): Promise<void> {
    e.preventDefault();
    const url = this.url.trim();
    this.problem = resolverProblem(url);
    if (this.problem) return;
    if (this.flow.resolvers.some((r) => r.url === url)) { this.problem = 'That resolver is already in the list.'; return; }
    await this.flow.setResolvers([...this.flow.resolvers, { name: resolverName(url), url }]);
    this.url = '';
  }

  override render() {
    if (!this.flow.resolversLoaded) return html`<h2>DNS checks</h2><p class="hint">Loading…</p>`;
    const list = this.flow.resolvers;
    return html`
      <h2>DNS checks</h2>
      <p class="hint">Before you tell the CA, certpage looks up your DNS records through these DNS-over-HTTPS resolvers and
        reports how many see them. They learn which names you check, nothing else. The defaults are public resolvers that allow web pages.</p>
      <ul aria-label="Resolvers">
        ${list.map((r) => html`<li><span><strong>${r.name}</strong> <span class="mono hint">${r.url}</span></span>
          <button type="button" aria-label="Remove ${r.name}" @click=${() => this.flow.setResolvers(this.flow.resolvers.filter((x) => x.url !== r.url))}>Remove</button></li>`)}
      </ul>
      ${list.length === 0 ? html`<p class="hint">No resolver: the checks are off, and you submit without them.</p>` : ''}
      <form class="row" @submit=${this.add}>
        <div>
          <label for="doh">Resolver URL</label>
          <input id="doh" type="url" spellcheck="false" placeholder="https://dns.example/dns-query" .value=${this.url}
            @input=${(e: Event) => { this.url = (e.target as HTMLInputElement).value; this.problem = undefined; }}>
        </div>
        <div class="fit"><button type="submit">Add resolver</button></div>
      </form>
      ${this.problem ? html`<p class="field-error" role="alert">${this.problem}</p>` : ''}
      <div class="actions"><button type="button" @click=${() => this.flow.setResolvers([...DEFAULT_RESOLVERS])}>Restore the defaults</button></div>`;
  }
}
