// "Due for renewal": a compact alert above My certificates, shown only when a certificate needs attention.
import { LitElement, html, css, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { renewalState, type RenewalState } from '../flow/lifecycle/window.ts';
import type { CertificateRecord } from '../store/schema.ts';
import { base } from './styles.ts';

/** "expires in 5 days", "expires today", "expired 2 days ago". */
export function expiryPhrase(r: Pick<RenewalState, 'state' | 'daysLeft'>): string {
  if (r.state === 'expired' || r.daysLeft < 0) {
    const ago = Math.max(0, -r.daysLeft - 1); // whole days since expiry
    return ago === 0 ? 'expired' : `expired ${ago} day${ago === 1 ? '' : 's'} ago`;
  }
  if (r.daysLeft === 0) return 'expires today';
  return `expires in ${r.daysLeft} day${r.daysLeft === 1 ? '' : 's'}`;
}

@customElement('cp-due')
export class DueList extends LitElement {
  static override styles = [base, css`
    .due {
      border: 1px solid var(--bad);
      border-left-width: 4px;
      border-radius: 6px;
      padding: 0.45rem 0.75rem;
      margin: 0 0 0.75rem;
    }
    .due.soon { border-color: var(--accent); }
    ul { margin: 0; padding: 0; list-style: none; display: inline; }
    li { display: inline; }
    li + li::before { content: '; '; }
  `];

  @property({ attribute: false }) certificates: CertificateRecord[] = [];
  @property({ attribute: false }) now: Date | undefined;

  override render() {
    const now = this.now ?? new Date();
    const due = this.certificates
      .map((c) => ({ c, r: renewalState(c, now) }))
      .filter(({ r }) => r.state === 'renew-now' || r.state === 'expired')
      .sort((a, b) => a.r.daysLeft - b.r.daysLeft);
    if (!due.length) return nothing;
    const anyExpired = due.some(({ r }) => r.state === 'expired');
    return html`<div class="due ${anyExpired ? '' : 'soon'}" role="status">
      <strong>Due for renewal:</strong>
      <ul>${due.map(({ c, r }) => html`<li><span class="mono">${c.names[0]}${c.names.length > 1 ? ` +${c.names.length - 1}` : ''}</span>
        (<span class=${r.state === 'expired' ? 'bad' : ''}>${expiryPhrase(r)}</span>)</li>`)}</ul>
    </div>`;
  }
}
