export interface BackoffOptions {
  /** First delay in ms (default 50); doubled on each further attempt. */
  readonly baseMs?: number;
  /** Longest delay in ms (default 1000). */
  readonly maxMs?: number;
  /** A number in [0, 1) (tests pass a constant; default Math.random). */
  readonly random?: () => number;
}

/**
 * The delay before retry number `attempt` (1 for the first retry): exponential with "full
 * jitter", so that many gateways retrying at once do not hammer a recovering subgraph in step.
 */
export function backoffDelay(attempt: number, opts: BackoffOptions = {}): number {
  const base = opts.baseMs ?? 50;
  const max = opts.maxMs ?? 1000;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  const random = opts.random ?? Math.random;
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/**
 * Is this failure worth another attempt? Only failures where the request most likely never
 * reached a working subgraph: refused or reset connections, and 502/503/504 answers. A timeout
 * is not retried (a hanging subgraph would make the caller wait several timeouts).
 */
export function isRetryable(failure: FetchFailureKind): boolean {
  return failure === 'CONNECTION' || failure === 'UNAVAILABLE';
}

/** How a subgraph fetch failed, as the gateway classifies it. */
export type FetchFailureKind = 'TIMEOUT' | 'CONNECTION' | 'UNAVAILABLE' | 'HTTP_ERROR' | 'CIRCUIT_OPEN' | 'BAD_RESPONSE';

const CONNECTION_CODES = /ECONNREFUSED|ECONNRESET|EPIPE|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|UND_ERR_SOCKET|UND_ERR_CLOSED|socket hang up|other side closed/i;

/** Classifies an error thrown by a fetch (undici's `TypeError: fetch failed` keeps the reason in `cause`). */
export function classifyFetchError(err: unknown): FetchFailureKind {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const x = e as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown };
    parts.push(String(x.name ?? ''), String(x.code ?? ''), String(x.message ?? ''));
    e = x.cause;
  }
  const text = parts.join(' ');
  if (/TimeoutError|AbortError|aborted|timed? ?out/i.test(text)) {
    return 'TIMEOUT';
  }
  if (CONNECTION_CODES.test(text)) {
    return 'CONNECTION';
  }
  return 'BAD_RESPONSE';
}
