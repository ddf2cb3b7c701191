import { createHmac } from 'node:crypto';
import type { DemoSlack } from './slack.js';

/** What the bot answered one request with. */
export interface BotAnswer {
  status: number;
  /** The JSON body, when there is one (a slash command's answer, a submission's response_action). */
  json: Record<string, any> | undefined;
}

/** Which message or view a click came from. */
export type ClickedIn = { messageId: string } | { viewId: string } | { home: true };

/** A click on a button, as the page reports it. */
export interface Click {
  actionId: string;
  blockId?: string;
  value?: string;
  text?: string;
  /** What the inputs of the clicked modal hold, when it was in one. */
  values?: Record<string, Record<string, unknown>>;
}

const TEAM = { id: 'T0DEMO', domain: 'demo' };

/**
 * The demo's Slack client side: sends the bot what Slack would, over the bot's own HTTP endpoint,
 * signed with its signing secret, and files the answers where the person would see them. The
 * page and the seed both go through it, so every request takes the production path.
 */
export class DemoClient {
  constructor(
    private readonly slack: DemoSlack,
    /** The bot's request URL, http://127.0.0.1:<port>/slack/events. */
    private readonly botUrl: string,
    private readonly signingSecret: string,
    private readonly nowSeconds: () => number,
  ) {}

  /** A slash command typed by `userId`; its answer (if the ack carries one) lands in their channel. */
  async command(userId: string, command: string, text: string): Promise<BotAnswer> {
    const messageId = this.slack.newMessageId();
    const fields = {
      token: 'demo-verification-token',
      team_id: TEAM.id,
      team_domain: TEAM.domain,
      channel_id: 'C0DEMO',
      channel_name: 'sales',
      user_id: userId,
      user_name: userId.toLowerCase(),
      command,
      text: this.withMentions(slackEscaped(text)),
      api_app_id: 'A0DEMO',
      is_enterprise_install: 'false',
      response_url: this.slack.responseUrl(messageId),
      trigger_id: this.slack.mintTrigger(userId),
    };
    const answer = await this.post(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded');
    if (answer.json && (answer.json.text || answer.json.blocks)) this.slack.deliver(userId, 'channel', answer.json, messageId);
    return answer;
  }

  /** A button clicked by `userId` in a message, a modal or their App Home. */
  async click(userId: string, where: ClickedIn, click: Click): Promise<BotAnswer> {
    const action = {
      type: 'button',
      action_id: click.actionId,
      block_id: click.blockId ?? 'b',
      value: click.value,
      text: { type: 'plain_text', text: click.text ?? '' },
      action_ts: `${this.nowSeconds()}.000001`,
    };
    const payload: Record<string, unknown> = {
      type: 'block_actions',
      team: TEAM,
      user: this.user(userId),
      api_app_id: 'A0DEMO',
      token: 'demo-verification-token',
      trigger_id: this.slack.mintTrigger(userId),
      actions: [action],
    };
    if ('messageId' in where) {
      const found = this.slack.findMessage(where.messageId);
      if (!found) return { status: 404, json: { error: 'That message is gone.' } };
      const channel = found.message.where === 'dm' ? `D${userId.slice(1)}` : 'C0DEMO';
      Object.assign(payload, {
        container: { type: 'message', message_ts: found.message.ts, channel_id: channel, is_ephemeral: found.message.where === 'channel' },
        channel: { id: channel, name: found.message.where === 'dm' ? 'directmessage' : 'sales' },
        message: { ts: found.message.ts, text: found.message.text, blocks: found.message.blocks },
        response_url: this.slack.responseUrl(found.message.id),
      });
    } else if ('viewId' in where) {
      const found = this.slack.findModal(where.viewId);
      if (!found) return { status: 404, json: { error: 'That form is closed.' } };
      Object.assign(payload, {
        container: { type: 'view', view_id: found.modal.id },
        view: this.viewPayload(found.modal.id, found.modal.view, click.values ?? {}),
      });
    } else {
      Object.assign(payload, {
        container: { type: 'view', view_id: `VHOME${userId}` },
        view: { id: `VHOME${userId}`, type: 'home', blocks: [], state: { values: {} } },
      });
    }
    return this.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');
  }

  /** A modal's submit button: field errors stay on the form; `update`, `push` and `clear` change it as Slack does. */
  async submit(userId: string, viewId: string, values: Record<string, Record<string, unknown>>): Promise<BotAnswer> {
    const found = this.slack.findModal(viewId);
    if (!found) return { status: 404, json: { error: 'That form is closed.' } };
    const payload = {
      type: 'view_submission',
      team: TEAM,
      user: this.user(userId),
      api_app_id: 'A0DEMO',
      token: 'demo-verification-token',
      trigger_id: this.slack.mintTrigger(userId),
      view: this.viewPayload(viewId, found.modal.view, values),
    };
    const answer = await this.post(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
    );
    if (answer.status !== 200) return answer;
    const action = answer.json?.response_action;
    if (action === 'errors') this.slack.updateModal(found.modal, { errors: answer.json!.errors ?? {} });
    else if (action === 'update') this.slack.updateModal(found.modal, { view: answer.json!.view, errors: {} });
    else if (action === 'push') this.slack.openModal(userId, answer.json!.view, true);
    else this.slack.closeModal(userId, action === 'clear');
    return answer;
  }

  /** `userId` opened the bot's App Home tab. */
  async openHome(userId: string): Promise<BotAnswer> {
    const event = {
      token: 'demo-verification-token',
      team_id: TEAM.id,
      api_app_id: 'A0DEMO',
      type: 'event_callback',
      event_id: `Ev${this.slack.newMessageId()}`,
      event_time: this.nowSeconds(),
      authorizations: [{ team_id: TEAM.id, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
      event: {
        type: 'app_home_opened',
        user: userId,
        channel: `D${userId.slice(1)}`,
        tab: 'home',
        event_ts: `${this.nowSeconds()}.000100`,
      },
    };
    return this.post(JSON.stringify(event), 'application/json');
  }

  /** `@ana` (a first name or an id) as Slack sends a mention it resolved: `<@UANA|ana>`. */
  private withMentions(text: string): string {
    return text.replace(/@([A-Za-z][A-Za-z0-9]*)/g, (typed, name: string) => {
      const person = this.slack.people.find(
        (p) => p.id === name.toUpperCase() || p.name.split(' ')[0]!.toLowerCase() === name.toLowerCase(),
      );
      return person ? `<@${person.id}|${name.toLowerCase()}>` : typed;
    });
  }

  private user(userId: string) {
    return { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: TEAM.id };
  }

  private viewPayload(id: string, view: Record<string, any>, values: Record<string, Record<string, unknown>>) {
    return {
      id,
      team_id: TEAM.id,
      type: view.type ?? 'modal',
      callback_id: view.callback_id ?? '',
      private_metadata: view.private_metadata ?? '',
      hash: `hash.${id}`,
      blocks: view.blocks ?? [],
      state: { values },
    };
  }

  /** POSTs a body to the bot exactly as Slack does: timestamped and signed with the signing secret. */
  private async post(body: string, contentType: string): Promise<BotAnswer> {
    const timestamp = String(this.nowSeconds());
    const signature = `v0=${createHmac('sha256', this.signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const res = await fetch(this.botUrl, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature },
      body,
    });
    const text = await res.text();
    let json: Record<string, any> | undefined;
    try {
      json = text ? (JSON.parse(text) as Record<string, any>) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json };
  }
}

/** Text as Slack sends what a person typed: `&`, `<` and `>` as entities. */
function slackEscaped(typed: string): string {
  return typed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
