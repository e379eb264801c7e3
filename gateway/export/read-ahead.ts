import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { SubgraphRequest } from '../../common/next-page';
import type { GatewayContext } from '../context';
import type { RawConnectionPage } from './raw-page';

/** Reads an export page from a subgraph answer's text; null when it is not a clean page. */
export type PageReader = (text: string) => RawConnectionPage | null;

/** An export page sent straight to a subgraph: the page read raw, or the answer as it came. */
export type DirectPage = { readonly page: RawConnectionPage } | { readonly response: GatewayGraphQLResponse };

/** A subgraph's data source as the export sends pages straight to it. */
export interface DirectPageSource {
  exportPage(request: SubgraphRequest, context: GatewayContext, reader: PageReader): Promise<DirectPage>;
}

/** One fetch the export's first page made, as the data source saw it. */
export interface PageFetch {
  readonly service: string;
  /** Null for a fetch merged with others. */
  readonly source: DirectPageSource | null;
  /** The request exactly as sent; null when merged, or when its representations were deduplicated. */
  readonly request: SubgraphRequest | null;
  /** The subgraph's answer as it came (a 2xx answer only). */
  readonly text: string | undefined;
  /** An answer without errors. */
  readonly clean: boolean;
}

/** Where one export page stands in its export: what a page's context carries to the data sources. */
export interface ReadAheadSlot {
  readonly pages: ExportReadAhead;
  /** This page's number in the export (1 for the first page of this request). */
  readonly page: number;
}

/** A page requested early, and its answer. */
export interface EarlyPage<T> {
  readonly page: number;
  readonly request: SubgraphRequest;
  readonly body: string;
  readonly requestId: string;
  readonly answer: Promise<T>;
}

/**
 * Read-ahead for one export. An export asks for its pages one after the other: page N+1 needs
 * page N's `endCursor`. Between the subgraph's answer for page N and the gateway's request for
 * page N+1 lies the gateway's own work on page N (its result shaping, the rows written out),
 * and the subgraph would sit idle through it. So when a data source receives a subgraph's answer
 * for an export page that holds exactly one connection with a next page, it sends the request
 * for the next page at once (`nextPageRequest`: the same request, `after` set to that cursor, the
 * next page's request id and identity) and keeps its answer here. When the gateway then asks for
 * that page, the data source takes the answer if, and only if, the request is byte for byte the
 * one sent early, for the same request id; anything else is sent as usual and the early answer
 * is dropped. One page ahead per subgraph: the next one is sent once this one is taken (a second
 * page ahead kept one more page of objects alive in the gateway and was no faster, since a
 * subgraph can only be asked for a page once the one before it has come anyway).
 */
export class ExportReadAhead {
  private readonly early = new Map<string, EarlyPage<unknown>>();
  private closed = false;
  /** Pages answered from a request sent early, and requests sent early that were not used. */
  hits = 0;
  misses = 0;
  /** The fetches of the export's first page (recorded by the data sources), until taken. */
  private firstPage: PageFetch[] = [];

  /** `contextOf(n)`: the context page n of this export is fetched with. */
  constructor(readonly contextOf: (page: number) => GatewayContext) {}

  /** The slot of page `page`, to put in that page's context. */
  slot(page: number): ReadAheadSlot {
    return { pages: this, page };
  }

  /** Takes the early answer to exactly this request, if that is the one kept; else drops it. */
  take<T>(service: string, body: string, requestId: string): EarlyPage<T> | undefined {
    const early = this.early.get(service);
    if (!early) {
      return undefined;
    }
    this.early.delete(service);
    if (early.body === body && early.requestId === requestId) {
      this.hits += 1;
      return early as EarlyPage<T>;
    }
    this.misses += 1;
    return undefined;
  }

  /** Keeps a request sent early (dropped at once when the export is over). */
  put<T>(service: string, page: EarlyPage<T>): void {
    if (this.closed) {
      this.misses += 1;
      return;
    }
    this.early.set(service, page as EarlyPage<unknown>);
  }

  /** Records one fetch of the first page. */
  record(fetch: PageFetch): void {
    this.firstPage.push(fetch);
  }

  /** The first page's fetches, once: what they hold (a whole answer's text) is let go. */
  takeFirstPage(): PageFetch[] {
    const fetches = this.firstPage;
    this.firstPage = [];
    return fetches;
  }

  /** Whether a page of this subgraph was requested early and not yet taken. */
  holds(service: string): boolean {
    return this.early.has(service);
  }

  /** The export is over (ended, failed or abandoned): early answers not taken are dropped. */
  close(): void {
    this.closed = true;
    this.misses += this.early.size;
    this.early.clear();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
