import { createHmac, timingSafeEqual, type Hmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import querystring from 'node:querystring';
import { HTTPModuleFunctions, LogLevel, type Logger } from '@slack/bolt';
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

/**
 * The largest body taken by default. The largest payloads the bot accepts, built at every limit
 * with every character three bytes wide (test/support/largest-payloads.ts), are a `/log` form
 * submission of 92 KiB (a full catalogue in the select, every field filled) and a click on a
 * button of the largest message the bot sends, 142 KiB (Slack sends the message back whole); in
 * plain ASCII they are 30 and 24 KiB, and a slash command is about 300 bytes. 256 KiB leaves
 * more than half as much again over the worst (the unit test holds it to that); Bolt's is 4 MiB.
 */
export const DEFAULT_BODY_LIMIT = 256 * 1024;

/**
 * The most bytes of bodies not yet verified held at once, over all connections, by default:
 * sixteen of the largest bodies, hundreds of everyday ones. Anyone can send a body with a
 * current timestamp; this bounds what they make the bot hold.
 */
export const DEFAULT_UNVERIFIED_LIMIT = 4 * 1024 * 1024;

/** How long a body may take to arrive, by default: Slack sends its few KB at once and wants an answer within 3 s. */
export const DEFAULT_BODY_TIMEOUT_MS = 5000;

/** Only Slack's `ssl_check=1&token=…` comes unsigned; an unsigned body is read only this far. */
const UNSIGNED_LIMIT = 4 * 1024;

const FORM = 'application/x-www-form-urlencoded';

/** What the guard needs: the app's signing secret, and a logger for refusals an operator should see. */
export interface GuardOptions {
  signingSecret: string;
  /** Where refusals an operator should see are logged; nowhere by default. */
  logger?: Logger;
  /**
   * The wall clock in milliseconds; tests move it. The one clock not shaped `now: () => Date`:
   * the guard reads it on every request, and a number costs no Date allocation there.
   */
  wallClockMs?: () => number;
  /** Largest body taken, in bytes; DEFAULT_BODY_LIMIT by default. */
  bodyLimit?: number;
  /** Most bytes of bodies not yet verified held at once, over all connections; DEFAULT_UNVERIFIED_LIMIT by default. */
  unverifiedLimit?: number;
  /** How long a body may take to arrive once its headers have, in ms; DEFAULT_BODY_TIMEOUT_MS by default. */
  bodyTimeoutMs?: number;
}

interface Refusal {
  status: number;
  why: string;
  headers?: Record<string, string>;
}

const TOO_LARGE: Refusal = { status: 413, why: 'request body too large' };
const TOO_SLOW: Refusal = { status: 408, why: 'request body too slow' };
const BUSY: Refusal = { status: 503, why: 'too many requests in progress', headers: { 'retry-after': '1' } };
const UNSIGNED: Refusal = { status: 401, why: 'missing or malformed signature' };

/** A body being read, not yet verified. */
interface Reading {
  /** Stops reading it and answers; what it held is freed. */
  refuse(refusal: Refusal): void;
}

/** Whether a body is Slack's unsigned URL check. */
function isSslCheck(body: Buffer): boolean {
  return body.includes('ssl_check=') && querystring.parse(body.toString()).ssl_check === '1';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const hasType = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { type?: unknown }).type === 'string';

/**
 * Whether a verified body has a shape Slack sends, parsed as Bolt will parse it: a form with a
 * `payload` (JSON, an object with a string `type`) or a `command`, or a JSON object with a string
 * `type`. Bolt reads a property of whatever the body parses to outside any try/catch, so a signed
 * `payload=null` rejected there, beyond the guard's reach, and ended the process.
 */
function wellFormed(body: Buffer, form: boolean): boolean {
  if (!form) return hasType(parseJson(body.toString()));
  const fields = querystring.parse(body.toString());
  if (fields.payload !== undefined) return typeof fields.payload === 'string' && hasType(parseJson(fields.payload));
  return typeof fields.command === 'string';
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
 *
 * Anyone can write a current timestamp, so what an unverified body may cost is bounded: a body
 * over the limit is refused unread, one that does not arrive in time is cut off, and past the
 * unverified-bytes limit the body waiting longest is dropped (a real request arrives at once, so
 * held bodies go first). The signature is computed as the bytes arrive; they are kept only
 * because Bolt needs the raw body.
 */
export function guardSlackRequests(listener: Listener, opts: GuardOptions): Listener {
  const clock = opts.wallClockMs ?? Date.now;
  const limit = opts.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const unverifiedLimit = opts.unverifiedLimit ?? DEFAULT_UNVERIFIED_LIMIT;
  const bodyTimeoutMs = opts.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  const logger = opts.logger ?? createJsonLogger(LogLevel.ERROR, () => {});
  const seen = new RecentSignatures();
  /** Bodies being read, in the order they came: a Set iterates in insertion order. */
  const reading = new Set<Reading>();
  let unverified = 0;

  const answer = (res: ServerResponse, { status, why, headers }: Refusal, close = false) => {
    if (res.headersSent) return;
    // A connection whose body is left unread (or partly read) cannot carry another request.
    res.writeHead(status, close ? { 'content-type': 'text/plain', connection: 'close', ...headers } : { 'content-type': 'text/plain' });
    res.end(why);
  };
  const fail = (res: ServerResponse, error: unknown) => {
    // Nothing here should throw; if something does, the request still gets an answer and the process carries on.
    logger.error('could not check a request', error);
    answer(res, { status: 500, why: 'internal error' });
  };

  /** Refuses the bodies waiting longest until what is held fits again; `newest` last of all. */
  const makeRoom = (newest: Reading) => {
    for (const other of reading) {
      if (unverified <= unverifiedLimit) return;
      if (other !== newest) other.refuse(BUSY);
    }
    if (unverified > unverifiedLimit) newest.refuse(BUSY);
  };

  /** Reads a body of at most `max` bytes, feeding each chunk to `hmac`, then hands it to `done`. */
  const readBody = (
    req: IncomingMessage,
    res: ServerResponse,
    max: number,
    tooLarge: Refusal,
    hmac: Hmac | undefined,
    done: (body: Buffer) => void,
  ) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const release = () => {
      clearTimeout(timer);
      reading.delete(entry);
      unverified -= size;
      size = 0;
      chunks.length = 0;
      req.off('data', onData).off('end', onEnd).off('error', onGone).off('close', onGone);
    };
    const entry: Reading = {
      refuse(refusal) {
        release();
        // What else the client sends is dropped, not kept, until the answer has closed the connection.
        req.resume();
        answer(res, refusal, true);
      },
    };
    const onData = (chunk: Buffer) => {
      try {
        if (size + chunk.length > max) return entry.refuse(tooLarge);
        size += chunk.length;
        unverified += chunk.length;
        chunks.push(chunk);
        hmac?.update(chunk);
        if (unverified > unverifiedLimit) makeRoom(entry);
      } catch (error) {
        release();
        fail(res, error);
      }
    };
    const onEnd = () => {
      const body = Buffer.concat(chunks, size);
      release();
      try {
        done(body);
      } catch (error) {
        fail(res, error);
      }
    };
    // The client went away (or its stream broke) before the body was all there.
    const onGone = () => {
      release();
      answer(res, { status: 400, why: 'request body unreadable' });
    };
    const timer = setTimeout(() => entry.refuse(TOO_SLOW), bodyTimeoutMs);
    timer.unref();
    reading.add(entry);
    req.on('data', onData).on('end', onEnd).on('error', onGone).on('close', onGone);
  };

  const take = (req: IncomingMessage, res: ServerResponse) => {
    const stamp = req.headers['x-slack-request-timestamp'];
    const signature = req.headers['x-slack-signature'];
    const ts = Number(stamp);
    // These refusals leave the body unread: Node drops it, and the connection is closed once answered.
    if (typeof stamp !== 'string' || !Number.isInteger(ts))
      return answer(res, { status: 401, why: 'missing or malformed timestamp' }, true);
    if (Math.abs(Math.floor(clock() / 1000) - ts) > TIMESTAMP_WINDOW_S) {
      // Every request from Slack lands here when this machine's clock is off.
      logger.warn("refused a request timestamped more than five minutes from this machine's clock; if Slack sent it, check the clock");
      return answer(res, { status: 401, why: 'timestamp out of range' }, true);
    }
    const declared = Number(req.headers['content-length']);
    if (declared > limit) return answer(res, TOO_LARGE, true);
    const form = req.headers['content-type'] === FORM;
    // Slack checks a slash command's URL with an unsigned `ssl_check=1`; it is answered here and
    // goes no further, whatever else its body holds.
    const sslCheck = () => {
      res.writeHead(200);
      res.end();
    };
    if (typeof signature !== 'string' || !SLACK_SIGNATURE.test(signature)) {
      if (!form || declared > UNSIGNED_LIMIT) return answer(res, UNSIGNED, true);
      return readBody(req, res, UNSIGNED_LIMIT, UNSIGNED, undefined, (body) => (isSslCheck(body) ? sslCheck() : answer(res, UNSIGNED)));
    }
    const hmac = createHmac('sha256', opts.signingSecret).update(`v0:${stamp}:`);
    readBody(req, res, limit, TOO_LARGE, hmac, (body) => {
      if (form && isSslCheck(body)) return sslCheck();
      if (!timingSafeEqual(hmac.digest(), Buffer.from(signature.slice(3), 'hex'))) {
        logger.warn('refused a request whose signature does not match; if Slack sent it, check SLACK_SIGNING_SECRET');
        return answer(res, { status: 401, why: 'signature mismatch' });
      }
      if (!wellFormed(body, form)) return answer(res, { status: 400, why: 'malformed payload' });
      const slackRetry =
        req.headers['x-slack-retry-num'] !== undefined && String(req.headers['content-type']).startsWith('application/json');
      if (!slackRetry && !seen.add(ts, signature)) return answer(res, { status: 401, why: 'replayed request' });
      // Bolt takes the body from here rather than reading the stream again.
      Object.assign(req, { rawBody: body });
      try {
        listener(req, res);
      } catch (error) {
        // Bolt refuses a path it does not serve by throwing, which its server answers with 404.
        // Called here, after the body was read, the listener runs outside that server's
        // try/catch, so the guard answers as Bolt's default handler does.
        HTTPModuleFunctions.defaultDispatchErrorHandler({ error: error as Error, logger, request: req, response: res });
      }
    });
  };

  return (req, res) => {
    if (req.method !== 'POST') return listener(req, res);
    try {
      take(req, res);
    } catch (error) {
      fail(res, error);
    }
  };
}
