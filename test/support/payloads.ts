/** Builders for the payloads Slack sends, with overrides, urlencoded as Slack sends them. */

export interface SlashCommandFields {
  command: string;
  text: string;
  user_id: string;
  user_name: string;
  channel_id: string;
  channel_name: string;
  team_id: string;
  team_domain: string;
  api_app_id: string;
  response_url: string;
  trigger_id: string;
  token: string;
  is_enterprise_install: string;
}

let seq = 0;

/**
 * Text as Slack sends what a person typed in a slash command: `&`, `<` and `>` as entities
 * (its own mentions and links, which it writes as `<…>`, are left to the caller).
 */
export function slackEscaped(typed: string): string {
  return typed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function slashCommand(overrides: Partial<SlashCommandFields> = {}): string {
  seq += 1;
  const fields: SlashCommandFields = {
    token: 'legacy-verification-token',
    team_id: 'T0001',
    team_domain: 'example',
    channel_id: 'C0001',
    channel_name: 'sales',
    user_id: 'U0REP1',
    user_name: 'rep1',
    command: '/log',
    text: '',
    api_app_id: 'A0001',
    is_enterprise_install: 'false',
    response_url: 'http://127.0.0.1:9/response/unused',
    trigger_id: `trigger.${seq}`,
    ...overrides,
  };
  return new URLSearchParams(Object.entries(fields)).toString();
}

const interactive = (payload: object): string => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

/** A view_submission of the `/log` form with the values a rep chose. */
export function logFormSubmission(args: {
  userId?: string;
  viewId?: string;
  activity?: string | null;
  count?: string | null;
  day?: string | null;
  amount?: string | null;
  note?: string | null;
  account?: string | null;
}): string {
  const v = {
    userId: 'U0REP1',
    viewId: 'VFORM1',
    activity: 'demo_self',
    count: '1',
    day: null,
    amount: null,
    note: null,
    account: null,
    ...args,
  };
  return interactive({
    type: 'view_submission',
    team: { id: 'T0001', domain: 'example' },
    user: { id: v.userId, username: 'rep', name: 'rep', team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'legacy-verification-token',
    trigger_id: `trigger.view.${++seq}`,
    view: {
      id: v.viewId,
      team_id: 'T0001',
      type: 'modal',
      callback_id: 'log_activity_modal',
      private_metadata: '',
      hash: `hash.${seq}`,
      blocks: [],
      state: {
        values: {
          log_activity_block: {
            log_activity_select: {
              type: 'static_select',
              selected_option: v.activity ? { value: v.activity, text: { type: 'plain_text', text: v.activity } } : null,
            },
          },
          log_count_block: { log_count_input: { type: 'number_input', value: v.count } },
          log_day_block: { log_day_picker: { type: 'datepicker', selected_date: v.day } },
          log_amount_block: { log_amount_input: { type: 'number_input', value: v.amount } },
          log_note_block: { log_note_input: { type: 'plain_text_input', value: v.note } },
          log_account_block: { log_account_input: { type: 'plain_text_input', value: v.account } },
        },
      },
    },
  });
}

/** One input's state in a submitted view, as Slack sends it (only the fields the bot reads). */
export type ViewInputState =
  | { type: 'plain_text_input' | 'number_input'; value: string | null }
  | { type: 'static_select'; selected_option: { value: string; text: { type: 'plain_text'; text: string } } | null }
  | { type: 'datepicker'; selected_date: string | null }
  | { type: 'checkboxes'; selected_options: Array<{ value: string; text: { type: 'plain_text'; text: string } }> };

/** A view_submission of any modal: its callback id, private_metadata and the state of each block's input. */
export function viewSubmission(args: {
  callbackId: string;
  values: Record<string, Record<string, ViewInputState>>;
  privateMetadata?: string;
  userId?: string;
  viewId?: string;
}): string {
  return interactive({
    type: 'view_submission',
    team: { id: 'T0001', domain: 'example' },
    user: { id: args.userId ?? 'U0REP1', username: 'user', name: 'user', team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'legacy-verification-token',
    trigger_id: `trigger.view.${++seq}`,
    view: {
      id: args.viewId ?? `VIEW${seq}`,
      team_id: 'T0001',
      type: 'modal',
      callback_id: args.callbackId,
      private_metadata: args.privateMetadata ?? '',
      hash: `hash.${seq}`,
      blocks: [],
      state: { values: args.values },
    },
  });
}

/** A click on a button, in a message (with its response_url) or in a modal. */
export function buttonClick(args: {
  actionId: string;
  value: string;
  userId?: string;
  responseUrl?: string;
  viewId?: string;
  /** With viewId: the surface holding the button (a modal by default, or the App Home). */
  viewType?: 'modal' | 'home';
  triggerId?: string;
}): string {
  const userId = args.userId ?? 'U0REP1';
  const action = {
    type: 'button',
    action_id: args.actionId,
    block_id: 'b1',
    value: args.value,
    action_ts: '1700000000.000001',
    text: { type: 'plain_text', text: 'Undo' },
  };
  const common = {
    type: 'block_actions',
    team: { id: 'T0001', domain: 'example' },
    user: { id: userId, username: 'rep', name: 'rep', team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'legacy-verification-token',
    trigger_id: args.triggerId ?? `trigger.action.${++seq}`,
    actions: [action],
  };
  if (args.viewId) {
    return interactive({
      ...common,
      container: { type: 'view', view_id: args.viewId },
      view: {
        id: args.viewId,
        type: args.viewType ?? 'modal',
        callback_id: args.viewType === 'home' ? '' : 'log_saved_view',
        hash: 'h',
        blocks: [],
        state: { values: {} },
      },
    });
  }
  return interactive({
    ...common,
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0001', is_ephemeral: true },
    channel: { id: 'C0001', name: 'sales' },
    response_url: args.responseUrl ?? 'http://127.0.0.1:9/response/unused',
  });
}

/** An Events API delivery of app_home_opened, as JSON. */
export function homeOpenedEvent(args: { userId?: string; eventId?: string; tab?: 'home' | 'messages' } = {}): string {
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: 'T0001',
    api_app_id: 'A0001',
    type: 'event_callback',
    event_id: args.eventId ?? `Ev${++seq}`,
    event_time: 1_700_000_000,
    authorizations: [{ team_id: 'T0001', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    event: {
      type: 'app_home_opened',
      user: args.userId ?? 'U0REP1',
      channel: 'D0001',
      tab: args.tab ?? 'home',
      event_ts: '1700000000.000100',
    },
  });
}
