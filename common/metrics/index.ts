import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import DataLoader from 'dataloader';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { annotateRequest } from '../tracing';

/** Latency buckets in seconds: 1 ms to 10 s. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** At most this many distinct operation names are labelled; the rest count as `other`. */
const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** DataLoader batch sizes (keys per batch). */
const BATCH_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000];
/** Each subgraph's metrics, found from its data source (the loaders are made per request from it). */
const byDataSource = new WeakMap<DataSource, Metrics>();

/** A request's outcome: no errors, data with errors, or errors and no data. */
export type RequestOutcome = 'success' | 'partial' | 'error';

/**
 * One process's Prometheus metrics, in a registry of its own (the tests run five services in one
 * process). Exposed as text at `GET /metrics` by {@link metricsRoute}.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly requests: Counter<'operation' | 'outcome'>;
  readonly requestDuration: Histogram<'operation' | 'outcome'>;
  readonly errors: Counter<'code'>;
  readonly subgraphFetchDuration: Histogram<'service' | 'outcome'>;
  readonly subgraphFetchErrors: Counter<'service' | 'reason'>;
  readonly subgraphRetries: Counter<'service'>;
  readonly circuitOpen: Gauge<'service'>;
  readonly dbQueryDuration: Histogram<'outcome'>;
  readonly loaderBatchSize: Histogram<'loader'>;
  readonly loaderBatches: Counter<'loader' | 'outcome'>;
  readonly exportPages: Counter<'path'>;
  private readonly names = new Set<string>();

  constructor(readonly service: string) {
    const registers = [this.registry];
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'graphql_requests_total',
      help: 'GraphQL requests by operation name and outcome (success, partial, error).',
      labelNames: ['operation', 'outcome'],
      registers,
    });
    this.requestDuration = new Histogram({
      name: 'graphql_request_duration_seconds',
      help: 'GraphQL request latency, from receipt to response, by operation name and outcome.',
      labelNames: ['operation', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.errors = new Counter({ name: 'graphql_errors_total', help: 'Errors in GraphQL responses by extensions.code.', labelNames: ['code'], registers });
    this.subgraphFetchDuration = new Histogram({
      name: 'subgraph_fetch_duration_seconds',
      help: 'Gateway to subgraph fetch latency (all attempts) by subgraph and outcome.',
      labelNames: ['service', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.subgraphFetchErrors = new Counter({
      name: 'subgraph_fetch_errors_total',
      help: 'Failed subgraph fetches by subgraph and reason (TIMEOUT, CONNECTION, UNAVAILABLE, HTTP_ERROR, CIRCUIT_OPEN, BAD_RESPONSE).',
      labelNames: ['service', 'reason'],
      registers,
    });
    this.subgraphRetries = new Counter({ name: 'subgraph_fetch_retries_total', help: 'Retried subgraph fetches (queries only).', labelNames: ['service'], registers });
    this.circuitOpen = new Gauge({ name: 'subgraph_circuit_open', help: '1 while the circuit breaker to the subgraph is open or probing, else 0.', labelNames: ['service'], registers });
    this.dbQueryDuration = new Histogram({
      name: 'db_query_duration_seconds',
      help: 'SQL statement latency by outcome (ok, error).',
      labelNames: ['outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.loaderBatchSize = new Histogram({
      name: 'dataloader_batch_size',
      help: 'Keys per DataLoader batch (one SQL statement each), by loader.',
      labelNames: ['loader'],
      buckets: BATCH_BUCKETS,
      registers,
    });
    this.loaderBatches = new Counter({
      name: 'dataloader_batches_total',
      help: 'DataLoader batches by loader and outcome (ok, error).',
      labelNames: ['loader', 'outcome'],
      registers,
    });
    this.exportPages = new Counter({
      name: 'export_pages_total',
      help: 'Pages of POST /export by path: gateway (executed as a GraphQL request) or direct (passed through from the one subgraph that answers it).',
      labelNames: ['path'],
      registers,
    });
  }

  /** A bounded label for a client-chosen operation name. */
  operationLabel(name: string | null | undefined): string {
    if (!name) {
      return 'anonymous';
    }
    if (!OPERATION_NAME.test(name)) {
      return 'other';
    }
    if (!this.names.has(name)) {
      if (this.names.size >= MAX_OPERATION_NAMES) {
        return 'other';
      }
      this.names.add(name);
    }
    return name;
  }

  /** Records requests, outcomes, latency and error codes of an Apollo Server. */
  graphqlPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
    return {
      requestDidStart: async () => {
        const start = process.hrtime.bigint();
        return {
          willSendResponse: async requestContext => {
            const { response, operationName, request } = requestContext;
            const body = response.body.kind === 'single' ? response.body.singleResult : null;
            const errors = body?.errors ?? [];
            const hasData = body?.data !== undefined && body?.data !== null;
            const outcome: RequestOutcome = errors.length === 0 ? 'success' : hasData ? 'partial' : 'error';
            const operation = this.operationLabel(operationName ?? request.operationName);
            this.requests.inc({ operation, outcome });
            this.requestDuration.observe({ operation, outcome }, Number(process.hrtime.bigint() - start) / 1e9);
            for (const e of errors) {
              const code = e.extensions?.code;
              this.errors.inc({ code: typeof code === 'string' && /^[A-Z_]{1,64}$/.test(code) ? code : 'UNCODED' });
            }
            // The request's span, when tracing is on (a no-op otherwise).
            annotateRequest({
              operationName: operationName ?? request.operationName,
              operationType: requestContext.operation?.operation,
              outcome,
              errorCount: errors.length,
              requestId: (requestContext.contextValue as { requestId?: unknown } | undefined)?.requestId,
            });
          },
        };
      },
    };
  }

  /**
   * Database pool use (gauges read at scrape time) and statement latency (a TypeORM subscriber
   * told of every statement with its execution time).
   */
  instrumentDatabase(dataSource: DataSource): void {
    byDataSource.set(dataSource, this);
    const registers = [this.registry];
    const pool = (): { totalCount?: number; idleCount?: number; waitingCount?: number } | undefined =>
      (dataSource.driver as unknown as { master?: { totalCount?: number; idleCount?: number; waitingCount?: number } }).master;
    new Gauge({
      name: 'db_pool_connections',
      help: 'Database pool connections by state (total, idle, waiting clients).',
      labelNames: ['state'],
      registers,
      collect() {
        const p = pool();
        this.set({ state: 'total' }, p?.totalCount ?? 0);
        this.set({ state: 'idle' }, p?.idleCount ?? 0);
        this.set({ state: 'waiting' }, p?.waitingCount ?? 0);
      },
    });
    const histogram = this.dbQueryDuration;
    dataSource.subscribers.push({
      afterQuery(event: { success: boolean; executionTime?: number }) {
        histogram.observe({ outcome: event.success ? 'ok' : 'error' }, (event.executionTime ?? 0) / 1000);
      },
    } as never);
  }

  /** The Prometheus text exposition. */
  async render(): Promise<string> {
    return this.registry.metrics();
  }
}

