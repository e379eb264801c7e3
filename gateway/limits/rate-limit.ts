import { GraphQLError } from 'graphql';

/**
 * Token buckets per caller, in memory: each caller may make `burst` requests at once and
 * `perMinute` on average. (Shared buckets in Redis for several replicas are not built yet.)
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private takes = 0;

  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** How many callers have a bucket now (full buckets are dropped: they are the same as none). */
  get size(): number {
    return this.buckets.size;
  }

  /** Takes one token; answers 0 when allowed, else the seconds to wait. */
  take(key: string): number {
    const now = this.now();
    const rate = this.perMinute / 60_000;
    // Every so often, drop the buckets that have filled up again, so that memory follows the
    // callers of the last minute or so, not every caller ever seen.
    if (++this.takes % 1000 === 0) {
      for (const [k, b] of this.buckets) {
        if (b.tokens + (now - b.at) * rate >= this.burst) {
          this.buckets.delete(k);
        }
      }
    }
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + (now - b.at) * rate);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000));
  }
}

/** The 429 answered when a caller's bucket is empty. */
export function rateLimited(retryAfterS: number): GraphQLError {
  return new GraphQLError(`Rate limit reached; retry after ${retryAfterS} s.`, {
    extensions: { code: 'RATE_LIMITED', retryAfter: retryAfterS, http: { status: 429, headers: new Map([['retry-after', String(retryAfterS)]]) } },
  });
}
