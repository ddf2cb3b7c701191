import type { types } from '@slack/bolt';
import type { CatalogueItem } from '../scoring/catalogue.js';
import type { LocalDay } from '../scoring/week.js';
import { MAX_ACCOUNT_CHARS } from '../scoring/parse/index.js';
import { pts, thousands } from './format.js';
import { ids } from './ids.js';
import type { SlackMessage } from './message.js';

type KnownBlock = types.KnownBlock;
type ModalView = types.ModalView;

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * The `/log` form: activity (with points), how many, the day, a deal amount, an account and a note, with
 * the limits the form's validation applies (its caller passes the parser's context).
 */
export function buildLogModal(args: {
  catalogue: CatalogueItem[];
  today: LocalDay;
  maxCount: number;
  maxDealAmount: number;
  /** The organisation's currency, which the form's amount is in. */
  currency?: string;
}): ModalView {
  const options = args.catalogue.slice(0, 100).map((c) => ({
    text: { type: 'plain_text' as const, text: clip(`${c.label} · ${pts(c.points)}`, 75) },
    value: c.key,
  }));
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: ids.activityBlock,
      label: { type: 'plain_text', text: 'Activity' },
      element: {
        type: 'static_select',
        action_id: ids.activitySelect,
        placeholder: { type: 'plain_text', text: 'Choose an activity' },
        options,
      },
    },
    {
      type: 'input',
      block_id: ids.countBlock,
      label: { type: 'plain_text', text: 'How many' },
      element: {
        type: 'number_input',
        action_id: ids.countInput,
        is_decimal_allowed: false,
        initial_value: '1',
        min_value: '1',
        max_value: String(args.maxCount),
      },
    },
    {
      type: 'input',
      block_id: ids.dayBlock,
      label: { type: 'plain_text', text: 'Day' },
      element: { type: 'datepicker', action_id: ids.dayPicker, initial_date: args.today },
    },
    {
      type: 'input',
      block_id: ids.amountBlock,
      optional: true,
      label: { type: 'plain_text', text: args.currency ? `Deal amount (${args.currency})` : 'Deal amount' },
      hint: {
        type: 'plain_text',
        text: `Closed-won deals only, up to ${thousands(args.maxDealAmount)}.${args.currency ? ` Another currency? Type it: /log closed won €12,500.` : ''}`,
      },
      element: {
        type: 'number_input',
        action_id: ids.amountInput,
        is_decimal_allowed: true,
        min_value: '0',
        max_value: String(args.maxDealAmount),
      },
    },
    {
      type: 'input',
      block_id: ids.accountBlock,
      optional: true,
      label: { type: 'plain_text', text: 'Account' },
      hint: { type: 'plain_text', text: 'The company this was for, if you track deals: entries naming it make up its history.' },
      element: {
        type: 'plain_text_input',
        action_id: ids.accountInput,
        max_length: MAX_ACCOUNT_CHARS,
        placeholder: { type: 'plain_text', text: 'Acme Corp' },
      },
    },
    {
      type: 'input',
      block_id: ids.noteBlock,
      optional: true,
      label: { type: 'plain_text', text: 'Note' },
      element: {
        type: 'plain_text_input',
        action_id: ids.noteInput,
        multiline: true,
        max_length: 500,
        placeholder: { type: 'plain_text', text: 'Account, context, anything your manager should know' },
      },
    },
  ];
  return {
    type: 'modal',
    callback_id: ids.logModal,
    title: { type: 'plain_text', text: 'Log activity' },
    submit: { type: 'plain_text', text: 'Log it' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}

/** The form turned into its answer after a save or an undo: the same words the command would get. */
export function buildResultModal(message: SlackMessage, title: string, callbackId: string): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: { type: 'plain_text', text: clip(title, 24) },
    close: { type: 'plain_text', text: 'Done' },
    blocks: message.blocks,
  };
}
