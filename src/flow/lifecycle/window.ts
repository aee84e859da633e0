// When a certificate should be renewed: the CA's ARI window (RFC 9773) when known, else the usual lifetime rule.
//
// Let's Encrypt's advice when there is no ARI answer: renew with a third of the lifetime left, or half for
// certificates that live under 10 days (6-day "shortlived" ones). Pure: no clock, store or network of its own.

const DAY = 86_400_000;
/** Lifetimes under this are "short": renew at half, remind a day (not three) before expiry. */
export const SHORT_LIFETIME_MS = 10 * DAY;

export type RenewalStateName = 'fine' | 'renew-now' | 'expired' | 'revoked' | 'replaced';

export interface RenewalInput {
  notBefore: string;
  notAfter: string;
  /** Set once renewal and revocation exist; wins over the dates when present. */
  status?: 'revoked' | 'replaced';
  /** The CA's last ARI answer, as stored with the certificate. */
  ari?: { start: string; end: string };
}

export interface RenewalWindow {
  start: Date;
  end: Date;
}

export interface RenewalState {
  state: RenewalStateName;
  windowStart: Date;
  windowEnd: Date;
  /** Whole days until notAfter, rounded down (negative once expired). */
  daysLeft: number;
  source: 'ari' | 'lifetime';
}

/** The renewal window by the lifetime rule alone: from 1/3 (1/2 if short) of the lifetime left until expiry. */
export function lifetimeWindow(cert: { notBefore: string; notAfter: string }): RenewalWindow {
  const notBefore = new Date(cert.notBefore).getTime();
  const notAfter = new Date(cert.notAfter).getTime();
  const lifetime = Math.max(0, notAfter - notBefore);
  const left = lifetime < SHORT_LIFETIME_MS ? lifetime / 2 : lifetime / 3;
  return { start: new Date(notAfter - left), end: new Date(notAfter) };
}

export function renewalState(cert: RenewalInput, now = new Date(), ari?: RenewalWindow): RenewalState {
  const notAfter = new Date(cert.notAfter).getTime();
  const known = ari ?? (cert.ari ? { start: new Date(cert.ari.start), end: new Date(cert.ari.end) } : undefined);
  const window = known ?? lifetimeWindow(cert);
  const at = now.getTime();
  const state: RenewalStateName = cert.status
    ?? (at >= notAfter ? 'expired' : at >= window.start.getTime() ? 'renew-now' : 'fine');
  return {
    state,
    windowStart: new Date(window.start.getTime()),
    windowEnd: new Date(window.end.getTime()),
    daysLeft: Math.floor((notAfter - at) / DAY),
    source: known ? 'ari' : 'lifetime',
  };
}

/** Is this certificate's lifetime short (under 10 days)? */
export function isShortLived(cert: { notBefore: string; notAfter: string }): boolean {
  return new Date(cert.notAfter).getTime() - new Date(cert.notBefore).getTime() < SHORT_LIFETIME_MS;
}

/**
 * Worth asking the CA about (ARI): still in use, not expired, and the last answer is due for a refresh. Here, not in
 * ari.ts, so the list can tell without loading the ACME code.
 */
export function needsAriCheck(cert: { status?: string; notAfter: string; ari?: { nextCheck: string } }, now = new Date()): boolean {
  if (cert.status || new Date(cert.notAfter).getTime() <= now.getTime()) return false;
  return !cert.ari || new Date(cert.ari.nextCheck).getTime() <= now.getTime();
}
