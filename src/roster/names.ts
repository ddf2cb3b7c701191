import type { Logger, webApi } from '@slack/bolt';
import { slackNames } from './people.js';

/** Names kept: every rep and manager of a large installation, a few hundred kB at most. */
const MAX_NAMES = 5000;
/** A name is read again after a day: people rename themselves, rarely. */
const NAME_TTL_MS = 24 * 60 * 60 * 1000;
/** users.info calls one request may make (Tier 4, 100+ a minute): a team of 60 is named at once, a larger one over a few views. */
export const NAME_LOOKUPS_PER_CALL = 80;

/**
 * People's names for the charts, which cannot render a `<@U…>` mention: read from Slack's
 * users.info and kept in memory, bounded in count and age. The bot stores no names (the users
 * table has none), so a restart reads them again. Anyone Slack cannot name is shown by Slack ID.
 */
export class NameCache {
  private readonly kept = new Map<string, { name: string; at: number }>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  /**
   * Each id's name, from memory when fresh, else from Slack: at most NAME_LOOKUPS_PER_CALL lookups,
   * four at a time; the ids past that bound, and those Slack does not know, map to themselves.
   */
  async names(client: webApi.WebClient, ids: readonly string[], logger?: Logger): Promise<Map<string, string>> {
    const at = this.now().getTime();
    const out = new Map<string, string>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const hit = this.kept.get(id);
      if (hit && at - hit.at < NAME_TTL_MS) out.set(id, hit.name);
      else missing.push(id);
    }
    const asked = missing.slice(0, NAME_LOOKUPS_PER_CALL);
    const found = asked.length > 0 ? await slackNames(client, asked, logger) : new Map<string, string>();
    for (const id of missing) {
      const name = found.get(id);
      // A failed or unknown lookup is not kept: the next view asks again.
      if (name) this.keep(id, name, at);
      out.set(id, name ?? id);
    }
    return out;
  }

  private keep(id: string, name: string, at: number): void {
    this.kept.delete(id);
    this.kept.set(id, { name, at });
    // The oldest go first (a Map iterates in insertion order).
    for (const key of this.kept.keys()) {
      if (this.kept.size <= MAX_NAMES) break;
      this.kept.delete(key);
    }
  }
}
