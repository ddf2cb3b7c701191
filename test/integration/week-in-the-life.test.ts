import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDigests } from '../../src/digest/job.js';
import { allText, isChartPost } from '../support/blocks.js';
import type { RecordedCall } from '../support/slack-stand-in.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

/*
 * A week of a real team: a manager in Los Angeles and one in London, eight reps in six time
 * zones, logging through the week, an undo, late and backdated entries, the digest at Friday
 * 15:00 in each manager's zone and the final numbers on Monday morning. Every figure a manager
 * reads is checked against a recount of the entries as they stood at that moment.
 */

const ADMIN = 'U0ADMIN';
const LA_MANAGER = 'U0MGRLA';
const LONDON_MANAGER = 'U0MGRLN';
const WEEK = '2026-11-23';

interface Rep {
  id: string;
  tz: string;
  manager: string;
  start: string | null;
}

const REPS: Rep[] = [
  { id: 'U0R1LA', tz: 'America/Los_Angeles', manager: LA_MANAGER, start: '2026-10-05' },
  { id: 'U0R2LA', tz: 'America/Los_Angeles', manager: LA_MANAGER, start: null },
  { id: 'U0R3NY', tz: 'America/New_York', manager: LA_MANAGER, start: '2026-11-09' },
  { id: 'U0R4TK', tz: 'Asia/Tokyo', manager: LA_MANAGER, start: '2026-11-16' },
  { id: 'U0R5LN', tz: 'Europe/London', manager: LONDON_MANAGER, start: '2026-09-07' },
  { id: 'U0R6LN', tz: 'Europe/London', manager: LONDON_MANAGER, start: '2026-08-24' },
  { id: 'U0R7BE', tz: 'Europe/Berlin', manager: LONDON_MANAGER, start: '2026-10-19' },
  { id: 'U0R8SY', tz: 'Australia/Sydney', manager: LONDON_MANAGER, start: '2026-11-02' },
];
const teamOf = (manager: string) => REPS.filter((r) => r.manager === manager).map((r) => r.id);

/** Posts that reached a user's DM (the stand-in's DM ids are D + the user id without its U). */
/** The digest's and notes' own posts to a user: the team chart follows a digest in a post of its own. */
const postsTo = (t: TestBot, userId: string): RecordedCall[] =>
  t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === userId && !isChartPost(c));

/** Each rep's points for the week as they stood at `at`: logged by then and not yet taken back then. */
function recount(t: TestBot, at: string): Map<string, number> {
  const ms = Date.parse(at);
  const rows = t.db.$client
    .prepare(
      `SELECT user_id AS id, sum(points) AS points FROM entries
       WHERE week_start = ? AND logged_at <= ? AND (undone_at IS NULL OR undone_at > ?) GROUP BY user_id`,
    )
    .all(WEEK, ms, ms) as Array<{ id: string; points: number }>;
  // An admin's adjustment of the week counts in it from when it was made.
  const adjusted = t.db.$client
    .prepare(
      `SELECT user_id AS id, sum(points) AS points FROM adjustments WHERE week_start = ? AND kind = 'adjust' AND created_at <= ? GROUP BY user_id`,
    )
    .all(WEEK, ms) as Array<{ id: string; points: number }>;
  const sum = (list: Array<{ id: string; points: number }>, id: string) => list.find((row) => row.id === id)?.points ?? 0;
  return new Map(REPS.map((r) => [r.id, sum(rows, r.id) + sum(adjusted, r.id)]));
}

/** The total a manager's message shows for a rep: "<@id> · AE … *320 / 500*" or "*40 pts*". */
function shownTotal(text: string, repId: string): number {
  const m = new RegExp(`<@${repId}>[^*\\n]*\\*([\\d,]+)(?: / [\\d,]+| pts?)\\*`).exec(text);
  if (!m) throw new Error(`no total for ${repId} in:\n${text}`);
  return Number(m[1]!.replace(/,/g, ''));
}

