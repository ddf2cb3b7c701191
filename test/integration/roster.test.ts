import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entries } from '../../src/db/schema.js';
import { blockKitProblems } from '../../src/views/block-kit.js';
import { allText } from '../support/blocks.js';
import { rosterRows } from '../support/roster.js';
import { changeGoals } from '../support/programme.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const ADMIN = 'U0ADMIN';
const MANAGER = 'U0MGR1';
const OTHER_MANAGER = 'U0MGR2';
const REP = 'U0REP1';
const REP2 = 'U0REP2';
const OUTSIDER = 'U0REP9';

describe('/points-admin and team views', () => {
  let t: TestBot;
  beforeEach(async () => {
    // Wednesday 18 Nov 2026.
    t = await startTestBot({ now: '2026-11-18T15:00:00Z', env: { ADMIN_USER_IDS: ADMIN } });
    for (const id of [ADMIN, MANAGER, OTHER_MANAGER, REP, REP2, OUTSIDER]) t.slack.users.set(id, { tz: 'UTC' });
  });
  afterEach(async () => t.close());

  const admin = async (text: string, user = ADMIN) => {
    const res = await t.command('/points-admin', text, { user_id: user });
    expect(res.status).toBe(200);
    expect(res.json.response_type).toBe('ephemeral');
    expect(blockKitProblems(res.json, 'message')).toEqual([]);
    return allText(res.json);
  };
  const points = async (text: string, user: string) => {
    const res = await t.command('/points', text, { user_id: user });
    expect(res.status).toBe(200);
    return allText(res.json);
  };
  const roster = () => rosterRows(t.db);

  it('refuses anyone who is not an admin, politely, and changes nothing', async () => {
    const text = await admin(`assign <@${REP}|rep> to <@${MANAGER}|mgr>`, REP);
    expect(text).toContain('`/points-admin` is for the bot’s admins');
    expect(roster()).toEqual([]);
  });

  it('assigns several reps to a manager at once and confirms what now holds', async () => {
    const text = await admin(`assign <@${REP}|rep1> <@${REP2}> to <@${MANAGER}|mgr>`);
    expect(text).toContain(`<@${REP}> and <@${REP2}> now report to <@${MANAGER}>.`);
    expect(text).toContain(
      `<@${REP}> · AE · :warning: no start date (judged as an established rep until it is set) · reports to <@${MANAGER}>`,
    );
    expect(roster()).toEqual([
      [REP, MANAGER, 'AE', null],
      [REP2, MANAGER, 'AE', null],
    ]);
  });

  it('refuses a command naming more people than one command takes, before asking Slack about any', async () => {
    const many = Array.from({ length: 101 }, (_, i) => `<@U0MANY${String(i).padStart(3, '0')}>`);
    for (const mention of many) t.slack.users.set(mention.slice(2, -1), { tz: 'UTC' });
    const askedAboutThem = () => t.slack.calls.filter((c) => c.method === 'users.info' && String(c.args.user).startsWith('U0MANY')).length;
    const text = await admin(`assign ${many.join(' ')} to <@${MANAGER}>`);
    expect(text).toContain('That names 102 people; one command takes up to 100.');
    expect(text).toContain('Nothing changed.');
    expect(roster()).toEqual([]);
    expect(askedAboutThem()).toBe(0);
    // A hundred are taken.
    expect(await admin(`assign ${many.slice(0, 99).join(' ')} to <@${MANAGER}>`)).toContain(`now report to <@${MANAGER}>`);
    expect(roster()).toHaveLength(99);
    expect(askedAboutThem()).toBe(99);
  });

  it('lets workspace admins and owners in', async () => {
    t.slack.users.set('U0OWNER', { tz: 'UTC', is_owner: true });
    expect(await admin(`assign <@${REP}> to <@${MANAGER}>`, 'U0OWNER')).toContain('now reports to');
    expect(roster()).toHaveLength(1);
  });

  it('lets admins added with `admins add` in, and lists them', async () => {
    expect(await admin(`admins add <@${OTHER_MANAGER}|om>`)).toContain(`Added with \`/points-admin admins add\`: <@${OTHER_MANAGER}>`);
    expect(await admin(`assign <@${REP}> to <@${MANAGER}>`, OTHER_MANAGER)).toContain('now reports to');
    expect(await admin(`admins remove <@${OTHER_MANAGER}>`)).toContain('Added with `/points-admin admins add`: none');
    expect(await admin('team', OTHER_MANAGER)).toContain('is for the bot’s admins');
  });

  it.each([
    [`assign <@U0GHOST|ghost> to <@${MANAGER}>`, "<@U0GHOST> isn't in this workspace."],
    [`assign <@${REP}> to <@${REP}>`, `<@${REP}> can't be their own manager.`],
    [`assign @bob to <@${MANAGER}>`, "I couldn't tell who “@bob” is."],
    [`assign <@${REP}>`, 'Write it as `/points-admin assign @rep [@rep …] to @manager`.'],
    [`start <@${REP}> 2026-02-30`, "2026-02-30 isn't a real date."],
    [`start <@${REP}> next monday`, 'Give the start date as YYYY-MM-DD'],
    [`role <@${REP}> VP`, 'There is no role VP. The roles are AE, AM and SDR'],
    ['digest someday 3pm', 'Write the digest time as a weekday and a 24-hour time'],
    ['frobnicate', "I don't know “frobnicate”."],
    // Slack sends `&`, `<` and `>` escaped; the answer escapes them once.
    ['frob&amp;nicate&lt;', "I don't know “frob&amp;nicate&lt;”."],
  ])('refuses %j with a clear error and changes nothing', async (text, message) => {
    const answer = await admin(text);
    expect(answer).toContain(message);
    expect(answer).toContain('Nothing changed.');
    expect(roster()).toEqual([]);
  });

  it('refuses a deactivated user', async () => {
    t.slack.users.set(REP2, { tz: 'UTC', deleted: true });
    expect(await admin(`assign <@${REP2}> to <@${MANAGER}>`)).toContain(`<@${REP2}> is deactivated in Slack.`);
    expect(roster()).toEqual([]);
  });

  it('sets start dates and roles, and shows the onboarding week', async () => {
    await admin(`assign <@${REP}> to <@${MANAGER}>`);
    expect(await admin(`start <@${REP}> 2026-10-05`)).toContain('started Mon 5 Oct 2026, week 7');
    expect(await admin(`role <@${REP}> sdr`)).toContain(`<@${REP}> · SDR`);
    expect(roster()).toEqual([[REP, MANAGER, 'SDR', '2026-10-05']]);
    // Judged by the SDR goals from then on.
    expect(await points('', REP)).toContain('*0 / 300 pts* (0%)  ▱▱▱▱▱▱▱▱▱▱\nOnboarding week 7 of 13.');
  });

  it('applies roster changes to the next command of everyone involved', async () => {
    await t.command('/log', '30 calls', { user_id: REP });
    expect(await admin('team', OTHER_MANAGER)).toContain('is for the bot’s admins');
    expect(await points(`<@${REP}>`, MANAGER)).toContain('you can only see your own points');
    await admin(`assign <@${REP}> to <@${MANAGER}>`);
    await admin(`admins add <@${OTHER_MANAGER}>`);
    expect(await points(`<@${REP}>`, MANAGER)).toContain(`<@${REP}>'s week`);
    expect(await admin('team', OTHER_MANAGER)).not.toContain('is for the bot’s admins');
    await admin(`remove <@${REP}>`);
    expect(await points(`<@${REP}>`, MANAGER)).toContain('you can only see your own points');
  });

  it('sees a change another process made to a rep at once (the bot keeps users in memory)', async () => {
    await admin(`assign <@${REP}> to <@${MANAGER}>`);
    expect(await points('', REP)).not.toContain('Onboarding week');
    const other = new Database(t.dbPath);
    other.prepare("UPDATE users SET start_date = '2026-10-05' WHERE id = ?").run(REP);
    other.close();
    expect(await points('', REP)).toContain('Onboarding week 7 of 13.');
  });

  it('judges a rep against the goal only inside the onboarding window', async () => {
    await admin(`start <@${REP}> 2026-11-09`);
    await t.command('/log', '30 calls', { user_id: REP });
    const early = await points('', REP);
    expect(early).toContain('*30 pts*\nOnboarding week 2: no weekly goal this week (the goal starts in week 3).');
    expect(early).not.toContain('/ 500');
    expect(allText((await t.command('/log', '5 emails', { user_id: REP })).json)).toContain('This week (onboarding week 2): *35 pts*');
    await admin(`assign <@${REP}> to <@${MANAGER}>`);
    expect(await points('team', MANAGER)).toContain(`:white_circle: <@${REP}> · AE *35 pts* (no goal this week) · wk 2`);
  });

  it('takes a rep off the roster and keeps their history', async () => {
    await admin(`assign <@${REP}> to <@${MANAGER}>`);
    await t.command('/log', '30 calls', { user_id: REP });
    expect(await admin(`remove <@${REP}>`)).toContain('taken off the roster. Their history stays.');
    expect(roster()).toEqual([]);
    expect(t.db.select().from(entries).all()).toHaveLength(1);
  });

  it('says so when asked to remove someone who is not on the roster, and changes nothing', async () => {
    await admin(`assign <@${REP}> to <@${MANAGER}>`);
    const text = await admin(`remove <@${REP}> <@${OUTSIDER}>`);
    expect(text).toContain(`:warning: <@${OUTSIDER}> isn't on the roster. Nothing changed.`);
    expect(text).not.toContain('taken off');
    expect(roster()).toEqual([[REP, MANAGER, 'AE', null]]);
  });

  it('lists the roster by manager', async () => {
    await admin(`assign <@${REP}> to <@${MANAGER}>`);
    await admin(`assign <@${REP2}> to <@${OTHER_MANAGER}>`);
    const all = await admin('team');
    expect(all).toContain('*Roster* · 2 reps');
    expect(all).toContain(`*<@${MANAGER}>’s team* (1)`);
    expect(all).toContain(`*<@${OTHER_MANAGER}>’s team* (1)`);
    const one = await admin(`team <@${MANAGER}>`);
    expect(one).toContain(`<@${REP}>`);
    expect(one).not.toContain(`<@${REP2}>`);
  });

  it('explains everything with examples', async () => {
    const help = await admin('help');
    for (const example of [
      'assign @rep',
      'start @rep 2026-11-02',
      'role @rep SDR',
      'role add CSM',
      'programme [role]',
      'goal SDR 300 weeks 3-13',
      'remove @rep',
      'team [@manager]',
      'admins add @user',
      'digest friday 15:00',
      'digest status',
    ]) {
      expect(help).toContain(example);
    }
  });

  it('changes the digest day and time', async () => {
    const changed = await admin('digest thursday 4:30pm');
    expect(changed).toContain(':white_check_mark: Digest schedule changed.');
    expect(changed).toContain('every *Thursday at 16:30*, in each manager’s own time zone');
    expect(await admin('digest')).toContain('Thursday at 16:30');
  });

  it('names the setting it changed: the goal, the onboarding weeks, the reps’ notes', async () => {
    const goal = await changeGoals(t, 'goal 600', ADMIN);
    expect(goal.applied).toContain(':white_check_mark: AE goals from the week of 16 Nov: weeks 1–2 no goal · weeks 3–13 *600 pts*');
    const window = await changeGoals(t, 'window 2-12', ADMIN);
    expect(window.applied).toContain(':white_check_mark: AE goals from the week of 16 Nov: week 1 no goal · weeks 2–12 *600 pts*');
    expect(await admin('programme AE')).toContain('*AE* · week 1 no goal · weeks 2–12 *600 pts* · after week 12 *600 pts*');
    expect(await admin('digest')).toContain('Each role’s goals: `/points-admin programme`.');
    expect(await admin('digest rep-notes off')).toMatch(/^:white_check_mark: Reps’ Friday notes turned off\./);
  });

  describe('who sees whose numbers', () => {
    beforeEach(async () => {
      await admin(`assign <@${REP}> <@${REP2}> to <@${MANAGER}>`);
      await admin(`assign <@${OUTSIDER}> to <@${OTHER_MANAGER}>`);
      await t.command('/log', '30 calls, demo self-led', { user_id: REP });
      await t.command('/log', '10 emails', { user_id: REP2 });
      await t.command('/log', 'closed won $9,000', { user_id: OUTSIDER });
    });

    it('a manager sees their team and each of their reps', async () => {
      const team = await points('team', MANAGER);
      expect(team).toContain(`<@${REP}> · AE *55 / 500*`);
      expect(team).toContain(`<@${REP2}> · AE *10 / 500*`);
      expect(team).not.toContain(OUTSIDER);
      const one = await points(`<@${REP}|rep>`, MANAGER);
      expect(one).toContain(`<@${REP}>'s week`);
      expect(one).toContain('*55 / 500 pts*');
    });

    it('a manager cannot read another manager’s rep', async () => {
      const answer = await points(`<@${OUTSIDER}>`, MANAGER);
      expect(answer).toContain('you can only see your own points');
      expect(answer).not.toMatch(/25 pts|9,000/);
    });

    it('a rep cannot read another rep’s totals, nor a team', async () => {
      const answer = await points(`<@${REP}>`, REP2);
      expect(answer).toContain('you can only see your own points');
      expect(answer).not.toContain('55');
      expect(await points('team', REP2)).toContain("You don't manage anyone on the roster yet.");
      expect(await points(`team <@${MANAGER}>`, REP2)).toContain('you can only see your own points');
    });

    it('the refusal is the same for someone who is not on the roster at all', async () => {
      expect(await points('<@U0NOBODY>', REP2)).toBe(await points(`<@${REP}>`, REP2));
    });

    it('an admin sees everyone', async () => {
      const everyone = await points('team', ADMIN);
      for (const id of [REP, REP2, OUTSIDER]) expect(everyone).toContain(`<@${id}>`);
      expect(await points(`<@${OUTSIDER}>`, ADMIN)).toContain('*25 / 500 pts*');
      expect(await points(`team <@${OTHER_MANAGER}>`, ADMIN)).toContain(`<@${OUTSIDER}>`);
    });
  });
});
