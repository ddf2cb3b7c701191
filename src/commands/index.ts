import type { App } from '@slack/bolt';
import { ids } from '../views/ids.js';
import { adminCommand } from './admin-command.js';
import type { Deps } from './deps.js';
import { forgetAction } from './forget-action.js';
import { homeLogButton, homeOpened } from './home.js';
import { logCommand } from './log-command.js';
import { logSubmit } from './log-submit.js';
import { pointsCommand } from './points-command.js';
import { undoAction } from './undo-action.js';

/** Every listener the bot has, in one place. */
export function registerListeners(app: App, deps: Deps): void {
  app.command('/log', logCommand(deps));
  app.command('/points', pointsCommand(deps));
  app.command('/points-admin', adminCommand(deps));
  app.view(ids.logModal, logSubmit(deps));
  app.action(ids.undoButton, undoAction(deps));
  app.action(ids.forgetConfirmButton, forgetAction(deps));
  app.action(ids.forgetCancelButton, forgetAction(deps));
  app.action(ids.homeLogButton, homeLogButton(deps));
  app.event('app_home_opened', homeOpened(deps));
}
