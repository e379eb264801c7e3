import { GraphQLError } from 'graphql';
import Redis from 'ioredis';
import { Counter, Gauge } from 'prom-client';
import type { Logger } from '../../common/logger';
import type { Metrics } from '../../common/metrics';

/** Where the gateway keeps its token buckets: this process's memory, or Redis shared by replicas. */
export interface RateLimitStore {
  /** Takes one token from the key's bucket; answers 0 when allowed, else the seconds to wait. */
  take(key: string): number | Promise<number>;
  /** Releases connections (Redis); a no-op in memory. */
  close(): Promise<void>;
}

/**
 * Token buckets per caller, in memory: each caller may make `burst` requests at once and
 * `perMinute` on average. One gateway replica's own budget; with several replicas, see
 * {@link RedisRateLimiter}.
 */
export class RateLimiter implements RateLimitStore {
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

  async close(): Promise<void> {
    // Nothing to release.
  }
}

/**
 * One take from a bucket, atomically, in Redis. The bucket is a hash {tokens, at}; the time is
 * Redis's own (`TIME`), so that replicas with skewed clocks still agree. It refills by the time
 * elapsed since `at` (never backwards), takes one token if there is one, and expires once it
 * would be full again (a missing bucket is a full one). Answers {allowed 0|1, tokens left as a
 * string (Lua numbers become integers in replies), milliseconds to wait for the next token}.
 */
const TAKE_SCRIPT = `
if redis.replicate_commands then pcall(redis.replicate_commands) end
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1])
local at = tonumber(b[2])
if tokens == nil or at == nil then
  tokens = burst
  at = now
end
if now > at then
  tokens = math.min(burst, tokens + (now - at) * rate)
  at = now
end
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = math.ceil((1 - tokens) / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate) + 1000)
return {allowed, tostring(tokens), wait}
`;

type TakeReply = [number, string, number];

interface RedisWithTake extends Redis {
  rateLimitTake(key: string, ratePerMs: string, burst: string): Promise<TakeReply>;
}

export interface RedisRateLimiterOptions {
  readonly url: string;
  readonly perMinute: number;
  readonly burst: number;
  readonly log: Logger;
  readonly metrics?: Metrics;
  /** Key prefix of the buckets (default `cg:ratelimit:`). */
  readonly prefix?: string;
  /** How long one take may wait for Redis before the gateway decides without it (default 250 ms). */
  readonly timeoutMs?: number;
}

/**
 * Token buckets in Redis, shared by every gateway replica that points at the same `REDIS_URL`:
 * a caller's budget is one budget however the load balancer spreads its requests. One Lua
 * script per take (refill, take, answer), so concurrent takes from several replicas never
 * lose an update.
 *
 * **When Redis cannot be reached, the gateway fails open to its in-memory buckets**, with a
 * warning in the log on each change of state, `rate_limit_redis_up` at 0 and every decision so
 * taken counted in `rate_limit_fallback_total`. The argument: the rate limit protects capacity,
 * not data. Authentication, the partner safelists, field-level access and the operation limits
 * do not depend on Redis and still apply to every request; failing closed would turn an outage
 * of a cache tier into an outage of the compliance API itself, at the moment (an incident, a
 * new designation) its screening and case work are needed most. Falling back to each replica's
 * own buckets, rather than to no limit at all, keeps a bound during the outage: a caller gets
 * at most one budget per replica. Redis is asked again on every request (the client reconnects
 * in the background), so the shared budget resumes as soon as Redis answers.
 */
export class RedisRateLimiter implements RateLimitStore {
  private readonly redis: RedisWithTake;
  private readonly fallback: RateLimiter;
  private readonly ratePerMs: string;
  private readonly prefix: string;
  private readonly timeoutMs: number;
  private readonly up: Gauge | null;
  private readonly fallbacks: Counter | null;
  private healthy: boolean | null = null;
  private closed = false;

