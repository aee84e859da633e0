// The live checks of the cards on screen, as a controller: DNS look-ups (when the user allowed them) re-run with
// backoff until the record is right, and the page's own fetch of an HTTP-01 file when the user asks for it.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { msg } from '@lit/localize';
import { CardChecker, type CardCheck } from '../flow/checks/live.ts';
import { activeResolvers, onDnsChecks } from '../flow/checks/settings.ts';
import { probeHttp01 } from '../flow/checks/fetch-file.ts';
import type { CardRecord } from '../store/schema.ts';

export class CardChecks implements ReactiveController {
  private readonly checker: CardChecker;
  /** Results of "fetch it from this page", by authorization URL. */
  private readonly probes = new Map<string, CardCheck>();
  private cards: CardRecord[] = [];
  private stop: (() => void) | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    this.checker = new CardChecker(() => host.requestUpdate());
    host.addController(this);
  }

  hostConnected(): void {
    this.stop = onDnsChecks(() => this.follow(this.cards));
    window.addEventListener('lit-localize-status', this.reword);
  }

  hostDisconnected(): void {
    this.stop?.();
    this.checker.stop();
    window.removeEventListener('lit-localize-status', this.reword);
  }

  /** A check's words are made when it runs: after a language switch, run the checks on screen again. */
  private readonly reword = (e: Event): void => {
    if ((e as CustomEvent<{ status: string }>).detail.status !== 'ready') return;
    this.checker.recheckShown();
  };

  /** The cards to check now (none when this tab only follows another, or the order is over). */
  follow(cards: CardRecord[]): void {
    this.cards = cards;
    const resolvers = activeResolvers();
    // No look-up at all unless the user allowed DNS checks (and left a resolver to ask).
    if (cards.length && resolvers.length) this.checker.update(cards, resolvers);
    else this.checker.stop();
  }

  get(card: CardRecord): CardCheck | undefined {
    const probe = this.probes.get(card.authzUrl);
    const auto = this.checker.get(card.authzUrl);
    if (probe && card.choice === 'http-01') return { ...probe, details: [...probe.details, ...(auto && auto.state !== 'pass' ? [auto.headline] : [])] };
    return auto;
  }

  checkNow(card: CardRecord): void {
    this.probes.delete(card.authzUrl);
    this.checker.checkNow(card.authzUrl);
  }

  /** Fetch the HTTP-01 file from this page (only when the user asks: it contacts their site). */
  async probe(card: CardRecord): Promise<void> {
    if (!card.http01) return;
    this.probes.set(card.authzUrl, { state: 'checking', headline: msg('Fetching the file…'), details: [], hints: [] });
    this.host.requestUpdate();
    this.probes.set(card.authzUrl, await probeHttp01(card.http01, globalThis.location?.protocol ?? 'https:'));
    this.host.requestUpdate();
  }
}
