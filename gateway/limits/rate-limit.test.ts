import { RateLimiter } from './rate-limit';

describe('RateLimiter', () => {
  it('allows the burst, then one request per 1/rate, and says how long to wait', () => {
    let now = 0;
    const limiter = new RateLimiter(60, 2, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 1]);
    now += 1000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('b')).toBe(0);
  });

  it('forgets callers whose bucket has filled up again, so memory does not grow with every caller ever seen', () => {
    let now = 0;
    const limiter = new RateLimiter(600, 10, () => now);
    for (let i = 0; i < 999; i++) {
      limiter.take(`caller-${i}`);
    }
    expect(limiter.size).toBe(999);
    now += 60_000;
    limiter.take('one-more');
    expect(limiter.size).toBe(1);
  });
});
