import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoPortTaken, startDemo, type Demo } from '../../src/demo/server.js';
import { DEMO_TEAM, demoReps } from '../../src/demo/team.js';

/**
 * `npm run demo`: the real bot against the demo's Slack stand-in, six weeks of a team's history
 * logged through it, and the page that plays Slack's part, driven in a real headless Chromium.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let demo: Demo;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'points-demo-'));
  demo = await startDemo({ port: 0, databasePath: path.join(dir, 'demo.db') });
}, 60_000);

afterAll(async () => {
  await demo?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the demo team's history", () => {
  it('holds six weeks of logging whose running totals equal a recount of the entries', () => {
    const sql = demo.db.$client;
    const kept = sql
      .prepare(
        'SELECT user_id AS rep, week_start AS week, activity_key AS activity, count, points FROM weekly_activity_totals WHERE count <> 0 OR points <> 0 ORDER BY 1, 2, 3',
      )
      .all();
    const recount = sql
      .prepare(
        'SELECT user_id AS rep, week_start AS week, activity_key AS activity, sum(count) AS count, sum(points) AS points FROM entries WHERE undone_at IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3',
      )
      .all();
    expect(recount.length).toBeGreaterThan(100);
    expect(kept).toEqual(recount);
    // Each rep has logged every week since their start (up to six), none logged before it.
    const weeks = sql
      .prepare('SELECT user_id AS rep, count(DISTINCT week_start) AS weeks, min(day) AS first FROM entries GROUP BY 1')
      .all() as Array<{
      rep: string;
      weeks: number;
      first: string;
    }>;
    for (const rep of demoReps().filter((r) => r.onboardingWeek! > 1)) {
      const row = weeks.find((w) => w.rep === rep.id);
      // The current week counts too, from Tuesday on: its Monday is yesterday or earlier.
      expect([Math.min(6, rep.onboardingWeek! - 1), Math.min(7, rep.onboardingWeek!)]).toContain(row?.weeks);
      const start = sql.prepare('SELECT start_date AS start FROM users WHERE id = ?').get(rep.id) as { start: string };
      expect(row!.first >= start.start).toBe(true);
    }
  });

  it('has sent each manager the Friday digests and each rep their notes, as the job does', () => {
    for (const manager of DEMO_TEAM.filter((p) => p.kind === 'manager')) {
      const digests = demo.slack.inbox(manager.id).dm.filter((m) => m.text?.startsWith('Weekly points'));
      expect(digests.length).toBe(6);
    }
    expect(demo.slack.inbox('UANA').dm.length).toBeGreaterThanOrEqual(6);
  });

  it('listens on loopback only, and a port already taken is named with what to do', async () => {
    expect(demo.slack.baseUrl).toBe(`http://127.0.0.1:${demo.port}`);
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const err = await startDemo({ port, databasePath: path.join(dir, 'second.db') }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DemoPortTaken);
      expect((err as Error).message).toBe(
        `Port ${port} is already in use (another \`npm run demo\`?). Stop that, or pick another port: PORT=${port + 1} npm run demo`,
      );
    } finally {
      taken.close();
    }
  });
});

describe('the demo server', () => {
  it('answers only to the names of this machine, and takes only JSON from the page', async () => {
    const base = `http://127.0.0.1:${demo.port}`;
    const rebound = await new Promise<number>((resolve, reject) =>
      http
        .get(`${base}/demo`, { headers: { host: `attacker.example:${demo.port}` } }, (res) => resolve(res.statusCode ?? 0))
        .on('error', reject),
    );
    expect(rebound).toBe(403);
    const form = await fetch(`${base}/demo/api/command?user=UANA`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ text: '/log 30 calls' }),
    });
    expect(form.status).toBe(415);
    expect(demo.slack.inbox('UANA').channel).toEqual([]);
  });
});

describe('the demo page in a browser', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium package, or set CHROMIUM_PATH`);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 820 } });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
  });

  const messages = () => page.locator('#messages');
  const type = async (line: string) => {
    await page.locator('#composer-input').fill(line);
    await page.locator('#composer-input').press('Enter');
  };

  it("draws mrkdwn as Slack does: bold, italic, code, mentions by name, links, Slack's escapes and line breaks", async () => {
    await page.goto(`${demo.url}?as=UANA`);
    const typed =
      '*587 / 500* by <@UANA>, _wk 20_ `/log undo`\n<https://example.com/a?b=1&amp;c=2|the &lt;guide&gt;> :white_check_mark: <script>';
    // A string, so that the test runner leaves the page's own import() alone.
    const html = await page.evaluate(`import('/demo/blocks.js').then((b) => b.mrkdwn(${JSON.stringify(typed)}, { UANA: 'Ana Alvarez' }))`);
    expect(html).toBe(
      '<b>587 / 500</b> by <span class="mention" data-user="UANA">@Ana Alvarez</span>, <i>wk 20</i> <code>/log undo</code><br>' +
        '<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noreferrer">the &lt;guide&gt;</a> ' +
        '<span class="emoji emoji-green" title=":white_check_mark:">✔</span> &lt;script&gt;',
    );
  });

  it('logs as a rep, undoes, fills the form, and sends the manager their digest', async () => {
    await page.goto(`${demo.url}?as=UANA`);
    await expect.poll(() => page.locator('#me').textContent()).toBe('Ana Alvarez');

    await type('/log demo self-led');
    const confirmation = messages().locator('article').last();
    await confirmation.getByText('Logged 1 self-led demo').waitFor();
    expect(await confirmation.textContent()).toMatch(/Logged 1 self-led demo \(\+25 pts\)This week \(onboarding week 20\): \d+ \/ 500 pts/);

    await confirmation.getByRole('button', { name: 'Undo' }).click();
    await confirmation.getByText('Undone:').waitFor();
    expect(await confirmation.textContent()).toContain('Undone: 1 self-led demo');

    await type('/log');
    const modal = page.locator('#modal');
    await modal.getByText('Log activity').waitFor();
    await modal.locator('select').selectOption('call');
    await modal.locator('input[data-action-id="log_count_input"]').fill('');
    await page.locator('#modal-submit').click();
    await modal.getByText('Enter a whole number, like 1 or 30.').waitFor();
    await modal.locator('input[data-action-id="log_count_input"]').fill('12');
    await page.locator('#modal-submit').click();
    await modal.getByText('Logged 12 calls').waitFor();
    expect(await page.locator('#modal-title').textContent()).toBe('Logged');
    await page.locator('#modal-close').click();
    await expect.poll(() => modal.isHidden()).toBe(true);
    const saved = demo.db.$client
      .prepare("SELECT count, source FROM entries WHERE user_id = 'UANA' AND undone_at IS NULL ORDER BY id DESC LIMIT 1")
      .get();
    expect(saved).toEqual({ count: 12, source: 'modal' });

    await page.locator('#who').selectOption('UMAYA');
    await expect.poll(() => page.locator('#me').textContent()).toBe('Maya Manager');
    await page.getByRole('button', { name: "Send Friday's digest now" }).click();
    await expect.poll(() => page.locator('#pane-title').textContent()).toBe('Points (direct messages)');
    const digest = messages().locator('article').last();
    await digest.getByText('@Ana Alvarez').waitFor();
    const text = (await digest.textContent()) ?? '';
    expect(text).toContain('Weekly points');
    expect(text).toMatch(/@Ben Brooks · AE [\d,]+ \/ 500/);
    expect(text).toMatch(/@Chloe Chen · SDR [\d,]+ \/ 300/);

    const shot = await page.screenshot({ fullPage: false });
    expect(shot.subarray(1, 4).toString()).toBe('PNG');
    // `DEMO_SCREENSHOT=docs/demo.png npx vitest run test/integration/demo.test.ts` refreshes README's picture.
    if (process.env.DEMO_SCREENSHOT) fs.writeFileSync(process.env.DEMO_SCREENSHOT, shot);
  }, 60_000);
});
