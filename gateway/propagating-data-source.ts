import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError, Kind, parse, type OperationDefinitionNode } from 'graphql';
import type { Metrics } from '../common/metrics';
import { backoffDelay, CircuitBreaker, classifyFetchError, isRetryable, sleep, type FetchFailureKind } from '../common/resilience';
import { injectTraceHeaders, traceSubgraphFetch, type FetchSummary } from '../common/tracing';
import type { GatewayContext } from './context';
import { IDENTITY_HEADER, signIdentity } from '../common/identity/signed-header';
import { READ_AHEAD_HEADER } from '../common/request-context';
import { SubgraphClient } from './subgraph-client';
import { mergeFetches, type MergedFetch, type PlannedFetch } from './plan/merge-fetches';
import { dedupeRepresentations, type DedupedFetch } from './plan/dedupe';
import { nextPageRequest, withAfter, type SubgraphRequest } from '../common/next-page';
import type { DirectPage, PageReader, ReadAheadSlot } from './export/read-ahead';
import type { RawConnectionPage } from './export/raw-page';

/** What the gateway sent to a subgraph. */
export interface SubgraphFetch {
  readonly query: string;
  readonly variables: Record<string, unknown> | undefined;
}

/** Called once per subgraph fetch; tests count fetches with it, the benchmark records them. */
export type FetchObserver = (serviceName: string, fetch: SubgraphFetch) => void;

/** How the gateway guards its calls to one subgraph. */
export interface ResilienceOptions {
  /** Longest wait for one attempt, answer body included, in ms. */
  readonly timeoutMs: number;
  /** Further attempts after a connection failure or a 502/503/504 (queries only, never mutations). */
  readonly retries: number;
  /** First backoff delay in ms, doubled per retry, with jitter. */
  readonly retryBaseMs: number;
  /** Consecutive failed attempts that open the circuit. */
  readonly breakerFailures: number;
  /** How long an open circuit fails fast before it lets one probe through, in ms. */
  readonly breakerResetMs: number;
}

export const DEFAULT_RESILIENCE: ResilienceOptions = Object.freeze({
  timeoutMs: 10_000,
  retries: 2,
  retryBaseMs: 50,
  breakerFailures: 5,
  breakerResetMs: 2_000,
});

export interface PropagatingDataSourceOptions {
  readonly resilience?: Partial<ResilienceOptions>;
  readonly metrics?: Metrics;
  /** Secret of the signed identity header (issue 6); none: the caller's authorization is forwarded instead. */
  readonly identitySecret?: string;
  /** Send the fetches of one plan step to this subgraph as one request (default true). */
  readonly mergeFetches?: boolean;
}

interface PendingFetch {
  readonly options: GraphQLDataSourceProcessOptions<GatewayContext>;
  readonly resolve: (response: GatewayGraphQLResponse) => void;
  readonly reject: (err: unknown) => void;
}

/** Above this many entities, one error stands for the rest (the response stays small). */
const MAX_ERRORS_PER_FETCH = 100;

interface Failure {
  readonly kind: FetchFailureKind;
  readonly status?: number;
}

/** An export page's 2xx answer read without parsing it (gateway/export/raw-page.ts): its text and its page. */
interface RawAnswer {
  readonly text: string;
  readonly page: RawConnectionPage;
}

/**
 * What one exchange with the subgraph came to: its parsed answer (with its text when it was a
 * 2xx answer), an export page read raw, or why there is none.
 */
type Outcome = { response: GatewayGraphQLResponse; text?: string } | { raw: RawAnswer } | { failure: Failure; attempts: number };

/** A subgraph's answer with a non-2xx status: the status, and its GraphQL errors if it gave any. */
interface HttpRefusal {
  readonly status: number;
  readonly errors?: GraphQLError[];
}

