import { webApi, type types } from '@slack/bolt';
import type { LocalDay } from '../scoring/week.js';
import type { WorkspacePace } from './pace.js';

/**
 * The metadata event type on every digest and rep note, with `{ delivery_id, part, week_start }`:
 * after a send whose answer was lost, the DM's history says which parts Slack took.
 */
export const DELIVERY_EVENT = 'points_digest_delivery';

/** Pages of DM history read at most while looking for a delivery (200 messages each). */
const MAX_HISTORY_PAGES = 10;

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

/**
 * One message of a delivery: its notification text and blocks. The job builds them; sending
 * needs only their shape.
 */
export interface DirectMessage {
  text: string;
  blocks: types.KnownBlock[];
}

export type SendOutcome =
  /** `found`: parts an earlier try had delivered, found in the DM instead of sent again. */
  | { status: 'sent'; partsSent: number; found: number }
  /** `outcomeUnknown`: a message may have been posted beyond `partsSent`; check before resending. */
  | { status: 'retry'; partsSent: number; retryInMs: number; error: string; outcomeUnknown: boolean }
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
 * Whether Slack answered that it did not take the call: an `ok:false` or a 429. Anything else
 * (a timeout, a dropped connection, a 5xx from something in between) may have been posted.
 */
function refused(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === webApi.ErrorCode.PlatformError || code === webApi.ErrorCode.RateLimitedError;
}

/** How many leading parts of a delivery a DM holds: one past the highest part found. */
async function partsInHistory(client: webApi.WebClient, channel: string, deliveryId: number, since: Date): Promise<number> {
  let found = 0;
  let cursor: string | undefined;
  for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
    const res = await client.conversations.history({
      channel,
      oldest: String(Math.floor(since.getTime() / 1000)),
      include_all_metadata: true,
      limit: 200,
      cursor,
    });
    for (const m of res.messages ?? []) {
      const payload = m.metadata?.event_payload as { delivery_id?: unknown; part?: unknown } | undefined;
      if (m.metadata?.event_type === DELIVERY_EVENT && payload?.delivery_id === deliveryId && typeof payload.part === 'number')
        found = Math.max(found, payload.part + 1);
    }
    cursor = res.response_metadata?.next_cursor;
    if (!res.has_more || !cursor) return found;
  }
  throw new Error(`more than ${MAX_HISTORY_PAGES * 200} messages to look through`);
}

export interface SendRequest {
  /** The delivery these messages are, marked on each so a lost answer can be checked. */
  delivery: { id: number; weekStart: LocalDay };
  /** Parts already delivered: a retry resumes after them. */
  fromPart: number;
  attempt: number;
  /**
   * Set when the last try's outcome is unknown: before posting, the DM's history from then is
   * read for this delivery's parts. If it cannot be read nothing is posted (a short delay beats
   * a second digest) and the delivery is retried.
   */
  checkSince?: Date;
}

/** 429s one delivery takes in a run, each waited out, before it is left for a later run. */
const MAX_RATE_LIMITED = 5;

/**
 * Each user's DM channel with the bot, as Slack named it in a `chat.postMessage` answer: a post
 * goes to the user's id, and only reading the DM's history needs the channel's own id.
 */
export type DmChannels = Map<string, string>;

/** The DM's channel id: from an earlier answer, else one `conversations.open` (only after a lost answer). */
async function dmChannel(client: webApi.WebClient, userId: string, dms: DmChannels): Promise<string> {
  const known = dms.get(userId);
  if (known) return known;
  const opened = await client.conversations.open({ users: userId });
  const channel = opened.channel?.id;
  if (!channel) throw new Error('conversations.open returned no channel');
  dms.set(userId, channel);
  return channel;
}

/**
 * Sends messages to a user's direct message with the bot, each marked with its delivery and
 * part, and says what happened without throwing. Each post waits for its turn at the
 * workspace's pace; a 429 pauses the workspace and the refused part is posted again after it.
 * The post names the user, not a channel: Slack delivers it to the app's DM with them, with no
 * `conversations.open` (Tier 3) per recipient.
 */
export async function sendDirect(
  client: webApi.WebClient,
  userId: string,
  messages: DirectMessage[],
  req: SendRequest,
  ctx: { pace: WorkspacePace; dms: DmChannels },
): Promise<SendOutcome> {
  let partsSent = req.fromPart;
  let found = 0;
  let outcomeUnknown = req.checkSince !== undefined;
  let posting = false;
  let limited = 0;
  try {
    if (req.checkSince) {
      try {
        const channel = await dmChannel(client, userId, ctx.dms);
        const inHistory = await partsInHistory(client, channel, req.delivery.id, req.checkSince);
        found = Math.max(0, inHistory - partsSent);
        partsSent = Math.max(partsSent, inHistory);
        outcomeUnknown = false;
      } catch (err) {
        // Never 'failed': the digest may be in the DM already, and a scope granted later fixes it.
        const c = classify(err, req.attempt);
        return {
          status: 'retry',
          partsSent,
          retryInMs: c.retryInMs,
          error: `could not check whether the last try arrived (${c.error})`,
          outcomeUnknown,
        };
      }
    }
    for (let part = partsSent; part < messages.length; part++) {
      const message = messages[part]!;
      await ctx.pace.turn(userId);
      posting = true;
      try {
        const res = await client.chat.postMessage({
          channel: userId,
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
          unfurl_media: false,
          metadata: {
            event_type: DELIVERY_EVENT,
            event_payload: { delivery_id: req.delivery.id, part, week_start: req.delivery.weekStart },
          },
        });
        if (res.channel) ctx.dms.set(userId, res.channel);
        ctx.pace.accepted(userId);
      } catch (err) {
        const e = err as { code?: string; retryAfter?: number };
        if (e.code !== webApi.ErrorCode.RateLimitedError) {
          ctx.pace.answered(userId);
          throw err;
        }
        // Slack refused it: nothing was posted, so the same part goes again once the pause is over.
        ctx.pace.limited(userId, e.retryAfter ?? 30);
        posting = false;
        if (++limited >= MAX_RATE_LIMITED) throw err;
        part -= 1;
        continue;
      }
      posting = false;
      partsSent = part + 1;
    }
    return { status: 'sent', partsSent, found };
  } catch (err) {
    const c = classify(err, req.attempt);
    if (posting && !refused(err)) outcomeUnknown = true;
    return c.permanent
      ? { status: 'failed', partsSent, error: c.error }
      : { status: 'retry', partsSent, retryInMs: c.retryInMs, error: c.error, outcomeUnknown };
  }
}
