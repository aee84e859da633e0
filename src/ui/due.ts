// "Due for renewal": a compact notice above My certificates, shown only when a certificate needs attention. Its rows
// come from the list's one computation of renewal states per load (certificates.ts); nothing is worked out here.
import { html, css, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { RenewalState } from '../flow/lifecycle/window.ts';
import type { CertificateSummary } from '../store/schema.ts';

/** At most this many are named; the rest are counted ("and 190 more") and listed by "Show only these". */
export const DUE_NAMED = 10;

export interface DueRow {
  c: CertificateSummary;
  r: RenewalState;
}

/** "expires in 5 days", "expires today", "expired 2 days ago". */
export function expiryPhrase(r: Pick<RenewalState, 'state' | 'daysLeft'>): string {
  if (r.state === 'expired' || r.daysLeft < 0) {
    const ago = Math.max(0, -r.daysLeft - 1); // whole days since expiry
    return ago === 0 ? msg('expired') : ago === 1 ? msg(str`expired ${ago} day ago`) : msg(str`expired ${ago} days ago`);
  }
  if (r.daysLeft === 0) return msg('expires today');
  return r.daysLeft === 1 ? msg(str`expires in ${r.daysLeft} day`) : msg(str`expires in ${r.daysLeft} days`);
}

/** Renew now or expired, soonest (most overdue) first. */
export function dueRows<T extends DueRow>(rows: T[]): T[] {
  return rows.filter(({ r }) => r.state === 'renew-now' || r.state === 'expired').sort((a, b) => a.r.daysLeft - b.r.daysLeft);
}

export const dueStyles = css`
  .due { border: 1px solid var(--bad); border-left-width: 4px; border-radius: 6px; padding: 0.45rem 0.75rem; margin: 0 0 0.75rem; }
  .due.soon { border-color: var(--accent); }
  .due ul { margin: 0; padding: 0; list-style: none; display: inline; }
  .due li { display: inline; }
  .due li + li::before { content: '; '; }
  .due button { margin-left: 0.5rem; padding: 0.15rem 0.6rem; font-size: 0.85rem; }
`;

/**
 * The notice: the first DUE_NAMED due certificates by name, how many more, and a button that shows only the due
 * ones in the table below (`filtered` says whether it does now).
 */
export function dueNotice(due: DueRow[], filtered: boolean, toggle: () => void) {
  if (!due.length) return nothing;
  const anyExpired = due.some(({ r }) => r.state === 'expired');
  const more = due.length - DUE_NAMED;
  return html`<div class="due ${anyExpired ? '' : 'soon'}" role="status">
    <strong>${msg('Due for renewal:')}</strong>
    <ul>${due.slice(0, DUE_NAMED).map(({ c, r }) => html`<li><span class="mono">${c.names[0]}${c.names.length > 1 ? ` +${c.names.length - 1}` : ''}</span>
      (<span class=${r.state === 'expired' ? 'bad' : ''}>${expiryPhrase(r)}</span>)</li>`)}</ul>${more > 0 ? html` ${msg(str`and ${more} more`)}` : nothing}
    ${due.length > 1 || filtered ? html`<button type="button" aria-pressed=${filtered ? 'true' : 'false'} @click=${toggle}>${filtered ? msg('Show all certificates') : msg(str`Show only these ${due.length}`)}</button>` : nothing}
  </div>`;
}
