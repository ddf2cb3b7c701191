import type { IncomingMessage, ServerResponse } from 'node:http';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** Slack's window for a request's timestamp, either way. */
export const TIMESTAMP_WINDOW_S = 5 * 60;

/**
 * Checks Slack requests before Bolt verifies their signature: Bolt refuses a timestamp more than
 * five minutes old but accepts one from the future, and accepts the same signed request twice.
 * This refuses both, so a captured request cannot be replayed. Slack's own retries of an Events
 * API delivery (JSON, with X-Slack-Retry-Num) pass, and are deduplicated by event id later.
 */
export function guardSlackRequests(listener: Listener, opts: { wallClockMs?: () => number } = {}): Listener {
  const clock = opts.wallClockMs ?? Date.now;
  const seen = new Map<string, number>();
  let lastPrune = 0;
  const refuse = (res: ServerResponse, why: string) => {
    res.writeHead(401, { 'content-type': 'text/plain' });
    res.end(why);
  };
  return (req, res) => {
    if (req.method !== 'POST') return listener(req, res);
    const nowS = Math.floor(clock() / 1000);
    const ts = Number(req.headers['x-slack-request-timestamp']);
    if (Number.isFinite(ts) && Math.abs(nowS - ts) > TIMESTAMP_WINDOW_S) return refuse(res, 'timestamp out of range');
    const signature = req.headers['x-slack-signature'];
    const slackRetry = req.headers['x-slack-retry-num'] !== undefined && String(req.headers['content-type']).startsWith('application/json');
    if (typeof signature === 'string' && !slackRetry) {
      if (nowS - lastPrune > 60) {
        for (const [sig, at] of seen) if (nowS - at > TIMESTAMP_WINDOW_S * 2) seen.delete(sig);
        lastPrune = nowS;
      }
      if (seen.has(signature)) return refuse(res, 'replayed request');
      seen.set(signature, nowS);
    }
    return listener(req, res);
  };
}
