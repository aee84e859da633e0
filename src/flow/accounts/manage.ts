// Managing stored accounts: read their state from the CA, change contact, roll the key over, deactivate, forget.
// The ACME and key code is imported on first use, so the page's first load stays small. Every function returns
// an Outcome: the page shows either the new record or a problem in its own words.
import { msg, str } from '@lit/localize';
import type { KeyType } from '../../crypto/key-types.ts';
import { deleteAccount, getAccount, putAccount } from '../../store/repo.ts';
import type { AccountRecord } from '../../store/schema.ts';
import { attempt } from '../attempt.ts';
import { announce } from '../changes.ts';
import type { Outcome } from '../outcome.ts';

/** What the CA says about an account right now; `changed` when the stored record was updated to match. */
export interface AccountState {
  record: AccountRecord;
  changed: boolean;
}

/** The stored account and its ACME session (no request is made yet). */
async function session(id: string) {
  const { sessionFor } = await import('./session.ts');
  return sessionFor(id);
}

/** Stored accounts changed: every list re-reads, and no session signs with what is no longer stored. */
async function announceChange(): Promise<void> {
  const { forgetSessions } = await import('./session.ts');
  forgetSessions();
  announce({ kind: 'records' });
}

/** Store what the CA said about status and contact, if it differs from what is kept. */
async function remember(record: AccountRecord, data: { status: string; contact?: string[] }): Promise<AccountState> {
  const latest = (await getAccount(record.id)) ?? record;
  const contact = data.contact ?? [];
  const changed = latest.status !== data.status || latest.contact.join('\n') !== contact.join('\n');
  const next = { ...latest, status: data.status, contact };
  if (changed) {
    await putAccount(next);
    await announceChange();
  }
  return { record: next, changed };
}

/** Ask the CA for the account (POST-as-GET); the stored status and contact follow what it says. */
export function fetchAccount(id: string): Promise<Outcome<AccountState>> {
  return attempt(async () => {
    const { record, acme } = await session(id);
    return remember(record, await acme.fetch());
  });
}

/** Replace the account's contact with this e-mail address (empty: no contact). */
export function saveContact(id: string, email: string): Promise<Outcome<AccountState>> {
  return attempt(async () => {
    const address = email.trim();
    if (address && !/^(mailto:)?[^\s@,]+@[^\s@,]+\.[^\s@,]+$/i.test(address)) {
      const { ShownProblem } = await import('../problems.ts');
      throw new ShownProblem({ what: msg(str`"${address}" does not look like an e-mail address.`), next: msg('Type one address, like admin@example.com, or leave the field empty for no contact.') });
    }
    const { record, acme } = await session(id);
    return remember(record, await acme.updateContact(address ? [address] : []));
  });
}

/**
 * Key rollover (RFC 8555 §7.3.5): a new key is made here and the CA is asked to switch to it. The new key keeps
 * the custody the user chose for the account: locked (non-extractable) stays locked, exportable stays exportable
 * so the next backup still holds the account.
 * Only after the CA accepted is the stored record changed, in one put: if the CA refuses or the network fails,
 * the old key stays stored and keeps working.
 */
export function changeAccountKey(id: string, keyType?: KeyType): Promise<Outcome<AccountState>> {
  return attempt(async () => {
    const [{ generateKeyPair, keyTypeOf }, { record, acme }] = await Promise.all([import('../../crypto/keys.ts'), session(id)]);
    const keys = await generateKeyPair(keyType ?? record.keyType, { extractable: record.privateKey.extractable });
    const rolled = await acme.changeKey(keys);
    const latest = (await getAccount(id)) ?? record;
    const next: AccountRecord = {
      ...latest, privateKey: keys.privateKey, publicKey: keys.publicKey, keyType: keyTypeOf(keys.privateKey), thumbprint: rolled.thumbprint,
    };
    await putAccount(next);
    await announceChange();
    return { record: next, changed: true };
  });
}

/** Irreversible: the CA refuses every later request from this account. The stored status says so afterwards. */
export function deactivateAccount(id: string): Promise<Outcome<AccountState>> {
  return attempt(async () => {
    const { record, acme } = await session(id);
    const data = await acme.deactivate();
    return remember(record, { ...data, status: data.status || 'deactivated' });
  });
}

/** Forget the account in this browser only; the CA is not told. */
export function forgetAccount(id: string): Promise<Outcome<void>> {
  return attempt(async () => {
    await deleteAccount(id);
    await announceChange();
  });
}
