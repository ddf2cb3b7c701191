import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recountDailyTotals, runningDailyTotals } from '../../src/scoring/ledger.js';
import { allText } from '../support/blocks.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const ADMIN = 'U0ADMIN';
const MANAGER = 'U0MGR';
const ANA = 'U0ANA';
const BEN = 'U0BEN';
const CAT = 'U0CAT'; // on the team, logs nothing
const OUTSIDER = 'U0OUT'; // on another team

/**
 * The fixture, by hand (all in UTC; "now" is Thursday 19 Nov 2026, Q4 2026):
 *
 * | rep | day | logged |
 * | --- | --- | --- |
 * | Ana | Wed 14 Oct | 200 calls, 4 DM convos, 2 meetings booked, 1 closed-won without an amount |
 * | Ben | Tue 20 Oct | 50 calls |
 * | Ana | Thu 5 Nov | 100 calls, 2 meetings booked, closed won $5,000 |
 * | Ana | Mon 16 Nov | 40 calls, 2 DM convos |
 * | Ana | Tue 17 Nov | 60 calls, 3 DM convos, 1 meeting booked |
 * | Ana | Wed 18 Nov | 20 calls, 1 self-led discovery, closed won $12,000 |
 * | Ana | Thu 19 Nov | 1 self-led demo, closed won €8,000; 10 calls, undone |
 * | Ben | Mon 16 Nov | 80 calls |
 * | Ben | Wed 18 Nov | 1 DM convo |
 * | Ben | Thu 19 Nov | closed won $3,000 |
 * | Cat | — | nothing |
 *
 * This week, Ana: 120 calls → 5 convos (4.2 %) → 1 meeting (20 %) → 1 discovery (100 %) → 1 demo
 * (100 %) → 2 won (200 %); 1 meeting per 120 calls = 8.3 per 1,000. Ben: 80 → 1 (1.3 %) → 0 (0 %)
 * → 0 → 0 → 1. Team: 200 → 6 (3 %) → 1 (16.7 %) → 1 → 1 → 3; 5 per 1,000 calls.
 */
