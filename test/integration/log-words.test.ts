import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entries } from '../../src/db/schema.js';
import { blockKitProblems } from '../../src/views/block-kit.js';
import { allText } from '../support/blocks.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const REP = 'U0REP1';

describe('/log lines that confuse reps, over signed HTTP', () => {
  let t: TestBot;
  beforeEach(async () => {
    // Wednesday 18 Nov 2026, 10:00 in London.
    t = await startTestBot({ now: '2026-11-18T10:00:00Z' });
    t.slack.users.set(REP, { tz: 'Europe/London' });
  });
  afterEach(async () => t.close());

  const log = async (text: string) => {
    return t.answer('/log', text, REP);
  };
  const rows = () => t.db.select().from(entries).all();
  const suggestionButton = (answer: any) =>
    answer.blocks.flatMap((b: any) => [b.accessory, ...(b.elements ?? [])]).find((e: any) => e?.action_id === 'log_suggestion_button');
  const click = async (value: string, id: string) => {
    const res = await t.click({ actionId: 'log_suggestion_button', value, responseUrl: t.slack.responseUrl(id) });
    expect(res.status).toBe(200);
    const calls = await t.slack.waitFor((c) => c.some((x) => x.method === `response:${id}`));
    const reply = calls.find((c) => c.method === `response:${id}`)!.args;
    expect(blockKitProblems(reply, 'message')).toEqual([]);
    return reply;
  };

  it('suggests the whole corrected line, and its button logs it and confirms like /log', async () => {
    const answer = await log('30 calls, 12 emials');
    const text = allText(answer);
    expect(text).toContain('I don’t know'.replace('’', "'") + ' “12 emials”. Did you mean *emails* (1 pt)?');
    expect(text).toContain('`/log 30 calls, 12 emails`');
    expect(text).toContain('Nothing was logged.');
    expect(rows()).toEqual([]);
    const button = suggestionButton(answer);
    expect(button.value).toBe('30 calls, 12 emails');
    const reply = await click(button.value, 's1');
    expect(reply.replace_original).toBe(true);
    expect(allText(reply)).toContain('Logged 2 activities, *+42 pts*');
    expect(allText(reply)).toContain('This week: *42 / 500 pts* (8%)');
    expect(rows().map((r) => [r.activityKey, r.count, r.source])).toEqual([
      ['call', 30, 'command'],
      ['email', 12, 'command'],
    ]);
  });

  it('logs a suggested line once, however often its button is clicked', async () => {
    const button = suggestionButton(await log('30 calls, 12 emials'));
    await click(button.value, 'd1');
    const second = await click(button.value, 'd2');
    expect(allText(second)).toContain('30 calls');
    expect(rows().map((r) => [r.activityKey, r.count])).toEqual([
      ['call', 30],
      ['email', 12],
    ]);
  });

  it('keeps the count of a count written against its activity', async () => {
    const answer = await log('30calls');
    expect(allText(answer)).toContain('`/log 30 calls`');
    await click(suggestionButton(answer).value, 's2');
    expect(rows().map((r) => [r.activityKey, r.count])).toEqual([['call', 30]]);
  });

  it('reads what the button carries again, and refuses what does not read', async () => {
    const refused = await click('pizza', 's3');
    expect(allText(refused)).toContain("I don't know the activity “pizza”");
    const tooLong = await click(`30 calls ${'a'.repeat(5_000)}`, 's4');
    expect(allText(tooLong)).toContain('/log takes up to 1,000');
    const again = await click('30 calls, 12 emials', 's5');
    expect(allText(again)).toContain('Nothing was logged.');
    expect(rows()).toEqual([]);
  });

  it('names the word it could not read, and logs nothing', async () => {
    const text = allText(await log('demo self-led x'));
    expect(text).toContain('but not “x”');
    expect(text).toContain('Nothing was logged.');
    expect(rows()).toEqual([]);
  });

  it('refuses an activity named twice the same way, however it was written', async () => {
    for (const line of ['calls calls', 'calls 5 calls 6', '30 calls, 10 calls']) {
      expect(allText(await log(line))).toContain(
        '*calls* appears twice in that line. Add the counts up and log it once. Nothing was logged.',
      );
    }
    expect(rows()).toEqual([]);
  });

  it('keeps a note in single quotes, and refuses a note over 500 characters instead of cutting it', async () => {
    expect(allText(await log("demo self-led 'Acme's kickoff'"))).toContain("Note: Acme's kickoff");
    const long = 'n'.repeat(501);
    expect(allText(await log(`demo self-led "${long}"`))).toContain('That note is 501 characters; a note can be up to 500.');
    const full = 'n'.repeat(500);
    await log(`demo self-led note: ${full}`);
    expect(rows().map((r) => r.note)).toEqual(["Acme's kickoff", full]);
  });
});
