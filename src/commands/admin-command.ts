import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { peopleToCheck } from '../roster/admin.js';
import { parseAdmin } from '../roster/admin-parse.js';
import { checkPeople, mayAdminister } from '../roster/permissions.js';
import { buildAdminError, buildAdminRefusal, tooManyNamed } from '../views/admin.js';
import { performAdmin } from './admin-actions.js';
import { performCorrection } from './admin-corrections.js';
import { startAdminExport } from './admin-export.js';
import { typedText } from './command-text.js';
import { peopleDeps, repNow, type Deps } from './deps.js';
import { ephemeral } from './reply.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** People one admin command may name: each is looked up with Slack's users.info, all at once. */
export const MAX_PEOPLE_NAMED = 100;

/** `/points-admin …`: roster, admins, goal and digest settings, and corrections of a rep's week, for admins only. */
export const adminCommand =
  (deps: Deps) =>
  async ({ command, ack, client }: Args) => {
    try {
      const rep = await repNow(deps, client, command.user_id);
      const people = peopleDeps(deps, client, rep.now);
      const req = parseAdmin(typedText(command.text));
      if (!(await mayAdminister(people, command.user_id, req))) return await ack(ephemeral(buildAdminRefusal()));
      if (req.kind === 'error') return await ack(ephemeral(buildAdminError(req.message)));
      // Each person named is checked with Slack: a command names a bounded number.
      const named = new Set(peopleToCheck(req));
      if (named.size > MAX_PEOPLE_NAMED) return await ack(ephemeral(buildAdminError(tooManyNamed(named.size, MAX_PEOPLE_NAMED))));
      const problem = await checkPeople(people, [...named]);
      if (problem) return await ack(ephemeral(buildAdminError(problem)));
      if (req.kind === 'export') return await ack(ephemeral(startAdminExport(deps, command.user_id, req, rep.week.today)));
      if (req.kind === 'adjust' || req.kind === 'history')
        return await ack(ephemeral(await performCorrection(deps, client, rep, command.user_id, req)));
      const ctx = {
        db: deps.db,
        now: rep.now,
        currentWeek: rep.week.currentWeek,
        defaultZone: deps.config.defaultTimeZone,
        zone: rep.zone,
        envAdmins: deps.config.adminUserIds,
        adminId: command.user_id,
        backdateDays: deps.config.backdateDays,
      };
      // In the write queue: it waits out another process's lock without holding up other requests.
      await ack(ephemeral(await deps.writes.run(() => performAdmin(req, ctx), rep.writeBy)));
    } catch (err) {
      deps.logger.error(`/points-admin failed for ${command.user_id}`, err);
      await ack(
        ephemeral({ text: ':x: Sorry, that did *not* go through: something went wrong on our side. Nothing changed; please try again.' }),
      );
    }
  };
