import type { CatalogueItem } from '../../src/scoring/catalogue.js';
import { buildLogModal } from '../../src/views/log-modal.js';
import { ids } from '../../src/views/ids.js';

/**
 * Three bytes in UTF-8, nine once urlencoded: the most a character of text costs in a payload
 * (a `\uXXXX` escape costs eight), so every text below is made of it.
 */
const WIDE = '日';
const wide = (n: number) => WIDE.repeat(n);

/** What Slack adds to every view it sends back (ids, hashes, the app and team it belongs to). */
const viewEnvelope = {
  id: 'V0123456789A',
  team_id: 'T0123456789',
  private_metadata: '',
  hash: '1700000000.AbCdEfGh',
  clear_on_close: false,
  notify_on_close: false,
  previous_view_id: null,
  root_view_id: 'V0123456789A',
  app_id: 'A0123456789',
  external_id: '',
  app_installed_team_id: 'T0123456789',
  bot_id: 'B0123456789',
};

const sender = {
  team: { id: 'T0123456789', domain: 'a-workspace-domain-of-some-length' },
  user: { id: 'U0123456789', username: 'a.rep.with.a.long.name', name: 'a.rep.with.a.long.name', team_id: 'T0123456789' },
  api_app_id: 'A0123456789',
  token: 'legacy-verification-token-24',
  trigger_id: '1234567890123.1234567890123.0123456789abcdef0123456789abcdef',
  is_enterprise_install: false,
  enterprise: null,
};

const form = (payload: object) => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

/**
 * A `/log` form submission at its largest: the form built by the bot from a catalogue of 100
 * activities (the most a select holds) whose labels and keys fill the 75 characters an option
 * may have, with every field filled to its maximum (the 500-character note included).
 */
export function largestLogFormSubmission(): string {
  const catalogue: CatalogueItem[] = Array.from({ length: 100 }, (_, i) => ({
    key: `${String(i).padStart(3, '0')}${'k'.repeat(72)}`,
    label: wide(80),
    shorthand: '',
    points: 1000,
    aliases: [],
    category: 'activity',
    controllable: true,
    takesAmount: true,
    noun: null,
    nounPlural: null,
    summaryGroup: { key: 'deal', noun: null, nounPlural: null, label: 'Deal', sortOrder: 1, alwaysShown: false },
  }));
  const view = buildLogModal({ catalogue, today: '2026-11-18', maxCount: 500, maxDealAmount: 10_000_000 });
  const chosen = (view.blocks[0] as { element: { options: Array<{ text: object; value: string }> } }).element.options[99]!;
  return form({
    type: 'view_submission',
    ...sender,
    view: {
      ...viewEnvelope,
      ...view,
      state: {
        values: {
          [ids.activityBlock]: { [ids.activitySelect]: { type: 'static_select', selected_option: chosen } },
          [ids.countBlock]: { [ids.countInput]: { type: 'number_input', value: '500' } },
          [ids.dayBlock]: { [ids.dayPicker]: { type: 'datepicker', selected_date: '2026-11-18' } },
          [ids.amountBlock]: { [ids.amountInput]: { type: 'number_input', value: '99999999999.99' } },
          [ids.noteBlock]: { [ids.noteInput]: { type: 'plain_text_input', value: wide(500) } },
        },
      },
    },
    response_urls: [],
  });
}

/**
 * A button click carrying the largest message or view the bot sends: Slack puts the whole
 * message (a DM's) or view (the Home tab, a result modal) in the payload. The bot keeps what it
 * sends within Block Kit's limits (src/views/block-kit.ts): 50 blocks, 12,000 characters of
 * block text, and its views hold the same blocks as its messages, so a message with a long
 * notification text is the larger of the two.
 */
export function largestButtonClick(): string {
  const blocks = Array.from({ length: 50 }, (_, i) => ({
    type: 'section',
    block_id: `b${String(i).padStart(3, '0')}`,
    text: { type: 'mrkdwn', text: wide(12_000 / 50), verbatim: false },
  }));
  const action = {
    type: 'button',
    action_id: ids.undoButton,
    block_id: 'b049',
    value: 'u'.repeat(75),
    style: 'danger',
    text: { type: 'plain_text', text: wide(75), emoji: true },
    action_ts: '1700000000.000001',
  };
  return form({
    type: 'block_actions',
    ...sender,
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'D0123456789', is_ephemeral: false },
    channel: { id: 'D0123456789', name: 'directmessage' },
    message: {
      type: 'message',
      subtype: 'bot_message',
      text: wide(3000),
      ts: '1700000000.000100',
      bot_id: 'B0123456789',
      app_id: 'A0123456789',
      blocks,
    },
    state: { values: {} },
    response_url: 'https://hooks.slack.com/actions/T0123456789/1234567890123/0123456789abcdefghijklmn',
    actions: [action],
  });
}
