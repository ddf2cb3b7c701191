import { isValidDay, weekStartOf } from '../scoring/week.js';
import { textMessage } from '../views/message.js';
import { buttonListener } from './button.js';
import type { Deps } from './deps.js';
import { historyPage } from './history.js';

/** "Older entries" / "Newer entries" under a long `/log history`: shows that page in place. */
export const historyPageAction = (deps: Deps) =>
  buttonListener(deps, { what: 'history page', sorry: 'that page could not be shown' }, async ({ body, action }, rep) => {
    const m = /^(\d{4}-\d{2}-\d{2}):(\d{1,4})$/.exec(action.value ?? '');
    if (!m || !isValidDay(m[1]!) || weekStartOf(m[1]!) !== m[1]) {
      return textMessage(':warning: That button no longer works. Type `/log history` to see your entries again.');
    }
    return historyPage(deps, rep, body.user.id, m[1]!, Number(m[2]));
  });
