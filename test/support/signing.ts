import { createHmac } from 'node:crypto';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

/** Slack's v0 signature of a raw body at a unix timestamp. */
export function sign(rawBody: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export interface SignedPostOptions {
  /** Unix seconds; defaults to now. */
  timestamp?: number;
  secret?: string;
  /** Overrides the computed signature (for refusal tests). */
  signature?: string | null;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface HttpAnswer {
  status: number;
  text: string;
  json: any;
}

/** POSTs a form body to the bot exactly as Slack does: urlencoded, timestamped and signed. */
export async function postSigned(url: string, rawBody: string, options: SignedPostOptions = {}): Promise<HttpAnswer> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    ...options.headers,
  };
  const signature = options.signature === undefined ? sign(rawBody, timestamp, options.secret) : options.signature;
  if (signature !== null) headers['x-slack-signature'] = signature;
  const res = await fetch(url, { method: 'POST', headers, body: rawBody });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}
