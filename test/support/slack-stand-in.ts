import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { historyMessages } from '../../src/demo/slack.js';
import { blockKitProblems } from '../../src/views/block-kit.js';

/** One Web API call (or response_url post) the bot made, as the stand-in received it. */
export interface RecordedCall {
  method: string;
  args: Record<string, any>;
  authorization: string | undefined;
}

/**
 * How the stand-in answers one call. A `chat.postMessage` answered with the default success is
 * posted (kept in the channel's history) before any delay or drop: with `delayMs` past the
 * client's timeout, or with `drop`, Slack took the message and only the answer was lost.
 */
export interface Reply {
  /** Holds the answer back this long, like a slow Slack. */
  delayMs?: number;
  /** Drops the connection without an answer, like a network failure. */
  drop?: boolean;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface StandInUser {
  tz?: string;
  /** The person's full name, as users.info gives it in real_name. */
  name?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  deleted?: boolean;
  email?: string;
}

/** A message as a channel's history holds it. */
export interface PostedMessage {
  ts: string;
  text: string | undefined;
  blocks: unknown[] | undefined;
  metadata: { event_type: string; event_payload: Record<string, unknown> } | undefined;
}

const JSON_FIELDS = ['blocks', 'view', 'attachments', 'metadata', 'files'];

/**
 * Slack's limits on `chat.postMessage`, enforced: one message a second per channel and a
 * workspace-wide rate, each answered beyond with HTTP 429 and `Retry-After` (whole seconds of
 * the limits' clock). `timeScale` runs that clock faster: at 100 the same shape holds at 100
 * times the rate (a "second" is 10 ms), so tests and the benchmark run in seconds.
 */
export interface PostLimits {
  /** Messages a minute the whole workspace may post (Slack's shape: a few hundred). */
  workspacePerMinute: number;
  timeScale: number;
  /** Messages the workspace may post at once above its rate (default: one second's worth). */
  burst?: number;
}

/** One `chat.postMessage` as the limits saw it: when (ms of the limits' clock from the start), where, and the answer. */
export interface LimitedPost {
  at: number;
  channel: string;
  status: 200 | 429;
  /** For a 429: the `Retry-After` given, in seconds of the limits' clock. */
  retryAfter?: number;
  /** For a 429: which limit it was (the channel's or the workspace's). */
  limit?: 'channel' | 'workspace';
}

/** The DM channel a post lands in: a user id names the app's DM with that user, as in Slack. */
const dmOf = (channel: string) => (/^[UW]/.test(channel) ? `D${channel.slice(1)}` : channel);

/**
 * A small Slack Web API stand-in on 127.0.0.1: records every call, answers Slack-shaped JSON,
 * and can be told to fail a method (an `ok:false` error, a 429, a 500) for the next calls.
 */
export class SlackStandIn {
  readonly calls: RecordedCall[] = [];
  /** Calls refused as Slack refuses them, for blocks past Block Kit's limits, and what they broke. */
  readonly refusedBlocks: Array<{ method: string; problems: string[] }> = [];
  readonly users = new Map<string, StandInUser>();
  /** Each channel's messages as posted, oldest first: what its members see. */
  readonly history = new Map<string, PostedMessage[]>();
  /**
   * The bytes posted to each upload URL that files.getUploadURLExternal handed out, by file id.
   * The upload URL is on this stand-in's own server, as Slack's is on its own.
   */
  readonly uploads = new Map<string, Buffer>();
  /** Slack's clock, which message timestamps come from (tests on a fixed clock set it). */
  now: () => Date = () => new Date();
  private readonly queued = new Map<string, Reply[]>();
  private readonly rules: Array<{ method: string; when: (args: Record<string, any>) => boolean; reply: Reply }> = [];
  private server: http.Server | undefined;
  private port = 0;
  private viewSeq = 0;
  private tsSeq = 0;
  private fileSeq = 0;
  private limits: (Required<PostLimits> & { started: number; tokens: number; refilledAt: number }) | undefined;
  private readonly channelLast = new Map<string, number>();
  /** With limits on: every `chat.postMessage` in arrival order, with its answer. */
  readonly limitedPosts: LimitedPost[] = [];

  /** Enforces Slack's per-channel and workspace limits on `chat.postMessage` from now on. */
  limit(limits: PostLimits): this {
    const burst = limits.burst ?? limits.workspacePerMinute / 60;
    const started = performance.now() * limits.timeScale;
    this.limits = { ...limits, burst, started, tokens: burst, refilledAt: started };
    return this;
  }

