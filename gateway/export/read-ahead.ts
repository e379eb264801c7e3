import type { SubgraphRequest } from '../../common/next-page';
import type { GatewayContext } from '../context';

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
