import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/rate-limit.js';

describe('RateLimiter', () => {
  it('allows `limit` events in any window and says when the next one is allowed', () => {
    const limiter = new RateLimiter(3, 60_000);
    expect(limiter.take('U1', 0)).toEqual({ ok: true });
    expect(limiter.take('U1', 10_000)).toEqual({ ok: true });
    expect(limiter.take('U1', 20_000)).toEqual({ ok: true });
    expect(limiter.take('U1', 30_000)).toEqual({ ok: false, retryInMs: 30_000 });
    // Another user has a window of their own.
    expect(limiter.take('U2', 30_000)).toEqual({ ok: true });
    // The first event leaves the window at 60 s; the refused one was never counted.
    expect(limiter.take('U1', 59_999)).toEqual({ ok: false, retryInMs: 1 });
    expect(limiter.take('U1', 60_000)).toEqual({ ok: true });
    expect(limiter.take('U1', 60_001)).toEqual({ ok: false, retryInMs: 9_999 });
    // Long after, the whole window is free again.
    for (let i = 0; i < 3; i++) expect(limiter.take('U1', 200_000 + i)).toEqual({ ok: true });
    expect(limiter.take('U1', 200_003)).toEqual({ ok: false, retryInMs: 59_997 });
  });
});
