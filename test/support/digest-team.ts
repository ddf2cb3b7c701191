import { expect } from 'vitest';
import { runDigests } from '../../src/digest/job.js';
import { blockKitProblems } from '../../src/views/block-kit.js';
import { allText, isChartPost } from './blocks.js';
import { startTestBot, type TestBot } from './test-bot.js';

export const ADMIN = 'U0ADMIN';
export const MANAGER = 'U0MGR';

/** A bot with `reps` (all in UTC) assigned to MANAGER by ADMIN, rep notes off: the digest tests' team. */
export interface DigestTeam {
  t: TestBot;
  /** Logs `line` as `user` at `iso` and checks it was logged. */
  at: (iso: string, user: string, line: string) => Promise<void>;
  /** Runs the scheduled digest at `iso` and gives the text of MANAGER's one digest (the team chart aside), after checking its Block Kit. */
  digestAt: (iso: string) => Promise<string>;
}

export async function digestTeam(now: string, reps: readonly string[]): Promise<DigestTeam> {
  const t = await startTestBot({ now, env: { ADMIN_USER_IDS: ADMIN } });
  for (const id of [ADMIN, MANAGER, ...reps]) t.slack.users.set(id, { tz: 'UTC' });
  await t.command('/points-admin', `assign ${reps.map((r) => `<@${r}>`).join(' ')} to <@${MANAGER}>`, { user_id: ADMIN });
  await t.command('/points-admin', 'digest rep-notes off', { user_id: ADMIN });
  return {
    t,
    at: async (iso, user, line) => {
      t.clock.set(iso);
      expect(allText((await t.command('/log', line, { user_id: user })).json)).toContain('Logged');
    },
    digestAt: async (iso) => {
      t.clock.set(iso);
      await runDigests(t.bot.digestDeps, { mode: 'scheduled' });
      const posts = t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === MANAGER && !isChartPost(c));
      expect(posts).toHaveLength(1);
      expect(blockKitProblems(posts[0]!.args, 'message')).toEqual([]);
      return allText(posts[0]!.args);
    },
  };
}
