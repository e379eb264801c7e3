import { CircuitBreaker } from './circuit-breaker';
import { backoffDelay, classifyFetchError, isRetryable } from './retry';

describe('CircuitBreaker', () => {
  it('opens after the threshold, fails fast, lets one probe through after the period, closes on its success', () => {
    let now = 0;
    const states: string[] = [];
    const b = new CircuitBreaker({ failureThreshold: 3, resetAfterMs: 1000, now: () => now, onStateChange: s => states.push(s) });
    for (let i = 0; i < 2; i++) {
      expect(b.allow()).toBe(true);
      b.failure();
    }
    expect(b.state).toBe('closed');
    b.failure();
    expect(b.state).toBe('open');
    expect(b.allow()).toBe(false);
    expect(b.retryAfterMs()).toBe(1000);
    now = 1000;
    expect(b.state).toBe('half-open');
    expect(b.allow()).toBe(true);
    expect(b.allow()).toBe(false); // one probe at a time
    b.success();
    expect(b.state).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('a failed probe reopens the circuit for another period', () => {
    let now = 0;
    const b = new CircuitBreaker({ failureThreshold: 1, resetAfterMs: 500, now: () => now });
    b.failure();
    now = 600;
    expect(b.allow()).toBe(true);
    b.failure();
    expect(b.state).toBe('open');
    now = 1000;
    expect(b.allow()).toBe(false);
    now = 1100;
    expect(b.allow()).toBe(true);
  });

  it('a success resets the count of consecutive failures', () => {
    const b = new CircuitBreaker({ failureThreshold: 2 });
    b.failure();
    b.success();
    b.failure();
    expect(b.state).toBe('closed');
  });
});

describe('retry', () => {
  it('backs off exponentially with jitter, within bounds', () => {
    expect(backoffDelay(1, { baseMs: 100, random: () => 0 })).toBe(50);
    expect(backoffDelay(1, { baseMs: 100, random: () => 0.999 })).toBe(100);
    expect(backoffDelay(3, { baseMs: 100, random: () => 0 })).toBe(200);
    expect(backoffDelay(10, { baseMs: 100, maxMs: 1000, random: () => 0.999 })).toBe(1000);
  });

  it('classifies fetch failures; only connection failures and 502-504 are retried', () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) });
    const reset = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(classifyFetchError(refused)).toBe('CONNECTION');
    expect(classifyFetchError(reset)).toBe('CONNECTION');
    expect(classifyFetchError(timeout)).toBe('TIMEOUT');
    expect(classifyFetchError(new SyntaxError('Unexpected token < in JSON'))).toBe('BAD_RESPONSE');
    expect([isRetryable('CONNECTION'), isRetryable('UNAVAILABLE'), isRetryable('TIMEOUT'), isRetryable('CIRCUIT_OPEN'), isRetryable('HTTP_ERROR')]).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
