import type { types } from '@slack/bolt';
import type { CatalogueItem, SummaryGroup } from '../scoring/catalogue.js';
import { MAX_WEEK, type RoleGoals } from '../scoring/programme.js';
import type { LocalDay } from '../scoring/week.js';
import { pts } from './format.js';
import { ids } from './ids.js';
import { section, textMessage, type SlackMessage } from './message.js';
import { describeGoals } from './programme.js';

type KnownBlock = types.KnownBlock;
type ModalView = types.ModalView;
type InputElement = Extract<KnownBlock, { type: 'input' }>['element'];

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
const plain = (text: string) => ({ type: 'plain_text' as const, text });

/** What the role is, in the modal's private_metadata: the submission says which role it edits. */
export const modalRole = (role: string): string => JSON.stringify({ role });

/** The role a submitted modal names in its private_metadata, if it names one. */
export function roleOfModal(privateMetadata: string | undefined): string | undefined {
  try {
    const role = (JSON.parse(privateMetadata ?? '') as { role?: unknown }).role;
    return typeof role === 'string' ? role : undefined;
  } catch {
    return undefined;
  }
}

function input(block_id: string, label: string, element: InputElement, opts: { optional?: boolean; hint?: string } = {}): KnownBlock {
  return {
    type: 'input',
    block_id,
    label: plain(label),
    element,
    ...(opts.optional ? { optional: true } : {}),
    ...(opts.hint ? { hint: plain(opts.hint) } : {}),
  };
}

const text = (action_id: string, max: number, placeholder?: string): InputElement => ({
  type: 'plain_text_input',
  action_id,
  max_length: max,
  ...(placeholder ? { placeholder: plain(placeholder) } : {}),
});
const whole = (action_id: string, min: number, max: number): InputElement => ({
  type: 'number_input',
  action_id,
  is_decimal_allowed: false,
  min_value: String(min),
  max_value: String(max),
});
const fromWeek = (weekStart: LocalDay) =>
  input(
    ids.changeFromBlock,
    'From the week of',
    { type: 'datepicker', action_id: ids.changeFromPicker, initial_date: weekStart },
    { hint: 'Any day of the week; this week or a later one. Past weeks keep what they were judged by.' },
  );
const intro = (what: string) =>
  section(`${what}\nNothing is saved here: *Preview* sends you what it would change this week and last week, with an Apply button.`);

function modal(callbackId: string, title: string, role: string, blocks: KnownBlock[]): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: modalRole(role),
    title: plain(title),
    submit: plain('Preview'),
    close: plain('Cancel'),
    blocks,
  };
}

/** "Edit activity": pick one of the role's activities, then a new name, points, aliases to add, or retire it. */
export function buildEditActivityModal(args: { role: string; catalogue: readonly CatalogueItem[]; weekStart: LocalDay }): ModalView {
  const options = args.catalogue.slice(0, 100).map((c) => ({ text: plain(clip(`${c.label} · ${pts(c.points)}`, 75)), value: c.key }));
  return modal(ids.editActivityModal, 'Edit activity', args.role, [
    intro(`*${args.role} catalogue.* Fill in only what changes.`),
    input(ids.editActivityBlock, 'Activity', {
      type: 'static_select',
      action_id: ids.editActivitySelect,
      placeholder: plain('Choose an activity'),
      options,
    }),
    input(ids.activityNameBlock, 'New name', text(ids.activityNameInput, 60, 'What reps will type, e.g. self-led demo'), {
      optional: true,
      hint: 'What reps typed before still works.',
    }),
    input(ids.activityPointsBlock, 'Points', whole(ids.activityPointsInput, 0, 1000), { optional: true }),
    input(ids.activityAliasesBlock, 'Aliases to add', text(ids.activityAliasesInput, 900, 'solo demo, demo solo'), {
      optional: true,
      hint: 'Other words reps use for it, separated by commas (at most 20).',
    }),
    input(
      ids.activityRetireBlock,
      'Retire',
      {
        type: 'checkboxes',
        action_id: ids.activityRetireCheckbox,
        options: [{ text: plain('Retire it: reps can no longer log it'), value: 'retire' }],
      },
      { optional: true },
    ),
    fromWeek(args.weekStart),
  ]);
}

/** "Add activity": a name, its points, aliases, the team summary line it counts towards, and the week it is added from. */
export function buildAddActivityModal(args: { role: string; weekStart: LocalDay; groups: readonly SummaryGroup[] }): ModalView {
  const groups = args.groups.slice(0, 100).map((g) => ({ text: plain(clip(g.nounPlural ?? g.label, 75)), value: g.key }));
  return modal(ids.addActivityModal, 'Add activity', args.role, [
    intro(`*${args.role} catalogue:* a new activity.`),
    input(ids.activityNameBlock, 'Name', text(ids.activityNameInput, 60, 'What reps will type, e.g. qualified meeting')),
    input(ids.activityPointsBlock, 'Points', whole(ids.activityPointsInput, 0, 1000)),
    input(ids.activityAliasesBlock, 'Aliases', text(ids.activityAliasesInput, 900, 'sql, qualified'), {
      optional: true,
      hint: 'Other words reps use for it, separated by commas (at most 20).',
    }),
    ...(groups.length > 0
      ? [
          input(
            ids.activityGroupBlock,
            'Team summary line',
            { type: 'static_select', action_id: ids.activityGroupSelect, placeholder: plain('A line of its own'), options: groups },
            { optional: true, hint: 'Count it with these in the team summary and digest; empty gives it a line of its own.' },
          ),
        ]
      : []),
    fromWeek(args.weekStart),
  ]);
}

/** "Edit goals": a ramp step (weeks and goal), the established goal, or both. */
export function buildGoalsModal(args: { role: string; goals: RoleGoals; weekStart: LocalDay }): ModalView {
  return modal(ids.goalsModal, 'Edit goals', args.role, [
    intro(`*${args.role} goals now:* ${describeGoals(args.goals)}`),
    input(ids.rampFromBlock, 'Ramp step: first onboarding week', whole(ids.rampFromInput, 1, MAX_WEEK), { optional: true }),
    input(ids.rampToBlock, 'Ramp step: last onboarding week', whole(ids.rampToInput, 1, MAX_WEEK), { optional: true }),
    input(ids.rampGoalBlock, 'Ramp step: weekly goal', text(ids.rampGoalInput, 10, 'e.g. 300, or none'), {
      optional: true,
      hint: 'Points in those weeks, or none. Other weeks of the ramp keep their goals.',
    }),
    input(ids.establishedBlock, 'Established goal', text(ids.establishedInput, 10, 'e.g. 400, none or ramp'), {
      optional: true,
      hint: 'After the ramp: points, none, or ramp (the ramp’s last goal). Empty keeps it.',
    }),
    fromWeek(args.weekStart),
  ]);
}

/** The modal once it is submitted: where the preview went. */
export function buildPreviewSent(count: number): SlackMessage {
  return textMessage(
    `:mailbox_with_mail: ${count === 1 ? 'The preview is' : `The ${count} previews are`} in your direct messages with the bot. ` +
      'Nothing is saved until you press Apply there.',
  );
}
