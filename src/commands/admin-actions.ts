import { setQuota } from '../scoring/accounts.js';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.js';
import { catalogueFor, catalogueRoles, hasOwnCatalogue } from '../scoring/catalogue.js';
import { previewCatalogueChange } from '../scoring/catalogue-change.js';
import { buildCatalogueListing, buildCataloguePreview } from '../views/catalogue.js';
import { deliveriesForWeek, deliveryProgress } from '../digest/deliveries.js';
import { performAbsence } from './away.js';
import { checkGoalChange } from '../scoring/programme-change.js';
import {
  addRole,
  goalsChangedBy,
  knownRoles,
  laterChanges,
  MAX_ROLES,
  programmeForWeek,
  saveProgramme,
  undatedSettings,
  withStep,
  type RoleGoals,
} from '../scoring/programme.js';
import { loadCatalogue } from '../scoring/catalogue.js';
import { repClock } from '../scoring/standing.js';
import type { LocalDay } from '../scoring/week.js';
import {
  buildAdminError,
  buildAdminHelp,
  buildAdminsListing,
  buildCurrencyMessage,
  buildDigestStatus,
  buildForgetConfirmation,
  buildQuotaSet,
  buildRosterConfirmation,
  buildScheduleMessage,
  buildTeamListing,
  type OwnWeek,
} from '../views/admin.js';
import { joinAnd } from '../views/format.js';
import { buildGoalPreview, buildProgrammeView, buildRolesListing } from '../views/programme.js';
import { mention, type SlackMessage } from '../views/message.js';
import { notOnRoster } from '../roster/admin.js';
import type { AdminRequest } from '../roster/admin-parse.js';
import { isDirector, reportingProblem, reportingTree, setRollupDigest } from '../roster/hierarchy.js';
import { buildRollupOptIn, reportingRefusal } from '../views/rollup.js';
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
  /** The admin's current week: the digest status's, and the first a setting may change from. */
  currentWeek: LocalDay;
  /** The zone of a rep Slack never gave one, for their own current week. */
  defaultZone: string;
  /** The admin's time zone, for the times `digest status` shows. */
  zone: string;
  envAdmins: string[];
  /** Who asks: an admin, or for days away the rep's manager. */
  adminId: string;
  /** How far back a rep may log, and so be marked away. */
  backdateDays: number;
}

const names = (ids: string[]) => joinAnd(ids.map(mention));

/**
 * Carries out a checked `/points-admin` request through the roster and programme, and picks
 * the answer that says what now holds.
 */
