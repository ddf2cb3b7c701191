import { dayProblem } from '../scoring/parse/index.js';
import type { LocalDay } from '../scoring/week.js';
import { buildLogError } from '../views/log.js';
import type { SlackMessage } from '../views/message.js';
import { buttonListener } from './button.js';
import type { Deps, RepNow } from './deps.js';
import { answerLogLine, answerValue, clickKey, readAnswerValue, readLogLine } from './log-line.js';

/** A button under a `/log` question: reads the line again with the rep's answer and logs it, or asks the next question. */
export const answerAction = (deps: Deps) =>
  buttonListener(deps, { what: 'answering a /log question', sorry: 'that was *not saved*' }, async ({ body, action }, rep) => {
    const asked = readAnswerValue(action.value ?? '');
    return asked
      ? answer(deps, rep, body.user.id, asked, body.container?.message_ts as string | undefined)
      : buildLogError("I couldn't read that answer. Log the line again.", false, rep.catalogue, rep.week.goal);
  });

async function answer(
  deps: Deps,
  rep: RepNow,
  userId: string,
  asked: { today: LocalDay; answers: string; line: string },
  messageTs: string | undefined,
): Promise<SlackMessage> {
  const parsed = readLogLine(deps, rep, asked.line, { today: asked.today, answers: asked.answers });
  if (parsed.kind !== 'log' && parsed.kind !== 'ask') {
    const why = parsed.kind === 'error' ? parsed.message : "I couldn't read that line again.";
    return buildLogError(why, false, rep.catalogue, rep.week.goal);
  }
  // Read as of the day it was asked; whether that day can still be logged is today's question.
  const late = parsed.kind === 'log' ? dayProblem(parsed.day, rep.parse) : undefined;
  if (late) return buildLogError(late, false, rep.catalogue, rep.week.goal);
  // Both buttons of one question share a key, so a second click (or the other button) logs nothing more.
  const clientKey = clickKey('answer', messageTs, answerValue(asked.today, asked.answers.slice(0, -1), asked.line));
  // The line was counted against the rate limit when it was typed; its answers are not lines of their own.
  return answerLogLine(deps, userId, rep, parsed, {
    line: asked.line,
    today: asked.today,
    ...(clientKey ? { clientKey } : {}),
    counted: false,
  });
}
