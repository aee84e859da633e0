// A modest pace towards one CA: at most `perSecond` requests a second on average, bursts of at most `burst`. Public
// CAs limit requests per client per second and answer bursts with 503 or 429; an order for many names would
// otherwise read every authorization at once.
export class RateLimiter {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly perSecond: number, private readonly burst = perSecond, private readonly now: () => number = Date.now) {
    this.tokens = burst;
    this.last = now();
  }

  /** Resolves when one more request may go. Callers are served in order. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.wait());
    this.queue = turn.catch(() => {});
    return turn;
  }

  private async wait(): Promise<void> {
    for (;;) {
      const t = this.now();
      this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond);
      this.last = t;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const ms = Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
  }
}