export function performAdmin(
  req: Exclude<AdminRequest, { kind: 'error' | 'adjust' | 'history' | 'export' }>,
  ctx: AdminContext,
): SlackMessage {
  const { db, now, currentWeek } = ctx;
  const programme = () => programmeForWeek(db, currentWeek);
  const ownWeek: OwnWeek = (rep) => repClock(rep, now, ctx.defaultZone).currentWeek;
  const unknownRole = (role: string) =>
    knownRoles(db).includes(role)
      ? undefined
      : buildAdminError(`There is no role ${role}. The roles are ${joinAnd(knownRoles(db))}; \`/points-admin role add ${role}\` adds it.`);
  /** The preview of setting a role's goals from a week: nothing is saved until the admin presses Apply. */
  const preview = (role: string, from: LocalDay | undefined, edit: (goals: RoleGoals) => RoleGoals) => {
    const refused = unknownRole(role);
    if (refused) return refused;
    const checked = checkGoalChange(db, { role, from: from ?? currentWeek, edit }, currentWeek);
    return checked.ok ? buildGoalPreview(checked.preview, currentWeek) : buildAdminError(checked.message);
  };
  const rampSpan = (g: RoleGoals) => ({ first: g.ramp[0]?.from ?? 3, last: g.ramp.at(-1)?.to ?? 13 });
  switch (req.kind) {
    case 'quota': {
      const currency = req.currency ?? programme().currency;
      setQuota(db, { userId: req.repId, cents: req.cents, currency, setBy: ctx.adminId, now });
      return buildQuotaSet(req.repId, req.cents, currency);
    }
    case 'roles':
      return buildRolesListing(knownRoles(db));
    case 'role_add': {
      if (knownRoles(db).includes(req.role)) return buildRolesListing(knownRoles(db));
      if (knownRoles(db).length >= MAX_ROLES) return buildAdminError(`An installation has at most ${MAX_ROLES} roles.`);
      addRole(db, req.role, ctx.adminId, now);
      return buildRolesListing(knownRoles(db), req.role);
    }
    case 'programme': {
      const refused = req.role ? unknownRole(req.role) : undefined;
      if (refused) return refused;
      const goals = programmeForWeek(db, currentWeek).goals;
      const roles = (req.role ? [req.role] : knownRoles(db)).map((role) => ({
        role,
        goals: goals.get(role)!,
        changed: goalsChangedBy(db, role, currentWeek),
        later: laterChanges(db, currentWeek, role),
      }));
      if (!req.role) return buildProgrammeView({ roles, catalogue: loadCatalogue(db), weekStart: currentWeek });
      return buildProgrammeView({
        roles,
        catalogue: catalogueFor(db, req.role, currentWeek),
        weekStart: currentWeek,
        editing: { role: req.role, ownCatalogue: hasOwnCatalogue(db, req.role) },
      });
    }
    case 'role_goal': {
      const { set } = req;
      return preview(req.role, req.from, (g) =>
        'step' in set
          ? { ...g, ramp: withStep(g.ramp, set.step.from, set.step.to, set.step.goal) }
          : { ...g, established: set.established },
      );
    }
    case 'help':
      return buildAdminHelp();
    case 'assign': {
      const tree = reportingTree(db);
      for (const repId of req.repIds) {
        const problem = reportingProblem(tree, repId, req.managerId);
        if (problem) return buildAdminError(reportingRefusal(repId, req.managerId, problem));
      }
      return buildRosterConfirmation(
        `${names(req.repIds)} now ${req.repIds.length === 1 ? 'reports' : 'report'} to ${mention(req.managerId)}.`,
        assignReps(db, req.repIds, req.managerId, now),
        ownWeek,
      );
    }
    case 'start':
      return buildRosterConfirmation(`Start date set to ${req.date}.`, setStartDate(db, req.repIds, req.date, now), ownWeek);
    case 'role':
      return unknownRole(req.role) ?? buildRosterConfirmation(`Role set to ${req.role}.`, setRole(db, req.repIds, req.role, now), ownWeek);
    case 'remove': {
      const absent = notOnRoster(db, req.repIds);
      if (absent.length > 0) {
        return buildAdminError(`${names(absent)} ${absent.length === 1 ? "isn't" : "aren't"} on the roster.`);
      }
      return buildRosterConfirmation(
        `${names(req.repIds)} taken off the roster. Their history stays.`,
        removeFromRoster(db, req.repIds, now),
        ownWeek,
      );
    }
    case 'team':
      return buildTeamListing(rosterReps(db, req.managerId), ownWeek, req.managerId);
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
      saveProgramme(db, req.schedule);
      return buildScheduleMessage(programme(), 'Digest schedule changed.');
    case 'rep_notes':
      saveProgramme(db, { repNotes: req.on });
      return buildScheduleMessage(programme(), `Reps’ Friday notes turned ${req.on ? 'on' : 'off'}.`);
    // The single goal and window of before roles had goals of their own: they change the AE ramp.
    case 'goal':
      return preview('AE', req.from, (g) => {
        const { first, last } = rampSpan(g);
        return { ...g, ramp: [{ from: first, to: last, goal: req.goal }] };
      });
    case 'window':
      return preview('AE', req.from, (g) => ({ ...g, ramp: [{ from: req.first, to: req.last, goal: g.ramp.at(-1)?.goal ?? 500 }] }));
    case 'catalogue': {
      const role = req.role ?? undefined;
      return buildCatalogueListing(role, catalogueRoles(db), role ? catalogueFor(db, role, currentWeek) : []);
    }
    case 'catalogue_change': {
      const checked = previewCatalogueChange(db, { ...req.change, from: req.change.from ?? currentWeek }, currentWeek, randomUUID());
      return checked.ok ? buildCataloguePreview(checked.preview) : buildAdminError(checked.message);
    }
    case 'digest_rollup':
      setRollupDigest(db, req.directorId, req.on, now);
      return buildRollupOptIn(req.directorId, req.on, isDirector(reportingTree(db), req.directorId));
    case 'digest_final':
      saveProgramme(db, { digestFinal: req.on });
      return buildScheduleMessage(
        programme(),
        `The week’s final numbers turned ${req.on ? 'on' : 'off'}: ${req.on ? 'on Monday morning a manager hears of any total that changed after their digest' : 'no follow-up after a week closes'}.`,
      );
    case 'away':
    case 'holiday_set':
    case 'holiday_remove':
    case 'holidays':
    case 'region':
      return performAbsence(req, { ...ctx, ownWeek });
    case 'currency':
      // The currency judges no week: an amount already logged keeps the one it was stored with.
      if (req.currency === undefined) return buildCurrencyMessage(undatedSettings(db).currency);
      saveProgramme(db, { currency: req.currency });
      return buildCurrencyMessage(undatedSettings(db).currency, true);
    case 'forget':
      return buildForgetConfirmation(req.userId, userFootprint(db, req.userId));
    case 'digest_status': {
      const managers = rosterManagers(db);
      const owed = managers.length + (programme().repNotes ? rosterReps(db).filter((r) => r.managerId).length : 0);
      return buildDigestStatus({
        weekStart: currentWeek,
        deliveries: deliveriesForWeek(db, currentWeek),
        zone: ctx.zone,
        managers,
        programme: programme(),
        progress: deliveryProgress(db, currentWeek, now, owed),
        now,
      });
    }
  }
}
