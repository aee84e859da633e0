// Live checks of what the user placed, before anything goes to the CA: the TXT record for DNS-01 (re-checked
// with backoff until it is right), the name's addresses for HTTP-01, and on request a fetch of the file itself.
import { msg, str } from '@lit/localize';
import { checkAddress, checkTxt } from '../../dns/checks.ts';
import type { Resolver } from '../../dns/resolvers.ts';
import type { CardRecord } from '../../store/schema.ts';

export type CheckState = 'checking' | 'pass' | 'wait' | 'fail' | 'unknown';

export interface CardCheck {
  state: CheckState;
  /** One line: what the check found. */
  headline: string;
  /** Found-vs-expected values, addresses, delegation. */
  details: string[];
  /** Likely mistakes worth a look. */
  hints: string[];
  checkedAt?: number;
  /** When the next automatic check runs, if one is planned. */
  nextAt?: number;
  /** A TXT check: what was looked up, through which resolvers, and how many of them saw every value. */
  txt?: { name: string; values: string[]; resolvers: string[]; seenBy: number; asked: number };
}

/** Seconds between automatic re-checks while a record is not right yet. */
const BACKOFF = [5, 10, 15, 20, 30];

export class CardChecker {
  private readonly results = new Map<string, CardCheck>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly attempts = new Map<string, number>();
  /** What each card was last checked for, so a changed choice or value starts afresh. */
  private readonly subjects = new Map<string, string>();
  private cards: CardRecord[] = [];
  private resolvers: Resolver[] = [];

  constructor(private readonly onChange: () => void) {}

  get(authzUrl: string): CardCheck | undefined {
    return this.results.get(authzUrl);
  }

  /** Called whenever the cards or the resolvers change: start checks for new waiting cards, stop the rest. */
  update(cards: CardRecord[], resolvers: Resolver[]): void {
    this.cards = cards;
    const resolversChanged = JSON.stringify(resolvers) !== JSON.stringify(this.resolvers);
    this.resolvers = resolvers;
    for (const card of cards) {
      const subject = this.subjectOf(card);
      if (card.state !== 'waiting') {
        this.cancel(card.authzUrl);
        continue;
      }
      if (resolversChanged || this.subjects.get(card.authzUrl) !== subject) {
        this.subjects.set(card.authzUrl, subject);
        this.attempts.set(card.authzUrl, 0);
        this.schedule(card.authzUrl, 0);
      }
    }
  }

  /** Check this card now, and the cards that share its TXT name (their answer is the same look-up). */
  checkNow(authzUrl: string): void {
    const card = this.cards.find((c) => c.authzUrl === authzUrl);
    const txt = card?.choice === 'dns-01' ? card.dns01?.name : undefined;
    const urls = txt ? this.cards.filter((c) => c.choice === 'dns-01' && c.dns01?.name === txt).map((c) => c.authzUrl) : [authzUrl];
    for (const url of urls) {
      this.attempts.set(url, 0);
      this.schedule(url, 0);
    }
  }

  /** Check every card that has a result again at once (after a language switch, so the words are made afresh). */
  recheckShown(): void {
    for (const url of this.results.keys()) {
      this.attempts.set(url, 0);
      this.schedule(url, 0);
    }
  }

  stop(): void {
    for (const url of [...this.timers.keys()]) this.cancel(url);
    this.results.clear();
    this.subjects.clear();
  }

  private subjectOf(card: CardRecord): string {
    return card.choice === 'dns-01' ? `dns:${card.dns01?.name}:${this.expectedTxt(card).join(',')}` : `${card.choice}:${card.identifier.value}`;
  }

  /** Every value that must sit under this card's TXT name (a wildcard and its base share one name). */
  private expectedTxt(card: CardRecord): string[] {
    const name = card.dns01?.name;
    return this.cards.filter((c) => c.choice === 'dns-01' && c.dns01?.name === name && c.state === 'waiting')
      .map((c) => c.dns01?.value ?? '').filter(Boolean);
  }

  private cancel(authzUrl: string): void {
    clearTimeout(this.timers.get(authzUrl));
    this.timers.delete(authzUrl);
  }

  private schedule(authzUrl: string, seconds: number): void {
    this.cancel(authzUrl);
    const current = this.results.get(authzUrl);
    if (current) current.nextAt = Date.now() + seconds * 1000;
    this.timers.set(authzUrl, setTimeout(() => void this.run(authzUrl), seconds * 1000));
  }

