import type { IncomingMessage, ServerResponse } from 'node:http';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** Slack's window for a request's timestamp, either way. */
export const TIMESTAMP_WINDOW_S = 5 * 60;

/** What Slack sends: `v0=` and an HMAC-SHA256 in lowercase hex. Anything else fails Bolt's check. */
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
 * Checks Slack requests before Bolt verifies their signature: Bolt refuses a timestamp more than
 * five minutes old but accepts one from the future, and accepts the same signed request twice.
 * This refuses both, so a captured request cannot be replayed. Slack's own retries of an Events
 * API delivery (JSON, with X-Slack-Retry-Num) pass, and are deduplicated by event id later.
 */
export function guardSlackRequests(listener: Listener, opts: { wallClockMs?: () => number } = {}): Listener {
  const clock = opts.wallClockMs ?? Date.now;
  const seen = new RecentSignatures();
  const refuse = (res: ServerResponse, why: string) => {
    res.writeHead(401, { 'content-type': 'text/plain' });
    res.end(why);
  };
  return (req, res) => {
    if (req.method !== 'POST') return listener(req, res);
    const nowS = Math.floor(clock() / 1000);
    const ts = Math.floor(Number(req.headers['x-slack-request-timestamp']));
    if (Number.isFinite(ts) && Math.abs(nowS - ts) > TIMESTAMP_WINDOW_S) return refuse(res, 'timestamp out of range');
    const signature = req.headers['x-slack-signature'];
    const slackRetry = req.headers['x-slack-retry-num'] !== undefined && String(req.headers['content-type']).startsWith('application/json');
    // A request without a timestamp, or with a signature Slack could not have made, is left to
    // Bolt, which refuses it; only what could be genuine is remembered.
    if (Number.isFinite(ts) && typeof signature === 'string' && SLACK_SIGNATURE.test(signature) && !slackRetry) {
      if (!seen.add(ts, signature)) return refuse(res, 'replayed request');
    }
    return listener(req, res);
  };
}
