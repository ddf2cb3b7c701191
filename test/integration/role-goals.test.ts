import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { settingsByWeek } from '../../src/db/schema.js';
import { blockKitProblems } from '../../src/views/block-kit.js';
import { allText } from '../support/blocks.js';
import { databaseMigratedBefore } from '../support/migrations.js';
import { changeGoals } from '../support/programme.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const ADMIN = 'U0ADMIN';
const MANAGER = 'U0MGR1';
/** AE in onboarding week 2 in the week of 16 Nov 2026. */
const ANA = 'U0ANA';
/** AE in week 3. */
const BEN = 'U0BEN';
/** AE in week 40: past the ramp. */
const CARL = 'U0CARL';
/** SDR in week 3. */
const SARA = 'U0SARA';
/** AE with no start date. */
const DAN = 'U0DAN';

const APPLY = 'admin_goal_apply_button';
const CANCEL = 'admin_goal_cancel_button';

/** The role goals the database holds, as [from week, key, value, who]. */
const goalRows = (t: TestBot) =>
  t.db
    .select()
    .from(settingsByWeek)
    .all()
    .filter((r) => r.key.startsWith('goal_') && r.changedBy !== null)
    .map((r) => [r.weekStart, r.key, r.value, r.changedBy])
    .sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`));

describe('goals per role: a ramp, an established goal, dated changes previewed before they apply', () => {
  let t: TestBot;
  beforeEach(async () => {
    // Wednesday 18 Nov 2026.
    t = await startTestBot({ now: '2026-11-18T15:00:00Z', env: { ADMIN_USER_IDS: ADMIN } });
    for (const id of [ADMIN, MANAGER, ANA, BEN, CARL, SARA, DAN, 'U0OTHER']) t.slack.users.set(id, { tz: 'UTC' });
  });
  afterEach(async () => t.close());

  const say = async (command: string, text: string, user: string) => {
    const res = await t.command(command, text, { user_id: user });
    expect(res.status).toBe(200);
    expect(blockKitProblems(res.json, 'message')).toEqual([]);
    return { text: allText(res.json), json: res.json as { blocks?: Array<{ elements?: Array<{ action_id: string; value: string }> }> } };
  };
  const admin = async (text: string) => (await say('/points-admin', text, ADMIN)).text;
  /** The rep's own line (not the "At goal: …" summary that names them too). */
  /** A rep's own row: in a team view the one with their status, elsewhere the first line naming them. */
  const lineOf = (text: string, id: string) => {
    const lines = text.split('\n').filter((l) => l.includes(`<@${id}> `));
    return lines.find((l) => /^:[a-z_]+: <@/.test(l)) ?? lines.find((l) => !l.startsWith('At goal') && !l.includes('not judged')) ?? '';
  };
  const team = async () => (await say('/points', 'team', MANAGER)).text;

  /** Everyone on the manager's team; 250 pts each. */
  async function roster() {
    await admin(`assign <@${ANA}> <@${BEN}> <@${CARL}> <@${SARA}> <@${DAN}> to <@${MANAGER}>`);
    await admin(`start <@${ANA}> 2026-11-09`);
    await admin(`start <@${BEN}> <@${SARA}> 2026-11-02`);
    await admin(`start <@${CARL}> 2026-02-16`);
    await admin(`role <@${SARA}> SDR`);
    // Self-led demos are AE activities; the SDR books meetings (10 pts each in the SDR table).
    for (const rep of [ANA, BEN, CARL, DAN]) await say('/log', '10 demo self-led', rep);
    await say('/log', '25 meetings booked', SARA);
  }

  /** Sends a goal command, returns the preview's text and its Apply button's value. */
  async function preview(text: string) {
    const answer = await say('/points-admin', text, ADMIN);
    const buttons = answer.json.blocks?.flatMap((b) => b.elements ?? []) ?? [];
    const apply = buttons.find((b) => b.action_id === APPLY);
    return { text: answer.text, value: apply?.value ?? '' };
  }
  let clicks = 0;
  async function click(actionId: string, value: string, userId = ADMIN) {
    const id = `g${++clicks}`;
    await t.click({ actionId, value, userId, responseUrl: t.slack.responseUrl(id) });
    await t.slack.waitFor((c) => c.some((x) => x.method === `response:${id}`));
    return allText(t.slack.callsTo(`response:${id}`)[0]!.args);
  }

  it('judges each rep by their role and onboarding week: week 2 no goal, week 3 and week 40 the AE 500, an SDR the SDR 300', async () => {
    await roster();
    const now = await team();
    expect(lineOf(now, ANA)).toContain('(no goal this week)');
    expect(lineOf(now, ANA)).toContain('wk 2');
    expect(lineOf(now, BEN)).toContain('*250 / 500*');
    expect(lineOf(now, CARL)).toContain('*250 / 500*');
    expect(lineOf(now, CARL)).toContain('wk 40');
    expect(lineOf(now, SARA)).toContain('*250 / 300*');
    expect((await say('/points', '', CARL)).text).toContain('Week 40: past onboarding.');
    expect((await say('/points', '', ANA)).text).toContain('Onboarding week 2: no weekly goal this week (the goal starts in week 3).');
  });

  it('flags a rep with no start date to the admin and the manager instead of judging them silently', async () => {
    await roster();
    expect(lineOf(await team(), DAN)).toContain('no start date: judged as established');
    expect(lineOf(await admin('team'), DAN)).toContain('no start date (judged as an established rep until it is set)');
  });

  it('shows each role’s goals and the catalogue', async () => {
    const all = await admin('programme');
    expect(all).toContain('*AE* · weeks 1–2 no goal · weeks 3–13 *500 pts* · after week 13 *500 pts* (the ramp’s last goal)');
    expect(all).toContain('*SDR* · weeks 1–2 no goal · weeks 3–13 *300 pts* · after week 13 *300 pts* (the ramp’s last goal)');
    expect(all).toContain('*AM* ·');
    expect(all).toContain('Demo, self-led · 25 pts');
    const sdr = await admin('programme sdr');
    expect(sdr).toContain('*SDR* ·');
    expect(sdr).not.toContain('*AE* ·');
  });

  it('previews a change, names whom it would judge differently this week and last, and saves nothing until Apply', async () => {
    await roster();
    const p = await preview('goal SDR 200 weeks 3-13');
    expect(p.text).toContain('Preview: SDR goals from this week on.* Nothing is saved until you press Apply.');
    expect(p.text).toContain('New: weeks 1–2 no goal · weeks 3–13 *200 pts* · after week 13 *200 pts*');
    expect(p.text).toContain(`• <@${SARA}> would reach the goal (250 of 200 pts, was 300 pts)`);
    expect(p.text).toContain('SDR reps at goal: 0 of 1 as judged, 1 of 1 with the change.');
    expect(p.text).toContain('*Last week* (week of 9 Nov): no one’s standing would change.');
    expect(goalRows(t)).toEqual([]);
    expect(lineOf(await team(), SARA)).toContain('*250 / 300*');

    expect(await click(APPLY, p.value, 'U0OTHER')).toContain('is for the bot’s admins');
    expect(await click(CANCEL, p.value)).toContain('Cancelled. The SDR goals did not change.');
    expect(goalRows(t)).toEqual([]);

    expect(await click(APPLY, p.value)).toContain('SDR goals from the week of 16 Nov: weeks 1–2 no goal · weeks 3–13 *200 pts*');
    expect(goalRows(t)).toEqual([
      ['2026-11-16', 'goal_established:SDR', 'ramp', ADMIN],
      ['2026-11-16', 'goal_ramp:SDR', '[{"from":3,"to":13,"goal":200}]', ADMIN],
    ]);
    expect(lineOf(await team(), SARA)).toContain('*250 / 200*');
    expect(await click(APPLY, p.value)).toContain('These SDR goals are already in force from the week of 16 Nov. Nothing changed.');
    expect(await admin('programme SDR')).toContain(`set by <@${ADMIN}> on 2026-11-18, from the week of 16 Nov`);
  });

  it('a ramp in steps and an established goal from next week leave this week’s judgement untouched', async () => {
    await roster();
    const steps = await preview('goal AE 200 weeks 3-6');
    expect(steps.text).toContain('New: weeks 1–2 no goal · weeks 3–6 *200 pts* · weeks 7–13 *500 pts* · after week 13 *500 pts*');
    expect(steps.text).toContain(`• <@${BEN}> would reach the goal (250 of 200 pts, was 500 pts)`);

    const later = await preview('goal AE 250 established from 2026-11-25');
    expect(later.text).toContain('Preview: AE goals from the week of 23 Nov on.*');
    expect(later.text).toContain(`• <@${CARL}> would reach the goal (250 of 250 pts, was 500 pts)`);
    expect(later.text).toContain('This week keeps its goals; the change judges the week of 23 Nov and later.');
    await click(APPLY, later.value);
    expect(lineOf(await team(), CARL)).toContain('*250 / 500*');
    expect(lineOf(await team(), BEN)).toContain('*250 / 500*');

    t.clock.set('2026-11-25T15:00:00Z');
    await say('/log', '10 demo self-led', CARL);
    expect(lineOf(await team(), CARL)).toContain('*250 / 250*');
    expect(lineOf((await say('/points', 'team last week', MANAGER)).text, CARL)).toContain('*250 / 500*');

    const none = await preview('goal AE established none');
    expect(none.text).toContain(`• <@${CARL}> would no longer be judged (250 of 250 pts)`);
    await click(APPLY, none.value);
    expect(lineOf(await team(), CARL)).toContain('(no goal this week)');
  });

  it('keeps `goal 500` and `window 3-13` working on the AE ramp, previewed the same way', async () => {
    await roster();
    const goal = await preview('goal 200');
    expect(goal.text).toContain('Preview: AE goals');
    expect(goal.text).toContain('New: weeks 1–2 no goal · weeks 3–13 *200 pts*');
    const window = await preview('window 2-13');
    expect(window.text).toContain('New: week 1 no goal · weeks 2–13 *500 pts*');
    expect(window.text).toContain(`<@${ANA}> would be judged (week 2) and would miss it (250 of 500 pts)`);
  });

  it('adds a role, gives it goals, and refuses unknown roles and bad weeks with a clear answer', async () => {
    await roster();
    expect(await admin('role add csm')).toContain('Role *CSM* added. It has no goal until you set one');
    expect(await admin('roles')).toContain('AE, AM, SDR, CSM');
    expect(await admin(`role <@${DAN}> CSM`)).toContain('Role set to CSM.');
    expect(lineOf(await team(), DAN)).toContain('(no goal this week)');
    expect(await admin('programme CSM')).toContain('*CSM* · every week no goal');
    const p = await preview('goal CSM 100 weeks 1-52');
    expect(p.text).toContain('New: weeks 1–52 *100 pts* · after week 52 *100 pts*');
    expect(p.text).toContain(`<@${DAN}> would be judged`);

    for (const [text, message] of [
      ['goal XYZ 300 weeks 3-13', 'There is no role XYZ.'],
      [`role <@${DAN}> XYZ`, 'There is no role XYZ.'],
      ['goal SDR 300 weeks 0-200', 'Onboarding weeks run from 1 to 104'],
      ['goal SDR lots weeks 3-13', 'A goal is a whole number of points'],
      ['role add c', "isn't a role name"],
      ['goal SDR 300 weeks 3-13 from 2026-11-02', 'The week of 2 Nov is over'],
    ]) {
      const answer = await admin(text!);
      expect(answer).toContain(message);
      expect(answer).toContain('Nothing changed.');
    }
    expect(goalRows(t)).toEqual([]);
  });
});

describe('a ramp’s length', () => {
  it('refuses a change that would make a ramp of more than 12 steps, and saves nothing', async () => {
    const t = await startTestBot({ now: '2026-11-18T15:00:00Z', env: { ADMIN_USER_IDS: ADMIN } });
    try {
      t.slack.users.set(ADMIN, { tz: 'UTC' });
      // Weeks 1–11 at alternating goals, weeks 12–13 still 500: twelve steps.
      for (let week = 1; week <= 11; week += 1)
        expect((await changeGoals(t, `goal AE ${week % 2 ? 100 : 200} weeks ${week}-${week}`, ADMIN)).applied).toContain('AE goals');
      const before = goalRows(t);
      const refused = allText((await t.command('/points-admin', 'goal AE 200 weeks 12-12', { user_id: ADMIN })).json);
      expect(refused).toContain('A ramp has at most 12 steps');
      expect(refused).toContain('Nothing changed.');
      expect(goalRows(t)).toEqual(before);
    } finally {
      await t.close();
    }
  });
});

describe('the migration that gives each role its goals', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'points-roles-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('makes the goal and window an installation had the AE ramp, and keeps past weeks as they were judged', () => {
    const file = path.join(dir, 'points.db');
    const old = databaseMigratedBefore(dir, file, '_role_goals');
    old.exec(
      `INSERT OR REPLACE INTO settings_by_week (week_start, key, value) VALUES ('0001-01-01', 'weekly_goal', '600'), ('2026-01-05', 'goal_first_week', '2')`,
    );
    old.exec(`INSERT INTO users (id, created_at, on_roster, role) VALUES ('U1', 0, 1, 'SDR')`);
    old.exec(
      `INSERT INTO entries (user_id, activity_key, count, unit_points, points, day, week_start, batch_id, source, logged_at) VALUES ('U1', 'demo_self', 1, 25, 25, '2026-01-07', '2026-01-05', 'b1', 'command', 0)`,
    );
    old.close();

    const db = openDatabase(file);
    try {
      const rows = db.$client
        .prepare(`SELECT week_start, key, value FROM settings_by_week WHERE week_start < '2026-06-01' ORDER BY week_start, key`)
        .raw()
        .all();
      expect(rows).toEqual([
        ['0001-01-01', 'goal_established:AE', 'none'],
        ['0001-01-01', 'goal_established:AM', 'none'],
        ['0001-01-01', 'goal_established:SDR', 'none'],
        ['0001-01-01', 'goal_ramp:AE', '[{"from":3,"to":13,"goal":600}]'],
        ['0001-01-01', 'goal_ramp:AM', '[{"from":3,"to":13,"goal":600}]'],
        ['0001-01-01', 'goal_ramp:SDR', '[{"from":3,"to":13,"goal":600}]'],
        ['2026-01-05', 'goal_ramp:AE', '[{"from":2,"to":13,"goal":600}]'],
        ['2026-01-05', 'goal_ramp:AM', '[{"from":2,"to":13,"goal":600}]'],
        ['2026-01-05', 'goal_ramp:SDR', '[{"from":2,"to":13,"goal":600}]'],
      ]);
      expect(
        db.$client.prepare(`SELECT count(*) FROM settings_by_week WHERE key IN ('weekly_goal', 'goal_first_week')`).pluck().get(),
      ).toBe(0);
      expect(db.$client.prepare('SELECT role FROM users').pluck().all()).toEqual(['SDR']);
      expect(db.$client.prepare('SELECT name FROM roles ORDER BY name').pluck().all()).toEqual(['AE', 'AM', 'SDR']);
    } finally {
      db.$client.close();
    }
  });
});
