/** A per-user sliding window: at most `limit` events in any `windowMs`. */
export class RateLimiter {
  private readonly events = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Records an event for `key` at `nowMs` if allowed; otherwise says how long until one is. */
  take(key: string, nowMs: number): { ok: true } | { ok: false; retryInMs: number } {
    const recent = (this.events.get(key) ?? []).filter((t) => nowMs - t < this.windowMs);
    if (recent.length >= this.limit) {
      this.events.set(key, recent);
      return { ok: false, retryInMs: this.windowMs - (nowMs - recent[0]!) };
    }
    recent.push(nowMs);
    this.events.set(key, recent);
    if (this.events.size > 10_000) this.prune(nowMs);
    return { ok: true };
  }

  private prune(nowMs: number): void {
    for (const [key, times] of this.events) if (times.every((t) => nowMs - t >= this.windowMs)) this.events.delete(key);
  }
}
