// One card per authorization, in the order the names were typed (the CA may list authorizations in any order), with
// what to place computed once from the token and the account key. Also what the page shows about them.
import { dns01, http01 } from '../../acme/challenge-values.ts';
import type { Authorization, Identifier, Located } from '../../acme/types.ts';
import type { CardRecord, ChallengeType, IssuanceRecord } from '../../store/schema.ts';
import { isWildcard, wildcardBase } from '../../crypto/identifiers.ts';

export function offeredTypes(authz: Authorization): ChallengeType[] {
  return (['http-01', 'dns-01'] as const).filter((t) => authz.challenges.some((c) => c.type === t));
}

/** The first choice: HTTP-01 where offered (no DNS access needed), DNS-01 otherwise (wildcards). */
export function defaultChoice(authz: Authorization): ChallengeType {
  return offeredTypes(authz)[0] ?? 'dns-01';
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
