import type { AllMiddlewareArgs, AnyMiddlewareArgs, App } from '@slack/bolt';
import { logRequest } from '../logger.js';
import { ids } from '../views/ids.js';
import { adminCommand } from './admin-command.js';
import type { Deps } from './deps.js';
import { forgetAction } from './forget-action.js';
import { homeLogButton, homeOpened } from './home.js';
import { logCommand } from './log-command.js';
import { logSubmit } from './log-submit.js';
import { pointsCommand } from './points-command.js';
import { undoAction } from './undo-action.js';

// Each handler is typed with Bolt's own argument types for its kind of request; the router
// below hands it the same arguments Bolt builds for a listener.
type Handler = (args: never) => Promise<unknown>;

/**
 * Every listener the bot has, in one place: slash commands by name, buttons by action id,
 * views by callback id, events by type.
 *
 * They are routed by one global middleware instead of one `app.command` / `app.action` per
 * name. Bolt runs every registered listener's matching on every request; measured on the
 * bare app, the bot's ten listeners cost a third of its throughput, and routing by hand costs
 * nothing (BENCHMARKS.md). Bolt builds the same arguments either way.
 */
export function registerListeners(app: App, deps: Deps): void {
  const routes: Record<string, Record<string, Handler>> = {
    command: {
      '/log': logCommand(deps),
      '/points': pointsCommand(deps),
      '/points-admin': adminCommand(deps),
    },
    block_actions: {
      [ids.undoButton]: undoAction(deps),
      [ids.forgetConfirmButton]: forgetAction(deps),
      [ids.forgetCancelButton]: forgetAction(deps),
      [ids.homeLogButton]: homeLogButton(deps),
    },
    view_submission: {
      [ids.logModal]: logSubmit(deps),
    },
    event: {
      app_home_opened: homeOpened(deps),
    },
  };
  // One middleware logs and routes: each global middleware is a step Bolt takes on every request.
  app.use(async (args) => {
    logRequest(deps.logger, args.body as Record<string, any>);
    const handler = route(routes, args);
    if (handler) await handler(args as never);
    else await args.next();
  });
}

/** The handler a request is for, if the bot has one. */
function route(routes: Record<string, Record<string, Handler>>, args: AnyMiddlewareArgs & AllMiddlewareArgs): Handler | undefined {
  const body = args.body as Record<string, any>;
  const pick = (kind: string, name: unknown) =>
    typeof name === 'string' && Object.hasOwn(routes[kind]!, name) ? routes[kind]![name] : undefined;
  if (typeof body.command === 'string') return pick('command', body.command);
  if (body.type === 'block_actions' && body.actions?.length === 1) return pick('block_actions', body.actions[0].action_id);
  if (body.type === 'view_submission') return pick('view_submission', body.view?.callback_id);
  if (body.type === 'event_callback') return pick('event', body.event?.type);
  return undefined;
}
