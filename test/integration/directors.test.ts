import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { runDigests } from '../../src/digest/job.js';
import { deliveries } from '../../src/db/schema.js';
import { blockKitProblems } from '../../src/views/block-kit.js';
import { allText, isChartPost } from '../support/blocks.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const ADMIN = 'U0ADMIN';
const DIR = 'U0DIR';
const MIA = 'U0MIA';
const LEO = 'U0LEO';
const ANA = 'U0ANA';
const BEN = 'U0BEN';
const CAL = 'U0CAL';
const VP = 'U0VP';
const SVP = 'U0SVP';
const CEO = 'U0CEO';
const CHAIR = 'U0CHAIR';

/**
 * Dir ← Mia (Ana, Ben) and Leo (Cal); the week of 16–22 Nov 2026, no start dates (judged
 * against the established 500):
 *
 * | team | rep | logged | points |
 * | --- | --- | --- | ---: |
 * | Mia | Ana | 100 calls | 100 |
 * | Mia | Ben | 50 meetings booked | 500 (at goal) |
 * | Leo | Cal | 30 calls | 30 |
 *
 * Mia's team: 2 reps, 600 pts, 1 of 2 at goal; Leo's: 1 rep, 30 pts, 0 of 1; all: 3 reps, 630 pts, 1 of 3.
 */
