import { createHash } from 'node:crypto';
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { recordEntries } from '../scoring/ledger.js';
import { dayProblem, parseLog } from '../scoring/parse/index.js';
import { isValidDay, type LocalDay } from '../scoring/week.js';
import { buildLogConfirmation, buildLogError, buildLogQuestion, buildWeekInDoubt } from '../views/log.js';
import type { SlackMessage } from '../views/message.js';
import { repNow, type Deps, type RepNow } from './deps.js';
import { ephemeral, replyOrDm } from './reply.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * A question's button value: the rep's day when asked, their answers so far and the line as
 * typed. The line is read again with them, so the button needs no stored state; the day keeps
 * "yesterday" meaning what it meant when the rep wrote it. At most about 1,030 characters
 * (MAX_LINE_CHARS and a little), within a button value's 2,000.
 */
export function answerValue(today: LocalDay, answers: string, line: string): string {
  return `${today}|${answers}|${line}`;
}

function readAnswerValue(value: string): { today: LocalDay; answers: string; line: string } | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})\|([a-z]*)\|([\s\S]*)$/.exec(value);
  return m && isValidDay(m[1]!) ? { today: m[1]!, answers: m[2]!, line: m[3]! } : undefined;
}

/** A button under a `/log` question: reads the line again with the rep's answer and logs it, or asks the next question. */
export const answerAction =
  (deps: Deps) =>
  async ({ body, action, ack, client, respond }: Args) => {
    const userId = body.user.id;
    let message: SlackMessage;
    try {
      const rep = await repNow(deps, client, userId);
      const asked = readAnswerValue(action.value ?? '');
      message = asked
        ? await answer(deps, rep, userId, asked, body.container?.message_ts as string | undefined)
        : buildLogError("I couldn't read that answer. Log the line again.", false, rep.catalogue, rep.week.goal);
    } catch (err) {
      deps.logger.error(`answer failed for ${userId}`, err);
      const text = ':x: Sorry, that was *not saved*: something went wrong on our side. Please try again.';
      message = { text, blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text } }] };
    }
    await ack();
    // Not awaited, as with Undo: a slow response_url must not make the click look failed.
    void replyOrDm(deps, client, userId, message, () => respond({ ...ephemeral(message), replace_original: true }));
  };

async function answer(
  deps: Deps,
  rep: RepNow,
  userId: string,
  asked: { today: LocalDay; answers: string; line: string },
  messageTs: string | undefined,
): Promise<SlackMessage> {
  const parsed = parseLog(asked.line, { ...rep.parse, today: asked.today, answers: asked.answers });
  if (parsed.kind === 'ask') {
    return buildLogQuestion(parsed.question, (code) => answerValue(asked.today, parsed.answered + code, asked.line));
  }
  if (parsed.kind !== 'log') {
    const why = parsed.kind === 'error' ? parsed.message : "I couldn't read that line again.";
    return buildLogError(why, false, rep.catalogue, rep.week.goal);
  }
  // Read as of the day it was asked; whether that day can still be logged is today's question.
  const late = dayProblem(parsed.day, rep.parse);
  if (late) return buildLogError(late, false, rep.catalogue, rep.week.goal);
  if (rep.weekInDoubt) return buildWeekInDoubt('logged');
  // Both buttons of one question share a key, so a second click (or the other button) logs nothing more.
  const question = createHash('sha256')
    .update(answerValue(asked.today, asked.answers.slice(0, -1), asked.line))
    .digest('hex')
    .slice(0, 16);
  const saved = await deps.writes.run(
    () =>
      recordEntries(deps.db, {
        userId,
        items: parsed.items,
        day: parsed.day,
        note: parsed.note,
        source: 'command',
        ...(messageTs ? { clientKey: `answer:${messageTs}:${question}` } : {}),
        now: rep.now,
        catalogue: rep.catalogue,
      }),
    rep.writeBy,
  );
  return buildLogConfirmation(saved, rep);
}
