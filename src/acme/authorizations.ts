// Authorizations and challenges (RFC 8555 §7.5): read, respond, wait, deactivate.
import type { AcmeAccount } from './account.ts';
import { AcmeProblemError } from './errors.ts';
import { pollUntil, type WaitOptions } from './poll.ts';
import type { Authorization, Challenge, Located, Problem } from './types.ts';
import { msg, str } from '../words/words.ts';

export async function getAuthorization(account: AcmeAccount, url: string, kind: 'authz' | 'poll' = 'authz'): Promise<Located<Authorization>> {
  const res = await account.post<Authorization>(url, '', kind);
  return { url, data: res.body };
}

/** Tell the CA the file or record is in place (POST {} to the challenge URL). Send it once: LE never retries. */
export async function respondToChallenge(account: AcmeAccount, challenge: Pick<Challenge, 'url'>): Promise<Located<Challenge>> {
  const res = await account.post<Challenge>(challenge.url, {}, 'challenge');
  return { url: challenge.url, data: res.body };
}

/** Wait until the authorization is valid; an invalid one throws the CA's own error for its challenge. */
export async function waitForAuthorization(account: AcmeAccount, url: string, opts: WaitOptions = {}): Promise<Located<Authorization>> {
  const read = async () => {
    const res = await account.post<Authorization>(url, '', 'poll');
    return { value: res.body, status: res.body.status, readAt: Date.now(), ...(res.retryAfter ? { retryAfter: res.retryAfter } : {}) };
  };
  const first = await read();
  const data = await pollUntil(url, first, read, (s) => s !== 'pending', opts);
  if (data.status !== 'valid') throw authorizationError({ url, data });
  return { url, data };
}

export async function deactivateAuthorization(account: AcmeAccount, url: string): Promise<Located<Authorization>> {
  const res = await account.post<Authorization>(url, { status: 'deactivated' }, 'authz');
  return { url, data: res.body };
}

/** The CA's reason an authorization is not valid, as a typed error that names the identifier. */
export function authorizationError(authz: Located<Authorization>): AcmeProblemError {
  const failed = authz.data.challenges.find((c) => c.error);
  const problem: Problem = failed?.error ?? {
    type: 'urn:ietf:params:acme:error:unauthorized',
    detail: notValid(authz.data.identifier.value, authz.data.status),
  };
  return new AcmeProblemError({ identifier: authz.data.identifier, ...problem }, problem.status ?? 403);
}

/** Why an authorization without a failed challenge is not valid: one whole sentence per status. */
function notValid(name: string, status: string): string {
  switch (status) {
    case 'invalid': return msg(str`The authorization for ${name} is invalid.`);
    case 'deactivated': return msg(str`The authorization for ${name} is deactivated.`);
    case 'expired': return msg(str`The authorization for ${name} is expired.`);
    case 'revoked': return msg(str`The authorization for ${name} is revoked.`);
    case 'pending': return msg(str`The authorization for ${name} is pending.`);
    default: return msg(str`The authorization for ${name} is ${status}.`);
  }
}
