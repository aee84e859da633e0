// Nonces (RFC 8555 §7.2): every response's Replay-Nonce is kept, and newNonce is asked only when the pool is
// empty and no request is in flight. A request that finds the pool empty while another is on its way waits
// for that one's nonce instead, so parallel calls cost no extra round trip to newNonce.

const NONCE = /^[A-Za-z0-9_-]+$/;
const MAX_KEPT = 16;

type Waiter = (nonce: string | undefined) => void;

export class NoncePool {
  private readonly nonces: string[] = [];
  private readonly waiters: Waiter[] = [];
  private inFlight = 0;

  constructor(private readonly fetchNew: () => Promise<string>) {}

  /** Keep the Replay-Nonce of a response; invalid values are ignored as the RFC says. */
  add(nonce: string | null): void {
    if (!nonce || !NONCE.test(nonce)) return;
    const waiter = this.waiters.shift();
    if (waiter) return waiter(nonce);
    this.nonces.push(nonce);
    if (this.nonces.length > MAX_KEPT) this.nonces.shift();
  }

  /**
   * A nonce for one signed request. Every take() must be followed by one end() once that request is answered
   * (or failed), since until then the pool counts on its response bringing a nonce back.
   */
  async take(): Promise<string> {
    const kept = this.nonces.pop();
    const others = this.inFlight - this.waiters.length; // requests underway that will bring a nonce back
    this.inFlight += 1;
    if (kept) return kept;
    if (others > this.waiters.length) {
      const next = await new Promise<string | undefined>((resolve) => this.waiters.push(resolve));
      if (next) return next;
    }
    try {
      return await this.fetchNew();
    } catch (err) {
      this.end(null);
      throw err;
    }
  }

  /** The request made with a taken nonce was answered; `nonce` is its Replay-Nonce, if any. */
  end(nonce: string | null): void {
    this.inFlight -= 1;
    this.add(nonce);
    // Waiters that no request still underway can serve ask the CA themselves.
    while (this.waiters.length > this.inFlight - this.waiters.length) this.waiters.shift()?.(undefined);
  }

  get size(): number {
    return this.nonces.length;
  }
}
