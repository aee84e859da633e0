// Runs the issuance machine: applies events, runs the effects they ask for, holds the tab's lock, follows other
// tabs, and publishes snapshots. A snapshot goes out only when every write asked for so far has finished, so the
// page never shows what the store does not hold yet (durable before shown). Loaded on first use.
import { announce, onChange } from '../changes.ts';
import { runEffect } from './effects.ts';
import { initialState, transition, type Effect, type IssuanceEvent, type IssuanceState } from './machine.ts';
import { loadCurrent, loadIssuance } from './stored.ts';
import { TabLock } from './tabs.ts';

export type RunEffect = typeof runEffect;

const LONG: ReadonlySet<Effect['type']> = new Set(['watch', 'watchOrder', 'waitOrder']);

export class IssuanceDriver {
  private state: IssuanceState = initialState;
  private readonly lock: TabLock;
  /** Bumped when this tab stops driving what it drove (lock lost, started over): older effects' results are dropped. */
  private epoch = 0;
  /** The running poll (authorizations or order): a newer one replaces it. */
  private watcher: AbortController | undefined;
  /** Writes run one after the other, each with the state as it is when it runs. */
  private writes: Promise<void> = Promise.resolve();
  private pendingWrites = 0;
  private readonly unlisten: () => void;

  constructor(
    private readonly publish: (state: IssuanceState) => void,
    private readonly run: RunEffect = runEffect,
    lock: TabLock = new TabLock(),
  ) {
    this.lock = lock;
    this.unlisten = onChange((change) => {
      const record = this.state.record;
      if (change.kind !== 'issuance' || !record || change.id !== record.id || change.revision <= record.revision) return;
      if (this.state.role === 'driver' && this.state.stage !== 'done' && this.state.stage !== 'failed') return;
      void loadIssuance(change.id).then((found) => {
        if (found) this.send({ type: 'changedElsewhere', record: found.record, ...(found.certificate ? { certificate: found.certificate } : {}) });
      }).catch(() => {});
    });
  }

  get snapshot(): IssuanceState {
    return this.state;
  }

  /** The issuance a reload should show, if any, picked up where it was left. */
  async resume(): Promise<void> {
    const found = await loadCurrent();
    if (found) this.send({ type: 'resumed', ...found });
  }

  send(event: IssuanceEvent): void {
    const before = this.state;
    const { state, effects } = transition(before, event);
    this.state = state;
    const leftDriving = before.role === 'driver' && state.role === 'follower';
    const restarted = (state.stage === 'setup' || state.stage === 'ordering') && before.stage !== state.stage;
    if (leftDriving || restarted) {
      this.epoch++;
      this.watcher?.abort();
      this.watcher = undefined;
    }
    this.tell(event, state);
    const writes = effects.filter((e) => e.type === 'save').length;
    this.pendingWrites += writes;
    if (this.pendingWrites === 0) this.publish(state);
    if (effects.length) void this.runAll(effects, this.epoch);
  }

  /** Other tabs (and this tab's lists) hear about what was stored. */
  private tell(event: IssuanceEvent, state: IssuanceState): void {
    const record = state.record;
    if ((event.type === 'saved' || event.type === 'stored') && record) announce({ kind: 'issuance', id: record.id, revision: record.revision });
    if (event.type === 'stored' || event.type === 'ordered' || (event.type === 'orderFailed' && event.accountId)) announce({ kind: 'records' });
  }

  private async runAll(effects: Effect[], epoch: number): Promise<void> {
    for (const effect of effects) {
      if (epoch !== this.epoch) return this.dropWrites(effects.slice(effects.indexOf(effect)));
      await this.runOne(effect, epoch);
    }
  }

  /** Writes asked for by a batch that was dropped will never run: do not keep the page waiting for them. */
  private dropWrites(rest: Effect[]): void {
    const dropped = rest.filter((e) => e.type === 'save').length;
    if (!dropped) return;
    this.pendingWrites -= dropped;
    if (this.pendingWrites === 0) this.publish(this.state);
  }

  private dispatcher(epoch: number): (e: IssuanceEvent) => void {
    return (e) => { if (epoch === this.epoch) this.send(e); };
  }

  private async runOne(effect: Effect, epoch: number): Promise<void> {
    const dispatch = this.dispatcher(epoch);
    switch (effect.type) {
      case 'lock': {
        const held = await this.lock.hold(effect.id, this.lockHandlers());
        this.send({ type: held === 'held' ? 'lockGained' : 'lockHeldElsewhere' });
        return;
      }
      case 'steal':
        this.lock.steal(effect.id, this.lockHandlers());
        return;
      case 'release':
        this.lock.release();
        return;
      case 'save': {
        const done = this.writes.then(() => this.run(effect, this.state, dispatch, new AbortController().signal));
        this.writes = done.catch(() => {});
        await done.catch(() => {});
        this.pendingWrites = Math.max(0, this.pendingWrites - 1);
        if (this.pendingWrites === 0) this.publish(this.state);
        return;
      }
      default: {
        let signal = new AbortController().signal;
        if (LONG.has(effect.type)) {
          this.watcher?.abort();
          this.watcher = new AbortController();
          signal = this.watcher.signal;
        }
        await this.run(effect, this.state, dispatch, signal);
      }
    }
  }

  private lockHandlers() {
    return {
      gained: () => this.send({ type: 'lockGained' }),
      lost: () => this.send({ type: 'lockLost' }),
    };
  }

  /** The page is going away (tests): stop listening and let go of the lock. */
  dispose(): void {
    this.unlisten();
    this.lock.release();
    this.watcher?.abort();
  }
}
