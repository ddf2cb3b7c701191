import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { firstDelivery } from '../events.js';
import { whoseNumbers } from '../roster/permissions.js';
import { repWeekStanding } from '../scoring/standing.js';
import { buildHomeView } from '../views/home.js';
import { buildWeekView } from '../views/points.js';
import { buildLogModal } from '../views/log-modal.js';
import { repNow, type Deps } from './deps.js';

/** App Home opened: publish the rep's week. Slack's retries of the same event are ignored. */
export const homeOpened =
  (deps: Deps) =>
  async ({ event, body, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) => {
    if (event.tab !== 'home') return;
    const rep = await repNow(deps, client, event.user);
    // A retry the database cannot check is published again: the same week, shown twice, harms no one.
    const first = await deps.writes
      .run(() => firstDelivery(deps.db, body.event_id, rep.now), rep.writeBy)
      .catch((err: unknown) => {
        deps.logger.warn(`could not record event ${body.event_id}; publishing ${event.user}'s Home tab anyway`, err);
        return true;
      });
    if (!first) return;
    // The tab shows the viewer's own week; admin rights never change that, so Slack is not asked.
    const shown = await whoseNumbers(deps.db, event.user, { kind: 'self' }, async () => false);
    if (shown.show !== 'rep') return;
    const week = { weekStart: rep.week.currentWeek, currentWeek: rep.week.currentWeek };
    const standing = repWeekStanding(deps.db, { ...week, repId: shown.repId, today: rep.week.today });
    try {
      await client.views.publish({ user_id: event.user, view: buildHomeView(buildWeekView(standing, week)) });
    } catch (err) {
      deps.logger.error(`views.publish failed for ${event.user}; their Home tab shows the last published week`, err);
    }
  };

/** The Home tab's "Log activity" button: the same form as `/log`. */
export const homeLogButton =
  (deps: Deps) =>
  async ({ body, ack, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const rep = await repNow(deps, client, body.user.id);
    try {
      await client.views.open({
        trigger_id: body.trigger_id,
        view: buildLogModal(rep.parse),
      });
    } catch (err) {
      deps.logger.error(`the log form did not open for ${body.user.id}`, err);
      await client.chat
        .postMessage({ channel: body.user.id, text: "Sorry, the form didn't open. Try again, or type it: `/log demo self-led`." })
        .catch((e: unknown) => deps.logger.error(`could not tell ${body.user.id} the form failed`, e));
    }
  };
