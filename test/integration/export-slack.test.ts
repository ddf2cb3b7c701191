import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allText } from '../support/blocks.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';
import { ADMIN, expectFixtureWorkbook, exportFixture } from '../support/export-fixture.js';

describe('/points-admin export: the workbook sent to the admin as a file in a DM', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ now: '2026-11-18T15:00:00Z', env: { ADMIN_USER_IDS: ADMIN } });
    await exportFixture(t);
  });
  afterEach(async () => t.close());

  const exportAs = async (user: string, text = '') => allText(await t.answer('/points-admin', `export ${text}`.trim(), user));

  it('answers at once, then uploads the workbook through Slack’s upload flow into the admin’s DM', async () => {
    expect(await exportAs(ADMIN)).toContain('Preparing your export');
    await t.slack.waitFor((calls) => calls.some((c) => c.method === 'files.completeUploadExternal'), 10_000);
    const [asked] = t.slack.callsTo('files.getUploadURLExternal');
    expect(asked!.args).toMatchObject({ filename: 'points-export-2026-11-18.xlsx' });
    const [upload] = t.slack.uploads.values();
    expect(Number(asked!.args.length)).toBe(upload!.length);
    const [done] = t.slack.callsTo('files.completeUploadExternal');
    expect(done!.args.channel_id).toBe('D0ADMIN');
    expect(done!.args.files).toEqual([{ id: 'F1', title: 'Points export, every entry' }]);
    expect(done!.args.initial_comment).toContain('5 entries');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(upload as unknown as ArrayBuffer);
    await expectFixtureWorkbook(workbook);
  });

  it('exports the weeks between two dates', async () => {
    expect(await exportAs(ADMIN, '2026-11-16 2026-11-22')).toContain('16 Nov 2026 to 22 Nov 2026');
    await t.slack.waitFor((calls) => calls.some((c) => c.method === 'files.completeUploadExternal'), 10_000);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load([...t.slack.uploads.values()][0] as unknown as ArrayBuffer);
    expect(workbook.getWorksheet('Weeks')!.rowCount).toBe(3);
    expect(t.slack.callsTo('files.completeUploadExternal')[0]!.args.files[0].title).toBe('Points export, 2026-11-16 to 2026-11-22');
  });

  it('refuses a second export while one is being prepared', async () => {
    // Slack's answer to the first upload step held back, so the first export is still running.
    t.slack.reply('files.getUploadURLExternal', { delayMs: 1500 });
    expect(await exportAs(ADMIN)).toContain('Preparing your export');
    expect(await exportAs(ADMIN)).toContain('An export is already being prepared');
    await t.slack.waitFor((calls) => calls.some((c) => c.method === 'files.completeUploadExternal'), 10_000);
    expect(t.slack.callsTo('files.getUploadURLExternal')).toHaveLength(1);
  });

  it('refuses someone who is not an admin, and sends nothing', async () => {
    expect(await exportAs('U0REP1')).toContain('is for the bot’s admins');
    expect(t.slack.callsTo('files.getUploadURLExternal')).toEqual([]);
  });

  it.each([
    ['2026-02-30', '2026-02-30 isn’t a real date'],
    ['2026-11-20 2026-11-01', 'The first date is after the second'],
    ['last month', 'Give the dates as YYYY-MM-DD'],
    ['2026-11-01 2026-11-02 2026-11-03', 'Give the dates as YYYY-MM-DD'],
  ])('refuses `export %s` with a friendly answer, and sends nothing', async (text, message) => {
    const answer = await exportAs(ADMIN, text);
    expect(answer).toContain(message);
    expect(answer).toContain('Nothing changed');
    expect(t.slack.callsTo('files.getUploadURLExternal')).toEqual([]);
  });

  it('tells the admin in the DM when Slack refuses the upload', async () => {
    t.slack.reply('files.getUploadURLExternal', { body: { ok: false, error: 'missing_scope' } });
    await exportAs(ADMIN);
    const calls = await t.slack.waitFor((c) => c.some((x) => x.method === 'chat.postMessage' && x.args.channel === 'D0ADMIN'), 10_000);
    const dm = calls.find((x) => x.method === 'chat.postMessage' && x.args.channel === 'D0ADMIN')!;
    expect(dm.args.text).toContain('could not send your export');
    expect(dm.args.text).toContain('missing_scope');
    // A later export is not refused as if the failed one were still running.
    expect(await exportAs(ADMIN)).toContain('Preparing your export');
    await t.slack.waitFor((c) => c.some((x) => x.method === 'files.completeUploadExternal'), 10_000);
  });
});
