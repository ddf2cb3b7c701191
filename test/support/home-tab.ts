import { expect } from 'vitest';
import { blockKitProblems } from '../../src/views/block-kit.js';
import { homeOpenedEvent } from './payloads.js';
import { sign } from './signing.js';
import type { RecordedCall } from './slack-stand-in.js';
import type { TestBot } from './test-bot.js';

/** Opening the App Home as Slack does (a signed app_home_opened event), and reading what was published. */
export function homeTab(bot: () => TestBot) {
  const open = (userId: string) => {
    const body = homeOpenedEvent({ userId });
    const ts = Math.floor(Date.now() / 1000);
    return bot().post(body, { timestamp: ts, signature: sign(body, ts), contentType: 'application/json' });
  };
  const publishes = (userId: string): RecordedCall[] =>
    bot()
      .slack.callsTo('views.publish')
      .filter((c) => c.args.user_id === userId);
  /** Waits for the `n`th publish of `userId`'s Home and returns its view, checked against Block Kit's limits. */
  const published = async (userId: string, n = 1): Promise<any> => {
    await bot().slack.waitFor(() => publishes(userId).length >= n, 15_000);
    const view = publishes(userId)[n - 1]!.args.view;
    expect(blockKitProblems(view, 'view')).toEqual([]);
    return view;
  };
  return { open, publishes, published };
}
