import { createHmac } from 'node:crypto';
import http from 'node:http';

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
  /** A keep-alive agent, for load from many concurrent requests. */
  agent?: http.Agent;
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
  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(rawBody) }, agent: options.agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(rawBody);
  });
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status, text, json };
}
