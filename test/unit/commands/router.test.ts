import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Routes } from '../../../src/commands/index.js';
import { logCommand } from '../../../src/commands/log-command.js';
import type { Deps } from '../../../src/commands/deps.js';
import { undoAction } from '../../../src/commands/undo-action.js';
import { startTestBot, type TestBot } from '../../support/test-bot.js';

/** Type-level checks: `npm test` type-checks this file first, and fails if an expected error is missing. */
export function misplacedHandlers(deps: Deps): Routes[] {
  return [
    // @ts-expect-error a slash-command handler cannot answer a button
    { command: {}, block_actions: { some_button: logCommand(deps) }, view_submission: {}, event: {} },
    // @ts-expect-error a button handler cannot answer a slash command
    { command: { '/log': undoAction(deps) }, block_actions: {}, view_submission: {}, event: {} },
    // @ts-expect-error nor a form submission
    { command: {}, block_actions: {}, view_submission: { log_modal: undoAction(deps) }, event: {} },
    { command: { '/log': logCommand(deps) }, block_actions: { some_button: undoAction(deps) }, view_submission: {}, event: {} },
  ];
}

describe('the router', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot();
  });
  afterEach(async () => {
    await t.close();
  });

  it('hands what its table does not route to ordinary Bolt listeners', async () => {
    const seen: string[] = [];
    t.bot.app.shortcut('open_points', async ({ ack, shortcut }) => {
      await ack();
      seen.push(shortcut.user.id);
    });
    const payload = {
      type: 'shortcut',
      callback_id: 'open_points',
      trigger_id: '1.2.abc',
      user: { id: 'U0REPA', username: 'ana' },
      team: { id: 'T0001' },
    };
    const answer = await t.post(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
    expect(answer.status).toBe(200);
    expect(seen).toEqual(['U0REPA']);
  });
});