  /** The limits' clock now, in ms since `limit()`. */
  limitClock(): number {
    return this.limits ? performance.now() * this.limits.timeScale - this.limits.started : 0;
  }

  /** With limits on: a 429 answer for a post beyond them, or undefined to take it (counted against them). */
  private overLimit(channel: string): Reply | undefined {
    const l = this.limits;
    if (!l) return undefined;
    const now = performance.now() * l.timeScale;
    const at = now - l.started;
    const perMs = l.workspacePerMinute / 60_000;
    l.tokens = Math.min(l.burst, l.tokens + (now - l.refilledAt) * perMs);
    l.refilledAt = now;
    const last = this.channelLast.get(channel);
    let waitMs = 0;
    let which: LimitedPost['limit'];
    if (last !== undefined && now - last < 1000) {
      waitMs = 1000 - (now - last);
      which = 'channel';
    } else if (l.tokens < 1) {
      waitMs = (1 - l.tokens) / perMs;
      which = 'workspace';
    }
    if (which) {
      const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
      this.limitedPosts.push({ at, channel, status: 429, retryAfter, limit: which });
      return { status: 429, headers: { 'retry-after': String(retryAfter) }, body: { ok: false, error: 'ratelimited' } };
    }
    l.tokens -= 1;
    this.channelLast.set(channel, now);
    this.limitedPosts.push({ at, channel, status: 200 });
    return undefined;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** A response_url the bot can post to; its posts are recorded as method `response:<id>`. */
  responseUrl(id = 'r1'): string {
    return `http://127.0.0.1:${this.port}/response/${id}`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Answers the next calls of `method` with these replies, in order, before the defaults again. */
  reply(method: string, ...replies: Reply[]): void {
    this.queued.set(method, [...(this.queued.get(method) ?? []), ...replies]);
  }

  /** Answers every call of `method` whose arguments match with this reply (after queued replies). */
  replyWhen(method: string, when: (args: Record<string, any>) => boolean, reply: Reply): void {
    this.rules.push({ method, when, reply });
  }

  /** The messages a channel holds, oldest first. */
  messagesIn(channel: string): PostedMessage[] {
    return this.history.get(channel) ?? [];
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Polls the recorded calls until `predicate` holds (no sleeping on a guess). */
  async waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs = 3000): Promise<RecordedCall[]> {
    const until = Date.now() + timeoutMs;
    while (!predicate(this.calls)) {
      if (Date.now() > until)
        throw new Error(`stand-in: condition not met in ${timeoutMs} ms; calls: ${this.calls.map((c) => c.method).join(', ')}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.calls;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = url.pathname.startsWith('/response/')
      ? `response:${url.pathname.slice('/response/'.length)}`
      : url.pathname.startsWith('/upload/')
        ? `upload:${url.pathname.slice('/upload/'.length)}`
        : url.pathname.replace(/^\/api\//, '');
    // An upload is the file's bytes, kept as they came; every other call is a form or JSON.
    const args = method.startsWith('upload:')
      ? { length: bytes.length }
      : parseBody(bytes.toString('utf8'), req.headers['content-type'] ?? '');
    if (method.startsWith('upload:')) this.uploads.set(method.slice('upload:'.length), bytes);
    this.calls.push({ method, args, authorization: req.headers.authorization });
    const queued = this.queued.get(method);
    const rule = this.rules.find((r) => r.method === method && r.when(args));
    // Slack refuses blocks past its limits (invalid_blocks), whatever the call: so does the stand-in.
    const invalid = overBlockKit(method, args);
    if (invalid) this.refusedBlocks.push({ method, problems: invalid });
    const limited = method === 'chat.postMessage' && !invalid ? this.overLimit(dmOf(String(args.channel))) : undefined;
    const reply: Reply = invalid
      ? method.startsWith('response:')
        ? { status: 400, body: { ok: false, error: 'invalid_blocks' } }
        : { body: { ok: false, error: 'invalid_blocks', errors: invalid } }
      : (limited ?? (queued && queued.length > 0 ? queued.shift()! : (rule?.reply ?? {})));
    const posted = method === 'chat.postMessage' && reply.body === undefined && (reply.status ?? 200) === 200 ? this.post(args) : undefined;
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (res.destroyed) return;
    if (reply.drop) {
      req.socket.destroy();
      return;
    }
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    res.end(
      JSON.stringify(reply.body ?? (posted ? { ok: true, channel: dmOf(args.channel), ts: posted.ts } : this.defaultReply(method, args))),
    );
  }

  private post(args: Record<string, any>): PostedMessage {
    const message: PostedMessage = { ts: this.nextTs(), text: args.text, blocks: args.blocks, metadata: args.metadata };
    const channel = dmOf(args.channel);
    const held = this.history.get(channel);
    if (held) held.push(message);
    else this.history.set(channel, [message]);
    return message;
  }

  /** Slack-shaped `seconds.micro` timestamps from the stand-in's clock, unique and increasing. */
  private nextTs(): string {
    return `${Math.floor(this.now().getTime() / 1000)}.${String(++this.tsSeq % 1_000_000).padStart(6, '0')}`;
  }

  /**
   * `conversations.history`, newest first, after `oldest` (exclusive, as Slack has it), `limit`
   * per page with a cursor; metadata only with `include_all_metadata`.
   */
  private historyPage(args: Record<string, any>): unknown {
    const all = historyMessages(this.messagesIn(args.channel), args);
    const start = Number(args.cursor ?? 0);
    const limit = Number(args.limit ?? 100);
    const page = all.slice(start, start + limit);
    const more = start + limit < all.length;
    return { ok: true, messages: page, has_more: more, response_metadata: { next_cursor: more ? String(start + limit) : '' } };
  }

  private defaultReply(method: string, args: Record<string, any>): unknown {
    if (method.startsWith('response:')) return { ok: true };
    if (method.startsWith('upload:')) return { ok: true };
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://example.slack.com/', team: 'Example', team_id: 'T0001', user_id: 'UBOT', bot_id: 'BBOT' };
      case 'users.info': {
        const user = this.users.get(args.user);
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: args.user,
            name: args.user.toLowerCase(),
            real_name: user.name ?? args.user,
            profile: { real_name: user.name ?? args.user, display_name: '' },
            tz: user.tz ?? 'UTC',
            is_admin: !!user.is_admin,
            is_owner: !!user.is_owner,
            deleted: !!user.deleted,
          },
        };
      }
      case 'users.lookupByEmail': {
        const found = [...this.users].find(([, u]) => u.email?.toLowerCase() === String(args.email).toLowerCase());
        return found
          ? { ok: true, user: { id: found[0], deleted: !!found[1].deleted, tz: found[1].tz ?? 'UTC' } }
          : { ok: false, error: 'users_not_found' };
      }
      case 'views.open':
      case 'views.update':
      case 'views.push':
        return { ok: true, view: { ...(args.view ?? {}), id: args.view_id ?? `V${++this.viewSeq}` } };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'conversations.history':
        return this.historyPage(args);
      case 'files.getUploadURLExternal': {
        if (!args.filename || !(Number(args.length) > 0)) return { ok: false, error: 'invalid_arguments' };
        const id = `F${++this.fileSeq}`;
        return { ok: true, upload_url: `http://127.0.0.1:${this.port}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const files = (args.files ?? []) as Array<{ id: string; title?: string }>;
        if (files.length === 0 || files.some((f) => !this.uploads.has(f.id))) return { ok: false, error: 'file_not_found' };
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title, size: this.uploads.get(f.id)!.length })) };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users).replace(/^[UW]/, '')}` } };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

/** The Block Kit limits a message or view sent by `method` breaks, or undefined when it keeps them all. */
function overBlockKit(method: string, args: Record<string, any>): string[] | undefined {
  const asMessage = ['chat.postMessage', 'chat.update', 'chat.postEphemeral'].includes(method) || method.startsWith('response:');
  const asView = ['views.publish', 'views.open', 'views.update', 'views.push'].includes(method);
  if (!asMessage && !asView) return undefined;
  const payload = asView ? (args.view ?? {}) : args;
  if (!Array.isArray(payload.blocks)) return undefined;
  const problems = blockKitProblems(payload, asView ? 'view' : 'message');
  return problems.length > 0 ? problems : undefined;
}

function parseBody(raw: string, contentType: string): Record<string, any> {
  if (raw === '') return {};
  if (contentType.includes('application/json')) return JSON.parse(raw) as Record<string, any>;
  const out: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] = JSON_FIELDS.includes(key) ? JSON.parse(value) : value;
  }
  return out;
}