describe('a week in the life of two teams', () => {
  let t: TestBot;
  const log = async (iso: string, rep: string, text: string) => {
    t.clock.set(iso);
    const answer = allText((await t.command('/log', text, { user_id: rep })).json);
    expect(answer, `${rep}: /log ${text}`).toMatch(/Logged|Undone|Took back|taken back/i);
    return answer;
  };
  const tick = (iso: string) => {
    t.clock.set(iso);
    return runDigests(t.bot.digestDeps, { mode: 'scheduled' });
  };
  const admin = async (text: string) => {
    const answer = allText((await t.command('/points-admin', text, { user_id: ADMIN })).json);
    expect(answer, text).not.toMatch(/Sorry|did \*not\*/);
  };

  let digestAt: Record<string, Map<string, number>>;
  let digestText: Record<string, string>;

  beforeAll(async () => {
    // Monday 16 Nov: the roster is set up the week before.
    t = await startTestBot({ now: '2026-11-16T10:00:00Z', env: { ADMIN_USER_IDS: ADMIN } });
    t.slack.now = t.clock.now;
    t.slack.users.set(ADMIN, { tz: 'UTC' });
    t.slack.users.set(LA_MANAGER, { tz: 'America/Los_Angeles' });
    t.slack.users.set(LONDON_MANAGER, { tz: 'Europe/London' });
    for (const r of REPS) t.slack.users.set(r.id, { tz: r.tz });
    for (const m of [LA_MANAGER, LONDON_MANAGER])
      await admin(
        `assign ${teamOf(m)
          .map((id) => `<@${id}>`)
          .join(' ')} to <@${m}>`,
      );
    for (const r of REPS) if (r.start) await admin(`start <@${r.id}> ${r.start}`);
    await admin('digest rep-notes off');

    // The week, at each rep's own local hours.
    await log('2026-11-22T23:00:00Z', 'U0R8SY', '15 calls'); // Mon 10:00 in Sydney
    await log('2026-11-23T01:00:00Z', 'U0R4TK', '20 calls'); // Mon 10:00 in Tokyo
    await log('2026-11-23T09:00:00Z', 'U0R5LN', '25 calls, 8 emails');
    await log('2026-11-23T17:00:00Z', 'U0R1LA', '30 calls, 12 emails');
    await log('2026-11-24T12:00:00Z', 'U0R6LN', '2 demo self-led');
    await log('2026-11-24T13:00:00Z', 'U0R7BE', 'demo self-led');
    await log('2026-11-24T16:00:00Z', 'U0R3NY', 'meeting booked, 40 calls');
    await log('2026-11-24T18:00:00Z', 'U0R2LA', '10 calls');
    await log('2026-11-25T05:00:00Z', 'U0R8SY', '3 meetings booked'); // Wed 16:00 in Sydney
    await log('2026-11-25T14:00:00Z', 'U0R5LN', 'closed won $14,000');
    await log('2026-11-25T23:00:00Z', 'U0R1LA', 'demo self-led'); // Wed 15:00 in LA
    await log('2026-11-25T23:05:00Z', 'U0R1LA', 'undo');
    await log('2026-11-26T10:00:00Z', 'U0R7BE', '30 calls');
    await log('2026-11-26T15:00:00Z', 'U0R3NY', '10 emails tuesday'); // backdated within the week
    await log('2026-11-27T08:00:00Z', 'U0R4TK', '10 calls'); // Fri 17:00 in Tokyo

    // Friday 15:00 in London: the London manager's digest.
    await tick('2026-11-27T15:00:00Z');
    digestAt = { [LONDON_MANAGER]: recount(t, '2026-11-27T15:00:00Z') };
    await log('2026-11-27T16:00:00Z', 'U0R5LN', 'demo self-led'); // after London's digest: late
    await log('2026-11-27T20:00:00Z', 'U0R1LA', '10 calls'); // before LA's digest: in it
    // Friday 15:00 in Los Angeles (23:00 UTC): the LA manager's digest.
    await tick('2026-11-27T23:00:00Z');
    digestAt[LA_MANAGER] = recount(t, '2026-11-27T23:00:00Z');
    digestText = { [LONDON_MANAGER]: allText(postsTo(t, LONDON_MANAGER)[0]!.args), [LA_MANAGER]: allText(postsTo(t, LA_MANAGER)[0]!.args) };

    // The weekend and Monday: late, taken back, backdated, and a new week already under way in Sydney.
    await log('2026-11-28T10:00:00Z', 'U0R7BE', '2 meetings booked');
    await log('2026-11-28T11:00:00Z', 'U0R6LN', 'undo');
    t.clock.set('2026-11-28T12:00:00Z');
    await admin('adjust <@U0R5LN> -10 "duplicate calls"');
    await log('2026-11-29T21:00:00Z', 'U0R8SY', '5 calls'); // Mon 30 Nov 08:00 in Sydney: next week
    await log('2026-11-30T08:30:00Z', 'U0R2LA', '2 demo self-led 2026-11-27'); // Mon 00:30 in LA, backdated
    await tick('2026-11-30T09:00:00Z'); // Monday 09:00 in London
    await tick('2026-11-30T17:00:00Z'); // Monday 09:00 in Los Angeles
  });
  afterAll(async () => t?.close());

  it('sends each manager one digest at Friday 15:00 their time, with every rep’s total as the entries stood then', () => {
    for (const manager of [LONDON_MANAGER, LA_MANAGER]) {
      const text = digestText[manager]!;
      expect(text).toContain('Figures as of Fri 15:00, your time.');
      for (const rep of teamOf(manager)) expect(shownTotal(text, rep), `${manager}: ${rep}`).toBe(digestAt[manager]!.get(rep));
      for (const other of REPS.filter((r) => r.manager !== manager)) expect(text).not.toContain(`<@${other.id}>`);
      const team = teamOf(manager).reduce((sum, rep) => sum + digestAt[manager]!.get(rep)!, 0);
      expect(text).toContain(`*Team:* ${team.toLocaleString('en-US')} pts`);
    }
    // The undone demo counts nowhere; LA's Friday evening calls were in before LA's digest.
    expect(digestAt[LA_MANAGER]!.get('U0R1LA')).toBe(30 + 12 + 10);
    expect(digestText[LA_MANAGER]).toMatch(/<@U0R2LA> · AE \*.*:warning: no start date/);
  });

  it('keeps what each digest showed, rep by rep', () => {
    const rows = t.db.$client
      .prepare(
        'SELECT d.recipient_id AS manager, s.rep_id AS rep, s.points FROM digest_snapshots s JOIN deliveries d ON d.id = s.delivery_id',
      )
      .all() as Array<{ manager: string; rep: string; points: number }>;
    expect(rows).toHaveLength(REPS.length);
    for (const row of rows) expect(row.points, row.rep).toBe(digestAt[row.manager]!.get(row.rep));
  });

  it('sends the final numbers on Monday morning, listing only the reps whose totals changed, with who changed them and how', () => {
    const final = recount(t, '2026-11-30T17:00:00Z');
    for (const manager of [LONDON_MANAGER, LA_MANAGER]) {
      const posts = postsTo(t, manager);
      expect(posts).toHaveLength(2);
      const text = allText(posts[1]!.args);
      expect(text).toContain('Final numbers for 23–29 Nov 2026');
      for (const rep of teamOf(manager)) {
        const was = digestAt[manager]!.get(rep)!;
        const now = final.get(rep)!;
        if (was === now) {
          expect(text, rep).not.toContain(`<@${rep}>`);
          continue;
        }
        expect(shownTotal(text, rep), rep).toBe(now);
        expect(text).toContain(`(was ${was.toLocaleString('en-US')} in the digest, ${now > was ? '+' : '−'}${Math.abs(now - was)})`);
      }
    }
    const london = allText(postsTo(t, LONDON_MANAGER)[1]!.args);
    expect(london).toContain('logged by <@U0R5LN> Fri 27 Nov 16:00 (late)');
    expect(london).toContain('logged by <@U0R7BE> Sat 28 Nov 10:00 (late)');
    expect(london).toContain('taken back by <@U0R6LN> Sat 28 Nov 11:00');
    expect(london).toContain('adjustment · −10 pts · by <@U0ADMIN> Sat 28 Nov 12:00: “duplicate calls”');
    // Sydney's Monday is the next week: it changes nothing here.
    expect(london).not.toContain('<@U0R8SY>');
    const la = allText(postsTo(t, LA_MANAGER)[1]!.args);
    expect(la).toContain('for Fri 27 Nov');
    expect(la).toContain('(backdated)');
    expect(la).not.toContain('<@U0R1LA>');
  });

  it('shows each manager the same final totals in /points team last week', async () => {
    const final = recount(t, '2026-11-30T17:00:00Z');
    t.clock.set('2026-11-30T18:00:00Z');
    for (const manager of [LONDON_MANAGER, LA_MANAGER]) {
      const text = allText((await t.command('/points', 'team last week', { user_id: manager })).json);
      for (const rep of teamOf(manager)) expect(shownTotal(text, rep), `${manager}: ${rep}`).toBe(final.get(rep));
    }
  });
});
