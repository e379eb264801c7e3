import type { ApolloServer, ApolloServerPlugin, HTTPGraphQLRequest, HTTPGraphQLResponse } from '@apollo/server';
import type { Identity } from './identity/roles';
import { nextPageRequest, type SubgraphRequest } from './next-page';
import type { BaseRequestContext } from './request-context';

/**
 * Keeps the result of every execution whose context is an export page (`exportPage`), for the
 * subgraph's read-ahead to find the next page's cursor in it: no second parse of the answer.
 */
export function exportPageResults(): ApolloServerPlugin<BaseRequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (contextValue.exportPage && response.body.kind === 'single') {
            contextValue.exportPage.result = response.body.singleResult;
          }
        },
      };
    },
  };
}

/**
 * What a read-ahead keeps for a later request: each value handed out once, and only within
 * `ttlMs` of being kept; beyond `maxEntries`, the oldest go first.
 */
export class KeptOnce<V> {
  private readonly entries = new Map<string, { readonly at: number; readonly value: V }>();
  /** Values that went unused: too old when asked for, pushed out, or cleared. */
  dropped = 0;

  constructor(
    readonly maxEntries: number,
    readonly ttlMs: number,
  ) {}

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The value kept under `key`, still kept (fresh or not). */
  peek(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  /** The value kept under `key`, if it is fresh; it is no longer kept either way. */
  take(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      return undefined;
    }
    this.entries.delete(key);
    if (Date.now() - entry.at > this.ttlMs) {
      this.dropped += 1;
      return undefined;
    }
    return entry.value;
  }

  keep(key: string, value: V): void {
    this.entries.set(key, { at: Date.now(), value });
    while (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
      this.dropped += 1;
    }
  }

  clear(): void {
    this.dropped += this.entries.size;
    this.entries.clear();
  }
}

/** An answer of this subgraph, and its data (for the next page's cursor). */
interface Answer {
  readonly response: HTTPGraphQLResponse;
  readonly data: unknown;
  /** Whether it may be handed to a later request: a whole 200 answer without errors. */
  readonly keep: boolean;
}

/** Who an answer was computed for: everything of the identity that access rules and resolvers read. */
function identityKey(identity: Identity | null | undefined): string {
  if (!identity) {
    return 'none';
  }
  return JSON.stringify([identity.sub, identity.role, [...identity.scopes].sort(), identity.via, identity.authenticated, identity.address ?? null, identity.safelist ?? null]);
}

function requestKey(identity: Identity | null | undefined, body: SubgraphRequest): string {
  return JSON.stringify([identityKey(identity), body.query, body.operationName ?? null, body.variables ?? null, body.extensions ?? null]);
}

/** A JSON request body with a query (not a persisted-query hash alone). */
export function isRequestBody(body: unknown): body is SubgraphRequest {
  return !!body && typeof body === 'object' && !Array.isArray(body) && typeof (body as { query?: unknown }).query === 'string';
}

/** How many pages a subgraph's read-ahead computes ahead of the last page asked for. */
const AHEAD_PAGES = 2;

/**
 * A subgraph's read-ahead of whole answers, for export pages. The gateway asks for an export's
 * pages one after the other, each once the one before it has come back and been written out;
 * between two pages the subgraph would wait. So when this subgraph answers a request the gateway
 * marked as an export page (`x-read-ahead: 1`), it executes the requests for the next two pages
 * at once, each as soon as the one before it is computed (the same request, `$after` set to the
 * answer's end cursor, for the same identity), and keeps their answers. The gateway's request
 * for such a page, once its own signed identity has been checked, gets the answer kept for
 * exactly that request and identity, if it is at most `ttlMs` old; any other request is executed
 * as usual. At most `maxPages` answers kept in all, each handed out once.
 *
 * Only for subgraphs whose reads have no effects (the chain subgraph): a page computed ahead and
 * never asked for leaves nothing behind. An answer computed ahead is logged under the request id
 * of the page that caused it, followed by `:next`.
 */
export class SubgraphReadAhead<TContext extends BaseRequestContext> {
  private readonly answers: KeptOnce<Promise<Answer | null>>;
  /** Pages answered from the read-ahead. */
  hits = 0;

  constructor(
    private readonly apollo: ApolloServer<TContext>,
    private readonly createContext: (base: BaseRequestContext) => TContext,
    maxPages = 16,
    ttlMs = 10_000,
  ) {
    this.answers = new KeptOnce(maxPages, ttlMs);
  }

  /** Answers computed ahead that no request took. */
  get dropped(): number {
    return this.answers.dropped;
  }

  /**
   * Answers an export page (its context built from the checked request): from the answer
   * computed ahead for exactly this request and identity when there is one, else by executing
   * it; then computes the next page's answer ahead.
   */
  async execute(request: HTTPGraphQLRequest & { body: SubgraphRequest }, context: TContext): Promise<HTTPGraphQLResponse> {
    let answer = (await this.answers.take(requestKey(context.identity, request.body))) ?? null;
    if (answer) {
      this.hits += 1;
    } else {
      answer = await this.run(request, context);
    }
    this.ahead(request, context, answer);
    return answer.response;
  }

  /** Forgets every answer computed ahead. */
  clear(): void {
    this.answers.clear();
  }

  private async run(request: HTTPGraphQLRequest, context: TContext): Promise<Answer> {
    const response = await this.apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: request, context: async () => context });
    const result = context.exportPage?.result;
    const keep = (response.status ?? 200) === 200 && response.body.kind === 'complete' && !!result && !result.errors?.length;
    return { response, data: result?.data, keep };
  }

  /**
   * Executes the requests for the `depth` pages after `answer`, for the same identity: each as
   * soon as the one before it is computed (its end cursor is the next one's `$after`), those
   * computed or being computed already not again. Two pages: with one, the next page was started
   * only when the gateway's request for this one came, and every delay on the gateway's side (its
   * client reading slowly, its own work) left this subgraph idle, when on an export it is the
   * busiest process of all.
   */
  private ahead(request: HTTPGraphQLRequest & { body: SubgraphRequest }, context: TContext, answer: Answer, depth = AHEAD_PAGES): void {
    const next = answer.keep && depth > 0 ? nextPageRequest(request.body, answer.data) : null;
    if (!next) {
      return;
    }
    const key = requestKey(context.identity, next);
    const nextRequest = { ...request, body: next };
    let computed = this.answers.peek(key);
    if (!computed) {
      const requestId = `${context.requestId}:next`;
      const nextContext = this.createContext({
        requestId,
        principal: context.principal,
        log: context.log.child({ requestId }),
        identity: context.identity,
        clientAddress: context.clientAddress,
        exportPage: {},
      });
      computed = this.run(nextRequest, nextContext).then(
        a => (a.keep ? a : null),
        () => null,
      );
      this.answers.keep(key, computed);
    }
    if (depth > 1) {
      void computed.then(a => a && this.ahead(nextRequest, context, a, depth - 1));
    }
  }
}
