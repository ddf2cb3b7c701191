import type http from 'node:http';
import type { DemoPerson } from './team.js';

/** A message as one person sees it: in the channel they typed in (only to them) or in their DM with the bot. */
export interface DemoMessage {
  /** The demo's own id: a response_url and a click on the message name it. */
  id: string;
  ts: string;
  where: 'channel' | 'dm';
  text: string | undefined;
  blocks: unknown[] | undefined;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

/** What `conversations.history` needs of a message the bot posted. */
export interface HistoryMessage {
  ts: string;
  text: string | undefined;
  metadata?: { event_type: string; event_payload: Record<string, unknown> } | undefined;
}

/**
 * `messages` (oldest first) as `conversations.history` answers them: newest first, only those
 * after `args.oldest` (exclusive, as Slack has it), with their metadata only when
 * `args.include_all_metadata` asks.
 */
export function historyMessages(messages: readonly HistoryMessage[], args: Record<string, any>): Array<Record<string, unknown>> {
  const oldest = Number(args.oldest ?? 0);
  const withMetadata = String(args.include_all_metadata) === 'true';
  return messages
    .filter((m) => Number(m.ts) > oldest)
    .reverse()
    .map((m) => ({
      type: 'message',
      user: 'UBOT',
      bot_id: 'BBOT',
      ts: m.ts,
      text: m.text,
      ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
    }));
}

/** A modal as Slack keeps it: its id and its view, with the field errors of the last submission. */
export interface DemoModal {
  id: string;
  view: Record<string, any>;
  errors: Record<string, string>;
}

/** What one person sees of the bot. */
export interface DemoInbox {
  channel: DemoMessage[];
  dm: DemoMessage[];
  home: Record<string, any> | undefined;
  /** Open modals, the top one last (views.push stacks them). */
  modals: DemoModal[];
}

const JSON_FIELDS = ['blocks', 'view', 'attachments', 'metadata'];

/**
 * The demo's Slack: the Web API methods the bot calls and the response_urls it posts to, served
 * on loopback, keeping what each person would see (their channel answers, DMs, App Home, modals).
 * The bot talks to it exactly as it talks to slack.com; nothing here knows the bot's code.
 */
export class DemoSlack {
  private readonly inboxes = new Map<string, DemoInbox>();
  private readonly triggers = new Map<string, string>();
  private seq = 0;
  private tsSeq = 0;
  /** Bumped on every change, so the page redraws only when something happened. */
  version = 0;

  constructor(
    readonly people: readonly DemoPerson[],
    /** Slack's clock, which message timestamps come from (the seed moves it). */
    private readonly now: () => Date,
    /** Where this stand-in is served, e.g. http://127.0.0.1:3000 (set once the server listens). */
    public baseUrl = '',
  ) {}

  /** The Web API base the bot is pointed at. */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  /** What `userId` sees. */
  inbox(userId: string): DemoInbox {
    let box = this.inboxes.get(userId);
    if (!box) {
      box = { channel: [], dm: [], home: undefined, modals: [] };
      this.inboxes.set(userId, box);
    }
    return box;
  }

  /**
   * Drops every channel answer and modal, as Slack does when its window is reloaded (they were
   * only visible to the person, for a while): after the seed, each person starts on a clear channel.
   */
  clearEphemeral(): void {
    for (const box of this.inboxes.values()) {
      box.channel = [];
      box.modals = [];
    }
    this.version++;
  }

  /** A trigger_id for a request `userId` makes: a views.open with it opens a modal for them. */
  mintTrigger(userId: string): string {
    const trigger = `demo.${++this.seq}.${userId}`;
    this.triggers.set(trigger, userId);
    return trigger;
  }

  /** A fresh message id, for an answer not yet given (a slash command's response_url names it). */
  newMessageId(): string {
    return `m${++this.seq}`;
  }

  responseUrl(messageId: string): string {
    return `${this.baseUrl}/response/${messageId}`;
  }

  /** Keeps a message in the person's channel or DM (a slash command's answer arrives this way). */
  deliver(userId: string, where: DemoMessage['where'], body: { text?: string; blocks?: unknown[] }, id = this.newMessageId()): DemoMessage {
    const message: DemoMessage = { id, ts: this.nextTs(), where, text: body.text, blocks: body.blocks };
    this.inbox(userId)[where].push(message);
    this.version++;
    return message;
  }

  /** The message with this id, and whose it is. */
  findMessage(id: string): { userId: string; message: DemoMessage } | undefined {
    for (const [userId, box] of this.inboxes) {
      const message = box.channel.find((m) => m.id === id) ?? box.dm.find((m) => m.id === id);
      if (message) return { userId, message };
    }
    return undefined;
  }

  /** The open modal with this view id, and whose it is. */
  findModal(viewId: string): { userId: string; modal: DemoModal } | undefined {
    for (const [userId, box] of this.inboxes) {
      const modal = box.modals.find((m) => m.id === viewId);
      if (modal) return { userId, modal };
    }
    return undefined;
  }

  /** Opens a modal for a person (views.open, or a view_submission answered with `push`). */
  openModal(userId: string, view: Record<string, any>, push = false): DemoModal {
    const modal: DemoModal = { id: `V${++this.seq}`, view, errors: {} };
    const box = this.inbox(userId);
    box.modals = push ? [...box.modals, modal] : [modal];
    this.version++;
    return modal;
  }

