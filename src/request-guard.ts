import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import querystring from 'node:querystring';
import type { Logger } from '@slack/bolt';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** Slack's window for a request's timestamp, either way. */
export const TIMESTAMP_WINDOW_S = 5 * 60;

/** What Slack sends: `v0=` and an HMAC-SHA256 in lowercase hex. Anything else is refused. */
const SLACK_SIGNATURE = /^v0=[0-9a-f]{64}$/;

/**
 * Seconds of request timestamps remembered, round a ring. A power of two above the 601 seconds
 * a valid timestamp can fall in: a second's table is reused only for a timestamp 1,024 seconds
 * later, and by the time that one is valid the old one is long outside the window.
 */
const RING = 1024;

/** Slots a second's table starts with; it doubles when half full. */
const FIRST_SLOTS = 64;

/** Eight hex digits as a 32-bit number (the signature was checked to be lowercase hex). */
function hexWord(s: string, from: number): number {
  let n = 0;
  for (let i = from; i < from + 8; i++) {
    const c = s.charCodeAt(i);
    n = n * 16 + (c <= 57 ? c - 48 : c - 87);
  }
  return n;
}

/** Puts a 64-bit key in an open-addressing table of [hi, lo] pairs; false if it was there. */
function insert(slots: Uint32Array, hi: number, lo: number): boolean {
  const mask = slots.length / 2 - 1;
  for (let i = lo & mask; ; i = (i + 1) & mask) {
    const h = slots[2 * i];
    if (h === 0) {
      slots[2 * i] = hi;
      slots[2 * i + 1] = lo;
      return true;
    }
    if (h === hi && slots[2 * i + 1] === lo) return false;
  }
}

interface Second {
  ts: number;
  size: number;
  slots: Uint32Array;
}

/**
 * The signatures of the requests taken in the last ten minutes or so, by the timestamp they
 * were signed with (a replay carries the same one). Each is kept as 64 of its bits (an HMAC's
 * bits are as good as random) in a typed array per second: no object or string per request
 * stays alive, so heavy traffic neither grows the heap by a string a request nor gives the
 * garbage collector millions of them to trace, and nothing has to be swept to forget them.
 */
export class RecentSignatures {
  private readonly seconds: Array<Second | undefined> = new Array<Second | undefined>(RING);

  /** Records a signature signed at `ts` (whole seconds); false when it was recorded before. */
  add(ts: number, signature: string): boolean {
    // The top word never stores as 0, so 0 marks an empty slot (63 bits are left to compare).
    const hi = (hexWord(signature, 3) | 1) >>> 0;
    const lo = hexWord(signature, 11);
    const at = ts & (RING - 1);
    let second = this.seconds[at];
    if (second?.ts !== ts) this.seconds[at] = second = { ts, size: 0, slots: new Uint32Array(2 * FIRST_SLOTS) };
    if (!insert(second.slots, hi, lo)) return false;
    second.size += 1;
    if (second.size * 4 > second.slots.length) {
      const old = second.slots;
      second.slots = new Uint32Array(old.length * 2);
      for (let i = 0; i < old.length; i += 2) if (old[i] !== 0) insert(second.slots, old[i]!, old[i + 1]!);
    }
    return true;
  }
}

/** What the guard needs: the app's signing secret, and a logger for refusals an operator should see. */
export interface GuardOptions {
  signingSecret: string;
  logger?: Pick<Logger, 'warn'>;
  /** The wall clock; tests move it. */
  wallClockMs?: () => number;
  /** Largest body taken, in bytes; Bolt's own limit by default. */
  bodyLimit?: number;
}

/** Bolt's default limit: Slack's largest payloads (a view submission) are far below it. */
const BODY_LIMIT = 4 * 1024 * 1024;