describe('/points kpis and /points team kpis', () => {
  let t: TestBot;
  const at = async (iso: string, user: string, line: string) => {
    t.clock.set(iso);
    const res = await t.command('/log', line, { user_id: user });
    expect(allText(res.json)).toContain('Logged');
  };

  beforeAll(async () => {
    t = await startTestBot({ now: '2026-10-14T12:00:00Z', env: { ADMIN_USER_IDS: ADMIN } });
    for (const id of [ADMIN, MANAGER, ANA, BEN, CAT, OUTSIDER]) t.slack.users.set(id, { tz: 'UTC' });
    await t.command('/points-admin', `assign <@${ANA}> <@${BEN}> <@${CAT}> to <@${MANAGER}>`, { user_id: ADMIN });
    await t.command('/points-admin', `assign <@${OUTSIDER}> to <@${ADMIN}>`, { user_id: ADMIN });
    await at('2026-10-14T12:00:00Z', ANA, '200 calls, 4 dm convo, 2 meetings booked, closed won');
    await at('2026-10-20T12:00:00Z', BEN, '50 calls');
    await at('2026-11-05T12:00:00Z', ANA, '100 calls, 2 meetings booked, closed won $5,000');
    await at('2026-11-16T12:00:00Z', ANA, '40 calls, 2 dm convo');
    await at('2026-11-17T12:00:00Z', ANA, '60 calls, 3 dm convo, meeting booked');
    await at('2026-11-18T12:00:00Z', ANA, '20 calls, discovery self-led, closed won $12,000');
    await at('2026-11-19T09:00:00Z', ANA, 'demo self-led, closed won €8,000');
    await at('2026-11-19T09:30:00Z', ANA, '10 calls');
    expect(allText((await t.command('/log', 'undo', { user_id: ANA })).json)).toContain('10 calls');
    await at('2026-11-16T12:00:00Z', BEN, '80 calls');
    await at('2026-11-18T12:00:00Z', BEN, 'dm convo');
    await at('2026-11-19T10:00:00Z', BEN, 'closed won $3,000');
    await at('2026-11-19T11:00:00Z', OUTSIDER, '99 calls');
    t.clock.set('2026-11-19T12:00:00Z');
  });
  afterAll(async () => t.close());

  const read = async (text: string, user: string) => allText(await t.answer('/points', text, user));

  it('keeps the daily counts equal to a recount of the entries', () => {
    expect(runningDailyTotals(t.db)).toEqual(recountDailyTotals(t.db));
    expect(runningDailyTotals(t.db).get(`${ANA}/2026-11-19/call/`)).toBeUndefined();
  });

  it('shows a rep the week’s activity by day, week and month, the chain against the team and the benchmark, and deals per currency', async () => {
    const text = await read('kpis', ANA);
    expect(text).toContain('*Your KPIs · 16–22 Nov 2026*');
    expect(text).toContain('• Outbound call: Mon 40 · Tue 60 · Wed 20 · Thu 0 · Fri 0 — week *120* · Nov 2026 *220*');
    expect(text).toContain('• Conversation with a decision maker: Mon 2 · Tue 3 · Wed 0 · Thu 0 · Fri 0 — week *5* · Nov 2026 *5*');
    expect(text).toContain('• Meeting booked: Mon 0 · Tue 1 · Wed 0 · Thu 0 · Fri 0 — week *1* · Nov 2026 *3*');
    expect(text).toContain('• Closed-won deal: Mon 0 · Tue 0 · Wed 1 · Thu 1 · Fri 0 — week *2* · Nov 2026 *3*');
    expect(text).toContain('*Conversion* · 16–22 Nov 2026\nCalls *120*');
    expect(text).toContain('→ Conversations *5* · 4.2 % of calls (team 3 %)');
    expect(text).toContain('→ Meetings booked *1* · 20 % of conversations (team 16.7 %)');
    expect(text).toContain('→ Discovery calls *1* · 100 % of meetings booked (team 100 %)');
    expect(text).toContain('→ Demos *1* · 100 % of discovery calls (team 100 %)');
    expect(text).toContain('→ Closed-won deals *2* · 200 % of demos (team 300 %)');
    expect(text).toContain('Opportunities (meetings booked) per 1,000 calls: *8.3* (team 5) · benchmark about 32');
    expect(text).toContain('Win rate (closed-won deals per meeting booked): *200 %* (team 300 %)');
    expect(text).toContain('*Closed-won* · 16–22 Nov 2026\n2 deals: $12,000 in 1 deal, average $12,000 · €8,000 in 1 deal, average €8,000');
  });

  it('reads a month and a quarter, each currency apart and deals without an amount counted', async () => {
    const month = await read('kpis month', ANA);
    expect(month).toContain('*Your KPIs · Nov 2026*');
    expect(month).toContain('*Conversion* · Nov 2026\nCalls *220*');
    expect(month).toContain('→ Meetings booked *3* · 60 % of conversations');
    expect(month).toContain('3 deals: $17,000 in 2 deals, average $8,500 · €8,000 in 1 deal, average €8,000');

    const quarter = await read('kpis quarter', ANA);
    expect(quarter).toContain('*Your KPIs · Q4 2026*');
    expect(quarter).toContain('• Outbound call: Mon 40 · Tue 60 · Wed 20 · Thu 0 · Fri 0 — week *120* · Nov 2026 *220* · Q4 2026 *420*');
    expect(quarter).toContain('Calls *420*\n→ Conversations *9* · 2.1 % of calls');
    expect(quarter).toContain('Opportunities (meetings booked) per 1,000 calls: *11.9*');
    expect(quarter).toContain('4 deals: $17,000 in 2 deals, average $8,500 · €8,000 in 1 deal, average €8,000 · 1 without an amount');
  });

  it('says what is missing instead of dividing by zero', async () => {
    const ben = await read('kpis', BEN);
    expect(ben).toContain('→ Meetings booked *0* · 0 % of conversations (team 16.7 %)');
    expect(ben).toContain('→ Discovery calls *0* · no meetings booked logged (team 100 %)');
    expect(ben).toContain('→ Closed-won deals *1* · no demos logged (team 300 %)');
    const cat = await read('kpis', CAT);
    expect(cat).toContain('*Activity* · days and week of 16–22 Nov 2026, month Nov 2026\nNothing logged.');
    expect(cat).toContain('→ Conversations *0* · no calls logged (team 3 %)');
    expect(cat).toContain('Opportunities (meetings booked) per 1,000 calls: *no calls logged* (team 5) · benchmark about 32');
    expect(cat).toContain('Win rate (closed-won deals per meeting booked): *no meetings booked logged* (team 300 %)');
    expect(cat).toContain('No closed-won deals.');
  });

  it('shows a manager the team’s KPIs and a line per rep, the rep with nothing logged included', async () => {
    const text = await read('team kpis', MANAGER);
    expect(text).toContain('*Team KPIs · 16–22 Nov 2026 · 3 reps*');
    expect(text).toContain('• Outbound call: Mon 120 · Tue 60 · Wed 20 · Thu 0 · Fri 0 — week *200* · Nov 2026 *300*');
    expect(text).toContain('Calls *200*\n→ Conversations *6* · 3 % of calls\n→ Meetings booked *1* · 16.7 % of conversations');
    expect(text).toContain('Opportunities (meetings booked) per 1,000 calls: *5* · benchmark about 32');
    expect(text).toContain('3 deals: $15,000 in 2 deals, average $7,500 · €8,000 in 1 deal, average €8,000');
    expect(text).toContain(`<@${ANA}> · 120 calls › 5 conv › 1 mtg › 1 disc › 1 demo › 2 won · 8.3/1,000 calls · $12,000 · €8,000`);
    expect(text).toContain(`<@${BEN}> · 80 calls › 1 conv › 0 mtg › 0 disc › 0 demo › 1 won · 0/1,000 calls · $3,000`);
    expect(text).toContain(`<@${CAT}> · nothing logged`);
    expect(text).not.toContain(OUTSIDER);

    const quarter = await read('team kpis quarter', MANAGER);
    expect(quarter).toContain('*Team KPIs · Q4 2026 · 3 reps*');
    expect(quarter).toContain('— week *200* · Nov 2026 *300* · Q4 2026 *550*');
    expect(quarter).toContain(`<@${BEN}> · 130 calls › 1 conv`);
  });

  it('lets a manager read one rep’s KPIs, and refuses a rep someone else’s or a team they do not have', async () => {
    const ana = await read(`<@${ANA}> kpis`, MANAGER);
    expect(ana).toContain(`*<@${ANA}>'s KPIs · 16–22 Nov 2026*`);
    expect(await read(`<@${ANA}> kpis`, BEN)).toContain('you can only see your own points');
    expect(await read('team kpis', BEN)).toContain("You don't manage anyone on the roster yet.");
    expect(await read(`team <@${MANAGER}> kpis`, BEN)).toContain('you can only see your own points');
  });

  it('reads an earlier week, and explains a month with a week phrase', async () => {
    const nov5 = await read('kpis nov 5', ANA);
    expect(nov5).toContain('*Your KPIs · 2–8 Nov 2026*');
    expect(nov5).toContain('• Outbound call: Mon 0 · Tue 0 · Wed 0 · Thu 100 · Fri 0 — week *100* · Nov 2026 *220*');
    expect(await read('kpis month last week', ANA)).toContain("I can't show “kpis month last week”.");
  });
});
