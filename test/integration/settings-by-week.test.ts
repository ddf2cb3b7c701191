import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { settingsByWeek } from '../../src/db/schema.js';
import { allText } from '../support/blocks.js';
import { databaseMigratedBefore } from '../support/migrations.js';
import { changeGoals } from '../support/programme.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const ADMIN = 'U0ADMIN';
const MANAGER = 'U0MGR1';
const ANA = 'U0ANA';
const BEN = 'U0BEN';

/** The goal every installation is seeded with, carried over as the AE ramp in force from the beginning of time. */
const SEEDED = ['0001-01-01', 'goal_ramp:AE', '[{"from":3,"to":13,"goal":500}]'];
/** The AE goals as a change from `week` sets them: the ramp, and after it the ramp's last goal. */
const aeGoals = (week: string, first: number, last: number, goal: number) => [
  [week, 'goal_established:AE', 'ramp'],
  [week, 'goal_ramp:AE', `[{"from":${first},"to":${last},"goal":${goal}}]`],
];

/** The week-judging settings as the database holds them: [from week, key, value], oldest first. */
const history = (t: TestBot) =>
  t.db
    .select()
    .from(settingsByWeek)
    .all()
    .map((r) => [r.weekStart, r.key, r.value])
    .sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`));

describe('settings that judge a week apply from a week on, and past weeks keep theirs', () => {
  let t: TestBot;
  beforeEach(async () => {
    // Wednesday 18 Nov 2026: "last week" in the tests below, once the clock moves on.
    t = await startTestBot({ now: '2026-11-18T15:00:00Z', env: { ADMIN_USER_IDS: ADMIN } });
    for (const id of [ADMIN, MANAGER, ANA, BEN]) t.slack.users.set(id, { tz: 'UTC' });
  });
  afterEach(async () => t.close());

  const say = async (command: string, text: string, user: string) => {
    return allText(await t.answer(command, text, user));
  };
  const admin = (text: string) => say('/points-admin', text, ADMIN);
  const points = (text: string, user: string) => say('/points', text, user);

  /** Ana 320 pts and Ben 100 pts in the week of 16 Nov, both in onboarding week 4. */
  async function lastWeek() {
    await admin(`assign <@${ANA}> <@${BEN}> to <@${MANAGER}>`);
    await admin(`start <@${ANA}> <@${BEN}> 2026-10-26`);
    expect(await say('/log', '12 demo self-led, 20 calls', ANA)).toContain('320');
    expect(await say('/log', '4 demo self-led', BEN)).toContain('100');
    t.clock.set('2026-11-25T15:00:00Z');
  }

  it('a new goal applies from this week: last week keeps “0 of 2 at goal”, and the admin sees whom it changes', async () => {
    await lastWeek();
    expect(await points('team last week', MANAGER)).toContain('*0 of 2* judged reps at goal');
    await say('/log', '12 demo self-led, 20 calls', ANA);

    const { preview, applied } = await changeGoals(t, 'goal 300', ADMIN);
    expect(preview).toContain(`• <@${ANA}> would reach the goal (320 of 300 pts, was 500 pts)`);
    expect(applied).toContain('AE goals from the week of 23 Nov: weeks 1–2 no goal · weeks 3–13 *300 pts*');
    expect(history(t)).toEqual([SEEDED, ...aeGoals('2026-11-23', 3, 13, 300)]);

    const last = await points('team last week', MANAGER);
    expect(last).toContain('*0 of 2* judged reps at goal');
    expect(last).toContain(`<@${ANA}> · AE *320 / 500*`);
    const now = await points('team', MANAGER);
    expect(now).toContain('*1 of 2* judged reps at goal');
    expect(now).toContain(`<@${ANA}> · AE *320 / 300*`);
    expect(await points('last week', ANA)).toContain('*320 / 500 pts*');
    expect(await points('', ANA)).toContain('*320 / 300 pts*');
  });

  it('a goal from a later week, given any day of it, starts on its Monday and leaves this week alone', async () => {
    await lastWeek();
    const { preview, applied } = await changeGoals(t, 'goal 300 from 2026-12-09', ADMIN);
    expect(preview).toContain('This week keeps its goals; the change judges the week of 7 Dec and later.');
    expect(applied).toContain('AE goals from the week of 7 Dec');
    expect(history(t)).toEqual([SEEDED, ...aeGoals('2026-12-07', 3, 13, 300)]);
    expect(await points('team', MANAGER)).toContain(`<@${BEN}> · AE *0 / 500*`);
    t.clock.set('2026-12-09T15:00:00Z');
    expect(await points('team', MANAGER)).toContain(`<@${BEN}> · AE *0 / 300*`);
    expect(await points('team 2026-11-30', MANAGER)).toContain(`<@${BEN}> · AE *0 / 500*`);
  });

  it.each([
    ['goal 300 from 2026-11-16', 'The week of 16 Nov is over'],
    ['goal 300 from 2026-02-30', "2026-02-30 isn't a real date"],
    ['goal 300 from next week', 'Give the week as a date'],
    ['window 5-13 from 2026-11-02', 'The week of 2 Nov is over'],
  ])('refuses %j with a clear answer and changes nothing', async (text, message) => {
    await lastWeek();
    const answer = await admin(text);
    expect(answer).toContain(message);
    expect(answer).toContain('Nothing changed.');
    expect(history(t)).toEqual([SEEDED]);
  });

  it('a new onboarding window judges this week and later only', async () => {
    await admin(`assign <@${ANA}> to <@${MANAGER}>`);
    await admin(`start <@${ANA}> 2026-11-02`);
    await say('/log', '4 demo self-led', ANA);
    t.clock.set('2026-11-25T15:00:00Z');
    const { preview } = await changeGoals(t, 'window 5-13', ADMIN);
    expect(preview).toContain(`• <@${ANA}> would no longer be judged (100 of 500 pts)`);
    expect(history(t)).toEqual([SEEDED, ...aeGoals('2026-11-23', 5, 13, 500)]);
    expect(await points('last week', ANA)).toContain('Onboarding week 3 of 13.');
    expect(await points('', ANA)).toContain('Onboarding week 4: no weekly goal this week (the goal starts in week 5).');
  });

  it('a later change from the same week replaces the earlier one', async () => {
    await changeGoals(t, 'goal 300 from 2026-12-07', ADMIN);
    await changeGoals(t, 'goal 400 from 2026-12-07', ADMIN);
    expect(history(t)).toEqual([SEEDED, ...aeGoals('2026-12-07', 3, 13, 400)]);
  });
});

describe('the migration that dates the settings', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'points-settings-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps the goal and window an installation had, for every week, and the digest schedule where it was', () => {
    const file = path.join(dir, 'points.db');
    const old = databaseMigratedBefore(dir, file, '_settings_by_week');
    const set = old.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)');
    set.run('weekly_goal', '600');
    set.run('goal_first_week', '2');
    set.run('digest_time', '16:30');
    old.close();

    const db = openDatabase(file);
    try {
      // Then made the AE ramp (migration 0014): an installation with no entries yet.
      expect(db.$client.prepare('SELECT week_start, key, value FROM settings_by_week ORDER BY key').raw().all()).toEqual([
        ['0001-01-01', 'goal_ramp:AE', '[{"from":2,"to":13,"goal":600}]'],
      ]);
      expect(db.$client.prepare('SELECT key, value FROM settings').raw().all()).toEqual([['digest_time', '16:30']]);
    } finally {
      db.$client.close();
    }
  });
});

describe('a rep’s onboarding week, in their own time zone, the same in every view', () => {
  const KENJI = 'U0KENJI';
  let t: TestBot;
  beforeEach(async () => {
    // Sunday 29 Nov 18:00 in Los Angeles is already Monday 30 Nov in London and Tokyo.
    t = await startTestBot({ now: '2026-11-30T02:00:00Z', env: { ADMIN_USER_IDS: ADMIN } });
    t.slack.users.set(ADMIN, { tz: 'Europe/London' });
    t.slack.users.set(MANAGER, { tz: 'America/Los_Angeles' });
    t.slack.users.set(ANA, { tz: 'America/Los_Angeles' });
    t.slack.users.set(KENJI, { tz: 'Asia/Tokyo' });
  });
  afterEach(async () => t.close());

  const say = async (command: string, text: string, user: string) => {
    const res = await t.command(command, text, { user_id: user });
    expect(res.status).toBe(200);
    return allText(res.json);
  };
  const lineOf = (text: string, id: string) => text.split('\n').find((l) => l.includes(`<@${id}>`)) ?? '';

  it('the roster, /points team and /points @rep each show the rep’s own week', async () => {
    await say('/points-admin', `assign <@${ANA}> <@${KENJI}> to <@${MANAGER}>`, ADMIN);
    await say('/points-admin', `start <@${ANA}> <@${KENJI}> 2026-09-28`, ADMIN);
    // Ana's Sunday (week 9) and Kenji's Monday (week 10), at the same moment.
    expect(await say('/log', '20 calls', ANA)).toContain('20');
    expect(await say('/log', '3 calls', KENJI)).toContain('3');

    const roster = await say('/points-admin', 'team', ADMIN);
    expect(lineOf(roster, ANA)).toContain('week 9');
    expect(lineOf(roster, KENJI)).toContain('week 10');

    const team = await say('/points', 'team', MANAGER);
    expect(lineOf(team, ANA)).toContain('*20 / 500*');
    expect(lineOf(team, ANA)).toContain('wk 9');
    expect(lineOf(team, KENJI)).toContain('*3 / 500*');
    expect(lineOf(team, KENJI)).toContain('wk 10 (their week of 30 Nov)');

    const kenji = await say('/points', `<@${KENJI}>`, MANAGER);
    expect(kenji).toContain(`<@${KENJI}>'s week · 30 Nov – 6 Dec 2026`);
    expect(kenji).toContain('Onboarding week 10 of 13.');

    // A week named by the manager is that calendar week for everyone.
    const named = await say('/points', 'team last week', MANAGER);
    expect(lineOf(named, KENJI)).toContain('wk 8');
    expect(lineOf(named, KENJI)).not.toContain('their week');
  });
});
