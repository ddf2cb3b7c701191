import { performance } from 'node:perf_hooks';

/**
 * How fast the Friday delivery may post. Slack allows about one message a second per channel
 * and a workspace-wide rate it does not publish, signalled by HTTP 429 with `Retry-After`: the
 * delivery starts at a safe rate and finds the workspace's by adapting to Slack's answers.
 */
export interface PaceSettings {
  /** Messages a second at the start of each run: safe on any workspace. */
  startPerSecond: number;
  /**
   * Added to the rate (messages a second) for each message Slack accepts, up to nine tenths of
   * the rate the last 429 came at; beyond that a twentieth of it, probing gently.
   */
  stepPerSecond: number;
  /** Never faster than this, whatever Slack accepts. */
  maxPerSecond: number;
  /** The least time between two messages to one DM (Slack: one a second per channel). */
  channelGapMs: number;
  /** Recipients handled at once; their posts still queue for the workspace's rate. */
  concurrency: number;
  /**
   * The delivery's clock runs this many times faster: rates multiply and pauses (including a
   * `Retry-After`) divide by it. 1 against Slack; tests and the benchmark run against a
   * stand-in whose limits are scaled the same way.
   */
  timeScale: number;
}

export const DEFAULT_PACE: PaceSettings = {
  startPerSecond: 1,
  stepPerSecond: 0.5,
  maxPerSecond: 50,
  channelGapMs: 1000,
  concurrency: 32,
  timeScale: 1,
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * The workspace's posting rate for one delivery run, shared by every recipient: additive
 * increase while Slack accepts, halved with the whole workspace paused for `Retry-After` on any
 * 429. Posts are let through one at a time, in the order they asked (a manager's digest asks
 * before their team's notes), on a timeline of slots one interval apart. A timer that fires late
 * (a busy event loop) may catch up by at most one slot, so lateness neither costs throughput
 * nor releases a burst.
 */
export class WorkspacePace {
  private rate: number;
  /** The slot the last post was let through on. */
  private lastSlot = -Infinity;
  private pausedUntil = 0;
  private readonly waiting: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  /** When each DM last had a message answered, on this clock. */
  private readonly channelLast = new Map<string, number>();
  /** The rate the last 429 came at: near it the rate rises slowly (see `stepPerSecond`). */
  private ceiling = Infinity;
  /** 429s Slack answered this run. */
  rateLimited = 0;

  constructor(private readonly settings: PaceSettings) {
    this.rate = settings.startPerSecond * settings.timeScale;
  }

  /** The current rate, in messages a second of Slack's clock. */
  get perSecond(): number {
    return this.rate / this.settings.timeScale;
  }

  /**
   * Waits until a message may be posted to `channel`: its DM's last message at least the
   * channel gap ago, the workspace not paused, and its turn at the workspace's rate.
   */
  async turn(channel: string): Promise<void> {
    const gap = this.settings.channelGapMs / this.settings.timeScale;
    const last = this.channelLast.get(channel);
    if (last !== undefined) await sleep(last + gap - performance.now());
    await new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  /**
   * Slack accepted a message to `channel`: its DM's clock restarts, and the rate rises a step if
   * posts are queuing for it. While the senders are slower than the rate (building messages,
   * a busy machine), Slack's acceptance says nothing about a faster rate, and a rate raised
   * then would come out later as a burst.
   */
  accepted(channel: string): void {
    this.channelLast.set(channel, performance.now());
    if (this.waiting.length === 0) return;
    const max = this.settings.maxPerSecond * this.settings.timeScale;
    const step = this.settings.stepPerSecond * this.settings.timeScale;
    this.rate = Math.min(max, this.rate + (this.rate < 0.9 * this.ceiling ? step : step / 20));
  }

  /**
   * Slack answered 429: the whole workspace waits `Retry-After`, and the rate halves, once per
   * pause: the posts already on their way when the first 429 came are answered 429 too, and
   * are the same overshoot.
   */
  limited(channel: string, retryAfterSeconds: number): void {
    this.rateLimited += 1;
    const now = performance.now();
    this.channelLast.set(channel, now);
    if (now >= this.pausedUntil) {
      const min = this.settings.startPerSecond * this.settings.timeScale;
      this.ceiling = this.rate;
      this.rate = Math.max(min / 2, this.rate / 2);
    }
    this.pausedUntil = Math.max(this.pausedUntil, now + (Math.max(1, retryAfterSeconds) * 1000) / this.settings.timeScale);
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.schedule();
  }

  /** A message to `channel` got an answer other than a 429 or an acceptance: its DM's clock restarts. */
  answered(channel: string): void {
    this.channelLast.set(channel, performance.now());
  }

  private schedule(): void {
    if (this.timer || this.waiting.length === 0) return;
    const now = performance.now();
    const interval = 1000 / this.rate;
    const at = Math.max(this.pausedUntil, this.lastSlot + interval);
    if (at <= now) {
      this.grant(Math.max(at, now - interval));
      return;
    }
    // The grant waits for this turn's I/O (setImmediate runs after it): a 429 that arrived while
    // the timer was due is read before another post is let through.
    this.timer = setTimeout(() => {
      setImmediate(() => {
        this.timer = undefined;
        this.schedule();
      });
    }, at - now);
  }

  private grant(slot: number): void {
    const next = this.waiting.shift();
    if (!next) return;
    this.lastSlot = slot;
    next();
    this.schedule();
  }

  /** How long, in ms of this process's clock, a pause of `ms` on Slack's clock lasts. */
  scaled(ms: number): number {
    return ms / this.settings.timeScale;
  }
}
