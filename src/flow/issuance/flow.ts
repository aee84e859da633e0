// What the page holds of the issuance on its first load: the latest snapshot, its subscribers, and a way to send
// events. The machine, its driver and the ACME code load on first use (a stored issuance to resume, or Create order),
// so the setup form shows without them.
import { loadProblem } from '../outcome.ts';
import { repo } from '../repo.ts';
import { CURRENT } from './current.ts';
import type { IssuanceDriver } from './driver.ts';
import type { IssuanceEvent, IssuanceState } from './machine.ts';

export type { IssuanceEvent, IssuanceState, OrderInput, AccountChoice, Stage, Step } from './machine.ts';

const FIRST: IssuanceState = Object.freeze({ stage: 'setup', role: 'driver', unsaved: false, sent: [], fresh: false, finalizeTries: 0, issued: [] });

export class IssuanceFlow {
  private current: IssuanceState = FIRST;
  private driver: Promise<IssuanceDriver> | undefined;
  private readonly listeners = new Set<(state: IssuanceState) => void>();
  /** False until init has looked for an issuance a reload left (the form shows meanwhile). */
  settled = false;

  get state(): IssuanceState {
    return this.current;
  }

  /** Called with every new snapshot; returns the unsubscribe function. */
  subscribe(listener: (state: IssuanceState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private publish(state: IssuanceState): void {
    this.current = state;
    for (const l of this.listeners) l(state);
  }

  private load(): Promise<IssuanceDriver> {
    this.driver ??= import('./driver.ts').then((m) => new m.IssuanceDriver((s) => this.publish(s)));
    this.driver.catch(() => { this.driver = undefined; });
    return this.driver;
  }

  send(event: IssuanceEvent): void {
    this.load().then((d) => d.send(event), (err: unknown) => this.publish({ ...this.current, problem: loadProblem(err) }));
  }

  /** Carry on with the issuance a reload left, if there is one (nothing else is loaded otherwise). */
  async init(): Promise<void> {
    try {
      const id = await repo().then((r) => r.getSetting<string>(CURRENT)).catch(() => undefined);
      if (id) await (await this.load()).resume();
    } catch (err) {
      this.current = { ...this.current, problem: loadProblem(err) };
    } finally {
      this.settled = true;
      this.publish(this.current);
    }
  }
}