  /** Closes the top modal, or all of them. */
  closeModal(userId: string, all = false): void {
    const box = this.inbox(userId);
    box.modals = all ? [] : box.modals.slice(0, -1);
    this.version++;
  }

  /** Changes an open modal in place (views.update, or a submission answered with `update` or `errors`). */
  updateModal(modal: DemoModal, change: Partial<Pick<DemoModal, 'view' | 'errors'>>): void {
    Object.assign(modal, change);
    this.version++;
  }

  /** Serves /api/<method> and /response/<message id>: answers Slack-shaped JSON. */
  async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const args = parseBody(Buffer.concat(chunks).toString('utf8'), req.headers['content-type'] ?? '');
    const answer = url.pathname.startsWith('/response/')
      ? this.respond(url.pathname.slice('/response/'.length), args)
      : this.call(url.pathname.replace(/^\/api\//, ''), args);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
  }

  /** A post to a response_url: replaces, deletes or adds to the message it belongs to. */
  private respond(messageId: string, args: Record<string, any>): unknown {
    const found = this.findMessage(messageId);
    if (!found) return { ok: false, error: 'expired_url' };
    const list = this.inbox(found.userId)[found.message.where];
    if (args.delete_original === true || args.delete_original === 'true') {
      list.splice(list.indexOf(found.message), 1);
    } else if (args.replace_original === true || args.replace_original === 'true') {
      Object.assign(found.message, { text: args.text, blocks: args.blocks });
    } else {
      this.deliver(found.userId, found.message.where, args);
    }
    this.version++;
    return { ok: true };
  }

  private call(method: string, args: Record<string, any>): unknown {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://demo.slack.invalid/', team: 'Demo', team_id: 'T0DEMO', user_id: 'UBOT', bot_id: 'BBOT' };
      case 'users.info': {
        const person = this.people.find((p) => p.id === args.user);
        if (!person) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: person.id,
            name: person.name.toLowerCase(),
            real_name: person.name,
            profile: { real_name: person.name, display_name: person.name.split(' ')[0] },
            tz: person.tz,
            is_admin: person.kind === 'admin',
            is_owner: false,
            deleted: false,
          },
        };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: dmChannel(String(args.users)) } };
      case 'chat.postMessage': {
        const userId = dmOwner(String(args.channel));
        const message = this.deliver(userId, 'dm', args);
        if (args.metadata) message.metadata = args.metadata;
        return { ok: true, channel: dmChannel(userId), ts: message.ts };
      }
      case 'chat.postEphemeral': {
        const message = this.deliver(String(args.user), 'channel', args);
        return { ok: true, message_ts: message.ts };
      }
      case 'chat.update': {
        const message = this.inbox(dmOwner(String(args.channel))).dm.find((m) => m.ts === args.ts);
        if (!message) return { ok: false, error: 'message_not_found' };
        Object.assign(message, { text: args.text, blocks: args.blocks });
        this.version++;
        return { ok: true, channel: args.channel, ts: args.ts };
      }
      case 'conversations.history':
        return this.history(args);
      case 'views.open':
      case 'views.push': {
        const userId = this.triggers.get(String(args.trigger_id));
        if (!userId) return { ok: false, error: 'invalid_trigger_id' };
        // A trigger opens one view, as Slack's expire; the map does not grow with every request.
        this.triggers.delete(String(args.trigger_id));
        const modal = this.openModal(userId, args.view, method === 'views.push');
        return { ok: true, view: { ...args.view, id: modal.id } };
      }
      case 'views.update': {
        const found = this.findModal(String(args.view_id));
        if (!found) return { ok: false, error: 'not_found' };
        this.updateModal(found.modal, { view: args.view, errors: {} });
        return { ok: true, view: { ...args.view, id: found.modal.id } };
      }
      case 'views.publish':
        this.inbox(String(args.user_id)).home = args.view;
        this.version++;
        return { ok: true, view: { ...args.view, id: `VHOME${args.user_id}` } };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  /** `conversations.history` of a DM, newest first, with metadata when asked (the digest checks what arrived). */
  private history(args: Record<string, any>): unknown {
    const messages = historyMessages(this.inbox(dmOwner(String(args.channel))).dm, args);
    return { ok: true, messages, has_more: false, response_metadata: { next_cursor: '' } };
  }

  /** Slack-shaped `seconds.micro` timestamps from the clock, unique and increasing. */
  private nextTs(): string {
    return `${Math.floor(this.now().getTime() / 1000)}.${String(++this.tsSeq % 1_000_000).padStart(6, '0')}`;
  }
}

/** The bot's DM channel with a person, as conversations.open names it. */
const dmChannel = (userId: string) => `D${userId.slice(1)}`;

/** Whose DM a channel is: the bot posts to a DM channel or straight to a user id. */
const dmOwner = (channel: string) => (channel.startsWith('D') ? `U${channel.slice(1)}` : channel);

function parseBody(raw: string, contentType: string): Record<string, any> {
  if (raw === '') return {};
  if (contentType.includes('application/json')) return JSON.parse(raw) as Record<string, any>;
  const out: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(raw)) out[key] = JSON_FIELDS.includes(key) ? JSON.parse(value) : value;
  return out;
}
