import type {
  AllMiddlewareArgs,
  AnyMiddlewareArgs,
  App,
  BlockButtonAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import { logRequest } from '../logger.js';
import { ids } from '../views/ids.js';
import { adminCommand } from './admin-command.js';
import { answerAction } from './answer-action.js';
import { awayTakeBackAction } from './away-action.js';
import { takeBackAction } from './admin-corrections.js';
import { catalogueAction } from './catalogue-action.js';
import type { Deps } from './deps.js';
import { forgetAction } from './forget-action.js';
import { goalChangeAction } from './goal-change-action.js';
import { historyPageAction } from './history-page-action.js';
import { historyUndoAction } from './history-undo-action.js';
import { homeHistoryButton, homeLogButton, homeOpened, homeRepButton, homeRepsPageButton, homeUndoButton } from './home.js';
import { refreshAfter } from './home-refresh.js';
import { logCommand } from './log-command.js';
import { logSubmit } from './log-submit.js';
import { logSuggestionAction } from './log-suggestion-action.js';
import { pointsCommand } from './points-command.js';
import { programmeEditButton } from './programme-edit-button.js';
import { addActivitySubmit, editActivitySubmit, goalsSubmit } from './programme-modal-submit.js';
import { undoAction } from './undo-action.js';

/** A listener for one kind of request, typed with the arguments Bolt builds for that kind. */
type Listener<A> = (args: A & AllMiddlewareArgs) => Promise<unknown>;

/**
 * The routing table, typed per kind of request: a command handler placed under a button's
 * action id fails the type check (test/unit/commands/router.test.ts proves it).
 */
export interface Routes {
  command: Record<string, Listener<SlackCommandMiddlewareArgs>>;
  block_actions: Record<string, Listener<SlackActionMiddlewareArgs<BlockButtonAction>>>;
  view_submission: Record<string, Listener<SlackViewMiddlewareArgs<ViewSubmitAction>>>;
  event: { app_home_opened?: Listener<SlackEventMiddlewareArgs<'app_home_opened'>> };
}

/**
 * Every listener the bot has, in one place: slash commands by name, buttons by action id,
 * views by callback id, events by type.
 *
 * A table, not one `app.command` / `app.action` per name: Bolt matches every registered
 * listener on every request, which cost a third of the bare app's throughput (BENCHMARKS.md).
 * A request the table does not route goes on to ordinary Bolt listeners (`app.shortcut`, ...).
 */
export function registerListeners(app: App, deps: Deps): void {
  const routes: Routes = {
    command: {
      '/log': refreshAfter(deps, 'own', logCommand(deps)),
      '/points': pointsCommand(deps),
      '/points-admin': refreshAfter(deps, 'everyone', adminCommand(deps)),
    },
    block_actions: {
      [ids.undoButton]: refreshAfter(deps, 'own', undoAction(deps)),
      [ids.answerFirstButton]: refreshAfter(deps, 'own', answerAction(deps)),
      [ids.answerSecondButton]: refreshAfter(deps, 'own', answerAction(deps)),
      [ids.historyUndoButton]: refreshAfter(deps, 'own', historyUndoAction(deps)),
      [ids.historyPageButton]: historyPageAction(deps),
      [ids.suggestionButton]: refreshAfter(deps, 'own', logSuggestionAction(deps)),
      [ids.forgetConfirmButton]: refreshAfter(deps, 'everyone', forgetAction(deps)),
      [ids.forgetCancelButton]: forgetAction(deps),
      [ids.takeBackButton]: refreshAfter(deps, 'everyone', takeBackAction(deps)),
      [ids.goalApplyButton]: refreshAfter(deps, 'everyone', goalChangeAction(deps)),
      [ids.goalCancelButton]: goalChangeAction(deps),
      [ids.homeLogButton]: homeLogButton(deps),
      [ids.homeUndoButton]: homeUndoButton(deps),
      [ids.homeHistoryButton]: homeHistoryButton(deps),
      [ids.homeRepButton]: homeRepButton(deps),
      [ids.homeRepsPageButton]: homeRepsPageButton(deps),
      [ids.catalogueApplyButton]: refreshAfter(deps, 'everyone', catalogueAction(deps)),
      [ids.catalogueCancelButton]: catalogueAction(deps),
      [ids.awayTakeBackButton]: refreshAfter(deps, 'everyone', awayTakeBackAction(deps)),
      [ids.editActivityButton]: programmeEditButton(deps),
      [ids.addActivityButton]: programmeEditButton(deps),
      [ids.editGoalsButton]: programmeEditButton(deps),
    },
    view_submission: {
      [ids.logModal]: refreshAfter(deps, 'own', logSubmit(deps)),
      [ids.editActivityModal]: refreshAfter(deps, 'everyone', editActivitySubmit(deps)),
      [ids.addActivityModal]: refreshAfter(deps, 'everyone', addActivitySubmit(deps)),
      [ids.goalsModal]: refreshAfter(deps, 'everyone', goalsSubmit(deps)),
    },
    event: {
      app_home_opened: homeOpened(deps),
    },
  };
  // One middleware logs and routes: each global middleware is a step Bolt takes on every request.
  app.use(async (args) => {
    logRequest(deps.logger, args.body as Record<string, any>);
    const handler = route(routes, args.body as Record<string, any>);
    // The table's kinds match Bolt's: the handler gets the arguments Bolt built for this kind.
    if (handler) await handler(args as never);
    else await args.next();
  });
}

/** The handler a request is for, if the table has one. */
function route(routes: Routes, body: Record<string, any>): Listener<AnyMiddlewareArgs> | undefined {
  const pick = (table: Record<string, unknown>, name: unknown) =>
    (typeof name === 'string' && Object.hasOwn(table, name) ? table[name] : undefined) as Listener<AnyMiddlewareArgs> | undefined;
  if (typeof body.command === 'string') return pick(routes.command, body.command);
  if (body.type === 'block_actions' && body.actions?.length === 1) return pick(routes.block_actions, body.actions[0].action_id);
  if (body.type === 'view_submission') return pick(routes.view_submission, body.view?.callback_id);
  if (body.type === 'event_callback') return pick(routes.event, body.event?.type);
  return undefined;
}
