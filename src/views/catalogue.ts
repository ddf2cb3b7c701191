import type { CatalogueItem } from '../scoring/catalogue.js';
import type { ApplyResult, CataloguePreview, WeekEffect } from '../scoring/catalogue-change.js';
import type { OtherRoleActivities } from '../scoring/role-activities.js';
import { dayMonth } from '../scoring/week.js';
import { listing } from './admin.js';
import { joinAnd, pts } from './format.js';
import { ids } from './ids.js';
import { section, textMessage, type SlackMessage } from './message.js';

/** "an SDR", "an AM", "a VP": the article a role's name takes read out letter by letter. */
export const aRole = (role: string): string => `${/^[AEFHILMNORSX]/i.test(role) ? 'an' : 'a'} ${role}`;

/** Why `/log` refuses another role's activity: "qualified meeting is an SDR activity; your role is AE." */
export function otherRoleRefusal(found: OtherRoleActivities): string {
  const one = found.shorthands.length === 1;
  return (
    `${joinAnd(found.shorthands)} ${one ? 'is' : 'are'} ${aRole(found.role)} ${one ? 'activity' : 'activities'}; ` +
    `your role is ${found.ownRole}, so nothing was logged. Ask an admin if your role or catalogue is wrong.`
  );
}

/** What a change does, in a line: "*demo self-led* 25 pts → 30 pts in the AE catalogue". */
function describeChange(p: CataloguePreview): string {
  const { edit, role } = p.change;
  switch (edit.kind) {
    case 'points':
      return `*${p.name}* ${pts(p.before!.points)} → ${pts(edit.points)} in the ${role} catalogue`;
    case 'add':
      return (
        `Add *${edit.name}* (${pts(edit.points)}) to the ${role} catalogue${edit.aliases.length ? `, also read as ${edit.aliases.join(', ')}` : ''}` +
        (edit.group ? `, counted in the team summary’s ${edit.group} line` : '')
      );
    case 'rename':
      return `Rename *${p.name}* to *${edit.name}* in the ${role} catalogue (what reps typed before still works)`;
    case 'aliases':
      return `*${p.name}* in the ${role} catalogue also read as ${edit.aliases.join(', ')}`;
    case 'retire':
      return `Retire *${p.name}* from the ${role} catalogue: reps can no longer log it`;
  }
}

function effectLine(e: WeekEffect, which: string): string {
  if (e.entries === 0) return `${which} no entries of it.`;
  const n = `${e.entries} ${e.entries === 1 ? 'entry' : 'entries'}`;
  if (e.points === e.wouldBe) return `${which} ${n}: no points move.`;
  return `${which} ${n} would have scored ${pts(e.wouldBe)} instead of ${pts(e.points)}.`;
}

/** The preview of a catalogue change, with Apply and Cancel: nothing is saved before Apply. */
export function buildCataloguePreview(p: CataloguePreview): SlackMessage {
  const from = p.change.from === p.currentWeek ? 'from this week' : `from the week of ${dayMonth(p.change.from)}`;
  const lines = [
    `${describeChange(p)}, ${from}.`,
    ...(p.newCatalogue ? [`${p.change.role} had no catalogue of its own (its reps log by AE’s); this starts one.`] : []),
    `Had it applied: ${effectLine(p.effects[0]!, 'This week')} ${effectLine(p.effects[1]!, 'Last week')}`,
    '_Entries keep the points they earned and past weeks keep their judgement: nothing already logged changes._',
  ];
  const value = JSON.stringify(p.change);
  return {
    text: `Preview: ${describeChange(p)}`.replace(/\*/g, ''),
    blocks: [
      section(lines.join('\n')),
      {
        type: 'actions',
        elements: [
          { type: 'button', style: 'primary', action_id: ids.catalogueApplyButton, text: { type: 'plain_text', text: 'Apply' }, value },
          { type: 'button', action_id: ids.catalogueCancelButton, text: { type: 'plain_text', text: 'Cancel' }, value },
        ],
      },
    ],
  };
}

/** The answer to Apply or Cancel on a preview, in place of it. */
export function buildCatalogueApplied(result: ApplyResult | { kind: 'cancelled' }): SlackMessage {
  switch (result.kind) {
    case 'applied': {
      const p = result.preview;
      const from = p.change.from === p.currentWeek ? 'from this week' : `from the week of ${dayMonth(p.change.from)}`;
      return textMessage(`:white_check_mark: Applied: ${describeChange(p)}, ${from}. Entries already logged keep their points.`);
    }
    case 'already':
      return textMessage('That change was already applied; nothing more changed.');
    case 'cancelled':
      return textMessage('Cancelled. The catalogue did not change.');
    case 'refused':
      return textMessage(`:warning: ${result.message} Nothing changed.`);
  }
}

/** A role's catalogue this week, or the roles that have one. */
export function buildCatalogueListing(role: string | undefined, roles: string[], catalogue: CatalogueItem[]): SlackMessage {
  if (role === undefined)
    return textMessage(
      `Roles with a catalogue: ${roles.join(', ')}. \`/points-admin catalogue ROLE\` lists one; a role without one logs by AE’s.`,
    );
  const own = roles.includes(role) ? '' : ` (${role} has none of its own: its reps log by AE’s)`;
  const lines = catalogue.map(
    (c) =>
      `• *${c.shorthand}* ${pts(c.points)}${c.aliases.length ? ` · also ${c.aliases.slice(0, 8).join(', ')}` : ''}${c.controllable ? '' : ' · not in pace plans'}`,
  );
  return listing(`*The ${role} catalogue this week*${own}`, lines, 'Ask for fewer aliases to see more.');
}