describe('managers of managers: directors', () => {
  let t: TestBot;
  const admin = (text: string) => t.answer('/points-admin', text, ADMIN).then(allText);
  const said = (user: string, text: string) => t.answer('/points', text, user).then(allText);

  beforeAll(async () => {
    t = await startTestBot({ now: '2026-11-16T09:00:00Z', env: { ADMIN_USER_IDS: ADMIN } });
    for (const id of [ADMIN, DIR, MIA, LEO, ANA, BEN, CAL, VP, SVP, CEO, CHAIR]) t.slack.users.set(id, { tz: 'UTC' });
    await admin(`assign <@${ANA}> <@${BEN}> to <@${MIA}>`);
    await admin(`assign <@${CAL}> to <@${LEO}>`);
    await admin('digest rep-notes off');
    for (const [user, line] of [
      [ANA, '100 calls'],
      [BEN, '50 meetings booked'],
      [CAL, '30 calls'],
    ] as const)
      expect(allText((await t.command('/log', line, { user_id: user })).json)).toContain('Logged');
  });
  afterAll(async () => t.close());

  it('puts managers under a director', async () => {
    expect(await admin(`assign <@${MIA}> <@${LEO}> to <@${DIR}>`)).toContain(`<@${MIA}> and <@${LEO}> now report to <@${DIR}>.`);
  });

  it('refuses a reporting loop, naming it: A → B → A and longer', async () => {
    expect(await admin(`assign <@${DIR}> to <@${MIA}>`)).toContain(
      `<@${DIR}> can’t report to <@${MIA}>: that would make a reporting loop (<@${DIR}> → <@${MIA}> → <@${DIR}>). Nothing changed.`,
    );
    expect(await admin(`assign <@${DIR}> to <@${ANA}>`)).toContain(
      `that would make a reporting loop (<@${DIR}> → <@${ANA}> → <@${MIA}> → <@${DIR}>). Nothing changed.`,
    );
    expect(await said(DIR, 'team')).toContain('All 2 teams');
  });

  it('shows a director one row per team below them, each with the command that opens it, and the total', async () => {
    const view = await said(DIR, 'team');
    expect(view).toContain('Teams under you · ');
    expect(view).toContain('*All 2 teams:* 3 reps · *630 pts* · 1 of 3 judged at goal so far');
    expect(view).toContain(`*<@${MIA}>’s team* · 2 reps · *600 pts* · 1 of 2 judged at goal so far · open it: \`/points team\` <@${MIA}>`);
    expect(view).toContain(`*<@${LEO}>’s team* · 1 rep · *30 pts* · 0 of 1 judged at goal so far · open it: \`/points team\` <@${LEO}>`);
    // A manager is a row, never a rep judged against the goal.
    expect(view).not.toMatch(new RegExp(`<@${MIA}>[^\\n]*/ 500`));
  });

  it('opens a team below for the director, not for a peer manager', async () => {
    const mias = await said(DIR, `team <@${MIA}>`);
    expect(mias).toContain(`<@${ANA}>`);
    expect(mias).toContain(`<@${BEN}>`);
    expect(mias).not.toContain(`<@${CAL}>`);
    expect(await said(LEO, `team <@${MIA}>`)).toContain('Sorry, you can only see your own points');
    expect(await said(DIR, `<@${ANA}>`)).toContain('100');
    expect(await said(LEO, `<@${ANA}>`)).toContain('Sorry, you can only see your own points');
    // Mia's own view is her team, unchanged.
    const own = await said(MIA, 'team');
    expect(own).toContain(`<@${ANA}>`);
    expect(own).not.toContain('Teams under');
  });

  it('rolls the KPIs up for a director: every rep below added up, and one line per team', async () => {
    const kpis = await said(DIR, 'team kpis');
    expect(kpis).toContain('Teams under you · KPIs · 16–22 Nov 2026 · 2 teams, 3 reps');
    expect(kpis).toContain('Calls *130*');
    expect(kpis).toContain('→ Meetings booked *50*');
    expect(kpis).toContain(`*<@${MIA}>’s team* · 2 reps · open it: \`/points team kpis\` <@${MIA}>`);
    expect(kpis).toContain('*KPIs:* 100 calls → 0 conversations (0 %) → 50 meetings booked');
    expect(kpis).toContain('*KPIs:* 30 calls → 0 conversations (0 %) → 0 meetings booked');
  });

  it('sends a director who opted in one roll-up digest a week, however often the job runs, and none after opting out', async () => {
    expect(await admin(`digest rollup <@${DIR}> on`)).toContain(`<@${DIR}> gets the Friday roll-up digest`);
    t.clock.set('2026-11-20T15:00:00Z');
    await runDigests(t.bot.digestDeps, { mode: 'scheduled' });
    await runDigests(t.bot.digestDeps, { mode: 'scheduled' });
    const posts = t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === DIR && !isChartPost(c));
    expect(posts).toHaveLength(1);
    expect(blockKitProblems(posts[0]!.args, 'message')).toEqual([]);
    const rollup = allText(posts[0]!.args);
    expect(rollup).toContain('Roll-up · 16–22 Nov 2026');
    expect(rollup).toContain('*All 2 teams:* 3 reps · *630 pts* · 1 of 3 judged at goal');
    expect(rollup).toContain(`*<@${MIA}>’s team* · 2 reps · *600 pts*`);
    expect(
      t.db
        .select()
        .from(deliveries)
        .where(and(eq(deliveries.recipientId, DIR), eq(deliveries.kind, 'rollup')))
        .all(),
    ).toMatchObject([{ weekStart: '2026-11-16', status: 'sent', reps: 3 }]);
    // Mia and Leo get their own teams' digests as before.
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === MIA && !isChartPost(c))).toHaveLength(1);

    expect(await admin(`digest rollup <@${DIR}> off`)).toContain(`<@${DIR}> no longer gets the Friday roll-up digest.`);
    t.clock.set('2026-11-27T15:00:00Z');
    await runDigests(t.bot.digestDeps, { mode: 'scheduled' });
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === DIR && !isChartPost(c))).toHaveLength(1);
    expect(t.db.select().from(deliveries).where(eq(deliveries.recipientId, DIR)).all()).toHaveLength(1);
  });

  it('refuses a chain deeper than 6, naming it top first', async () => {
    expect(await admin(`assign <@${DIR}> to <@${VP}>`)).toContain('now reports to');
    expect(await admin(`assign <@${VP}> to <@${SVP}>`)).toContain('now reports to');
    expect(await admin(`assign <@${SVP}> to <@${CEO}>`)).toContain('now reports to');
    expect(await admin(`assign <@${CEO}> to <@${CHAIR}>`)).toContain(
      `<@${CEO}> can’t report to <@${CHAIR}>: that would make a reporting chain 7 people deep (<@${CHAIR}> → <@${CEO}> → <@${SVP}> → <@${VP}> → <@${DIR}> → <@${LEO}> → <@${CAL}>); the bot keeps chains to 6. Nothing changed.`,
    );
  });
});
