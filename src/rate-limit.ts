/** A per-user sliding window: at most `limit` events in any `windowMs`. */
export class RateLimiter {
  private readonly events = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Records an event for `key` at `nowMs` if allowed; otherwise says how long until one is. */
  take(key: string, nowMs: number): { ok: true } | { ok: false; retryInMs: number } {
    let recent = this.events.get(key);
    if (!recent) this.events.set(key, (recent = []));
    // Oldest first: what fell out of the window is at the front, dropped in place.
    let expired = 0;
    while (expired < recent.length && nowMs - recent[expired]! >= this.windowMs) expired += 1;
    if (expired > 0) recent.splice(0, expired);
    if (recent.length >= this.limit) return { ok: false, retryInMs: this.windowMs - (nowMs - recent[0]!) };
    recent.push(nowMs);
    if (this.events.size > 10_000) this.prune(nowMs);
    return { ok: true };
  }

  private prune(nowMs: number): void {
    for (const [key, times] of this.events) if (times.every((t) => nowMs - t >= this.windowMs)) this.events.delete(key);
  }
}
