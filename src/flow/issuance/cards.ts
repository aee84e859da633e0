// One card per authorization, in the order the names were typed (the CA may list authorizations in any order), with
// what to place computed once from the token and the account key. Also what the page shows about them.
import { dns01, http01, keyAuthorization } from '../../acme/challenge-values.ts';
import type { Authorization, Identifier, Located } from '../../acme/types.ts';
import type { CardRecord, ChallengeType, IssuanceRecord } from '../../store/schema.ts';
import type { TxtSource } from '../outputs/commands.ts';
import { isWildcard, wildcardBase } from '../../crypto/identifiers.ts';

/** The challenge types the page can walk a user through, in the order it offers them. */
export function offeredTypes(authz: Authorization): ChallengeType[] {
  return (['http-01', 'dns-01', 'tls-alpn-01'] as const).filter((t) => authz.challenges.some((c) => c.type === t)
    // TLS-ALPN-01 proves one plain DNS name (RFC 8737 §3): never a wildcard, and an IP address only by RFC 8738.
    && (t !== 'tls-alpn-01' || (authz.identifier.type === 'dns' && !authz.wildcard)));
}

/** The first choice: HTTP-01 where offered (no DNS access needed), DNS-01 otherwise (wildcards). */
export function defaultChoice(authz: Authorization): ChallengeType {
  return offeredTypes(authz).find((t) => t !== 'tls-alpn-01') ?? offeredTypes(authz)[0] ?? 'dns-01';
}

/** The authorization for each typed name, in typed order; any the CA added are kept at the end. */
export function inTypedOrder(identifiers: Identifier[], authorizations: Located<Authorization>[]): Located<Authorization>[] {
  const left = [...authorizations];
  const ordered: Located<Authorization>[] = [];
  for (const id of identifiers) {
    const wildcard = isWildcard(id.value);
    const base = wildcardBase(id.value);
    const at = left.findIndex((a) => a.data.identifier.type === id.type && a.data.identifier.value === base && Boolean(a.data.wildcard) === wildcard);
    if (at >= 0) ordered.push(...left.splice(at, 1));
  }
  return [...ordered, ...left];
}

export async function buildCards(identifiers: Identifier[], authorizations: Located<Authorization>[], thumbprint: string): Promise<CardRecord[]> {
  return Promise.all(inTypedOrder(identifiers, authorizations).map(async ({ url, data }) => {
    const wildcard = Boolean(data.wildcard);
    const card: CardRecord = {
      authzUrl: url,
      name: wildcard ? `*.${data.identifier.value}` : data.identifier.value,
      identifier: data.identifier,
      wildcard,
      offers: offeredTypes(data),
      choice: defaultChoice(data),
      state: data.status === 'valid' ? 'valid' : 'waiting',
      reused: data.status === 'valid',
    };
    const h = data.challenges.find((c) => c.type === 'http-01');
    if (h) card.http01 = (({ url: u, fileName, body }) => ({ url: u, fileName, body }))(http01(data.identifier, h, thumbprint));
    const d = data.challenges.find((c) => c.type === 'dns-01');
    if (d) card.dns01 = (({ name, value }) => ({ name, value }))(await dns01(data.identifier, d, thumbprint));
    const t = data.challenges.find((c) => c.type === 'tls-alpn-01');
    if (t && card.offers.includes('tls-alpn-01')) card.tlsAlpn01 = { keyAuthorization: keyAuthorization(t.token, thumbprint) };
    return card;
  }));
}

/** How many waiting DNS-01 cards put a TXT record under the same name as this one (a wildcard and its base). */
export function sameTxtName(record: IssuanceRecord, card: CardRecord): number {
  if (card.choice !== 'dns-01' || !card.dns01) return 0;
  return record.cards.filter((c) => c.choice === 'dns-01' && c.dns01?.name === card.dns01?.name).length;
}

/** The challenge URL of a card's chosen type. */
export function challengeUrl(record: IssuanceRecord, card: CardRecord): string | undefined {
  return record.authorizations.find((a) => a.url === card.authzUrl)?.data.challenges.find((c) => c.type === card.choice)?.url;
}

/** The cards as txtRecordsToRemove reads them: which TXT records this order used. */
export function txtSources(record: IssuanceRecord): TxtSource[] {
  const answered = (card: CardRecord) => ['processing', 'valid', 'invalid'].includes(
    record.authorizations.find((a) => a.url === card.authzUrl)?.data.challenges.find((c) => c.type === 'dns-01')?.status ?? 'pending');
  return record.cards.map((c) => ({ name: c.name, choice: c.choice, state: c.state, ...(c.dns01 ? { dns01: c.dns01 } : {}), dnsAnswered: answered(c) }));
}
