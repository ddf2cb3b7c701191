import { describeSchedule } from '../digest/schedule.js';
import type { DeliveryProgress } from '../digest/deliveries.js';
import type { UserFootprint } from '../roster/privacy.js';
import type { Adjustment, Delivery, Entry, User } from '../db/schema.js';
import { literalMrkdwn } from '../mrkdwn.js';
import type { TakeBackResult } from '../scoring/adjustments.js';
import { currencySign } from '../scoring/amount.js';
import type { CatalogueItem } from '../scoring/catalogue.js';
import type { JudgementChange } from '../scoring/programme-change.js';
import { goalStanding, onboardingWeek, type Programme } from '../scoring/programme.js';
import { dayMonth, localMoment, shortDay, weekLabel, type LocalDay } from '../scoring/week.js';
import { countOf, joinAnd, moneyIn, pts, signedPts, thousands } from './format.js';
import { ids } from './ids.js';
import { adjustmentLine } from './points.js';
import { clipToSection, context, mention, section, textMessage, type KnownBlock, type SlackMessage } from './message.js';

/**
 * Sections of a listing stay under 3,000 characters; a listing under the 50-block message limit
 * and, with room for its note, the 12,000 characters of text a message may hold.
 */
const SECTION_CHARS = 2800;
const MAX_SECTIONS = 45;
const LISTING_CHARS = 11_000;
/** Failed reps' notes named with their error in `digest status`; a mass failure (a missing scope) is counted. */
const NOTES_NAMED = 10;

