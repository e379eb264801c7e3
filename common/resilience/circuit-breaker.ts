/** The three states of a circuit breaker. */
export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit (default 5). */
  readonly failureThreshold?: number;
  /** How long the circuit stays open before one probe is let through, in ms (default 2000). */
  readonly resetAfterMs?: number;
  /** The clock (tests pass their own). */
  readonly now?: () => number;
  /** Told of every change of state (metrics and logs). */
  readonly onStateChange?: (state: CircuitState) => void;
}

/**
 * Fails fast while a dependency is down instead of making every caller wait for its timeout.
 * Closed: calls pass; `failureThreshold` consecutive failures open it. Open: calls are refused
 * (`allow()` is false) until `resetAfterMs` has passed, then one call is let through as a probe
 * (half-open). The probe's success closes the circuit, its failure opens it for another period.
 */
export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private readonly threshold: number;
  private readonly resetAfterMs: number;
  private readonly now: () => number;

  constructor(private readonly opts: CircuitBreakerOptions = {}) {
    this.threshold = Math.max(1, opts.failureThreshold ?? 5);
    this.resetAfterMs = Math.max(0, opts.resetAfterMs ?? 2000);
    this.now = opts.now ?? Date.now;
  }

  /** The state now (an open circuit whose period has passed reads as half-open). */
  get state(): CircuitState {
    if (this.current === 'open' && this.now() - this.openedAt >= this.resetAfterMs) {
      return 'half-open';
    }
    return this.current;
  }

  /** May a call go out now? In half-open, only one call at a time (the probe) is allowed. */
  allow(): boolean {
    const state = this.state;
    if (state === 'closed') {
      return true;
    }
    if (state === 'open') {
      return false;
    }
    if (this.probing) {
      return false;
    }
    this.probing = true;
    this.set('half-open');
    return true;
  }

  /** The call succeeded: the circuit closes. */
  success(): void {
    this.failures = 0;
    this.probing = false;
    this.set('closed');
  }

  /** The call failed: counts towards opening; a failed probe reopens at once. */
  failure(): void {
    this.failures += 1;
    const wasProbe = this.probing;
    this.probing = false;
    if (wasProbe || this.current === 'half-open' || this.failures >= this.threshold) {
      this.openedAt = this.now();
      this.set('open');
    }
  }

  /** Milliseconds until an open circuit lets a probe through (0 when not open). */
  retryAfterMs(): number {
    return this.state === 'open' ? Math.max(0, this.resetAfterMs - (this.now() - this.openedAt)) : 0;
  }

  private set(state: CircuitState): void {
    if (state !== this.current) {
      this.current = state;
      this.opts.onStateChange?.(state);
    }
  }
}