/**
 * Verifies every POST as Slack signs it, before Bolt sees it; Bolt's own check is turned off
 * (HTTPReceiver `signatureVerification: false`) and takes the body this reads.
 *
 * Bolt's check accepts a timestamp from the future and the same signed request twice; this
 * refuses both, so a captured request cannot be replayed. Slack's own retries of an Events
 * API delivery (JSON, with X-Slack-Retry-Num) pass, and are deduplicated by event id later.
 * It also costs less: Bolt compares signatures with tsscmp, which makes a random key and two
 * more HMACs for every request, a sixth of a bare Bolt app's CPU; Node's timingSafeEqual is
 * as constant-time and costs next to nothing.
 */
export function guardSlackRequests(listener: Listener, opts: GuardOptions): Listener {
  const clock = opts.wallClockMs ?? Date.now;
  const limit = opts.bodyLimit ?? BODY_LIMIT;
  const seen = new RecentSignatures();
  const answer = (res: ServerResponse, status: number, why: string) => {
    // A body too large to read is left unread, so the connection cannot carry another request.
    res.writeHead(status, status === 413 ? { 'content-type': 'text/plain', connection: 'close' } : { 'content-type': 'text/plain' });
    res.end(why);
  };
  return (req, res) => {
    if (req.method !== 'POST') return listener(req, res);
    const stamp = req.headers['x-slack-request-timestamp'];
    const signature = req.headers['x-slack-signature'];
    const ts = Number(stamp);
    if (typeof stamp !== 'string' || !Number.isInteger(ts)) return answer(res, 401, 'missing or malformed timestamp');
    if (Math.abs(Math.floor(clock() / 1000) - ts) > TIMESTAMP_WINDOW_S) return answer(res, 401, 'timestamp out of range');
    const length = Number(req.headers['content-length']);
    if (length > limit) return answer(res, 413, 'request body too large');
    readBody(req, limit, (body) => {
      if (body === 'too large') return answer(res, 413, 'request body too large');
      if (body === 'failed') return answer(res, 400, 'request body unreadable');
      const form = req.headers['content-type'] === 'application/x-www-form-urlencoded';
      // Slack checks a slash command's URL with an unsigned `ssl_check=1`; it is answered
      // here and goes no further, whatever else its body holds.
      if (form && body.includes('ssl_check=') && querystring.parse(body.toString()).ssl_check === '1') {
        res.writeHead(200);
        return res.end();
      }
      if (typeof signature !== 'string' || !SLACK_SIGNATURE.test(signature)) {
        return answer(res, 401, 'missing or malformed signature');
      }
      const expected = createHmac('sha256', opts.signingSecret).update(`v0:${stamp}:`).update(body).digest();
      if (!timingSafeEqual(expected, Buffer.from(signature.slice(3), 'hex'))) {
        opts.logger?.warn('refused a request whose signature does not match; if Slack sent it, check SLACK_SIGNING_SECRET');
        return answer(res, 401, 'signature mismatch');
      }
      const slackRetry =
        req.headers['x-slack-retry-num'] !== undefined && String(req.headers['content-type']).startsWith('application/json');
      if (!slackRetry && !seen.add(ts, signature)) return answer(res, 401, 'replayed request');
      // Bolt takes a body already read from here (HTTPModuleFunctions.bufferIncomingMessage).
      (req as IncomingMessage & { rawBody: Buffer }).rawBody = body;
      listener(req, res);
    });
  };
}

/** Reads a request's body up to `limit` bytes, then calls back once with it or with what went wrong. */
function readBody(req: IncomingMessage, limit: number, done: (body: Buffer | 'too large' | 'failed') => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (body: Buffer | 'too large' | 'failed') => {
    if (finished) return;
    finished = true;
    done(body);
  };
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) {
      // Stop buffering; Node discards the rest of the body once the answer is sent.
      req.removeAllListeners('data');
      req.pause();
      finish('too large');
    } else chunks.push(chunk);
  });
  req.on('end', () => finish(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
  req.on('error', () => finish('failed'));
}
