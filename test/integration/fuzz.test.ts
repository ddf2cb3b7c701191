import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entries } from '../../src/db/schema.js';
import { recomputeWeeklyTotals, runningWeeklyTotals } from '../../src/scoring/ledger.js';
import { blockKitProblems } from '../../src/views/block-kit.js';
import { FuzzText } from '../support/fuzz.js';
import { slashCommand } from '../support/payloads.js';
import { postSigned } from '../support/signing.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const CASES = 10_000;
const CONCURRENCY = 32;
const COMMANDS = ['/log', '/log', '/points', '/points-admin'] as const;

describe('fuzzed command texts', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({ env: { ADMIN_USER_IDS: 'U0ADMIN', LOG_RATE_PER_MINUTE: '1000000' } });
    for (const id of ['U0ADMIN', 'U0REP1', 'U0REP2', 'U0MGR']) t.slack.users.set(id, { tz: 'UTC' });
  });
  afterAll(async () => t.close());

  it(`answers ${CASES.toLocaleString('en-US')} hostile texts with a readable, safe message and records only what it confirmed`, async () => {
    const gen = new FuzzText(20261122);
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const url = `${t.baseUrl}/slack/events`;
    const problems: string[] = [];
    let confirmedEntries = 0;
    let next = 0;
    const worker = async () => {
      while (next < CASES) {
        const i = next++;
        const command = COMMANDS[i % COMMANDS.length]!;
        const user = command === '/points-admin' && i % 8 === 3 ? 'U0ADMIN' : gen.pick(['U0REP1', 'U0REP2', 'U0MGR', 'U0STRANGER']);
        let text = gen.text();
        if (text.trim() === '') text = `${text}x`;
        const res = await postSigned(url, slashCommand({ command, text, user_id: user }), { agent });
        const where = `#${i} ${command} ${JSON.stringify(text).slice(0, 80)}`;
        if (res.status !== 200) {
          problems.push(`${where}: HTTP ${res.status}`);
          continue;
        }
        const answer = res.json;
        if (!answer || typeof answer.text !== 'string' || answer.text.trim() === '') {
          problems.push(`${where}: no readable answer (${res.text.slice(0, 80)})`);
          continue;
        }
        const limits = blockKitProblems(answer, 'message');
        if (limits.length) problems.push(`${where}: ${limits.join('; ')}`);
        const raw = JSON.stringify(answer);
        if (/<!(channel|here|everyone|subteam)/.test(raw)) problems.push(`${where}: a broadcast ping got through`);
        const unescaped = raw.replace(/<@[UW][A-Z0-9]+>/g, '').replace(/\\u003c/gi, '<');
        if (unescaped.includes('<')) problems.push(`${where}: an unescaped < in the answer`);
        const logged = /^Logged (\d+) activit(?:y|ies) \(/.exec(answer.text);
        if (command === '/log' && logged) confirmedEntries += Number(logged[1]);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    agent.destroy();
    expect(problems.slice(0, 20)).toEqual([]);
    expect(t.db.select().from(entries).all()).toHaveLength(confirmedEntries);
    expect(runningWeeklyTotals(t.db)).toEqual(recomputeWeeklyTotals(t.db));
    expect(t.logLines.filter((l) => JSON.parse(l).level === 'error')).toEqual([]);
    expect(t.db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
  }, 300_000);
});
