import type { CatalogueItem } from '../scoring/catalogue.js';
import type { ApplyResult, GoalChange, GoalPreview, JudgementChange, WeekEffect } from '../scoring/programme-change.js';
import { establishedGoal, type ChangedBy, type RoleGoals } from '../scoring/programme.js';
import { dayMonth, type LocalDay } from '../scoring/week.js';
import { joinAnd, pts, thousands } from './format.js';
import { ids } from './ids.js';
import { listing } from './admin.js';
import { mention, section, textMessage, type SlackMessage } from './message.js';

const weeks = (from: number, to: number) => (from === to ? `week ${from}` : `weeks ${from}–${to}`);

/** A role's goals in one line: "weeks 1–2 no goal · weeks 3–13 500 pts · after week 13 500 pts (the ramp's last goal)". */
export function describeGoals(goals: RoleGoals): string {
  const parts: string[] = [];
  let next = 1;
  for (const s of goals.ramp) {
    if (s.from > next) parts.push(`${weeks(next, s.from - 1)} no goal`);
    parts.push(`${weeks(s.from, s.to)} *${pts(s.goal)}*`);
    next = s.to + 1;
  }
  const established = establishedGoal(goals);
  const after = next === 1 ? 'every week' : `after week ${next - 1}`;
  const which = goals.established === 'ramp' && goals.ramp.length > 0 ? ' (the ramp’s last goal)' : '';
  parts.push(`${after} ${established === null ? 'no goal' : `*${pts(established)}*`}${which}`);
  return parts.join(' · ');
}

/** The programme view's editing buttons for one role (the view is shown to admins only). */
function programmeButtons(role: string, ownCatalogue: boolean): SlackMessage['blocks'][number] {
  const button = (action_id: string, text: string) => ({
    type: 'button' as const,
    action_id,
    value: role,
    text: { type: 'plain_text' as const, text },
  });
  return {
    type: 'actions',
    elements: [
      ...(ownCatalogue ? [button(ids.editActivityButton, 'Edit activity')] : []),
      button(ids.addActivityButton, 'Add activity'),
      button(ids.editGoalsButton, 'Edit goals'),
    ],
  };
}

/** One role as `/points-admin programme` shows it. */
export interface RoleProgramme {
  role: string;
  goals: RoleGoals;
  /** Who last changed the goals in force, and from which week; absent for the starting goals. */
  changed?: ChangedBy & { from: LocalDay };
  /** Changes already planned after this week. */
  later: LocalDay[];
}

/** `/points-admin programme [role]`: each role's goals this week, planned changes, and the catalogue. */
export function buildProgrammeView(args: {
  roles: RoleProgramme[];
  catalogue: readonly CatalogueItem[];
  weekStart: LocalDay;
  /** One role shown: its editing buttons (whether it has a catalogue of its own to edit). */
  editing?: { role: string; ownCatalogue: boolean };
}): SlackMessage {
  const lines: string[] = [];
  for (const r of args.roles) {
    lines.push(`*${r.role}* · ${describeGoals(r.goals)}`);
    const notes = [
      r.changed
        ? `set by ${mention(r.changed.by)} on ${r.changed.at.toISOString().slice(0, 10)}, from the week of ${dayMonth(r.changed.from)}`
        : 'starting goals',
      r.later.length > 0 ? `changes planned from the week of ${joinAnd(r.later.map(dayMonth))}` : '',
    ].filter(Boolean);
    lines.push(`    _${notes.join('; ')}_`);
  }
  lines.push('', '*Catalogue*');
  for (const c of args.catalogue) lines.push(`• ${c.label} · ${pts(c.points)}`);
  lines.push(
    '',
    'Change a goal with `/points-admin goal SDR 300 weeks 3-13` or `goal AE 400 established` (add `from YYYY-MM-DD` for a later week); you see what it would change before it is saved.',
    args.editing ? 'Or use the buttons below.' : 'To edit one role in a form: `/points-admin programme AE`.',
  );
  const title = `*Programme${args.roles.length === 1 ? ` · ${args.roles[0]!.role}` : ''}* · goals by onboarding week, week of ${dayMonth(args.weekStart)}`;
  const view = listing(title, lines, '');
  if (!args.editing) return view;
  return { ...view, blocks: [...view.blocks, programmeButtons(args.editing.role, args.editing.ownCatalogue)] };
}

