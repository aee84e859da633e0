// How components follow the flow: a lit ReactiveController per source, so a component re-renders when its source
// changes and stops listening when it leaves the page.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { msg } from '@lit/localize';
import { onChange } from '../flow/changes.ts';
import type { ProblemInfo } from '../flow/outcome.ts';

/** Something with a current value and change notifications (the issuance flow, a setting). */
export interface Source<T> {
  get(): T;
  subscribe(listener: (value: T) => void): () => void;
}

export class Follow<T> implements ReactiveController {
  value: T;
  private stop: (() => void) | undefined;

  constructor(private readonly host: ReactiveControllerHost, private readonly source: Source<T>) {
    this.value = source.get();
    host.addController(this);
  }

  hostConnected(): void {
    this.value = this.source.get();
    this.stop = this.source.subscribe((v) => {
      this.value = v;
      this.host.requestUpdate();
    });
  }

  hostDisconnected(): void {
    this.stop?.();
  }
}

/**
 * A list read from the store: loaded when the component connects and again whenever stored records change (in this
 * tab or another). The new list replaces the old one only once it is read, so what is shown is always whole.
 */
export class StoredList<T> implements ReactiveController {
  value: T | undefined;
  problem: ProblemInfo | undefined;
  private stop: (() => void) | undefined;
  private reading = 0;

  constructor(private readonly host: ReactiveControllerHost, private readonly read: () => Promise<T>) {
    host.addController(this);
  }

  hostConnected(): void {
    this.stop = onChange((c) => { if (c.kind === 'records') void this.reload(); });
    void this.reload();
  }

  hostDisconnected(): void {
    this.stop?.();
  }

  /** Read again; resolves once the newest read is shown. */
  async reload(): Promise<void> {
    const n = ++this.reading;
    try {
      const value = await this.read();
      if (n !== this.reading) return;
      this.value = value;
      this.problem = undefined;
    } catch (err) {
      if (n !== this.reading) return;
      const { toProblem } = await import('../flow/problems.ts').catch(() => ({ toProblem: undefined }));
      this.problem = toProblem ? toProblem(err) : { what: msg('The stored list could not be read.'), next: msg('Reload the page.') };
    }
    this.host.requestUpdate();
    await this.host.updateComplete;
  }
}
