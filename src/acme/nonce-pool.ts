// Nonces (RFC 8555 §7.2): every response's Replay-Nonce is kept; newNonce is asked only when the pool is empty.

const NONCE = /^[A-Za-z0-9_-]+$/;
const MAX_KEPT = 16;

export class NoncePool {
  private readonly nonces: string[] = [];

  constructor(private readonly fetchNew: () => Promise<string>) {}

  /** Keep the Replay-Nonce of a response; invalid values are ignored as the RFC says. */
  add(nonce: string | null): void {
    if (!nonce || !NONCE.test(nonce)) return;
    this.nonces.push(nonce);
    if (this.nonces.length > MAX_KEPT) this.nonces.shift();
  }

  /** The freshest kept nonce, or a new one from the CA. */
  async take(): Promise<string> {
    return this.nonces.pop() ?? this.fetchNew();
  }

  get size(): number {
    return this.nonces.length;
  }
}
