import type { GatewayContext } from '../context';

/** A request to a subgraph as the gateway sends it (the JSON body). */
export interface SubgraphRequest {
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  readonly operationName?: string;
  readonly extensions?: Record<string, unknown>;
}

/** Where one export page stands in its export: what a page's context carries to the data sources. */
export interface ReadAheadSlot {
  readonly pages: ExportReadAhead;
  /** This page's number in the export (1 for the first page of this request). */
  readonly page: number;
}

/** A page requested early: its request, and its answer once it has come. */
export interface EarlyPage<T> {
  readonly page: number;
  readonly request: SubgraphRequest;
  readonly body: string;
  readonly requestId: string;
  readonly answer: Promise<T>;
  /** The answer, once it has come. */
  arrived?: T;
}

/**
 * How many pages an export's subgraph requests may run ahead of the pages the gateway has asked
 * for. One: a second page ahead kept one more page of objects alive in the gateway and was no
 * faster (`npm run bench -- export`), since a subgraph can only be asked for a page once the one
 * before it has come anyway.
 */
export const READ_AHEAD_PAGES = 1;

/**
 * Read-ahead for one export. An export asks for its pages one after the other: page N+1 needs
 * page N's `endCursor`. Between the subgraph's answer for page N and the gateway's request for
 * page N+1 lies the gateway's own work on page N (its result shaping, the rows written out),
 * and the subgraph would sit idle through it. So when a data source receives a subgraph's answer
 * for an export page that holds exactly one connection with a next page, it sends the request
 * for the next page at once (`nextPageRequest`: the same request, `after` set to that cursor, the
 * next page's request id and identity) and keeps its answer here, READ_AHEAD_PAGES ahead. When
 * the gateway then asks for a page, the data source takes the answer if, and only if, the request
 * is byte for byte the one sent early, for the same request id; anything else is sent as usual
 * and the early answers are dropped.
 */
export class ExportReadAhead {
  private readonly early = new Map<string, EarlyPage<unknown>[]>();
  private closed = false;
  /** Pages answered from a request sent early, and requests sent early that were not used. */
  hits = 0;
  misses = 0;

  /** `contextOf(n)`: the context page n of this export is fetched with. */
  constructor(readonly contextOf: (page: number) => GatewayContext) {}

  /** The slot of page `page`, to put in that page's context. */
  slot(page: number): ReadAheadSlot {
    return { pages: this, page };
  }

  /** Takes the early answer to exactly this request, if it is the next one kept; else drops them all. */
  take<T>(service: string, body: string, requestId: string): EarlyPage<T> | undefined {
    const queue = this.early.get(service);
    if (!queue || queue.length === 0) {
      return undefined;
    }
    const first = queue[0];
    if (first.body === body && first.requestId === requestId) {
      queue.shift();
      this.hits += 1;
      return first as EarlyPage<T>;
    }
    this.misses += queue.length;
    this.early.delete(service);
    return undefined;
  }

  /** Keeps a request sent early (dropped at once when the export is over). */
  put<T>(service: string, page: EarlyPage<T>): void {
    if (this.closed) {
      this.misses += 1;
      return;
    }
    const queue = this.early.get(service) ?? [];
    queue.push(page as EarlyPage<unknown>);
    this.early.set(service, queue);
  }

  /** The pages of this subgraph requested early and not yet taken, oldest first. */
  queued<T>(service: string): readonly EarlyPage<T>[] {
    return (this.early.get(service) ?? []) as EarlyPage<T>[];
  }

  /** The export is over (ended, failed or abandoned): early answers not taken are dropped. */
  close(): void {
    this.closed = true;
    for (const queue of this.early.values()) {
      this.misses += queue.length;
    }
    this.early.clear();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

/** The most levels of a subgraph answer searched for the connection's `pageInfo`. */
const MAX_DEPTH = 8;

/**
 * The request for the page after this one: the same request with `$after` set to the `endCursor`
 * of the one connection in the answer that has a next page. Null when the request has no
 * `after` variable, or the answer holds no such connection or more than one (lists of more than
 * one item, such as a connection's edges, are not searched: an exported connection never lies
 * below one).
 */
export function nextPageRequest(request: SubgraphRequest, data: unknown): SubgraphRequest | null {
  const variables = request.variables;
  if (!variables || !Object.prototype.hasOwnProperty.call(variables, 'after')) {
    return null;
  }
  let connections = 0;
  let cursor: string | null = null;
  const visit = (value: unknown, depth: number): void => {
    if (connections > 1 || depth > MAX_DEPTH || value === null || typeof value !== 'object') {
      return;
    }
    if (Array.isArray(value)) {
      if (value.length === 1) {
        visit(value[0], depth + 1);
      }
      return;
    }
    for (const key in value) {
      const v = (value as Record<string, unknown>)[key];
      if (key === 'pageInfo' && v !== null && typeof v === 'object' && !Array.isArray(v) && 'endCursor' in v) {
        connections += 1;
        const info = v as { hasNextPage?: unknown; endCursor?: unknown };
        cursor = info.hasNextPage === true && typeof info.endCursor === 'string' ? info.endCursor : null;
      } else {
        visit(v, depth + 1);
      }
    }
  };
  visit(data, 0);
  if (connections !== 1 || cursor === null || cursor === variables.after) {
    return null;
  }
  return { ...request, variables: { ...variables, after: cursor } };
}