/** Lines packed into as few sections as the limits allow, with a note when some did not fit. */
export function listing(title: string, lines: string[], more: string): SlackMessage {
  const sections: string[] = [];
  let current = clipToSection(title);
  let total = current.length;
  let shown = 0;
  for (const whole of lines) {
    const line = clipToSection(whole);
    // A blank spacer line at the start of a section would leave it empty, which Slack refuses.
    if (!current && !line) {
      shown += 1;
      continue;
    }
    if (total + line.length + 1 > LISTING_CHARS) break;
    if (current.length + line.length + 1 > SECTION_CHARS) {
      if (sections.length + 1 >= MAX_SECTIONS) break;
      sections.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
    total += line.length + 1;
    shown += 1;
  }
  if (shown < lines.length) {
    const note = `_…and ${lines.length - shown} more. ${more}_`;
    if (current.length + note.length + 1 > SECTION_CHARS) {
      sections.push(current);
      current = note;
    } else current += `\n${note}`;
  }
  sections.push(current);
  return { text: title.replace(/[*`]/g, '').slice(0, 3000), blocks: sections.map(section) };
}

/** Why a command naming too many people changed nothing. */
export const tooManyNamed = (named: number, max: number): string =>
  `That names ${thousands(named)} people; one command takes up to ${max}. Split it, or load a whole roster from a CSV file with \`npm run roster -- import FILE\` (see README).`;

export function buildAdminHelp(): SlackMessage {
  return textMessage(
    [
      '*Points admin*',
      '`/points-admin assign @rep [@rep …] to @manager` puts reps on a manager’s team (a manager to a director too)',
      '`/points-admin start @rep 2026-11-02` sets a rep’s start date (onboarding week 1)',
      '`/points-admin role @rep SDR` sets a rep’s role · `roles` lists them · `role add CSM` adds one',
      '`/points-admin remove @rep` takes a rep off the roster; their history stays',
      '`/points-admin team [@manager]` lists the roster',
      '`/points-admin admins` · `admins add @user` · `admins remove @user` manages who is admin',
      '`/points-admin digest` shows the schedule · `digest friday 15:00` changes it · `digest status` shows this week’s deliveries · `digest rep-notes on|off` · `digest final on|off` · `digest rollup @director on|off`',
      '`/points-admin programme [role]` shows each role’s goals by onboarding week and the catalogue; for one role, with buttons to edit them in a form',
      '`/points-admin goal SDR 300 weeks 3-13` sets a role’s ramp · `goal AE 400 established` (or `none`) the goal after it · `goal 500` and `window 3-13` change the AE ramp; from this week, or add `from 2026-12-07`. You see what it would change, then Apply',
      '`/points-admin currency EUR` sets the currency of deal amounts written without one',
      '`/points-admin catalogue [ROLE]` shows a role’s catalogue · `points AE "demo self-led" 30` · `activity add|rename|aliases|retire ROLE "name" …` change it, each `from 2026-12-07` or this week, after a preview',
      '`/points-admin adjust @rep -50 "reason" [YYYY-MM-DD]` corrects a rep’s week (this week by default) and tells them · `history @rep [YYYY-MM-DD]` lists a week’s entries to take one back',
      '`/points-admin away @rep 2026-12-24 to 2026-12-31` marks a rep’s days away (their manager may too) · `back @rep friday` takes them back · `region @rep US` sets a rep’s region · `holiday 2026-11-26 "Thanksgiving" [US]` sets a holiday, for everyone or a region · `holiday remove 2026-11-26 [US]` · `holidays` lists them',
      '`/points-admin export [2026-11-01] [2026-11-30]` sends you a workbook (entries, weeks against the goal, KPIs) as a file in a direct message',
      '`/points-admin forget @user` erases a person’s data (asks to confirm first); `npm run export -- FILE.xlsx --user U…` exports it',
      'A whole roster loads from a CSV file with `npm run roster -- import FILE` (see README).',
    ].join('\n'),
  );
}

export const buildAdminRefusal = (): SlackMessage =>
  textMessage('Sorry, `/points-admin` is for the bot’s admins. Ask one of them, or your workspace admin, for the change you need.');

/** The answer to `/points-admin quota @rep $50k`. */
export const buildQuotaSet = (repId: string, cents: number, currency: string): SlackMessage =>
  textMessage(
    `:white_check_mark: <@${repId}>'s monthly quota is now ${moneyIn(cents, currency)}. \`/points kpis\` shows their open pipeline against it (goal 4×).`,
  );

export const buildAdminError = (text: string): SlackMessage => textMessage(`:warning: ${text} Nothing changed.`);

/** Each rep's own current week, in their time zone (scoring/standing.ts repClock). */
export type OwnWeek = (rep: User) => LocalDay;

/** One rep as the roster lists them, with the onboarding week they are in now, in their own zone. */
export function rosterLine(rep: User, ownWeek: OwnWeek): string {
  const parts: string[] = [rep.role];
  if (rep.startDate) {
    const week = onboardingWeek(rep.startDate, ownWeek(rep));
    parts.push(`started ${shortDay(rep.startDate)} ${rep.startDate.slice(0, 4)}${week >= 1 ? `, week ${week}` : ', not started yet'}`);
  } else parts.push(':warning: no start date (judged as an established rep until it is set)');
  if (rep.deactivated) parts.push('deactivated in Slack');
  return `${mention(rep.id)} · ${parts.join(' · ')}`;
}

/** What the roster holds after a change, for the reps it touched. */
export function buildRosterConfirmation(what: string, reps: User[], ownWeek: OwnWeek): SlackMessage {
  const lines = reps.map(
    (r) =>
      `• ${rosterLine(r, ownWeek)}${r.onRoster ? (r.managerId ? ` · reports to ${mention(r.managerId)}` : ' · no manager yet') : ' · off the roster'}`,
  );
  return listing(`:white_check_mark: ${what}`, lines, '');
}

/** The roster grouped by manager. */
export function buildTeamListing(reps: User[], ownWeek: OwnWeek, managerId?: string): SlackMessage {
  if (reps.length === 0) {
    return textMessage(
      managerId
        ? `${mention(managerId)} has no reps on the roster.`
        : 'The roster is empty. Start with `/points-admin assign @rep to @manager`.',
    );
  }
  const byManager = new Map<string, User[]>();
  for (const r of reps) byManager.set(r.managerId ?? '', [...(byManager.get(r.managerId ?? '') ?? []), r]);
  const lines: string[] = [];
  for (const [m, team] of [...byManager].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))) {
    lines.push(m ? `*${mention(m)}’s team* (${team.length})` : `*No manager* (${team.length})`);
    for (const r of team) lines.push(`• ${rosterLine(r, ownWeek)}`);
  }
  return listing(`*Roster* · ${reps.length} ${reps.length === 1 ? 'rep' : 'reps'}`, lines, 'Narrow it with `/points-admin team @manager`.');
}

export function buildAdminsListing(envAdmins: string[], granted: string[]): SlackMessage {
  const lines = [
    `From the bot’s settings (ADMIN_USER_IDS): ${envAdmins.length ? joinAnd(envAdmins.map(mention)) : 'none'}`,
    `Added with \`/points-admin admins add\`: ${granted.length ? joinAnd(granted.map(mention)) : 'none'}`,
    'Workspace admins and owners are admins too.',
  ];
  return textMessage(`*Admins*\n${lines.join('\n')}`);
}

/** The programme's settings; `changed` says what a command just changed ("Weekly goal changed."). */
export function buildScheduleMessage(p: Programme, changed?: string): SlackMessage {
  const head = changed ? `:white_check_mark: ${changed}` : '*Digest schedule*';
  return textMessage(
    `${head}\nManagers get their team’s digest every *${describeSchedule(p)}*, in each manager’s own time zone. Reps’ own Friday notes are *${p.repNotes ? 'on' : 'off'}*. The week’s final numbers on Monday are *${p.digestFinal ? 'on' : 'off'}*.\nEach role’s goals: \`/points-admin programme\`.`,
  );
}

/** The organisation's currency; `changed` when a command just set it. */
export function buildCurrencyMessage(currency: string, changed = false): SlackMessage {
  const sign = currencySign(currency).trim();
  const named = sign === currency ? currency : `${currency} (${sign})`;
  return textMessage(
    changed
      ? `:white_check_mark: Deal amounts written without a currency are now in ${named}. Amounts already logged keep their own currency.`
      : `Deal amounts written without a currency are in ${named}. Change it with \`/points-admin currency EUR\`.`,
  );
}

/** This week's deliveries: what went out, what is being retried and what failed, with reasons. */
export function buildDigestStatus(args: {
  weekStart: LocalDay;
  deliveries: Delivery[];
  managers: string[];
  programme: Programme;
  /** The reader's zone: when each went out, on their clock. */
  zone: string;
  /** While a delivery runs: how far it has come. */
  progress?: DeliveryProgress;
  now?: Date;
}): SlackMessage {
  const sentAt = (d: Delivery) => {
    if (d.sentAt === null) return '';
    const m = localMoment(new Date(d.sentAt), args.zone);
    return ` ${shortDay(m.day)} ${m.time}${d.reps === null ? '' : ` · ${d.reps} ${d.reps === 1 ? 'rep' : 'reps'}`}`;
  };
  const byManager = new Map(args.deliveries.filter((d) => d.kind === 'digest').map((d) => [d.recipientId, d]));
  const notes = args.deliveries.filter((d) => d.kind === 'rep_note');
  const lines = args.managers.map((m) => {
    const d = byManager.get(m);
    if (!d) return `• ${mention(m)} · not sent yet (due ${describeSchedule(args.programme)} their time)`;
    if (d.status === 'sent')
      // A sent digest's error is about its chart (markChartMissing): the text went out.
      return `• ${mention(m)} · :white_check_mark: sent${sentAt(d)}${d.attempts > 1 ? ` after ${d.attempts} tries` : ''}${d.lastError ? ` · :warning: ${d.lastError}` : ''}`;
    if (d.status === 'failed') return `• ${mention(m)} · :x: failed: \`${d.lastError ?? 'unknown'}\``;
    if (d.status === 'pending')
      return `• ${mention(m)} · :hourglass: retrying (${d.attempts} ${d.attempts === 1 ? 'try' : 'tries'} so far; last error \`${d.lastError ?? 'unknown'}\`)`;
    return `• ${mention(m)} · sending now`;
  });
  const failedNotes = notes.filter((n) => n.status === 'failed');
  const noteLine = notes.length
    ? `Reps’ notes: ${notes.filter((n) => n.status === 'sent').length} sent, ${notes.filter((n) => n.status === 'pending').length} retrying, ${failedNotes.length} failed${
        failedNotes.length
          ? ` (${failedNotes
              .slice(0, NOTES_NAMED)
              .map((n) => `${mention(n.recipientId)}: \`${n.lastError}\``)
              .join(', ')}${failedNotes.length > NOTES_NAMED ? `, and ${failedNotes.length - NOTES_NAMED} more` : ''})`
          : ''
      }.`
    : '';
  const p = args.progress;
  let progressLine = '';
  if (p?.running) {
    const finish = p.finishAt ? localMoment(p.finishAt, args.zone) : undefined;
    const minutes = p.finishAt && args.now ? Math.max(1, Math.round((p.finishAt.getTime() - args.now.getTime()) / 60_000)) : undefined;
    progressLine = `:outbox_tray: Delivering now: ${p.sent} of ${p.expected} sent, ${p.pending} pending, ${p.failed} failed${finish ? ` · should finish about ${finish.time} (${minutes} min)` : ''}.`;
  }
  const title = `*Digest status · ${weekLabel(args.weekStart)}*${progressLine ? `\n${progressLine}` : ''}${noteLine ? `\n${noteLine}` : ''}`;
  if (lines.length === 0) return textMessage(`${title}\nNo managers on the roster yet.`);
  return listing(title, lines, '');
}

/** The confirmation step before erasing a user's data, with what would go. */
export function buildForgetConfirmation(userId: string, footprint: UserFootprint): SlackMessage {
  const holds = [
    `${footprint.entries} logged ${footprint.entries === 1 ? 'entry' : 'entries'} and their weekly totals`,
    footprint.onRoster ? 'their place on the roster' : '',
    footprint.manages > 0
      ? `their place as manager of ${footprint.manages} ${footprint.manages === 1 ? 'rep' : 'reps'} (who stay on the roster without a manager)`
      : '',
    'their digest deliveries and cached Slack profile',
  ].filter(Boolean);
  const text = `*Erase everything the bot holds about ${mention(userId)}?*\nThat is ${joinAnd(holds)}. It cannot be undone. To keep a copy first: \`npm run export -- ${userId}.csv --user ${userId}\`.`;
  return {
    text: `Erase everything the bot holds about ${userId}? It cannot be undone.`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: ids.forgetConfirmButton,
            style: 'danger',
            value: userId,
            text: { type: 'plain_text', text: 'Erase their data' },
            confirm: {
              title: { type: 'plain_text', text: 'Erase for good?' },
              text: { type: 'plain_text', text: 'Their entries and totals are deleted and cannot be brought back.' },
              confirm: { type: 'plain_text', text: 'Erase' },
              deny: { type: 'plain_text', text: 'Keep' },
            },
          },
          { type: 'button', action_id: ids.forgetCancelButton, value: userId, text: { type: 'plain_text', text: 'Cancel' } },
        ],
      },
    ],
  };
}

