import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import querystring from 'node:querystring';
import { defaultBodyLimit, HTTPModuleFunctions, isRawBodyError, LogLevel, type Logger } from '@slack/bolt';
import { createJsonLogger } from './logger.js';

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
  /** Where refusals an operator should see are logged; nowhere by default. */
  logger?: Logger;
  /** The wall clock; tests move it. */
  wallClockMs?: () => number;
  /** Largest body taken, in bytes; Bolt's own limit (4 MB, far above any Slack payload) by default. */
  bodyLimit?: number;
}

/**
 * Verifies every POST as Slack signs it, before Bolt sees it; Bolt's own check is turned off
 * (HTTPReceiver `signatureVerification: false`) and takes the body this reads.
 *
 * Bolt's check accepts a timestamp from the future and the same signed request twice; this
 * refuses both, so a captured request cannot be replayed. Slack's own retries of an Events
 * API delivery (JSON, with X-Slack-Retry-Num) pass, and are deduplicated by event id later.
 * It also costs less: Bolt compares signatures with tsscmp, which makes a random key and two
 * more HMACs for every request, about a fifth of a bare Bolt app's CPU; Node's timingSafeEqual is
 * as constant-time and costs next to nothing.
 */
export function guardSlackRequests(listener: Listener, opts: GuardOptions): Listener {
  const clock = opts.wallClockMs ?? Date.now;
  const limit = opts.bodyLimit ?? defaultBodyLimit;
  const logger = opts.logger ?? createJsonLogger(LogLevel.ERROR, () => {});
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
    if (Math.abs(Math.floor(clock() / 1000) - ts) > TIMESTAMP_WINDOW_S) {
      // Every request from Slack lands here when this machine's clock is off.
      logger.warn("refused a request timestamped more than five minutes from this machine's clock; if Slack sent it, check the clock");
      return answer(res, 401, 'timestamp out of range');
    }
    const length = Number(req.headers['content-length']);
    if (length > limit) return answer(res, 413, 'request body too large');
    // Bolt's own reader, which leaves the body on the request (rawBody) for Bolt to take.
    HTTPModuleFunctions.bufferIncomingMessage(req, limit)
      .then(
        ({ rawBody: body }) => {
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
            logger.warn('refused a request whose signature does not match; if Slack sent it, check SLACK_SIGNING_SECRET');
            return answer(res, 401, 'signature mismatch');
          }
          const slackRetry =
            req.headers['x-slack-retry-num'] !== undefined && String(req.headers['content-type']).startsWith('application/json');
          if (!slackRetry && !seen.add(ts, signature)) return answer(res, 401, 'replayed request');
          try {
            listener(req, res);
          } catch (error) {
            // Bolt refuses a path it does not serve by throwing, which its server answers with 404.
            // Called here, after the body was read, the listener runs outside that server's
            // try/catch, so the guard answers as Bolt's default handler does.
            HTTPModuleFunctions.defaultDispatchErrorHandler({ error: error as Error, logger, request: req, response: res });
          }
        },
        (error: unknown) => {
          if (isRawBodyError(error) && error.type === 'entity.too.large') answer(res, 413, 'request body too large');
          else answer(res, 400, 'request body unreadable');
        },
      )
      // Nothing above should throw; if something does, the request still gets an answer and
      // the process carries on.
      .catch((error: unknown) => {
        logger.error('could not check a request', error);
        if (!res.headersSent) answer(res, 500, 'internal error');
      });
  };
}
