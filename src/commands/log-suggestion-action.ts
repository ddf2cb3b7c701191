import { createHash } from 'node:crypto';
import { buttonListener } from './button.js';
import type { Deps } from './deps.js';
import { answerLogLine, readLogLine } from './log-line.js';

/**
 * The "Log this" button under a "Did you mean…?": logs the corrected line it carries and
 * confirms in place (or asks about a deal's number), as `/log` would. The line is read again as if typed (length limit, every
 * check), never taken on trust; anything but a line to log is refused.
 */
export const logSuggestionAction = (deps: Deps) =>
  buttonListener(deps, { what: 'logging a suggested line', sorry: 'that was *not saved*' }, async ({ body, action }, rep) => {
    const line = action.value ?? '';
    const messageTs = body.container?.message_ts as string | undefined;
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
        // A second click on the same button (before Slack replaces the message) logs nothing more.
        ...(messageTs ? { clientKey: `suggest:${messageTs}:${createHash('sha256').update(line).digest('hex').slice(0, 16)}` } : {}),
      },
    );
  });