/**
 * The answer to the Erase or Cancel button. `wiped` says whether the database file was rewritten
 * after the erase, leaving no old copy of the data in it.
 */
export function buildForgetDone(userId: string, erased: UserFootprint | undefined, wiped = true): SlackMessage {
  if (!erased) return textMessage(`Cancelled. Nothing about ${mention(userId)} was erased.`);
  const done = `:white_check_mark: Erased everything the bot held about ${mention(userId)}: ${erased.entries} ${erased.entries === 1 ? 'entry' : 'entries'}, their totals, roster place and deliveries.`;
  if (wiped) return textMessage(done);
  return textMessage(
    `${done}\n:warning: But the database file could not be rewritten just now (another program kept it busy, or the disk is short of space: the bot’s log says which), so old copies of their data may still be in it. Erase them again with \`/points-admin forget\` in a few minutes to finish.`,
  );
}

/** An entry as an admin's history and take-back answers name it: "30 calls (−30 pts)". */
function entryText(entry: Entry, catalogue: readonly CatalogueItem[]): string {
  const item = catalogue.find((c) => c.key === entry.activityKey) ?? { label: entry.activityKey };
  return `${countOf(item, entry.count)} (${signedPts(-entry.points)})`;
}

/** An adjustment of a rep's week as it was made: the points, why, and the week's total after it. */
export interface AdjustmentMade {
  weekStart: LocalDay;
  points: number;
  reason: string;
  weekTotal: number;
}

