import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { firstDelivery } from '../events.js';
import { buildHomeView } from '../views/home.js';
import { buildLogModal } from '../views/log-modal.js';
import { repNow, type Deps } from './deps.js';
import { weekView } from './week-view.js';

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
    const week = weekView(deps, rep, event.user, rep.week.currentWeek, true);
    try {
      await client.views.publish({ user_id: event.user, view: buildHomeView(week) });
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