/**
 * Sends the gateway's fetches to one subgraph, forwarding the request id, the principal, the
 * signed identity (when the gateway has an identity secret) or else the caller's authorization
 * header, and contains the subgraph's failures:
 * - every attempt has a deadline (`timeoutMs`), the answer's body included;
 * - a query whose attempt failed to connect or met a 502/503/504 is retried with backoff; a
 *   mutation never is (it might have been applied);
 * - a circuit breaker fails fast while the subgraph is down and lets one probe through now and
 *   then, so a returning subgraph is used again without a restart;
 * - a failed fetch becomes coded errors (DOWNSTREAM_SERVICE_ERROR with `serviceName` and the
 *   reason), one per entity or root field the fetch was for, so that the gateway places each at
 *   its path in the client's response and answers with the rest of the data;
 * - errors a subgraph answers with, even with a 4xx status, are passed on, every one of them.
 *
 * Requests go out over kept-alive connections (SubgraphClient), not through
 * RemoteGraphQLDataSource and `fetch`: same requests, a fraction of the CPU.
 */
export class PropagatingDataSource implements GraphQLDataSource<GatewayContext> {
  readonly breaker: CircuitBreaker;
  private readonly resilience: ResilienceOptions;
  private readonly metrics?: Metrics;
  private readonly client: SubgraphClient;
  private readonly identitySecret?: string;
  private readonly merging: boolean;
  /** Fetches of the current plan step, per client request (its context), not yet sent. */
  private readonly pending = new Map<object, PendingFetch[]>();

  constructor(
    readonly serviceName: string,
    url: string,
    private readonly onFetch?: FetchObserver,
    opts: PropagatingDataSourceOptions = {},
  ) {
    const resilience = { ...DEFAULT_RESILIENCE, ...stripUndefined(opts.resilience ?? {}) };
    this.client = new SubgraphClient(url);
    this.identitySecret = opts.identitySecret;
    this.merging = opts.mergeFetches ?? true;
    this.resilience = resilience;
    this.metrics = opts.metrics;
    this.breaker = new CircuitBreaker({
      failureThreshold: resilience.breakerFailures,
      resetAfterMs: resilience.breakerResetMs,
      onStateChange: state => this.metrics?.circuitOpen.set({ service: serviceName }, state === 'closed' ? 0 : 1),
    });
    this.metrics?.circuitOpen.set({ service: serviceName }, 0);
  }