/** The roles reps may have. */
export function buildRolesListing(roles: string[], added?: string): SlackMessage {
  const head = added
    ? `:white_check_mark: Role *${added}* added. It has no goal until you set one: \`/points-admin goal ${added} 300 weeks 3-13\`.\n`
    : '';
  return textMessage(`${head}*Roles*: ${roles.join(', ')}. Set a rep’s with \`/points-admin role @rep ${roles.at(-1) ?? 'AE'}\`.`);
}

function judgementChange(c: JudgementChange): string {
  const { before: b, after: a } = c;
  const standing = a.reached ? `would reach it (${pts(c.total)})` : `would miss it (${thousands(c.total)} of ${pts(a.goal ?? 0)})`;
  if (b.goal === null) return `${mention(c.repId)} would be judged (week ${a.onboardingWeek ?? '?'}) and ${standing}`;
  if (a.goal === null) return `${mention(c.repId)} would no longer be judged (${thousands(c.total)} of ${pts(b.goal)})`;
  return a.reached
    ? `${mention(c.repId)} would reach the goal (${thousands(c.total)} of ${pts(a.goal)}, was ${pts(b.goal)})`
    : `${mention(c.repId)} would miss the goal (${thousands(c.total)} of ${pts(a.goal)}, was ${pts(b.goal)})`;
}

function weekLines(name: string, effect: WeekEffect, role: string): string[] {
  const { before: b, after: a } = effect.atGoal;
  const tallyText = `${role} reps at goal: ${b.reached} of ${b.judged} as judged, ${a.reached} of ${a.judged} with the change.`;
  const head = `*${name}* (week of ${dayMonth(effect.weekStart)})`;
  if (effect.changes.length === 0) return [`${head}: no one’s standing would change. ${tallyText}`];
  return [`${head}:`, ...effect.changes.map((c) => `• ${judgementChange(c)}`), tallyText];
}

/** The button values carry the whole change: applying it needs nothing kept between the preview and the click. */
export const encodeGoalChange = (change: GoalChange): string => JSON.stringify(change);

/**
 * The preview of a goal change: the goals before and after, what it would have done to this
 * week and last week, and Apply / Cancel buttons. Nothing is saved until Apply.
 */
export function buildGoalPreview(p: GoalPreview, currentWeek: LocalDay): SlackMessage {
  const { change } = p;
  const when = change.from === currentWeek ? 'this week' : `the week of ${dayMonth(change.from)}`;
  const lines = [
    `*Preview: ${change.role} goals from ${when} on.* Nothing is saved until you press Apply.`,
    `Now: ${describeGoals(p.before)}`,
    `New: ${describeGoals(change.goals)}`,
    '',
    'Had it applied:',
    ...weekLines('This week', p.weeks[0]!, change.role),
    ...weekLines('Last week', p.weeks[1]!, change.role),
    change.from > currentWeek ? `This week keeps its goals; the change judges the week of ${dayMonth(change.from)} and later.` : '',
    'Weeks before it keep the goals they were judged by.',
    p.later.length > 0 ? `A change already planned from the week of ${joinAnd(p.later.map(dayMonth))} still applies from then.` : '',
  ].filter((l, i, all) => l !== '' || (i > 0 && all[i - 1] !== ''));
  const text = lines.join('\n').slice(0, 2900);
  const value = encodeGoalChange(change);
  return {
    text: `Preview: ${change.role} goals from ${when}. Nothing is saved until you press Apply.`,
    blocks: [
      section(text),
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: ids.goalApplyButton, style: 'primary', value, text: { type: 'plain_text', text: 'Apply' } },
          { type: 'button', action_id: ids.goalCancelButton, value, text: { type: 'plain_text', text: 'Cancel' } },
        ],
      },
    ],
  };
}

/** The answer to Apply or Cancel under a goal preview. */
export function buildGoalChangeDone(change: GoalChange, result: ApplyResult | 'cancelled'): SlackMessage {
  const when = `the week of ${dayMonth(change.from)}`;
  if (result === 'cancelled') return textMessage(`Cancelled. The ${change.role} goals did not change.`);
  switch (result.kind) {
    case 'applied':
      return textMessage(
        `:white_check_mark: ${change.role} goals from ${when}: ${describeGoals(change.goals)}. Weeks before it keep the goals they were judged by.`,
      );
    case 'already':
      return textMessage(`These ${change.role} goals are already in force from ${when}. Nothing changed.`);
    case 'past':
      return textMessage(
        `:warning: ${when[0]!.toUpperCase()}${when.slice(1)} is over: past weeks keep the goals they were judged by. Nothing changed.`,
      );
    case 'unknown_role':
      return textMessage(`:warning: There is no role ${change.role}. Nothing changed.`);
  }
}
