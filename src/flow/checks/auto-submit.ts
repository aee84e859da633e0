// Should a DNS-01 card tell the CA by itself, now? Only when the user left the page's switch on, DNS checks are
// allowed, this tab drives the order, the card waits for the user, and every resolver of the list answered with the
// card's expected TXT value in a check made for exactly this record (the same check the user would wait for before
// pressing the button). HTTP-01 and TLS-ALPN-01 cards never do: their checks only see an address, not the file.
import type { CardRecord } from '../../store/schema.ts';
import type { CardCheck } from './live.ts';
import type { DnsCheckSettings } from './settings.ts';

export interface AutoSubmitInput {
  /** The page's switch ("Tell the CA by itself once every resolver sees the record"). */
  enabled: boolean;
  /** The DNS-check setting: undefined until loaded. */
  dns: DnsCheckSettings | undefined;
  role: 'driver' | 'follower';
  /** The issuance stage: only while the cards wait ('challenges'). */
  stage: string;
  card: Pick<CardRecord, 'authzUrl' | 'choice' | 'state' | 'dns01'>;
  check: CardCheck | undefined;
  /** Cards this page already told the CA about by itself: never twice. */
  raised: ReadonlySet<string>;
}

export function shouldAutoSubmit(i: AutoSubmitInput): boolean {
  const { card, check, dns } = i;
  if (!i.enabled || i.role !== 'driver' || i.stage !== 'challenges' || i.raised.has(card.authzUrl)) return false;
  if (card.choice !== 'dns-01' || card.state !== 'waiting' || !card.dns01) return false;
  if (dns?.mode !== 'on' || dns.resolvers.length === 0) return false;
  const txt = check?.txt;
  if (check?.state !== 'pass' || !txt) return false;
  // The check was made for this record and this list of resolvers, and each of them saw every expected value.
  const urls = dns.resolvers.map((r) => r.url);
  return txt.name === card.dns01.name && txt.values.includes(card.dns01.value)
    && txt.resolvers.length === urls.length && urls.every((u) => txt.resolvers.includes(u))
    && txt.asked === urls.length && txt.seenBy === txt.asked;
}
