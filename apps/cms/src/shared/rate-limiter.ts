/**
 * A fixed-window counter per client key, in memory: each replica counts its
 * own share, so a client spread over n replicas gets up to n times the limit,
 * which still bounds a flood. Keys idle past their window are dropped on the
 * next sweep, so memory follows the number of active clients.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private lastSweep = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a request; answers how many seconds to wait when it is over the limit, else 0. */
  take(key: string): number {
    const now = this.now();
    if (now - this.lastSweep > this.windowMs) this.sweep(now);
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(key, window);
    }
    window.count++;
    return window.count > this.limit ? Math.max(1, Math.ceil((window.resetAt - now) / 1000)) : 0;
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}
