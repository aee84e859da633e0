// From a stored account to an ACME session: the one way every part of the page does it. Sessions are kept per
// account and key, so a rolled-over key is never used again; an account made in this tab keeps working here even
// when the browser refused to store it.
import { AcmeAccount } from '../../acme/account.ts';
import { getAccount } from '../../store/repo.ts';
import type { AccountRecord } from '../../store/schema.ts';
import { connectCa } from '../ca/connect.ts';
import { accountGone } from '../problems.ts';

const sessions = new Map<string, { record: AccountRecord; acme: Promise<AcmeAccount>; unsaved?: boolean }>();
const keyOf = (record: AccountRecord) => `${record.id} ${record.thumbprint}`;

/** The session for a stored account record (no request is made beyond reading the CA's directory once). */
export function sessionOf(record: AccountRecord): Promise<AcmeAccount> {
  const key = keyOf(record);
  let entry = sessions.get(key);
  if (!entry) {
    const acme = connectCa(record.directoryUrl).then((client) =>
      AcmeAccount.resume(client, { privateKey: record.privateKey, publicKey: record.publicKey }, record.url));
    acme.catch(() => sessions.delete(key)); // a failed connection is not remembered
    entry = { record, acme };
    sessions.set(key, entry);
  }
  return entry.acme;
}

/** An account this tab has just made or found at the CA: its session, also when the browser refused to store it. */
export function rememberSession(record: AccountRecord, acme: AcmeAccount, stored: boolean): void {
  sessions.set(keyOf(record), { record, acme: Promise.resolve(acme), ...(stored ? {} : { unsaved: true }) });
}

/** The stored account with this id and its session; throws the one "no longer stored" problem when it is gone. */
export async function sessionFor(accountId: string): Promise<{ record: AccountRecord; acme: AcmeAccount }> {
  let record: AccountRecord | undefined;
  try {
    record = await getAccount(accountId);
  } catch {
    record = undefined; // storage unreadable: an account made in this tab may still be known below
  }
  // Only an account the browser refused to store lives on in memory; one deleted from storage is gone.
  record ??= [...sessions.values()].find((s) => s.unsaved && s.record.id === accountId)?.record;
  if (!record) throw accountGone();
  return { record, acme: await sessionOf(record) };
}

/** Stored accounts changed (key rolled, deleted): drop the sessions made from stored records. */
export function forgetSessions(): void {
  for (const [key, entry] of sessions) if (!entry.unsaved) sessions.delete(key);
}
