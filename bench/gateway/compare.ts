/**
 * Compares the answers of several gateways to the same requests: the gateway benchmark checks
 * with it, before measuring, that every gateway gives the same JSON for a fixed sample, and a
 * jest test can reuse it. Only `data` and the errors' `path` and `extensions.code` are compared
 * (messages and other extensions are each gateway's own wording); key order does not matter.
 */

export interface GatewayTarget {
  readonly name: string;
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  readonly url: string;
}

export interface ComparedRequest {
  /** A label for reports (the operation's name). */
  readonly op: string;
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  /** Sent as `authorization: Bearer <token>` when given. */
  readonly token?: string;
}

export interface Answer {
  readonly status: number;
  readonly body: unknown;
  /** The body as text when it is not JSON, or the fetch error. */
  readonly text?: string;
}

/** One request whose answers differ, or whose answer is not a 200 with data and no errors. */
export interface Difference {
  readonly index: number;
  readonly op: string;
  readonly variables: Record<string, unknown> | undefined;
  readonly gateway: string;
  /** The gateway compared against (the first one), or null for a problem of this answer alone. */
  readonly against: string | null;
  /** Where the answers first differ (JSON path), or what is wrong. */
  readonly where: string;
  readonly expected?: string;
  readonly actual?: string;
}

export interface CompareOptions {
  /** Per request, in ms (default 30000). */
  readonly timeoutMs?: number;
  /** Also report answers that are not 200 with data and no errors (default true). */
  readonly requireClean?: boolean;
  /** Requests in flight at once per gateway (default 4). */
  readonly concurrency?: number;
}

export async function ask(url: string, r: ComparedRequest, timeoutMs = 30_000): Promise<Answer> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(r.token ? { authorization: `Bearer ${r.token}` } : {}) },
      body: JSON.stringify({ query: r.query, variables: r.variables ?? {} }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    try {
      return { status: res.status, body: JSON.parse(text) as unknown };
    } catch {
      return { status: res.status, body: null, text: text.slice(0, 500) };
    }
  } catch (err) {
    return { status: 0, body: null, text: err instanceof Error ? err.message : String(err) };
  }
}

/** The comparable part of an answer: data, and each error's path and code. */
export function comparable(body: unknown): unknown {
  const b = (body ?? {}) as { data?: unknown; errors?: { path?: unknown; extensions?: { code?: unknown } }[] };
  return {
    data: b.data ?? null,
    errors: Array.isArray(b.errors) ? b.errors.map(e => ({ path: e.path ?? null, code: e.extensions?.code ?? null })) : [],
  };
}

const short = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s === undefined ? 'undefined' : s.length > 300 ? `${s.slice(0, 300)}…` : s;
};

/** The JSON path where a and b first differ, with both values there; null when equal. */
export function firstDifference(a: unknown, b: unknown, at = '$'): { where: string; expected: string; actual: string } | null {
  if (a === b) {
    return null;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${at}[${i}]`);
      if (d) {
        return d;
      }
    }
    return a.length === b.length ? null : { where: `${at}.length`, expected: String(a.length), actual: String(b.length) };
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)])) {
      if (!(k in bo)) {
        return { where: `${at}.${k}`, expected: short(ao[k]), actual: '(missing)' };
      }
      if (!(k in ao)) {
        return { where: `${at}.${k}`, expected: '(missing)', actual: short(bo[k]) };
      }
      const d = firstDifference(ao[k], bo[k], `${at}.${k}`);
      if (d) {
        return d;
      }
    }
    return null;
  }
  return { where: at, expected: short(a), actual: short(b) };
}

/** What is wrong with one answer on its own: not 200, no data, or errors. Null when clean. */
export function problemOf(a: Answer): string | null {
  const body = a.body as { data?: unknown; errors?: { message?: string; extensions?: { code?: string } }[] } | null;
  if (a.status !== 200) {
    return `HTTP ${a.status}${a.text ? `: ${a.text}` : body?.errors ? `: ${short(body.errors)}` : ''}`;
  }
  if (!body || body.data === undefined || body.data === null) {
    return `no data${a.text ? `: ${a.text}` : body?.errors ? `: ${short(body.errors)}` : ''}`;
  }
  if (Array.isArray(body.errors) && body.errors.length > 0) {
    return `errors: ${short(body.errors.map(e => ({ message: e.message, code: e.extensions?.code })))}`;
  }
  return null;
}

/**
 * Sends every request to every gateway and returns the differences: each answer's own problems
 * (with requireClean), and each answer that differs from the first gateway's.
 */
export async function compareGateways(gateways: readonly GatewayTarget[], requests: readonly ComparedRequest[], opts: CompareOptions = {}): Promise<Difference[]> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const requireClean = opts.requireClean ?? true;
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  const answers: Answer[][] = [];
  for (const g of gateways) {
    const mine: Answer[] = new Array(requests.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, requests.length) }, async () => {
        while (next < requests.length) {
          const i = next++;
          mine[i] = await ask(g.url, requests[i], timeoutMs);
        }
      }),
    );
    answers.push(mine);
  }
  const out: Difference[] = [];
  requests.forEach((r, i) => {
    gateways.forEach((g, gi) => {
      const a = answers[gi][i];
      if (requireClean) {
        const p = problemOf(a);
        if (p) {
          out.push({ index: i, op: r.op, variables: r.variables, gateway: g.name, against: null, where: p });
        }
      }
      if (gi > 0) {
        const d = firstDifference(comparable(answers[0][i].body), comparable(a.body));
        if (d) {
          out.push({ index: i, op: r.op, variables: r.variables, gateway: g.name, against: gateways[0].name, ...d });
        }
      }
    });
  });
  return out;
}