/** The admin's answer to `/points-admin adjust`. */
export function buildAdjustDone(a: AdjustmentMade & { repId: string }): SlackMessage {
  return textMessage(
    `:white_check_mark: Adjusted ${mention(a.repId)}’s week of ${weekLabel(a.weekStart)} by ${signedPts(a.points)}: “${literalMrkdwn(a.reason)}”. Their week now: ${pts(a.weekTotal)}. ${mention(a.repId)} is told in a direct message.`,
  );
}

/** What a rep is told when an admin adjusts their week. */
export function buildAdjustNotice(a: AdjustmentMade & { adminId: string }): SlackMessage {
  return textMessage(
    `${mention(a.adminId)} adjusted your week of ${weekLabel(a.weekStart)} by ${signedPts(a.points)}: “${literalMrkdwn(a.reason)}”. Your week now: ${pts(a.weekTotal)}. \`/points\` shows it.`,
  );
}

/** Entries with a button each: 45 leave room for the title, the adjustments and the note under Block Kit's 50 blocks. */
export const HISTORY_ENTRIES = 45;

/**
 * `/points-admin history @rep [week]`: the rep's entries of the week, newest first, each live
 * one with a Take back button, and the week's adjustments.
 */
export function buildAdminHistory(h: {
  repId: string;
  weekStart: LocalDay;
  /** The newest entries, HISTORY_ENTRIES at most (more are not shown). */
  entries: Entry[];
  /** How many entries the week holds. */
  total: number;
  adjustments: Adjustment[];
  catalogue: readonly CatalogueItem[];
}): SlackMessage {
  const title = `*${mention(h.repId)}’s entries, week of ${weekLabel(h.weekStart)}*`;
  const blocks: KnownBlock[] = [section(h.total === 0 ? `${title}\nNothing was logged that week.` : title)];
  const adjustments = h.adjustments.map(adjustmentLine);
  // The entries' text, with the adjustments', stays within a message's 12,000 characters: notes
  // of up to 200 characters grow once escaped, and the entries that do not fit are counted.
  let room = LISTING_CHARS - Math.min(2900, adjustments.join('\n').length);
  let listed = 0;
  for (const e of h.entries.slice(0, HISTORY_ENTRIES)) {
    const line = `${entryText(e, h.catalogue)} · ${shortDay(e.day)}${e.note ? ` · “${literalMrkdwn(e.note.slice(0, 200))}”` : ''}`;
    room -= line.length + 20;
    if (room < 0) break;
    listed += 1;
    if (e.undoneAt !== null) blocks.push(section(`~${line}~ taken back`));
    else
      blocks.push({
        type: 'section',
        text: { type: 'mrkdwn', text: line },
        accessory: { type: 'button', action_id: ids.takeBackButton, text: { type: 'plain_text', text: 'Take back' }, value: String(e.id) },
      });
  }
  if (adjustments.length > 0) blocks.push(section(adjustments.join('\n').slice(0, 2900)));
  const more = h.total - listed;
  if (more > 0) blocks.push(context(`…and ${more} earlier entries; \`npm run export -- FILE.csv --user ${h.repId}\` lists them all.`));
  return { text: title.replace(/\*/g, ''), blocks };
}

/** What taking back an entry did, for the admin who pressed the button. */
export function buildTakeBackResult(result: TakeBackResult, catalogue: readonly CatalogueItem[]): SlackMessage {
  if (result.kind === 'missing') return textMessage(':warning: That entry no longer exists. Nothing changed.');
  const what = entryText(result.entry, catalogue);
  const week = `${mention(result.entry.userId)}’s week of ${weekLabel(result.entry.weekStart)}`;
  if (result.kind === 'already') return textMessage(`${what} in ${week} was already taken back. Nothing changed.`);
  return textMessage(
    `:white_check_mark: Took back ${what} from ${week}. Their week now: ${pts(result.weekTotal)}. ${mention(result.entry.userId)} is told in a direct message.`,
  );
}

/** What a rep is told when an admin takes back one of their entries. */
export function buildTakeBackNotice(adminId: string, entry: Entry, weekTotal: number, catalogue: readonly CatalogueItem[]): SlackMessage {
  return textMessage(
    `${mention(adminId)} took back ${entryText(entry, catalogue)} from your week of ${weekLabel(entry.weekStart)}. Your week now: ${pts(weekTotal)}. \`/points\` shows it.`,
  );
}
