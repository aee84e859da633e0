// One card per authorization: what to place for each challenge type, mapped by the identifier the CA returned.
import type { AccountRecord, CardRecord, ChallengeType, IssuanceRecord } from '../store/schema.ts';
import { dns01, http01, type Dns01Instructions, type Http01Instructions } from '../acme/challenge-values.ts';
import type { Authorization, Located } from '../acme/types.ts';

export interface CardView {
  authzUrl: string;
  /** As the user thinks of it: "*.example.com" for a wildcard. */
  name: string;
  identifier: Authorization['identifier'];
  wildcard: boolean;
  authzStatus: Authorization['status'];
  record: CardRecord;
  offers: ChallengeType[];
  http01?: Http01Instructions;
  dns01?: Dns01Instructions;
  /** How many cards need a TXT record under the same name (wildcard + apex). */
  sameTxtName: number;
}

export function offeredTypes(authz: Authorization): ChallengeType[] {
  return (['http-01', 'dns-01'] as const).filter((t) => authz.challenges.some((c) => c.type === t));
}

/** The first choice: HTTP-01 where offered (no DNS access needed), DNS-01 otherwise (wildcards). */
export function defaultChoice(authz: Authorization): ChallengeType {
  return offeredTypes(authz)[0] ?? 'dns-01';
}

export async function buildCards(issuance: IssuanceRecord, account: AccountRecord): Promise<CardView[]> {
  const cards = await Promise.all(issuance.authorizations.map((a) => buildCard(a, issuance.cards[a.url], account.thumbprint)));
  for (const card of cards) {
    card.sameTxtName = card.dns01 ? cards.filter((c) => c.dns01?.name === card.dns01?.name && c.record.choice === 'dns-01').length : 0;
  }
  return cards;
}

async function buildCard(authz: Located<Authorization>, record: CardRecord | undefined, thumbprint: string): Promise<CardView> {
  const a = authz.data;
  const wildcard = Boolean(a.wildcard);
  const card: CardView = {
    authzUrl: authz.url,
    name: wildcard ? `*.${a.identifier.value}` : a.identifier.value,
    identifier: a.identifier,
    wildcard,
    authzStatus: a.status,
    record: record ?? { choice: defaultChoice(a), state: a.status === 'valid' ? 'valid' : 'waiting' },
    offers: offeredTypes(a),
    sameTxtName: 0,
  };
  const h = a.challenges.find((c) => c.type === 'http-01');
  if (h) card.http01 = http01(a.identifier, h, thumbprint);
  const d = a.challenges.find((c) => c.type === 'dns-01');
  if (d) card.dns01 = await dns01(a.identifier, d, thumbprint);
  return card;
}