  private async run(authzUrl: string): Promise<void> {
    const card = this.cards.find((c) => c.authzUrl === authzUrl);
    if (!card || card.state !== 'waiting') return;
    const previous = this.results.get(authzUrl);
    this.results.set(authzUrl, { state: 'checking', headline: msg('Checking…'), details: previous?.details ?? [], hints: [] });
    this.onChange();
    const subject = this.subjectOf(card);
    const result = card.choice === 'dns-01' ? await this.checkDns(card) : await this.checkHttp(card);
    if (this.subjects.get(authzUrl) !== subject) return; // the card changed meanwhile; a newer check runs
    result.checkedAt = Date.now();
    this.results.set(authzUrl, result);
    // Keep looking while it is not right yet (the user is probably editing DNS right now).
    if (result.state === 'wait' || result.state === 'fail') {
      const n = this.attempts.get(authzUrl) ?? 0;
      this.attempts.set(authzUrl, n + 1);
      this.schedule(authzUrl, BACKOFF[Math.min(n, BACKOFF.length - 1)] ?? 60);
    }
    this.onChange();
  }

  private async checkDns(card: CardRecord): Promise<CardCheck> {
    const name = card.dns01?.name ?? '';
    const expected = this.expectedTxt(card);
    const own = card.dns01?.value ?? '';
    const resolvers = this.resolvers;
    const r = await checkTxt(name, expected, resolvers);
    const txt = { name, values: expected, resolvers: resolvers.map((x) => x.url), seenBy: r.seenBy, asked: r.asked };
    const details: string[] = [];
    if (r.cname) details.push(msg(str`${name} is delegated (CNAME) to ${r.cname}; the record is looked up there.`));
    const { seenBy, asked } = r;
    const one = asked === 1;
    const found = [...new Set(r.perResolver.flatMap((a) => (a.ok ? a.values : [])))];
    switch (r.status) {
      case 'found':
        return { state: 'pass', headline: one ? msg(str`Found: seen by ${seenBy} of ${asked} resolver.`) : msg(str`Found: seen by ${seenBy} of ${asked} resolvers.`), details, hints: r.hints, txt };
      case 'partial':
        if (found.includes(own)) details.push(msg("This card's value is there; another value for the same name is not seen everywhere yet."));
        return {
          state: 'wait',
          headline: one ? msg(str`Seen by ${seenBy} of ${asked} resolver so far: DNS is still updating. Wait a little; this re-checks on its own.`)
            : msg(str`Seen by ${seenBy} of ${asked} resolvers so far: DNS is still updating. Wait a little; this re-checks on its own.`),
          details, hints: r.hints, txt,
        };
      case 'wrong':
        details.push(msg(str`Found: ${found.join(', ')}`), msg(str`Expected: ${expected.join(', ')}`));
        return { state: 'fail', headline: msg('A TXT record is there, but its value is not the expected one.'), details, hints: r.hints };
      case 'missing':
        return { state: 'wait', headline: one ? msg(str`Not found yet (asked ${asked} resolver). This re-checks on its own.`) : msg(str`Not found yet (asked ${asked} resolvers). This re-checks on its own.`), details, hints: r.hints };
      default:
        return { state: 'unknown', headline: msg('Could not check: no DNS resolver answered. You can still submit when you are sure.'), details: r.errors, hints: [] };
    }
  }

  private async checkHttp(card: CardRecord): Promise<CardCheck> {
    if (card.identifier.type === 'ip') return { state: 'pass', headline: msg('An IP address needs no DNS record.'), details: [], hints: [] };
    const name = card.identifier.value;
    const r = await checkAddress(name, this.resolvers);
    if (r.status === 'ok') return { state: 'pass', headline: msg(str`${name} points to ${r.addresses.join(', ')}.`), details: [card.choice === 'tls-alpn-01' ? msg('The CA will connect there on port 443.') : msg('The CA will fetch the file from there, over plain HTTP on port 80.')], hints: [] };
    if (r.status === 'none') {
      return {
        state: 'fail',
        headline: msg(str`${name} has no address (no A or AAAA record), so the CA cannot reach it.`),
        details: [],
        hints: [msg('Add an A (IPv4) or AAAA (IPv6) record pointing to your web server, or use DNS-01 for this name.')],
      };
    }
    return { state: 'unknown', headline: msg('Could not check the address: no DNS resolver answered.'), details: r.errors, hints: [] };
  }
}