  constructor(private readonly opts: RedisRateLimiterOptions) {
    this.fallback = new RateLimiter(opts.perMinute, opts.burst);
    this.ratePerMs = String(opts.perMinute / 60_000);
    this.prefix = opts.prefix ?? 'cg:ratelimit:';
    this.timeoutMs = opts.timeoutMs ?? 250;
    this.redis = new Redis(opts.url, {
      // Never queue a take while disconnected, never retry one: decide now, without Redis if need be.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 1000,
      commandTimeout: this.timeoutMs,
      // Reconnect in the background, backing off to once every 2 s.
      retryStrategy: times => Math.min(100 * times, 2000),
      lazyConnect: true,
    }) as RedisWithTake;
    this.redis.defineCommand('rateLimitTake', { numberOfKeys: 1, lua: TAKE_SCRIPT });
    // An 'error' event without a listener would crash the process; the state changes are logged below.
    this.redis.on('error', (err: Error) => this.mark(false, err));
    this.redis.on('ready', () => this.mark(true));
    const registers = opts.metrics ? [opts.metrics.registry] : [];
    this.up = opts.metrics ? new Gauge({ name: 'rate_limit_redis_up', help: '1 while the rate limit reaches Redis (REDIS_URL), else 0 (buckets in memory).', registers }) : null;
    this.fallbacks = opts.metrics
      ? new Counter({ name: 'rate_limit_fallback_total', help: 'Rate-limit decisions taken in memory because Redis (REDIS_URL) did not answer.', registers })
      : null;
  }

  /** Connects; answers whether Redis answered (the gateway starts either way, failing open). */
  async connect(): Promise<boolean> {
    try {
      await this.redis.connect();
      await this.redis.ping();
      this.mark(true);
      return true;
    } catch (err) {
      this.mark(false, err as Error);
      return false;
    }
  }

  private mark(healthy: boolean, err?: Error): void {
    if (this.closed || this.healthy === healthy) {
      return;
    }
    this.healthy = healthy;
    this.up?.set(healthy ? 1 : 0);
    if (healthy) {
      this.opts.log.info({ redis: redactedUrl(this.opts.url) }, 'rate limit: shared buckets in Redis');
    } else {
      this.opts.log.warn(
        { redis: redactedUrl(this.opts.url), err: err?.message },
        'rate limit: Redis unreachable; failing open to this replica\'s in-memory buckets until it answers',
      );
    }
  }

  async take(key: string): Promise<number> {
    try {
      const [allowed, , waitMs] = await this.redis.rateLimitTake(this.prefix + key, this.ratePerMs, String(this.opts.burst));
      this.mark(true);
      return Number(allowed) === 1 ? 0 : Math.max(1, Math.ceil(Number(waitMs) / 1000));
    } catch (err) {
      this.mark(false, err as Error);
      this.fallbacks?.inc();
      return this.fallback.take(key);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.redis.disconnect();
  }
}

/** The URL without its password, for the log. */
function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) {
      u.password = '***';
    }
    return u.toString();
  } catch {
    return 'redis://?';
  }
}

export interface RateLimitOptions {
  readonly perMinute: number;
  readonly burst: number;
  /** `REDIS_URL`: shared buckets in Redis; null or absent: in this process's memory. */
  readonly redisUrl?: string | null;
  readonly log: Logger;
  readonly metrics?: Metrics;
}

/** The gateway's rate limit: in Redis when a URL is given (connected before it answers), else in memory. */
export async function createRateLimiter(opts: RateLimitOptions): Promise<RateLimitStore> {
  if (!opts.redisUrl) {
    return new RateLimiter(opts.perMinute, opts.burst);
  }
  const limiter = new RedisRateLimiter({ url: opts.redisUrl, perMinute: opts.perMinute, burst: opts.burst, log: opts.log, metrics: opts.metrics });
  await limiter.connect();
  return limiter;
}

/** The 429 answered when a caller's bucket is empty. */
export function rateLimited(retryAfterS: number): GraphQLError {
  return new GraphQLError(`Rate limit reached; retry after ${retryAfterS} s.`, {
    extensions: { code: 'RATE_LIMITED', retryAfter: retryAfterS, http: { status: 429, headers: new Map([['retry-after', String(retryAfterS)]]) } },
  });
}
