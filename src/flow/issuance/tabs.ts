// One tab drives an issuance at a time: it holds the Web Lock named after the issuance. Another tab that opens the
// same issuance waits in line for the lock (and gets it when the first tab closes), or takes it over on request;
// the tab that loses the lock is told and follows from then on. Without Web Locks every tab drives (as before).
export interface LockHandlers {
  gained(): void;
  lost(): void;
}

const nameOf = (id: string) => `certpage-issuance-${id}`;
const isAbort = (err: unknown) => err instanceof DOMException && err.name === 'AbortError';

export class TabLock {
  private letGo: (() => void) | undefined;
  private waiting: AbortController | undefined;
  /** Bumped whenever this tab changes its mind, so callbacks of earlier requests are ignored. */
  private generation = 0;

  constructor(private readonly locks: LockManager | undefined = globalThis.navigator?.locks) {}

  /** Try to take the lock now; 'elsewhere' when another tab holds it (this tab then waits in line for it). */
  hold(id: string, on: LockHandlers): Promise<'held' | 'elsewhere'> {
    this.release();
    const locks = this.locks;
    if (!locks) return Promise.resolve('held');
    const gen = ++this.generation;
    return new Promise((resolve) => {
      locks.request(nameOf(id), { ifAvailable: true }, (lock) => {
        if (!lock) {
          resolve('elsewhere');
          if (gen === this.generation) this.wait(id, on, gen);
          return undefined;
        }
        resolve('held');
        return this.keep(gen);
      }).catch((err: unknown) => this.onEnd(err, id, on, gen));
    });
  }

  /** Take the lock from the tab that holds it (it is told it lost it). */
  steal(id: string, on: LockHandlers): void {
    this.release();
    const locks = this.locks;
    if (!locks) return on.gained();
    const gen = ++this.generation;
    locks.request(nameOf(id), { steal: true }, () => {
      if (gen === this.generation) on.gained();
      return this.keep(gen);
    }).catch((err: unknown) => this.onEnd(err, id, on, gen));
  }

  /** Let go of the lock (and of the place in line). */
  release(): void {
    this.generation++;
    this.letGo?.();
    this.letGo = undefined;
    this.waiting?.abort();
    this.waiting = undefined;
  }

  private wait(id: string, on: LockHandlers, gen: number): void {
    const locks = this.locks;
    if (!locks) return;
    const waiting = new AbortController();
    this.waiting = waiting;
    locks.request(nameOf(id), { signal: waiting.signal }, () => {
      if (gen !== this.generation) return undefined;
      this.waiting = undefined;
      on.gained();
      return this.keep(gen);
    }).catch((err: unknown) => this.onEnd(err, id, on, gen));
  }

  /** The lock is held until release() (or until another tab steals it). */
  private keep(gen: number): Promise<void> {
    return new Promise<void>((resolve) => {
      if (gen !== this.generation) return resolve();
      this.letGo = resolve;
    });
  }

  /** A request ended with an error: stolen by another tab (then wait in line again), or given up here. */
  private onEnd(err: unknown, id: string, on: LockHandlers, gen: number): void {
    if (gen !== this.generation || !isAbort(err)) return;
    this.letGo = undefined;
    on.lost();
    this.wait(id, on, gen);
  }
}
