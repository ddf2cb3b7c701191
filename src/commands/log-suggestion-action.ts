import { buttonListener } from './button.js';
import type { Deps } from './deps.js';
import { answerLogLine, clickKey, readLogLine } from './log-line.js';

/**
 * The "Log this" button under a "Did you mean…?": logs the corrected line it carries and
 * confirms in place (or asks about a deal's number), as `/log` would. The line is read again as if typed (length limit, every
 * check), never taken on trust; anything but a line to log is refused.
 */
export const logSuggestionAction = (deps: Deps) =>
  buttonListener(deps, { what: 'logging a suggested line', sorry: 'that was *not saved*' }, async ({ body, action }, rep) => {
    const line = action.value ?? '';
    const clientKey = clickKey('suggest', body.container?.message_ts as string | undefined, line);
    const parsed = readLogLine(deps, rep, line);
    return answerLogLine(
      deps,
      body.user.id,
      rep,
      parsed.kind === 'log' || parsed.kind === 'error' || parsed.kind === 'ask'
        ? parsed
        : { kind: 'error', message: 'That button holds no activity to log. Type it with `/log`.', showHelp: false },
      {
        line: line.trim(),
        today: rep.week.today,
        ...(clientKey ? { clientKey } : {}),
      },
    );
  });