  /** The headers of one fetch: JSON, the request id, who is asking, and the trace context. */
  private headersFor(context: Partial<GatewayContext> | undefined): Record<string, string> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    // W3C traceparent of this fetch's span, when tracing is on.
    injectTraceHeaders({ set: (name, value) => (headers[name] = value) });
    if (!context || typeof context.requestId !== 'string') {
      return headers;
    }
    headers['x-request-id'] = context.requestId;
    if (context.readAhead) {
      // One page of an export: the subgraph may read the next page ahead (common/request-context.ts).
      headers[READ_AHEAD_HEADER] = '1';
    }
    if (context.principal) {
      headers['x-principal'] = context.principal;
    }
    if (this.identitySecret && context.identity) {
      // The caller's identity, signed with the shared secret; the principal is the authenticated
      // one, whatever x-principal the client sent. The credential itself stops at the gateway.
      headers[IDENTITY_HEADER] = signIdentity(context.identity, context.requestId, this.identitySecret);
      headers['x-principal'] = context.identity.sub;
    } else if (context.authorization) {
      headers.authorization = context.authorization;
    }
    return headers;
  }

  /**
   * One fetch of the query plan. Queries issued together for one client request (the fetches of
   * one plan step, gateway/plan/level-plan.ts) are held until the step has issued all of them
   * (`process.nextTick`: the plan starts a step's fetches synchronously) and go to the subgraph
   * as one merged operation when there are several.
   */
  process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const context = options.context as object | undefined;
    if (!this.merging || !context || typeof context !== 'object' || isMutationText(options.request.query)) {
      return this.processOne(options);
    }
    return new Promise<GatewayGraphQLResponse>((resolve, reject) => {
      let pending = this.pending.get(context);
      if (!pending) {
        pending = [];
        this.pending.set(context, pending);
        process.nextTick(() => this.flush(context));
      }
      pending.push({ options, resolve, reject });
    });
  }

  /** Closes the pooled connections to the subgraph. */
  close(): void {
    this.client.close();
  }

  private flush(context: object): void {
    const items = this.pending.get(context) ?? [];
    this.pending.delete(context);
    const one = (item: PendingFetch) => this.processOne(item.options).then(item.resolve, item.reject);
    if (items.length === 1) {
      void one(items[0]);
      return;
    }
    const deduped = items.map(i => dedupeRepresentations(i.options.request as PlannedFetch));
    const merged = mergeFetches(items.map((i, k) => deduped[k]?.request ?? (i.options.request as PlannedFetch)));
    if (!merged) {
      items.forEach(one);
      return;
    }
    this.processMerged(items, deduped, merged).catch(err => items.forEach(i => i.reject(err)));
  }

  private processOne(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const context = options.context as Partial<GatewayContext> | undefined;
    const { request } = options;
    // One `subgraph.fetch` span per request to the subgraph (all attempts), when tracing is on.
    return traceSubgraphFetch(this.serviceName, context?.requestId, async note => {
      const mutation = isMutationText(request.query);
      // Each distinct entity once (gateway/plan/dedupe.ts).
      const deduped = mutation ? null : dedupeRepresentations(request as PlannedFetch);
      const variables = deduped?.request.variables ?? request.variables;
      const sent: SubgraphRequest = { query: request.query ?? '', variables, operationName: request.operationName, extensions: request.extensions };
      const ahead = mutation ? undefined : context?.readAhead;
      const outcome = await this.exchange(sent, context, mutation, note, ahead);
      const response = 'raw' in outcome ? parsedRaw(outcome.raw) : 'response' in outcome ? outcome.response : null;
      if (ahead?.page === 1) {
        // What the export's first page asked of this subgraph (gateway/export/route.ts: direct pages).
        ahead.pages.record({ service: this.serviceName, source: this, request: deduped ? null : sent, text: 'raw' in outcome ? outcome.raw.text : 'response' in outcome ? outcome.text : undefined, clean: !!response && !response.errors?.length });
      }
      if (response) {
        return deduped ? deduped.expand(response) : response;
      }
      const failed = outcome as { failure: Failure; attempts: number };
      return { errors: this.failureErrors(failed.failure, failed.attempts, mutation, operationOf(request.query), request.variables) };
    });
  }

  /** Several fetches of one step as one request; the answer is cut back into one per fetch. */
  private async processMerged(items: readonly PendingFetch[], deduped: readonly (DedupedFetch | null)[], merged: MergedFetch): Promise<void> {
    const context = items[0].options.context as Partial<GatewayContext> | undefined;
    if (context?.readAhead?.page === 1) {
      context.readAhead.pages.record({ service: this.serviceName, source: null, request: null, text: undefined, clean: false });
    }
    const outcome = await traceSubgraphFetch(this.serviceName, context?.requestId, note =>
      this.exchange({ query: merged.query, variables: merged.variables, operationName: merged.operationName }, context, false, note),
    );
    if ('failure' in outcome) {
      for (const item of items) {
        const request = item.options.request;
        item.resolve({ errors: this.failureErrors(outcome.failure, outcome.attempts, false, operationOf(request.query), request.variables) });
      }
      return;
    }
    const response = 'raw' in outcome ? parsedRaw(outcome.raw) : outcome.response;
    if (response.data === null || response.data === undefined) {
      // No data at all: one fetch's error reached the root. Each fetch is asked alone, so that
      // the others' data and every error land where they would have without merging.
      await Promise.all(items.map(item => this.processOne(item.options).then(item.resolve, item.reject)));
      return;
    }
    const answers = merged.split(response);
    items.forEach((item, i) => item.resolve(deduped[i] ? deduped[i]!.expand(answers[i]) : answers[i]));
  }

  /**
   * Sends one request with the resilience rules: deadline, retries for queries, circuit breaker.
   * Resolves with the subgraph's answer (its errors passed on) or with why there is none.
   */
  private async exchange(
    request: SubgraphRequest,
    context: Partial<GatewayContext> | undefined,
    mutation: boolean,
    note: (summary: FetchSummary) => void,
    ahead?: ReadAheadSlot,
    reader?: PageReader,
  ): Promise<Outcome> {
    const body = JSON.stringify(request);
    if (ahead && context?.requestId) {
      // An export page whose request went out early (gateway/export/read-ahead.ts).
      const early = ahead.pages.take<Outcome>(this.serviceName, body, context.requestId);
      const outcome = early ? asRead(await early.answer, reader) : undefined;
      if (outcome) {
        note({ outcome: 'ok', attempts: 1 });
        this.readAhead(request, outcome, ahead, reader);
        return outcome;
      }
    }
    const started = process.hrtime.bigint();
    this.onFetch?.(this.serviceName, { query: request.query, variables: request.variables });
    const maxAttempts = mutation ? 1 : 1 + Math.max(0, this.resilience.retries);
    const headers = this.headersFor(context);
    let failure: Failure = { kind: 'CIRCUIT_OPEN' };
    let attempts = 0;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (!this.breaker.allow()) {
        failure = { kind: 'CIRCUIT_OPEN' };
        break;
      }
      attempts = attempt;
      try {
        const answer = await this.send(body, headers, reader);
        if (!isRefusal(answer)) {
          this.breaker.success();
          this.observe(started, 'ok');
          note({ outcome: 'ok', attempts: attempt });
          if (ahead) {
            this.readAhead(request, answer, ahead, reader);
          }
          return answer;
        }
        if (answer.status >= 500) {
          this.breaker.failure();
        } else {
          this.breaker.success();
        }
        if (answer.errors && answer.status < 500) {
          // The subgraph refused the request and said why: its errors go to the client as they are.
          this.observe(started, 'error', 'HTTP_ERROR');
          note({ outcome: 'error', attempts: attempt, reason: 'HTTP_ERROR', status: answer.status });
          return { response: { errors: answer.errors } };
        }
        failure = { kind: [502, 503, 504].includes(answer.status) ? 'UNAVAILABLE' : 'HTTP_ERROR', status: answer.status };
      } catch (err) {
        this.breaker.failure();
        failure = { kind: classifyFetchError(err) };
      }
      if (attempt === maxAttempts || !isRetryable(failure.kind)) {
        break;
      }
      this.metrics?.subgraphRetries.inc({ service: this.serviceName });
      await sleep(backoffDelay(attempt, { baseMs: this.resilience.retryBaseMs }));
    }
    this.observe(started, 'error', failure.kind);
    note({ outcome: 'error', attempts, reason: failure.kind, status: failure.status });
    context?.log?.warn({ serviceName: this.serviceName, reason: failure.kind, status: failure.status, attempts, mutation }, 'subgraph fetch failed');
    return { failure, attempts };
  }

  /**
   * After an export page's answer (`request` answered by `response`, page `ahead.page`): sends the
   * request for the next page now, while the gateway is still busy with this one, and leaves its
   * answer for that page's fetch to take (gateway/export/read-ahead.ts). One page ahead: nothing
   * is sent while an early page of this subgraph waits to be taken, and the early request is
   * itself sent without read-ahead.
   */
  private readAhead(request: SubgraphRequest, answer: { response: GatewayGraphQLResponse } | { raw: RawAnswer }, ahead: ReadAheadSlot, reader?: PageReader): void {
    const pages = ahead.pages;
    if (pages.isClosed || pages.holds(this.serviceName)) {
      return;
    }
    let next: SubgraphRequest | null;
    if ('raw' in answer) {
      next = answer.raw.page.hasNextPage ? withAfter(request, answer.raw.page.endCursor) : null;
    } else {
      next = answer.response.errors && answer.response.errors.length > 0 ? null : nextPageRequest(request, answer.response.data);
    }
    if (!next) {
      return;
    }
    const page = ahead.page + 1;
    const context = pages.contextOf(page);
    pages.put(this.serviceName, {
      page,
      request: next,
      body: JSON.stringify(next),
      requestId: context.requestId,
      answer: this.exchange(next, context, false, () => undefined, undefined, reader).catch((): Outcome => ({ failure: { kind: 'CONNECTION' }, attempts: 1 })),
    });
  }

  /**
   * One page of an export sent straight to this subgraph, its answer read raw when it is a clean
   * page (gateway/export/route.ts: direct pages), with the resilience rules and the read-ahead of
   * any other fetch. Anything else (errors in the answer, a failure) comes back as the parsed
   * answer or the coded errors, for the export to fetch that page the ordinary way.
   */
  exportPage(request: SubgraphRequest, context: GatewayContext, reader: PageReader): Promise<DirectPage> {
    return traceSubgraphFetch(this.serviceName, context.requestId, async note => {
      const outcome = await this.exchange(request, context, false, note, context.readAhead, reader);
      if ('raw' in outcome) {
        return { page: outcome.raw.page };
      }
      if ('response' in outcome) {
        return { response: outcome.response };
      }
      return { response: { errors: this.failureErrors(outcome.failure, outcome.attempts, false, operationOf(request.query), request.variables) } };
    });
  }

  /** One attempt: the subgraph's GraphQL answer, or its refusal (non-2xx); throws on a transport failure. */
  private async send(body: string, headers: Record<string, string>, reader?: PageReader): Promise<{ response: GatewayGraphQLResponse; text: string } | { raw: RawAnswer } | HttpRefusal> {
    const answer = await this.client.post(body, headers, this.resilience.timeoutMs);
    const json = answer.contentType.startsWith('application/json') || answer.contentType.startsWith('application/graphql-response+json');
    if (answer.status < 200 || answer.status >= 300) {
      let parsed: unknown;
      try {
        parsed = json ? JSON.parse(answer.body) : undefined;
      } catch {
        parsed = undefined;
      }
      return refusalOf(answer.status, parsed);
    }
    if (!json) {
      throw new Error(`Expected a JSON answer, got ${answer.contentType || 'no content type'}`);
    }
    const page = reader?.(answer.body);
    if (page) {
      return { raw: { text: answer.body, page } };
    }
    const parsed: unknown = JSON.parse(answer.body);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error('Expected a JSON object as the answer');
    }
    return { response: parsed as GatewayGraphQLResponse, text: answer.body };
  }

  private observe(started: bigint, outcome: 'ok' | 'error', reason?: FetchFailureKind): void {
    if (!this.metrics) {
      return;
    }
    this.metrics.subgraphFetchDuration.observe({ service: this.serviceName, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
    if (reason) {
      this.metrics.subgraphFetchErrors.inc({ service: this.serviceName, reason });
    }
  }

  private failureErrors(
    failure: Failure,
    attempts: number,
    mutation: boolean,
    operation: OperationDefinitionNode | undefined,
    variables: Record<string, unknown> | undefined,
  ): GraphQLError[] {
    const message = describe(this.serviceName, failure, this.resilience.timeoutMs, mutation);
    const extensions = {
      code: 'DOWNSTREAM_SERVICE_ERROR',
      serviceName: this.serviceName,
      reason: failure.kind,
      ...(failure.status ? { status: failure.status } : {}),
      attempts,
    };
    // Paths as the subgraph would have given them; the gateway maps them into the client's response.
    const representations = variables?.representations;
    let paths: (string | number)[][];
    if (Array.isArray(representations)) {
      const fields = entityResponseKeys(operation);
      paths = representations.slice(0, MAX_ERRORS_PER_FETCH).flatMap((r: unknown, i) => {
        const typename = (r as { __typename?: unknown } | null)?.__typename;
        const keys = fields.get(typeof typename === 'string' ? typename : '') ?? [];
        return keys.length > 0 ? keys.map(k => ['_entities', i, k]) : [['_entities', i]];
      });
    } else {
      paths = rootResponseKeys(operation).map(k => [k]);
    }
    if (paths.length === 0) {
      return [new GraphQLError(message, { extensions })];
    }
    const errors = paths.map(path => new GraphQLError(message, { path, extensions }));
    if (Array.isArray(representations) && representations.length > MAX_ERRORS_PER_FETCH) {
      errors.push(new GraphQLError(`${message} (${representations.length - MAX_ERRORS_PER_FETCH} more entities)`, { extensions }));
    }
    return errors;
  }
}

function describe(service: string, failure: Failure, timeoutMs: number, mutation: boolean): string {
  const tail = mutation ? ' Whether the mutation was applied is unknown: check before repeating it.' : ' The fields it serves are null.';
  switch (failure.kind) {
    case 'TIMEOUT':
      return `The ${service} subgraph did not answer within ${timeoutMs} ms.${tail}`;
    case 'CONNECTION':
      return `The ${service} subgraph could not be reached.${mutation ? ' The mutation was not applied.' : ' The fields it serves are null.'}`;
    case 'CIRCUIT_OPEN':
      return `The ${service} subgraph is unavailable; calls fail fast until it answers again.${mutation ? ' The mutation was not applied.' : ' The fields it serves are null.'}`;
    case 'UNAVAILABLE':
    case 'HTTP_ERROR':
      return `The ${service} subgraph answered HTTP ${failure.status ?? 'error'}.${tail}`;
    default:
      return `The ${service} subgraph sent an answer that is not GraphQL.${tail}`;
  }
}

function isRefusal<T extends object>(answer: T | HttpRefusal): answer is HttpRefusal {
  return typeof (answer as HttpRefusal).status === 'number';
}

/** The parsed answer of a page read raw (its text was JSON the reader walked whole). */
function parsedRaw(raw: RawAnswer): GatewayGraphQLResponse {
  return JSON.parse(raw.text) as GatewayGraphQLResponse;
}

/**
 * An early page's outcome as this fetch reads answers: raw when it has a reader and the text is a
 * clean page, parsed otherwise. Undefined when there is no answer to use (a failure, or a text
 * that no longer parses), so that the page is asked again.
 */
function asRead(outcome: Outcome, reader: PageReader | undefined): { response: GatewayGraphQLResponse; text?: string } | { raw: RawAnswer } | undefined {
  if ('failure' in outcome) {
    return undefined;
  }
  if ('raw' in outcome) {
    if (reader) {
      return outcome;
    }
    try {
      return { response: parsedRaw(outcome.raw), text: outcome.raw.text };
    } catch {
      return undefined;
    }
  }
  const page = reader && outcome.text !== undefined ? reader(outcome.text) : null;
  return page ? { raw: { text: outcome.text!, page } } : outcome;
}

/** A non-2xx answer: its status, and the GraphQL errors in its body if there are any. */
function refusalOf(status: number, body: unknown): HttpRefusal {
  const list = body && typeof body === 'object' ? (body as { errors?: unknown }).errors : undefined;
  const errors = Array.isArray(list)
    ? list.filter(isErrorLike).map(e => new GraphQLError(e.message, { extensions: e.extensions, ...(e.path ? { path: e.path } : {}) }))
    : [];
  return { status, errors: errors.length > 0 ? errors : undefined };
}

function isErrorLike(e: unknown): e is { message: string; extensions?: Record<string, unknown>; path?: (string | number)[] } {
  return !!e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string';
}

/** Is this operation text a mutation? The planner's fetches start with their operation type. */
function isMutationText(query: string | undefined): boolean {
  return !!query && /^\s*mutation\b/.test(query);
}

/** The operation of a fetch's text (parsed only when a fetch failed and its paths are needed). */
function operationOf(query: string | undefined): OperationDefinitionNode | undefined {
  if (!query) {
    return undefined;
  }
  try {
    return parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  } catch {
    return undefined;
  }
}

function rootResponseKeys(operation: OperationDefinitionNode | undefined): string[] {
  if (!operation) {
    return [];
  }
  const keys: string[] = [];
  for (const s of operation.selectionSet.selections) {
    if (s.kind === Kind.FIELD && s.name.value !== '__typename') {
      keys.push(s.alias?.value ?? s.name.value);
    }
  }
  return keys;
}

/** For an `_entities` fetch: the response keys it asks of each entity type. */
function entityResponseKeys(operation: OperationDefinitionNode | undefined): Map<string, string[]> {
  const byType = new Map<string, string[]>();
  const entities = operation?.selectionSet.selections.find(s => s.kind === Kind.FIELD && s.name.value === '_entities');
  if (!entities || entities.kind !== Kind.FIELD || !entities.selectionSet) {
    return byType;
  }
  for (const s of entities.selectionSet.selections) {
    if (s.kind !== Kind.INLINE_FRAGMENT || !s.typeCondition) {
      continue;
    }
    const keys = byType.get(s.typeCondition.name.value) ?? [];
    for (const f of s.selectionSet.selections) {
      if (f.kind === Kind.FIELD && f.name.value !== '__typename') {
        keys.push(f.alias?.value ?? f.name.value);
      }
    }
    byType.set(s.typeCondition.name.value, keys);
  }
  return byType;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
