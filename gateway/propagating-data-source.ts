import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError, Kind, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { Metrics } from '../common/metrics';
import { backoffDelay, CircuitBreaker, classifyFetchError, isRetryable, sleep, type FetchFailureKind } from '../common/resilience';
import { injectTraceHeaders, traceSubgraphFetch, type FetchSummary } from '../common/tracing';
import type { GatewayContext } from './context';

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
}

/** Above this many entities, one error stands for the rest (the response stays small). */
const MAX_ERRORS_PER_FETCH = 100;

interface Failure {
  readonly kind: FetchFailureKind;
  readonly status?: number;
}

/**
 * Sends the gateway's fetches to one subgraph, forwarding the request id, the principal and the
 * authorization header, and contains the subgraph's failures:
 * - every attempt has a deadline (`timeoutMs`), the answer's body included;
 * - a query whose attempt failed to connect or met a 502/503/504 is retried with backoff; a
 *   mutation never is (it might have been applied);
 * - a circuit breaker fails fast while the subgraph is down and lets one probe through now and
 *   then, so a returning subgraph is used again without a restart;
 * - a failed fetch becomes coded errors (DOWNSTREAM_SERVICE_ERROR with `serviceName` and the
 *   reason), one per entity or root field the fetch was for, so that the gateway places each at
 *   its path in the client's response and answers with the rest of the data;
 * - errors a subgraph answers with, even with a 4xx status, are passed on, every one of them.
 */
export class PropagatingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  readonly breaker: CircuitBreaker;
  private readonly resilience: ResilienceOptions;
  private readonly metrics?: Metrics;

  constructor(
    readonly serviceName: string,
    url: string,
    private readonly onFetch?: FetchObserver,
    opts: PropagatingDataSourceOptions = {},
  ) {
    const resilience = { ...DEFAULT_RESILIENCE, ...stripUndefined(opts.resilience ?? {}) };
    super({
      url,
      // Node's fetch, with a deadline per attempt: AbortSignal.timeout also cuts a body that
      // stalls half-way.
      fetcher: ((input: string, init: RequestInit) => fetch(input, { ...init, signal: AbortSignal.timeout(resilience.timeoutMs) })) as never,
    });
    this.resilience = resilience;
    this.metrics = opts.metrics;
    this.breaker = new CircuitBreaker({
      failureThreshold: resilience.breakerFailures,
      resetAfterMs: resilience.breakerResetMs,
      onStateChange: state => this.metrics?.circuitOpen.set({ service: serviceName }, state === 'closed' ? 0 : 1),
    });
    this.metrics?.circuitOpen.set({ service: serviceName }, 0);
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    this.onFetch?.(this.serviceName, { query: request.query ?? '', variables: request.variables });
    const headers = request.http?.headers;
    if (headers) {
      // W3C traceparent of this fetch's span, when tracing is on.
      injectTraceHeaders(headers);
    }
    if (!headers || !context || !('requestId' in context) || typeof context.requestId !== 'string') {
      return;
    }
    headers.set('x-request-id', context.requestId);
    if (context.principal) {
      headers.set('x-principal', context.principal);
    }
    if (context.authorization) {
      headers.set('authorization', context.authorization);
    }
  }

  override process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    // One `subgraph.fetch` span per fetch (all attempts), when tracing is on.
    return traceSubgraphFetch(this.serviceName, (options.context as Partial<GatewayContext> | undefined)?.requestId, note => this.guardedProcess(options, note));
  }

  private async guardedProcess(options: GraphQLDataSourceProcessOptions<GatewayContext>, note: (summary: FetchSummary) => void): Promise<GatewayGraphQLResponse> {
    const started = process.hrtime.bigint();
    const document = 'document' in options ? options.document : undefined;
    const operation = operationOf(document, options.request.query);
    const mutation = operation?.operation === 'mutation';
    const maxAttempts = mutation ? 1 : 1 + Math.max(0, this.resilience.retries);
    let failure: Failure = { kind: 'CIRCUIT_OPEN' };
    let attempts = 0;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (!this.breaker.allow()) {
        failure = { kind: 'CIRCUIT_OPEN' };
        break;
      }
      attempts = attempt;
      try {
        const response = await super.process(options);
        this.breaker.success();
        this.observe(started, 'ok');
        note({ outcome: 'ok', attempts: attempt });
        return response;
      } catch (err) {
        const answered = httpAnswer(err);
        if (answered) {
          if (answered.status >= 500) {
            this.breaker.failure();
          } else {
            this.breaker.success();
          }
          if (answered.errors && answered.status < 500) {
            // The subgraph refused the request and said why: its errors go to the client as they are.
            this.observe(started, 'error', 'HTTP_ERROR');
            note({ outcome: 'error', attempts: attempt, reason: 'HTTP_ERROR', status: answered.status });
            return { errors: answered.errors };
          }
          failure = { kind: [502, 503, 504].includes(answered.status) ? 'UNAVAILABLE' : 'HTTP_ERROR', status: answered.status };
        } else {
          this.breaker.failure();
          failure = { kind: classifyFetchError(err) };
        }
        if (attempt === maxAttempts || !isRetryable(failure.kind)) {
          break;
        }
        this.metrics?.subgraphRetries.inc({ service: this.serviceName });
        await sleep(backoffDelay(attempt, { baseMs: this.resilience.retryBaseMs }));
      }
    }
    this.observe(started, 'error', failure.kind);
    note({ outcome: 'error', attempts, reason: failure.kind, status: failure.status });
    const context = options.context as Partial<GatewayContext> | undefined;
    context?.log?.warn({ serviceName: this.serviceName, reason: failure.kind, status: failure.status, attempts, mutation }, 'subgraph fetch failed');
    return { errors: this.failureErrors(failure, attempts, mutation, operation, options.request.variables) };
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

/** The HTTP status and GraphQL errors of a non-2xx answer, as RemoteGraphQLDataSource reports it. */
function httpAnswer(err: unknown): { status: number; errors?: GraphQLError[] } | null {
  if (!(err instanceof GraphQLError)) {
    return null;
  }
  const response = err.extensions?.response as { status?: unknown; body?: unknown } | undefined;
  if (!response || typeof response.status !== 'number') {
    return null;
  }
  const body = response.body as { errors?: unknown } | undefined;
  const errors =
    body && typeof body === 'object' && Array.isArray(body.errors) && body.errors.length > 0
      ? body.errors.filter(isErrorLike).map(e => new GraphQLError(e.message, { extensions: e.extensions, ...(e.path ? { path: e.path } : {}) }))
      : undefined;
  return { status: response.status, errors: errors && errors.length > 0 ? errors : undefined };
}

function isErrorLike(e: unknown): e is { message: string; extensions?: Record<string, unknown>; path?: (string | number)[] } {
  return !!e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string';
}

function operationOf(document: DocumentNode | undefined, query: string | undefined): OperationDefinitionNode | undefined {
  let doc = document;
  if (!doc && query) {
    try {
      doc = parse(query);
    } catch {
      return undefined;
    }
  }
  return doc?.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
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