/**
 * A DataLoader whose batches are counted: `dataloader_batch_size{loader}` observes the keys of
 * every batch and `dataloader_batches_total{loader, outcome}` counts them, in the metrics of the
 * subgraph that owns `dataSource` (none when it is not served, e.g. in unit tests). `name` is a
 * label: a fixed, code-chosen name, never data.
 */
export function createLoader<K, V, C = K>(
  dataSource: DataSource,
  name: string,
  batch: DataLoader.BatchLoadFn<K, V>,
  options?: DataLoader.Options<K, V, C>,
): DataLoader<K, V, C> {
  return new DataLoader<K, V, C>(async keys => {
    const metrics = byDataSource.get(dataSource);
    if (!metrics) {
      return batch(keys);
    }
    metrics.loaderBatchSize.observe({ loader: name }, keys.length);
    try {
      const values = await batch(keys);
      metrics.loaderBatches.inc({ loader: name, outcome: 'ok' });
      return values;
    } catch (err) {
      metrics.loaderBatches.inc({ loader: name, outcome: 'error' });
      throw err;
    }
  }, options);
}

/** `GET /metrics`: the Prometheus text format. */
export function metricsRoute(metrics: Metrics): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET', 'content-type': 'text/plain; charset=utf-8' });
      res.end('GET only\n');
      return;
    }
    const text = await metrics.render();
    res.writeHead(200, { 'content-type': metrics.registry.contentType });
    res.end(text);
  };
}
