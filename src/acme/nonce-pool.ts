// Nonces (RFC 8555 §7.2): every response's Replay-Nonce is kept, and newNonce is asked only when waiting for the
// nonces of requests already on their way would take longer than asking.
//
// Each signed request that is underway brings one nonce back, so the number of requests in flight stays what it is
// unless newNonce adds one. A request that finds the pool empty waits for a nonce coming back when that comes within
// one round trip (there are fewer waiters than requests underway); otherwise asking newNonce is quicker, and that
// nonce keeps circulating afterwards. So parallel requests widen to `width` at the cost of `width` newNonce requests
// in all (4 for a 100-name order), while two parallel requests cost no newNonce at all.

const NONCE = /^[A-Za-z0-9_-]+$/;
const MAX_KEPT = 16;
/** Default for how many signed requests may be underway at once (each of them costs one newNonce, once). */
export const DEFAULT_WIDTH = 4;

type Waiter = (nonce: string | undefined) => void;

export class NoncePool {
  private readonly nonces: string[] = [];
  /** Requests waiting for a nonce, oldest first. Resolved with a nonce, or undefined: "ask newNonce yourself". */
  private readonly waiters: Waiter[] = [];
  /** Requests holding a nonce (or asking newNonce for one) that have not ended: each normally brings one back. */
  private busy = 0;
  private readonly width: number;

  constructor(private readonly fetchNew: () => Promise<string>, width = DEFAULT_WIDTH) {
    this.width = Number.isFinite(width) && width >= 1 ? Math.floor(width) : DEFAULT_WIDTH;
  }

  /** Keep the Replay-Nonce of a response; invalid values are ignored as the RFC says. */
  add(nonce: string | null): void {
    this.keep(nonce);
    this.pump();
  }

  /**
   * A nonce for one signed request. Every take() must be followed by one end() once that request is answered
   * (or failed), since until then the pool counts on its response bringing a nonce back.
   */
  async take(): Promise<string> {
    const ticket = new Promise<string | undefined>((resolve) => this.waiters.push(resolve));
    this.pump();
    return (await ticket) ?? this.fetch();
  }

  /** The request made with a taken nonce was answered; `nonce` is its Replay-Nonce, if any. */
  end(nonce: string | null): void {
    this.busy -= 1;
    this.keep(nonce);
    this.pump();
  }

  get size(): number {
    return this.nonces.length;
  }

  private keep(nonce: string | null): void {
    if (!nonce || !NONCE.test(nonce)) return;
    this.nonces.push(nonce);
    if (this.nonces.length > MAX_KEPT) this.nonces.shift();
  }

  private pump(): void {
    // The oldest waiters get the nonces we hold (newest first: the least likely to have expired).
    while (this.waiters.length && this.nonces.length) {
      this.busy += 1;
      this.waiters.shift()?.(this.nonces.pop());
    }
    // The newest waiter asks the CA when the requests underway cannot serve every waiter within one round trip
    // (or nothing is underway at all), as long as that keeps within the width.
    while (this.waiters.length && this.busy < this.width && (this.busy === 0 || this.waiters.length > this.busy)) {
      this.busy += 1;
      this.waiters.pop()?.(undefined);
    }
  }

  /** Ask newNonce for a request already counted as busy. */
  private async fetch(): Promise<string> {
    try {
      return await this.fetchNew();
    } catch (err) {
      this.busy -= 1;
      this.pump();
      throw err;
    }
  }
}
