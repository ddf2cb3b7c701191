import { undoEntries } from '../scoring/ledger.js';
import { buildUndoResult } from '../views/log.js';
import { buttonListener } from './button.js';
import type { Deps } from './deps.js';
import { historyPage, judgedUndo } from './history.js';

/** An Undo beside one entry in `/log history`: takes back that entry only and shows the list again. */
export const historyUndoAction = (deps: Deps) =>
  buttonListener(deps, { what: 'history undo', sorry: 'that was *not undone*' }, async ({ body, action }, rep) => {
    const userId = body.user.id;
    // A value that is no entry id finds nothing and is answered as such.
    const entryId = /^\d{1,15}$/.test(action.value ?? '') ? Number(action.value) : -1;
    const result = await deps.writes.run(() => undoEntries(deps.db, userId, { kind: 'entry', entryId }, rep.now), rep.writeBy);
    const answer = buildUndoResult(judgedUndo(deps, userId, result), rep);
    const entry = result.undone[0] ?? result.alreadyUndone[0];
    // The list again, with the entry struck through, on the page that holds it.
    const list = entry ? historyPage(deps, rep, userId, entry.weekStart, { around: entry.id }) : undefined;
    return list ? { text: answer.text, blocks: [answer.blocks[0]!, ...list.blocks] } : answer;
  });
