import { performance } from 'node:perf_hooks';
import type { Logger } from '@slack/bolt';
import { changeCount } from '../db/index.js';
import { findUser } from '../roster/people.js';
import type { Deps } from './deps.js';

/** Users whose Home is kept up to date: those who opened it since the bot started, the most recent first. */
export const HOME_VIEWERS_MAX = 5000;

/**
 * Time between two publishes of the refresh queue: views.publish is Tier 4 (100+ a minute), and
 * an admin's change refreshes every Home at once.
 */
export const PUBLISH_GAP_MS = 700;

export interface HomeRefresherOptions {
  /** How long a Home waits after a change before it is published: changes meanwhile are coalesced. */
  debounceMs: number;
  /** Publishes one user's Home; a failure is the publisher's to log, the queue goes on. */
  publish: (userId: string) => Promise<void>;
  logger: Logger;
  gapMs?: number;
  maxViewers?: number;
}

/**
 * Republishes the App Home of the people a change concerns, debounced per user: the first
 * change schedules a publish `debounceMs` later and the changes before it share that publish,
 * so a Home is published at most once per `debounceMs` for changes. Only users who opened their
 * Home since the bot started are refreshed (a bounded set: the others see a fresh Home when they
 * open it). Publishes go one at a time, `gapMs` apart, under Slack's rate limit.
 */
export class HomeRefresher {
  private readonly viewers = new Map<string, true>();
  /** Users waiting for a publish, with when it is due (performance.now() ms). */
  private readonly due = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private lastPublish = -Infinity;
  private waiters: Array<() => void> = [];
  private stopped = false;
  /** Publishes made by the queue, for tests and the bench. */
  published = 0;

  constructor(private readonly opts: HomeRefresherOptions) {}

  /** Remembers that `userId` looks at their Home: later changes refresh it. */
  viewed(userId: string): void {
    this.viewers.delete(userId);
    this.viewers.set(userId, true);
    for (const id of this.viewers.keys()) {
      if (this.viewers.size <= (this.opts.maxViewers ?? HOME_VIEWERS_MAX)) break;
      this.viewers.delete(id);
      this.due.delete(id);
    }
  }

  /** Whether anyone's Home is kept up to date. */
  get watching(): boolean {
    return this.viewers.size > 0;
  }

  /** Something these users see changed: their Homes are published once the debounce has passed. */
  changed(userIds: Iterable<string | null | undefined>): void {
    if (this.stopped) return;
    const at = performance.now() + this.opts.debounceMs;
    for (const id of userIds) if (id && this.viewers.has(id) && !this.due.has(id)) this.due.set(id, at);
    this.schedule();
  }

  /** Something everyone may see changed (an admin's change): every Home kept up to date is refreshed. */
  changedForAll(): void {
    this.changed([...this.viewers.keys()]);
  }

  /** Resolves once no refresh is waiting or running (tests, and a clean stop). */
  idle(): Promise<void> {
    if (this.due.size === 0 && !this.busy) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Drops what is waiting; a publish under way finishes. */
  stop(): void {
    this.stopped = true;
    this.due.clear();
    clearTimeout(this.timer);
    this.settle();
  }

  private schedule(): void {
    if (this.busy || this.due.size === 0) return this.settle();
    clearTimeout(this.timer);
    const next = Math.min(...this.due.values(), Infinity);
    const wait = Math.max(0, next - performance.now(), this.lastPublish + (this.opts.gapMs ?? PUBLISH_GAP_MS) - performance.now());
    this.timer = setTimeout(() => void this.pump(), wait);
    this.timer.unref();
  }

  private async pump(): Promise<void> {
    const now = performance.now();
    const ready = [...this.due].filter(([, at]) => at <= now).sort((a, b) => a[1] - b[1])[0];
    if (ready) {
      this.due.delete(ready[0]);
      this.busy = true;
      this.lastPublish = now;
      try {
        await this.opts.publish(ready[0]);
        this.published += 1;
      } catch (err) {
        this.opts.logger.error(`the Home of ${ready[0]} was not refreshed`, err);
      } finally {
        this.busy = false;
      }
    }
    this.schedule();
  }

  private settle(): void {
    if (this.due.size > 0 || this.busy) return;
    const waiting = this.waiters;
    this.waiters = [];
    for (const resolve of waiting) resolve();
  }
}

/**
 * Wraps a listener whose request may change what a Home shows: once it has run, the Homes it
 * concerns are refreshed (debounced). 'own': the user's entries changed, so their Home and their
 * manager's; 'everyone': an admin's change (programme, roster, corrections), so every Home kept
 * up to date. Wrapping in the routing table keeps the handlers unaware of the Home.
 */
export function refreshAfter<A extends { body: unknown }>(
  deps: Pick<Deps, 'db' | 'home'>,
  scope: 'own' | 'everyone',
  listener: (args: A) => Promise<unknown>,
): (args: A) => Promise<unknown> {
  return async (args) => {
    // Every Home only when something was written: a refused or read-only admin command (anyone
    // can type one) would otherwise republish every Home kept open, thousands in a large team.
    const before = scope === 'everyone' ? changeCount(deps.db) : 0;
    try {
      return await listener(args);
    } finally {
      const body = args.body as { user_id?: string; user?: { id?: string } };
      const userId = body.user_id ?? body.user?.id;
      // The hot path (/log) pays for the manager's lookup only while someone keeps a Home open.
      if (scope === 'everyone') {
        if (changeCount(deps.db) !== before) deps.home.changedForAll();
      } else if (userId && deps.home.watching) {
        try {
          deps.home.changed([userId, findUser(deps.db, userId)?.managerId]);
        } catch {
          deps.home.changed([userId]);
        }
      }
    }
  };
}
