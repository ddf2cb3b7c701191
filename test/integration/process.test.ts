import fs from 'node:fs';
import http from 'node:http';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { botProcessPerTest } from '../support/bot-process.js';
import { slashCommand } from '../support/payloads.js';
import { postSigned } from '../support/signing.js';
import { openDatabase } from '../../src/db/index.js';

describe('the bot as a process', () => {
  const bots = botProcessPerTest({ LOG_RATE_PER_MINUTE: '100000' });
  const start = () => bots.start();

  it('loses nothing it confirmed when killed with SIGKILL under load', async () => {
    const total = 600;
    // Reps the bot has seen before, in UTC. Hundreds of first-time zone lookups at once would
    // outlast the lookup's budget on a busy machine; a guessed zone is then refused while the
    // guess straddles two weeks (Monday before noon UTC), whatever this test is about.
    const seeded = openDatabase(bots.dbPath);
    const seen = seeded.$client.prepare("INSERT INTO users (id, tz, tz_checked_at, created_at, on_roster) VALUES (?, 'UTC', ?, 0, 1)");
    for (let i = 0; i < total; i++) seen.run(`U0LOAD${String(i).padStart(4, '0')}`, Date.now());
    seeded.$client.close();
    const bot = await start();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
    const url = `http://127.0.0.1:${bot.port}/slack/events`;
    const confirmed: Array<{ user: string; count: number }> = [];
    let killed = false;
    let inFlight = 0;
    let inFlightAtKill = 0;
    const requests = Array.from({ length: total }, async (_, i) => {
      const user = `U0LOAD${String(i).padStart(4, '0')}`;
      const count = (i % 500) + 1;
      inFlight++;
      try {
        const res = await postSigned(url, slashCommand({ command: '/log', text: `${count} calls`, user_id: user }), { agent });
        if (res.status === 200 && String(res.json?.text).startsWith('Logged 1 activity')) confirmed.push({ user, count });
      } catch {
        // Cut off by the kill: the rep saw no confirmation.
      }
      inFlight--;
      // Killed mid-load: with 256 connections, hundreds of requests are in flight at this point.
      if (!killed && confirmed.length >= 150) {
        killed = true;
        inFlightAtKill = inFlight;
        bot.child.kill('SIGKILL');
      }
    });
    await Promise.all(requests);
    agent.destroy();
    expect(killed).toBe(true);
    expect((await bot.exited).signal).toBe('SIGKILL');
    expect(confirmed.length).toBeGreaterThanOrEqual(150);
    expect(confirmed.length).toBeLessThan(total);
    expect(inFlightAtKill).toBeGreaterThanOrEqual(100);

    // Restart on the same file: it opens, recovers the WAL and serves.
    const again = await start();
    expect((await fetch(`http://127.0.0.1:${again.port}/health`)).status).toBe(200);
    again.child.kill('SIGTERM');
    await again.exited;

    const db = new Database(bots.dbPath, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = db.prepare('select user_id, count from entries').all() as Array<{ user_id: string; count: number }>;
    const byUser = new Map<string, number[]>();
    for (const r of rows) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r.count]);
    for (const c of confirmed) expect(byUser.get(c.user)).toEqual([c.count]);
    for (const counts of byUser.values()) expect(counts).toHaveLength(1);
    const mismatches = db
      .prepare(
        `select t.user_id from (select user_id, week_start, sum(points) points from weekly_activity_totals group by 1, 2) t
         left join (select user_id, week_start, sum(points) p from entries where undone_at is null group by 1, 2) e
         on e.user_id = t.user_id and e.week_start = t.week_start where coalesce(e.p, 0) != t.points`,
      )
      .all();
    expect(mismatches).toEqual([]);
    const weeks = db.prepare('select count(*) n from (select distinct user_id, week_start from weekly_activity_totals)').get() as {
      n: number;
    };
    expect(weeks.n).toBe(byUser.size);
    db.close();
    // Two starts of the built bot and 600 requests: on a busy 2-core machine that outlasts the default.
  }, 60_000);

  it('on SIGTERM finishes what is in flight, takes nothing new and closes the database cleanly', async () => {
    const bot = await start();
    // A first-time user: the users.info lookup keeps this /log in flight for a while.
    bots.slack.users.set('U0SLOW', { tz: 'UTC' });
    bots.slack.reply('users.info', { delayMs: 800 });
    const url = `http://127.0.0.1:${bot.port}/slack/events`;
    const inFlight = postSigned(url, slashCommand({ command: '/log', text: 'demo self-led', user_id: 'U0SLOW' }));
    await bots.slack.waitFor((calls) => calls.some((c) => c.method === 'users.info'));
    bot.child.kill('SIGTERM');
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.json.text).toContain('Logged 1 activity (+25 pts)');
    expect(await bot.exited).toEqual({ code: 0, signal: null });
    await expect(postSigned(url, slashCommand({ command: '/log', text: '30 calls' }))).rejects.toThrow();
    expect(bot.output.join('')).toContain('SIGTERM received, stopping');
    // A clean close checkpoints the WAL into the database and removes it.
    expect(fs.existsSync(`${bots.dbPath}-wal`)).toBe(false);
    const db = new Database(bots.dbPath, { readonly: true });
    expect(db.prepare('select user_id, activity_key from entries').all()).toEqual([{ user_id: 'U0SLOW', activity_key: 'demo_self' }]);
    db.close();
  });
});
