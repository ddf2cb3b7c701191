import type { Db } from '../db/index.js';
import { deliveriesForWeek } from '../digest/deliveries.js';
import { loadProgramme, saveProgramme } from '../scoring/programme.js';
import type { LocalDay } from '../scoring/week.js';
import {
  buildAdminError,
  buildAdminHelp,
  buildAdminsListing,
  buildCurrencyMessage,
  buildDigestStatus,
  buildForgetConfirmation,
  buildRosterConfirmation,
  buildScheduleMessage,
  buildTeamListing,
} from '../views/admin.js';
import { joinAnd } from '../views/format.js';
import { mention, type SlackMessage } from '../views/message.js';
import { notOnRoster } from '../roster/admin.js';
import type { AdminRequest } from '../roster/admin-parse.js';
import { userFootprint } from '../roster/privacy.js';
import {
  assignReps,
  grantedAdmins,
  removeFromRoster,
  rosterManagers,
  rosterReps,
  setGrantedAdmin,
  setRole,
  setStartDate,
} from '../roster/roster.js';

export interface AdminContext {
  db: Db;
  now: Date;
  /** The admin's current week, for onboarding weeks and the digest status. */
  currentWeek: LocalDay;
  envAdmins: string[];
}

const names = (ids: string[]) => joinAnd(ids.map(mention));

/**
 * Carries out a checked `/points-admin` request through the roster and programme, and picks
 * the answer that says what now holds.
 */
export function performAdmin(req: Exclude<AdminRequest, { kind: 'error' }>, ctx: AdminContext): SlackMessage {
  const { db, now, currentWeek } = ctx;
  const programme = () => loadProgramme(db);
  switch (req.kind) {
    case 'help':
      return buildAdminHelp();
    case 'assign':
      return buildRosterConfirmation(
        `${names(req.repIds)} now ${req.repIds.length === 1 ? 'reports' : 'report'} to ${mention(req.managerId)}.`,
        assignReps(db, req.repIds, req.managerId, now),
        programme(),
        currentWeek,
      );
    case 'start':
      return buildRosterConfirmation(
        `Start date set to ${req.date}.`,
        setStartDate(db, req.repIds, req.date, now),
        programme(),
        currentWeek,
      );
    case 'role':
      return buildRosterConfirmation(`Role set to ${req.role}.`, setRole(db, req.repIds, req.role, now), programme(), currentWeek);
    case 'remove': {
      const absent = notOnRoster(db, req.repIds);
      if (absent.length > 0) {
        return buildAdminError(`${names(absent)} ${absent.length === 1 ? "isn't" : "aren't"} on the roster.`);
      }
      return buildRosterConfirmation(
        `${names(req.repIds)} taken off the roster. Their history stays.`,
        removeFromRoster(db, req.repIds, now),
        programme(),
        currentWeek,
      );
    }
    case 'team':
      return buildTeamListing(rosterReps(db, req.managerId), programme(), currentWeek, req.managerId);
    case 'admins': {
      if (req.action === 'list')
        return buildAdminsListing(
          ctx.envAdmins,
          grantedAdmins(db).map((u) => u.id),
        );
      const removingEnv = req.action === 'remove' ? req.userIds.filter((id) => ctx.envAdmins.includes(id)) : [];
      if (removingEnv.length > 0)
        return buildAdminError(
          `${names(removingEnv)} ${removingEnv.length === 1 ? 'is an admin' : 'are admins'} by the bot’s ADMIN_USER_IDS setting; change it there.`,
        );
      setGrantedAdmin(db, req.userIds, req.action === 'add', now);
      return buildAdminsListing(
        ctx.envAdmins,
        grantedAdmins(db).map((u) => u.id),
      );
    }
    case 'digest_show':
      return buildScheduleMessage(programme());
    case 'digest_schedule':
      return buildScheduleMessage(saveProgramme(db, req.schedule), 'Digest schedule changed.');
    case 'rep_notes':
      return buildScheduleMessage(saveProgramme(db, { repNotes: req.on }), `Reps’ Friday notes turned ${req.on ? 'on' : 'off'}.`);
    case 'goal':
      return buildScheduleMessage(saveProgramme(db, { weeklyGoal: req.goal }), 'Weekly goal changed.');
    case 'window':
      return buildScheduleMessage(saveProgramme(db, { goalFirstWeek: req.first, goalLastWeek: req.last }), 'Onboarding weeks changed.');
    case 'currency':
      return req.currency === undefined
        ? buildCurrencyMessage(programme().currency)
        : buildCurrencyMessage(saveProgramme(db, { currency: req.currency }).currency, true);
    case 'forget':
      return buildForgetConfirmation(req.userId, userFootprint(db, req.userId));
    case 'digest_status': {
      return buildDigestStatus({
        weekStart: currentWeek,
        deliveries: deliveriesForWeek(db, currentWeek),
        managers: rosterManagers(db),
        programme: programme(),
      });
    }
  }
}
