import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { ids } from '../views/ids.js';
import { adminCommand } from './admin-command.js';
import type { Deps } from './deps.js';
import { forgetAction } from './forget-action.js';
import { homeLogButton, homeOpened } from './home.js';
import { logCommand } from './log-command.js';
import { logSubmit } from './log-submit.js';
import { pointsCommand } from './points-command.js';
import { undoAction } from './undo-action.js';

type CommandHandler = (args: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => Promise<unknown>;
type ButtonHandler = (args: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => Promise<unknown>;

/**
 * Every listener the bot has, in one place. Commands and buttons are routed from one Bolt
 * listener each rather than one listener per name: Bolt runs every registered listener's
 * matching for every request, and with one per name that cost a quarter of the throughput
 * (BENCHMARKS.md).
 */
export function registerListeners(app: App, deps: Deps): void {
  const commands: Record<string, CommandHandler> = {
    '/log': logCommand(deps),
    '/points': pointsCommand(deps),
    '/points-admin': adminCommand(deps),
  };
  const buttons: Record<string, ButtonHandler> = {
    [ids.undoButton]: undoAction(deps),
    [ids.forgetConfirmButton]: forgetAction(deps),
    [ids.forgetCancelButton]: forgetAction(deps),
    [ids.homeLogButton]: homeLogButton(deps),
  };
  app.command(routeFor(commands), async (args) => {
    await commands[args.command.command]!(args);
  });
  app.action<BlockButtonAction>({ type: 'block_actions', action_id: routeFor(buttons) }, async (args) => {
    await buttons[args.action.action_id]!(args);
  });
  app.view(ids.logModal, logSubmit(deps));
  app.event('app_home_opened', homeOpened(deps));
}

/** A pattern matching exactly the names a routing table has. */
function routeFor(table: Record<string, unknown>): RegExp {
  return new RegExp(`^(?:${Object.keys(table).map((k) => k.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
}
