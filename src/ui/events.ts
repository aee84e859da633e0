// What components raise: one typed event that carries an issuance event from the page (the app shell hands it to
// the flow). Components never change flow state or the store themselves.
import type { IssuanceEvent } from '../flow/issuance/flow.ts';

/** The issuance events a person can cause from the page. */
export type PageEvent = Extract<IssuanceEvent, { type: 'start' | 'renew' | 'choose' | 'submit' | 'retry' | 'takeOver' | 'startOver' | 'next' }>;

declare global {
  interface HTMLElementEventMap {
    'cp-issuance': CustomEvent<PageEvent>;
  }
}

export function raise(from: HTMLElement, event: PageEvent): void {
  from.dispatchEvent(new CustomEvent('cp-issuance', { detail: event, bubbles: true, composed: true }));
}
