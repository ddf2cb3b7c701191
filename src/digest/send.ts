import { webApi } from '@slack/bolt';
import type { SlackMessage } from '../views/log.js';

/** Slack errors that retrying will not fix: the delivery is recorded as failed with the reason. */
const PERMANENT = new Set([
  'user_not_found',
  'users_not_found',
  'user_disabled',
  'account_inactive',
  'cannot_dm_bot',
  'channel_not_found',
  'is_archived',
  'not_in_channel',
  'restricted_action',
  'messages_tab_disabled',
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'missing_scope',
  'no_permission',
  'not_allowed_token_type',
  'invalid_blocks',
  'invalid_arguments',
  'msg_too_long',
  'too_many_users',
  'team_access_not_granted',
]);

export type SendOutcome =
  | { status: 'sent'; partsSent: number }
  | { status: 'retry'; partsSent: number; retryInMs: number; error: string }
  | { status: 'failed'; partsSent: number; error: string };

/** Waits before the next try: 1, 2, 4 … minutes, at most an hour. */
export function backoffMs(attempt: number): number {
  return Math.min(60 * 60_000, 60_000 * 2 ** Math.max(0, attempt - 1));
}

function classify(err: unknown, attempt: number): { permanent: boolean; retryInMs: number; error: string } {
  const e = err as { code?: string; retryAfter?: number; data?: { error?: string }; statusCode?: number; message?: string };
  if (e.code === webApi.ErrorCode.RateLimitedError) {
    return {
      permanent: false,
      retryInMs: Math.max(1, e.retryAfter ?? 30) * 1000,
      error: `rate limited (Retry-After ${e.retryAfter ?? '?'} s)`,
    };
  }
  if (e.code === webApi.ErrorCode.PlatformError) {
    const code = e.data?.error ?? 'unknown_error';
    return { permanent: PERMANENT.has(code), retryInMs: backoffMs(attempt), error: code };
  }
  if (e.code === webApi.ErrorCode.HTTPError)
    return { permanent: false, retryInMs: backoffMs(attempt), error: `HTTP ${e.statusCode ?? 'error'}` };
  return { permanent: false, retryInMs: backoffMs(attempt), error: e.message ?? String(err) };
}

/**
 * Sends messages to a user's direct message with the bot, from part `fromPart` on (a retry
 * resumes where the last try stopped), and says what happened without throwing.
 */
export async function sendDirect(
  client: webApi.WebClient,
  userId: string,
  messages: SlackMessage[],
  opts: { fromPart: number; attempt: number },
): Promise<SendOutcome> {
  let partsSent = opts.fromPart;
  try {
    const opened = await client.conversations.open({ users: userId });
    const channel = opened.channel?.id;
    if (!channel)
      return { status: 'retry', partsSent, retryInMs: backoffMs(opts.attempt), error: 'conversations.open returned no channel' };
    for (const message of messages.slice(opts.fromPart)) {
      await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
      partsSent += 1;
    }
    return { status: 'sent', partsSent };
  } catch (err) {
    const c = classify(err, opts.attempt);
    return c.permanent
      ? { status: 'failed', partsSent, error: c.error }
      : { status: 'retry', partsSent, retryInMs: c.retryInMs, error: c.error };
  }
}
