import type { types } from '@slack/bolt';
import { ids } from './ids.js';
import type { SlackMessage } from './message.js';

/** The App Home tab: the rep's week as `/points` shows it, a button for the form, and how to use the bot. */
export function buildHomeView(week: SlackMessage): types.HomeView {
  return {
    type: 'home',
    blocks: [
      ...week.blocks,
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: ids.homeLogButton,
            style: 'primary',
            text: { type: 'plain_text', text: 'Log activity' },
            value: 'open',
          },
        ],
      },
      { type: 'divider' },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'Log from anywhere: `/log demo self-led`, `/log 30 calls, 12 emails`, `/log undo`, `/log help`. `/points` shows your week, `/points last week` the one before.',
          },
        ],
      },
    ],
  };
}
