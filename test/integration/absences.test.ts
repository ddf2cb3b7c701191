import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rosterCli } from '../../src/cli/roster.js';
import { loadConfig } from '../../src/config.js';
import { runDigests } from '../../src/digest/job.js';
import { awayDays, holidays, users } from '../../src/db/schema.js';
import { blockKitProblems } from '../../src/views/block-kit.js';
import { allText, isChartPost } from '../support/blocks.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const ADMIN = 'U0ADMIN';
const MANAGER = 'U0MGR1';
const ANA = 'U0ANA';
const BEN = 'U0BEN';

/** The away days the database holds, as [rep, day, marked by], in order. */
const away = (t: TestBot) =>
  t.db
    .select()
    .from(awayDays)
    .all()
    .map((r) => [r.userId, r.day, r.setBy])
    .sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`));

const holidayRows = (t: TestBot) =>
  t.db
    .select()
    .from(holidays)
    .all()
    .map((h) => [h.day, h.region, h.name]);

describe('absences and holidays prorate the weekly goal', () => {
  let t: TestBot;
  beforeEach(async () => {
    // Monday 23 Nov 2026; Thanksgiving is Thursday 26 Nov.
    t = await startTestBot({ now: '2026-11-23T15:00:00Z', env: { ADMIN_USER_IDS: ADMIN } });
    for (const id of [ADMIN, MANAGER, ANA, BEN]) t.slack.users.set(id, { tz: 'UTC' });
    await admin(`assign <@${ANA}> <@${BEN}> to <@${MANAGER}>`);
    await admin('digest rep-notes off');
  });
  afterEach(async () => t.close());

  const say = async (command: string, text: string, user: string) => {
    return allText(await t.answer(command, text, user));
  };
  const admin = (text: string) => say('/points-admin', text, ADMIN);
  const points = (text: string, user: string) => say('/points', text, user);
  const digestTo = async (managerId: string) => {
    await runDigests(t.bot.digestDeps, { mode: 'now', force: true, managerId });
    const posts = t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === managerId && !isChartPost(c));
    expect(posts.length).toBeGreaterThan(0);
    return allText(posts.at(-1)!.args);
  };

  it('a Thanksgiving holiday for the US prorates a US rep’s goal to 400 and leaves a UK rep at 500', async () => {
    expect(await admin(`region <@${ANA}> US`)).toContain('Region set to US');
    await admin(`region <@${BEN}> uk`);
    expect(
      t.db
        .select()
        .from(users)
        .all()
        .filter((u) => u.region)
        .map((u) => [u.id, u.region]),
    ).toEqual([
      [ANA, 'US'],
      [BEN, 'UK'],
    ]);
    const set = await admin('holiday 2026-11-26 "Thanksgiving" US');
    expect(set).toContain('Thanksgiving');
    expect(set).toContain('Thu 26 Nov');
    expect(holidayRows(t)).toEqual([['2026-11-26', 'US', 'Thanksgiving']]);

    const ana = await points('', ANA);
    expect(ana).toContain('*0 / 400 pts*');
    expect(ana).toContain('goal 400: Thanksgiving');
    // Monday to Friday less Thursday: four working days left.
    expect(ana).toContain('4 working days left');
    expect(await points('', BEN)).toContain('*0 / 500 pts*');

    const digest = await digestTo(MANAGER);
    expect(digest).toContain(`<@${ANA}> · AE *0 / 400*`);
    expect(digest).toContain('goal 400: Thanksgiving');
    expect(digest).toContain(`<@${BEN}> · AE *0 / 500*`);

    expect(await admin('holidays')).toContain('Thu 26 Nov: Thanksgiving (US)');
    expect(await admin('holiday remove 2026-11-26 US')).toContain('removed');
    expect(holidayRows(t)).toEqual([]);
    expect(await points('', ANA)).toContain('*0 / 500 pts*');
  });

  it('a holiday for everyone applies to reps of every region and none', async () => {
    await admin(`region <@${ANA}> US`);
    await admin('holiday 2026-11-27 "Company day"');
    expect(holidayRows(t)).toEqual([['2026-11-27', '', 'Company day']]);
    expect(await points('', ANA)).toContain('*0 / 400 pts*');
    expect(await points('', BEN)).toContain('goal 400: Company day');
  });

  it('`/log away friday` gives 400, and taking it back restores 500', async () => {
    const marked = await say('/log', 'away friday', ANA);
    expect(marked).toContain('Fri 27 Nov');
    expect(marked).toContain('400');
    expect(away(t)).toEqual([[ANA, '2026-11-27', ANA]]);
    const view = await points('', ANA);
    expect(view).toContain('*0 / 400 pts*');
    expect(view).toContain('goal 400: away Fri');
    expect(view).toContain('4 working days left');
    expect(await points('team', MANAGER)).toContain('goal 400: away Fri');

    const back = await say('/log', 'back friday', ANA);
    expect(back).toContain('Fri 27 Nov');
    expect(away(t)).toEqual([]);
    expect(await points('', ANA)).toContain('*0 / 500 pts*');

    await say('/log', 'away friday', ANA);
    await say('/log', 'away undo friday', ANA);
    expect(away(t)).toEqual([]);
  });

  it('the Take back button on the confirmation takes back the days it marked, and only those', async () => {
    await say('/log', 'away friday', ANA);
    // A marking is known by its instant: the test clock stands still unless moved.
    t.clock.set('2026-11-23T15:05:00Z');
    const res = await t.command('/log', 'away 2026-11-26 to 2026-11-30', { user_id: ANA });
    const button = (res.json as any).blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.type === 'button');
    expect(button.text.text).toBe('Take back');
    expect(away(t).map((r) => r[1])).toEqual(['2026-11-26', '2026-11-27', '2026-11-30']);

    // Another rep's click changes nothing.
    const other = await t.click({ actionId: button.action_id, value: button.value, userId: BEN, responseUrl: t.slack.responseUrl('o') });
    expect(other.status).toBe(200);
    const refused = await t.slack.waitFor((c) => c.some((x) => x.method === 'response:o'));
    expect(allText(refused.find((c) => c.method === 'response:o')!.args)).toContain('Nothing changed');
    expect(away(t)).toHaveLength(3);

    await t.click({ actionId: button.action_id, value: button.value, userId: ANA, responseUrl: t.slack.responseUrl('r') });
    const calls = await t.slack.waitFor((c) => c.some((x) => x.method === 'response:r'));
    const reply = calls.find((c) => c.method === 'response:r')!.args;
    expect(blockKitProblems(reply, 'message')).toEqual([]);
    expect(reply.replace_original).toBe(true);
    expect(allText(reply)).toContain('Took back 2 working days away: Thu 26 Nov and Mon 30 Nov.');
    // Friday was marked before, by another line: it stays.
    expect(away(t)).toEqual([[ANA, '2026-11-27', ANA]]);
    await t.click({ actionId: button.action_id, value: button.value, userId: ANA, responseUrl: t.slack.responseUrl('again') });
    const again = await t.slack.waitFor((c) => c.some((x) => x.method === 'response:again'));
    expect(allText(again.find((c) => c.method === 'response:again')!.args)).toContain('already taken back');
    expect(away(t)).toHaveLength(1);
  });

  it('a range marks only its working days, and the confirmation of a logged line uses the prorated goal', async () => {
    const marked = await say('/log', 'away 2026-11-26 to 2026-11-30', ANA);
    // Thu, Fri and the next Monday; the weekend is not a working day.
    expect(away(t)).toEqual([
      [ANA, '2026-11-26', ANA],
      [ANA, '2026-11-27', ANA],
      [ANA, '2026-11-30', ANA],
    ]);
    expect(marked).toContain('3 working days');
    expect(await say('/log', '10 demo self-led', ANA)).toContain('*250 / 300 pts*');
  });

  it('a fully absent week is not judged: “away all week”, and not counted in “N of M at goal”', async () => {
    await say('/log', 'away 2026-11-30 to 2026-12-04', ANA);
    t.clock.set('2026-12-02T15:00:00Z');
    await say('/log', '20 demo self-led', BEN);
    const view = await points('', ANA);
    expect(view).toContain('Away all week');
    expect(view).not.toContain('/ 500');
    const team = await points('team', MANAGER);
    expect(team).toContain(`<@${ANA}> · AE *0 pts* (away all week)`);
    expect(team).toContain('*1 of 1* judged rep at goal');
    const digest = await digestTo(MANAGER);
    expect(digest).toContain('(away all week)');
    expect(digest).toContain('*1 of 1* judged rep at goal');
  });

  it.each([
    ['away 2026-12-31 to 2026-12-24', 'ends before it starts'],
    ['away 2026-12-01 to 2027-04-30', 'at most 90 days'],
    ['away 2026-02-30', "isn't a real date"],
    ['away saturday', 'no working day'],
    ['away 2028-01-04', 'too far ahead'],
    ['away 2026-09-01', 'too far back'],
    ['away someday', "couldn't read"],
    ['away', '/log away friday'],
    ['back friday', 'not marked away'],
  ])('`/log %s` is refused with a clear answer and nothing changes', async (text, message) => {
    const answer = await say('/log', text, ANA);
    expect(answer).toContain(message);
    expect(away(t)).toEqual([]);
  });

  it('a manager marks their rep away; another rep may not; an admin may', async () => {
    const marked = await say('/points-admin', `away <@${ANA}> 2026-12-24 to 2026-12-31`, MANAGER);
    expect(marked).toContain(`<@${ANA}>`);
    expect(away(t)).toEqual([
      [ANA, '2026-12-24', MANAGER],
      [ANA, '2026-12-25', MANAGER],
      [ANA, '2026-12-28', MANAGER],
      [ANA, '2026-12-29', MANAGER],
      [ANA, '2026-12-30', MANAGER],
      [ANA, '2026-12-31', MANAGER],
    ]);
    expect(await say('/points-admin', `away <@${ANA}> 2027-01-04`, BEN)).toContain('is for the bot’s admins');
    expect(away(t)).toHaveLength(6);
    await say('/points-admin', `back <@${ANA}> 2026-12-24 to 2026-12-25`, ADMIN);
    expect(away(t).map((r) => r[1])).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31']);
  });

  it.each([
    ['holiday 2026-11-26', 'Give the holiday a name'],
    ['holiday 2026-11-31 "Nope"', "isn't a real date"],
    ['holiday 2026-11-28 "Saturday"', 'not a working day'],
    ['holiday remove 2026-11-26 US', 'no holiday'],
    [`region <@${ANA}> United States of America`, 'A region is a short code'],
  ])('`/points-admin %s` is refused with a clear answer and nothing changes', async (text, message) => {
    expect(await admin(text)).toContain(message);
    expect(holidayRows(t)).toEqual([]);
    expect(
      t.db
        .select()
        .from(users)
        .all()
        .filter((u) => u.region),
    ).toEqual([]);
  });
});

describe('the roster CSV’s region column', () => {
  let t: TestBot;
  let dir: string;
  let out: string[];
  beforeEach(async () => {
    t = await startTestBot({ now: '2026-11-23T15:00:00Z', env: { ADMIN_USER_IDS: ADMIN } });
    for (const id of [ADMIN, MANAGER, ANA, BEN]) t.slack.users.set(id, { tz: 'UTC' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'points-region-'));
    out = [];
  });
  afterEach(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  const importCsv = (text: string) => {
    const file = path.join(dir, `roster-${Math.random().toString(36).slice(2)}.csv`);
    fs.writeFileSync(file, text);
    return rosterCli(['import', file], {
      config: loadConfig({
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_SIGNING_SECRET: 's',
        SLACK_API_URL: t.slack.url,
        DATABASE_PATH: t.dbPath,
      }),
      db: t.db,
      now: t.clock.now,
      out: (line: string) => out.push(line),
      client: new webApi.WebClient('xoxb-test-token', { slackApiUrl: t.slack.url, retryConfig: { retries: 0 } }),
    });
  };
  const regions = () =>
    t.db
      .select()
      .from(users)
      .all()
      .filter((u) => u.onRoster)
      .map((u) => [u.id, u.region])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));

  it('sets each rep’s region, leaves it alone when the column is absent, and refuses a bad one', async () => {
    expect(await importCsv(`user,manager,region\n${ANA},${MANAGER},US\n${BEN},${MANAGER},uk\n`)).toBe(0);
    expect(regions()).toEqual([
      [ANA, 'US'],
      [BEN, 'UK'],
    ]);
    expect(await importCsv(`user,manager\n${ANA},${MANAGER}\n`)).toBe(0);
    expect(regions()).toEqual([
      [ANA, 'US'],
      [BEN, 'UK'],
    ]);
    out = [];
    await importCsv(`user,region\n${ANA},United States\n`);
    expect(out.join('\n')).toContain('line 2: not applied: region "United States" is not a short code');
    expect(regions()).toEqual([
      [ANA, 'US'],
      [BEN, 'UK'],
    ]);
    await t.command('/points-admin', 'holiday 2026-11-26 "Thanksgiving" US', { user_id: ADMIN });
    expect(allText((await t.command('/points', '', { user_id: ANA })).json)).toContain('*0 / 400 pts*');
  });
});
