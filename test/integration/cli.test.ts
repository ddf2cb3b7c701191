import { isChartPost } from '../support/blocks.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { digestCli } from '../../src/cli/digest.js';
import { rosterCli } from '../../src/cli/roster.js';
import { cliContext } from '../support/cli.js';
import { rosterRows } from '../support/roster.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

describe('command-line tools', () => {
  let t: TestBot;
  let out: string[];
  let dir: string;
  beforeEach(async () => {
    t = await startTestBot({ now: '2026-11-20T16:00:00Z', env: { ADMIN_USER_IDS: 'U0ADMIN' } });
    out = [];
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'points-cli-'));
    for (const [id, email] of [
      ['U0ADMIN', 'admin@example.com'],
      ['U0MGR', 'mia@example.com'],
      ['U0REPA', 'ana@example.com'],
      ['U0REPB', 'ben@example.com'],
    ] as const) {
      t.slack.users.set(id, { tz: 'UTC', email });
    }
  });
  afterEach(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  const ctx = () => cliContext(t, out);
  const csv = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const roster = () => rosterRows(t.db);

  it('imports a roster by email and ID, reporting each row it cannot apply', async () => {
    const file = csv(
      'roster.csv',
      'user,manager,start_date,role\nana@example.com,mia@example.com,2026-11-02,AE\nU0REPB,U0MGR,,SDR\nnobody@example.com,U0MGR,2026-11-02,AE\n"ben@example.com",U0MGR,2026-13-40,AE\n',
    );
    const onboarding = async () => JSON.stringify((await t.command('/points', '', { user_id: 'U0REPA' })).json);
    expect(await onboarding()).not.toContain('Onboarding week');
    const code = await rosterCli(['import', file], ctx());
    expect(code).toBe(1);
    expect(out).toEqual([
      'line 4: not applied: no Slack user with the email nobody@example.com',
      'line 5: not applied: start date "2026-13-40" is not a real YYYY-MM-DD date',
      'Imported 2 reps; 2 not applied.',
    ]);
    expect(roster()).toEqual([
      ['U0REPA', 'U0MGR', 'AE', '2026-11-02'],
      ['U0REPB', 'U0MGR', 'SDR', null],
    ]);
    // The running bot applies the imported start date to the rep's next command.
    expect(await onboarding()).toContain('Onboarding week 3 of 13.');
  });

  it('applies nothing with --all-or-nothing when a row has a problem', async () => {
    const file = csv('roster.csv', 'email,manager_email\nana@example.com,mia@example.com\nU0GHOST,mia@example.com\n');
    expect(await rosterCli(['import', file, '--all-or-nothing'], ctx())).toBe(1);
    expect(out).toEqual(['line 3: not applied: no Slack user U0GHOST', 'Nothing imported: 1 row has a problem (--all-or-nothing).']);
    expect(roster()).toEqual([]);
  });

  it('imports nothing from a file whose quotes do not close, and says where to look', async () => {
    // A stray quote would otherwise swallow every row after it into one field.
    const file = csv('roster.csv', 'user,manager\nU0REPA,U0MGR\n"U0REPB,U0MGR\nU0ADMIN,U0MGR\n');
    expect(await rosterCli(['import', file], ctx())).toBe(1);
    expect(out).toEqual([`Nothing imported: ${file} is not valid CSV: line 3: a quote opened here is never closed.`]);
    expect(roster()).toEqual([]);
  });

  it('explains its usage and a missing file', async () => {
    expect(await rosterCli([], ctx())).toBe(2);
    expect(out.join('\n')).toContain('npm run roster -- import FILE [--all-or-nothing]');
    out = [];
    expect(await rosterCli(['import', path.join(dir, 'missing.csv')], ctx())).toBe(1);
    expect(out[0]).toMatch(/^Cannot read .*missing\.csv: ENOENT$/);
  });

  describe('digest', () => {
    beforeEach(async () => {
      await t.command('/points-admin', 'assign <@U0REPA> <@U0REPB> to <@U0MGR>', { user_id: 'U0ADMIN' });
      await t.command('/log', '40 calls, demo self-led', { user_id: 'U0REPA' });
    });

    it('--dry-run prints each digest as a person reads it and sends nothing', async () => {
      expect(await digestCli(['--dry-run'], ctx())).toBe(0);
      const text = out.join('\n');
      expect(text).toContain('### To U0MGR (@U0MGR, UTC) · week of 16–22 Nov 2026');
      expect(text).toContain('Weekly points · 16–22 Nov 2026\n==============================');
      expect(text).toContain('@U0REPA · AE 65 / 500 (13%)');
      expect(text).not.toMatch(/<@|\*/);
      expect(t.slack.callsTo('chat.postMessage')).toEqual([]);
      expect(t.slack.callsTo('conversations.open')).toEqual([]);
    });

    it('--dry-run --week shows another week', async () => {
      await digestCli(['--dry-run', '--week', '2026-11-11'], ctx());
      expect(out.join('\n')).toContain('Weekly points · 9–15 Nov 2026');
    });

    it('--send sends now, once a week unless --force', async () => {
      expect(await digestCli(['--send', '--manager', 'U0MGR'], ctx())).toBe(0);
      expect(out).toContain('sent digest to U0MGR (U0MGR), week of 16–22 Nov 2026');
      out = [];
      await digestCli(['--send', '--manager', 'U0MGR'], ctx());
      expect(out.join('\n')).toContain('already sent this week; --force sends again.');
      await digestCli(['--send', '--manager', 'U0MGR', '--force'], ctx());
      expect(t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U0MGR' && !isChartPost(c))).toHaveLength(2);
    });

    it('refuses a bad week or no mode', async () => {
      expect(await digestCli(['--dry-run', '--week', 'friday'], ctx())).toBe(2);
      expect(out[0]).toContain('--week takes a day as YYYY-MM-DD');
      expect(await digestCli([], ctx())).toBe(2);
    });
  });
});
