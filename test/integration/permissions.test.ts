import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entries, users } from '../../src/db/schema.js';
import { allText } from '../support/blocks.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const REP = 'U0REPA'; // the rep whose numbers are at stake, managed by MANAGER
const OTHER_REP = 'U0REPB'; // another manager's rep
const MANAGER = 'U0MGRA';
const OTHER_MANAGER = 'U0MGRB';
const ADMIN = 'U0ADMIN';
const STRANGER = 'U0STRANGE'; // in the workspace, on no roster

const ROLES = {
  rep: REP,
  'another manager’s rep': OTHER_REP,
  manager: MANAGER,
  'another manager': OTHER_MANAGER,
  admin: ADMIN,
  stranger: STRANGER,
} as const;
type Role = keyof typeof ROLES;

/** Each operation, run as a user, says whether it was allowed (and a refused write must change nothing). */
type Operation = (t: TestBot, user: string) => Promise<boolean>;

/** Entries and roster state; a user row that only caches a Slack profile is not a change. */
const snapshot = (t: TestBot) =>
  JSON.stringify([
    t.db.select().from(entries).all(),
    t.db
      .select()
      .from(users)
      .all()
      .filter((u) => u.onRoster || u.grantedAdmin || u.managerId)
      .map((u) => [u.id, u.onRoster, u.managerId, u.role, u.grantedAdmin]),
  ]);

const text = async (t: TestBot, command: string, body: string, user: string) =>
  allText((await t.command(command, body, { user_id: user })).json);

const OPERATIONS: Record<string, [Operation, Role[]]> = {
  'log their own activity': [
    async (t, u) => (await text(t, '/log', '1 calls', u)).includes('Logged'),
    ['rep', 'another manager’s rep', 'manager', 'another manager', 'admin', 'stranger'],
  ],
  'read their own week': [
    async (t, u) => (await text(t, '/points', '', u)).includes('Your week'),
    ['rep', 'another manager’s rep', 'manager', 'another manager', 'admin', 'stranger'],
  ],
  'read the rep’s week': [
    async (t, u) =>
      (await text(t, '/points', `<@${REP}>`, u)).includes('*125 / 500 pts*') ||
      (await text(t, '/points', `<@${REP}>`, u)).includes('Your week'),
    ['rep', 'manager', 'admin'],
  ],
  'read the rep’s team': [
    async (t, u) => (await text(t, '/points', `team <@${MANAGER}>`, u)).includes(`<@${REP}> · AE`),
    ['manager', 'admin'],
  ],
  'read their own team': [
    async (t, u) => (await text(t, '/points', 'team', u)).includes('Furthest behind'),
    ['manager', 'another manager', 'admin'],
  ],
  'list the roster': [async (t, u) => (await text(t, '/points-admin', 'team', u)).includes('*Roster*'), ['admin']],
  'change the roster': [
    async (t, u) => {
      const before = snapshot(t);
      const allowed = (await text(t, '/points-admin', `role <@${OTHER_REP}> SDR`, u)).includes('Role set to SDR');
      if (!allowed) expect(snapshot(t)).toBe(before);
      if (allowed) await text(t, '/points-admin', `role <@${OTHER_REP}> AE`, ADMIN);
      return allowed;
    },
    ['admin'],
  ],
  'undo the rep’s entry with its button': [
    async (t, u) => {
      const before = snapshot(t);
      const batch = t.db
        .select()
        .from(entries)
        .all()
        .find((e) => e.userId === REP && e.activityKey === 'demo_self')!.batchId;
      await t.click({ actionId: 'log_undo_button', value: batch, userId: u, responseUrl: t.slack.responseUrl(`undo-${u}`) });
      await t.slack.waitFor((c) => c.some((x) => x.method === `response:undo-${u}`));
      const undone = t.db
        .select()
        .from(entries)
        .all()
        .some((e) => e.batchId === batch && e.undoneAt !== null);
      if (!undone) expect(snapshot(t)).toBe(before);
      return undone;
    },
    ['rep'],
  ],
  'erase a user’s data': [
    async (t, u) => {
      const before = snapshot(t);
      await t.click({
        actionId: 'admin_forget_confirm_button',
        value: OTHER_MANAGER,
        userId: u,
        responseUrl: t.slack.responseUrl(`forget-${u}`),
      });
      await t.slack.waitFor((c) => c.some((x) => x.method === `response:forget-${u}`));
      const erased = !t.db
        .select()
        .from(users)
        .all()
        .some((x) => x.id === OTHER_MANAGER);
      if (!erased) expect(snapshot(t)).toBe(before);
      return erased;
    },
    ['admin'],
  ],
};

describe('who may do what', () => {
  const cases = Object.entries(OPERATIONS).flatMap(([name, [op, allowed]]) =>
    (Object.keys(ROLES) as Role[]).map((role) => [name, role, allowed.includes(role), op] as const),
  );

  describe.each(cases)('%s as %s', (_name, role, allowed, op) => {
    let t: TestBot;
    beforeAll(async () => {
      t = await startTestBot({ env: { ADMIN_USER_IDS: ADMIN } });
      for (const id of Object.values(ROLES)) t.slack.users.set(id, { tz: 'UTC' });
      await t.command('/points-admin', `assign <@${REP}> to <@${MANAGER}>`, { user_id: ADMIN });
      await t.command('/points-admin', `assign <@${OTHER_REP}> to <@${OTHER_MANAGER}>`, { user_id: ADMIN });
      await t.command('/log', '100 calls', { user_id: REP });
      await t.command('/log', 'demo self-led', { user_id: REP });
      await t.command('/log', '40 emails', { user_id: OTHER_REP });
    });
    afterAll(async () => t.close());

    it(allowed ? 'is allowed' : 'is refused', async () => {
      expect(await op(t, ROLES[role])).toBe(allowed);
    });
  });
});
