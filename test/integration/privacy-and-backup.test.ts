import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupCli, exportCli } from '../../src/cli/data.js';
import { runDigests } from '../../src/digest/job.js';
import { deliveries, entries, users, weeklyActivityTotals } from '../../src/db/schema.js';
import { allText } from '../support/blocks.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const ADMIN = 'U0ADMIN';

describe('erasing and exporting a user’s data', () => {
  let t: TestBot;
  let dir: string;
  beforeEach(async () => {
    t = await startTestBot({ env: { ADMIN_USER_IDS: ADMIN } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'points-privacy-'));
    for (const id of [ADMIN, 'U0MGR', 'U0REP1', 'U0REP2']) t.slack.users.set(id, { tz: 'UTC' });
    await t.command('/points-admin', 'assign <@U0REP1> <@U0REP2> to <@U0MGR>', { user_id: ADMIN });
    await t.command('/log', '30 calls, demo self-led "=SUM(A1:A9)"', { user_id: 'U0REP1' });
    await t.command('/log', '10 emails', { user_id: 'U0REP2' });
  });
  afterEach(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  const has = (userId: string) => ({
    entries: t.db
      .select()
      .from(entries)
      .all()
      .filter((e) => e.userId === userId).length,
    totals: t.db
      .select()
      .from(weeklyActivityTotals)
      .all()
      .filter((e) => e.userId === userId).length,
    user: t.db
      .select()
      .from(users)
      .all()
      .some((u) => u.id === userId),
  });

  it('asks for confirmation, showing what would go, and erases only on an admin’s Erase', async () => {
    const confirm = (await t.command('/points-admin', 'forget <@U0REP1|rep>', { user_id: ADMIN })).json;
    expect(allText(confirm)).toContain(
      '*Erase everything the bot holds about <@U0REP1>?*\nThat is 2 logged entries and their weekly totals, their place on the roster and',
    );
    expect(has('U0REP1')).toEqual({ entries: 2, totals: 2, user: true });

    await t.click({ actionId: 'admin_forget_confirm_button', value: 'U0REP1', userId: 'U0REP2', responseUrl: t.slack.responseUrl('f1') });
    await t.slack.waitFor((c) => c.some((x) => x.method === 'response:f1'));
    expect(allText(t.slack.callsTo('response:f1')[0]!.args)).toContain('is for the bot’s admins');
    expect(has('U0REP1').entries).toBe(2);

    await t.click({ actionId: 'admin_forget_cancel_button', value: 'U0REP1', userId: ADMIN, responseUrl: t.slack.responseUrl('f2') });
    await t.slack.waitFor((c) => c.some((x) => x.method === 'response:f2'));
    expect(allText(t.slack.callsTo('response:f2')[0]!.args)).toContain('Cancelled. Nothing about <@U0REP1> was erased.');
    expect(has('U0REP1').entries).toBe(2);

    await t.click({ actionId: 'admin_forget_confirm_button', value: 'U0REP1', userId: ADMIN, responseUrl: t.slack.responseUrl('f3') });
    await t.slack.waitFor((c) => c.some((x) => x.method === 'response:f3'));
    expect(allText(t.slack.callsTo('response:f3')[0]!.args)).toContain('Erased everything the bot held about <@U0REP1>: 2 entries');
    expect(has('U0REP1')).toEqual({ entries: 0, totals: 0, user: false });
    expect(has('U0REP2')).toEqual({ entries: 1, totals: 1, user: true });
  });

  it('erasing a manager keeps their reps on the roster without a manager', async () => {
    const repWeek = async () => allText((await t.command('/points', '<@U0REP1>', { user_id: 'U0MGR' })).json);
    expect(await repWeek()).toContain("<@U0REP1>'s week");
    await t.command('/points-admin', 'forget <@U0MGR>', { user_id: ADMIN });
    await t.click({ actionId: 'admin_forget_confirm_button', value: 'U0MGR', userId: ADMIN, responseUrl: t.slack.responseUrl('f') });
    await t.slack.waitFor((c) => c.some((x) => x.method === 'response:f'));
    expect(
      t.db
        .select()
        .from(users)
        .all()
        .filter((u) => u.onRoster)
        .map((u) => [u.id, u.managerId]),
    ).toEqual([
      ['U0REP1', null],
      ['U0REP2', null],
    ]);
    // What the bot remembered of the rep (reporting to U0MGR) went with the erase.
    const after = await repWeek();
    expect(after).toContain('you can only see your own points');
    expect(after).not.toContain("<@U0REP1>'s week");
  });

  it('exports entries as CSV that opens safely in a spreadsheet', async () => {
    // The demo (entry 2) taken back from /log history, the calls of the same line kept.
    await t.click({ actionId: 'log_history_undo_button', value: '2', userId: 'U0REP1', responseUrl: t.slack.responseUrl('undo-demo') });
    await t.slack.waitFor((calls) => calls.some((c) => c.method === 'response:undo-demo'));
    const file = path.join(dir, 'rep1.csv');
    const out: string[] = [];
    expect(await exportCli([file, '--user', 'U0REP1'], { db: t.db, out: (l) => out.push(l) })).toBe(0);
    expect(out).toEqual([`Exported 2 entries to ${file}.`]);
    const lines = fs
      .readFileSync(file, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'Date,Rep,Slack ID,Manager,Role,Activity,Count,Points,Amount,Currency,Account,Note,Logged at (UTC),Undone at (UTC),Adjustment reason',
    );
    expect(lines[1]).toBe("2026-11-18,U0REP1,U0REP1,U0MGR,AE,Outbound call,30,30,,,,'=SUM(A1:A9),2026-11-18 15:00:00,,");
    expect(lines[2]).toBe(
      '2026-11-18,U0REP1,U0REP1,U0MGR,AE,"Demo, self-led",1,25,,,,\'=SUM(A1:A9),2026-11-18 15:00:00,2026-11-18 15:00:00,',
    );
  });
});

describe('online backup', () => {
  let t: TestBot;
  afterEach(async () => t.close());

  it('writes a consistent copy while the bot is taking requests', async () => {
    t = await startTestBot();
    t.slack.users.set('U0REP1', { tz: 'UTC' });
    await t.command('/log', '30 calls');
    const file = path.join(path.dirname(t.dbPath), 'backup', 'copy.db');
    const inFlight = Promise.all([t.command('/log', '5 emails'), t.command('/log', 'demo self-led')]);
    const out: string[] = [];
    expect(await backupCli([file], { db: t.db, out: (l) => out.push(l) })).toBe(0);
    await inFlight;
    expect(out[0]).toMatch(/^Backed up to .*copy\.db \([\d,]+ bytes, \d+ ms\)\.$/);
    const copy = new Database(file, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const n = (copy.prepare('select count(*) n from entries').get() as { n: number }).n;
    expect(n).toBeGreaterThanOrEqual(1);
    const totals = (copy.prepare('select coalesce(sum(points),0) p from weekly_activity_totals').get() as { p: number }).p;
    const fromEntries = (copy.prepare('select coalesce(sum(points),0) p from entries where undone_at is null').get() as { p: number }).p;
    expect(totals).toBe(fromEntries);
    copy.close();
  });
});

describe('an erase leaves nothing of the user in the database file', () => {
  const TARGET = 'U0ZAPHOD42';
  const notes = Array.from({ length: 30 }, (_, i) => `zq-note-${String(i).padStart(2, '0')}-quokka`);
  const traces = [TARGET, ...notes];
  let t: TestBot;
  let files: string[];
  beforeEach(async () => {
    t = await startTestBot({ env: { ADMIN_USER_IDS: ADMIN, LOG_RATE_PER_MINUTE: '100' } });
    files = [t.dbPath, `${t.dbPath}-wal`];
    for (const id of [ADMIN, 'U0MGR', TARGET, 'U0REP2']) t.slack.users.set(id, { tz: 'UTC' });
    // The target reports to a manager and manages a rep of their own, so their id is in other rows too.
    await t.command('/points-admin', `assign <@${TARGET}> to <@U0MGR>`, { user_id: ADMIN });
    await t.command('/points-admin', `assign <@U0REP2> to <@${TARGET}>`, { user_id: ADMIN });
    for (const [i, note] of notes.entries()) {
      if (i === 29) await t.submitLogForm({ userId: TARGET, viewId: 'VFORGET1', activity: 'email', count: '3', note });
      else await t.command('/log', `${i + 1} calls, demo self-led "${note}"`, { user_id: TARGET });
    }
    await t.command('/log', '10 emails "kept-note-of-rep2"', { user_id: 'U0REP2' });
    await t.command('/log', 'undo', { user_id: TARGET });
    await runDigests(t.bot.digestDeps, { mode: 'now' });
    expect(
      t.db
        .select()
        .from(deliveries)
        .all()
        .filter((d) => d.recipientId === TARGET),
      // A manager on the roster is their director's row, not a rep: their team's digest, no rep note.
    ).toHaveLength(1);
    expect(Object.keys(foundIn(files, traces))).toHaveLength(traces.length);
  });
  afterEach(async () => t.close());

  /** How often each text occurs in the raw bytes of the given files, for those that occur. */
  const foundIn = (paths: string[], needles: string[]): Record<string, number> => {
    const bytes = paths.filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f));
    const found: Record<string, number> = {};
    for (const needle of needles) {
      const n = Buffer.from(needle, 'utf8');
      let count = 0;
      for (const b of bytes) for (let at = b.indexOf(n); at !== -1; at = b.indexOf(n, at + 1)) count += 1;
      if (count > 0) found[needle] = count;
    }
    return found;
  };

  /** The admin's answer to Erase, once it came. */
  const erase = async (responseId: string): Promise<string> => {
    await t.command('/points-admin', `forget <@${TARGET}>`, { user_id: ADMIN });
    await t.click({ actionId: 'admin_forget_confirm_button', value: TARGET, userId: ADMIN, responseUrl: t.slack.responseUrl(responseId) });
    await t.slack.waitFor((c) => c.some((x) => x.method === `response:${responseId}`), 15_000);
    return allText(t.slack.callsTo(`response:${responseId}`)[0]!.args);
  };

  it('neither the file, its write-ahead log nor a backup taken after holds their id or notes', async () => {
    expect(await erase('f')).toContain(`Erased everything the bot held about <@${TARGET}>: 59 entries`);

    expect(foundIn(files, traces)).toEqual({});
    const backup = path.join(path.dirname(t.dbPath), 'after-erase.db');
    expect(await backupCli([backup], { db: t.db, out: () => undefined })).toBe(0);
    expect(foundIn([backup], traces)).toEqual({});
    // Everyone else's data is whole, in the file and in the backup.
    const copy = new Database(backup, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare("select note from entries where user_id = 'U0REP2'").pluck().all()).toEqual(['kept-note-of-rep2']);
    expect(copy.prepare("select manager_id from users where id = 'U0REP2'").pluck().get()).toBeNull();
    copy.close();
    expect(
      t.db
        .select()
        .from(entries)
        .all()
        .map((e) => e.note),
    ).toEqual(['kept-note-of-rep2']);
  });

  it('says so when another program keeps the old copies in use, and a second erase finishes the job', async () => {
    // Another process in the middle of a long read (an export, say) holds the write-ahead log.
    const reader = new Database(t.dbPath, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('select count(*) from entries').get();
    const first = await erase('f1');
    expect(first).toContain(`Erased everything the bot held about <@${TARGET}>: 59 entries`);
    expect(first).toContain('But the database file could not be rewritten just now (another program kept it busy');
    expect(t.logLines.some((l) => l.includes('the database file was not rewritten after an erase'))).toBe(true);
    expect(t.db.select().from(entries).all()).toHaveLength(1);
    reader.exec('COMMIT');
    reader.close();

    const second = await erase('f2');
    expect(second).toContain(`Erased everything the bot held about <@${TARGET}>: 0 entries`);
    expect(second).not.toContain('could not be rewritten');
    expect(foundIn(files, traces)).toEqual({});
  });
});
