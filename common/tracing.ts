import type { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type * as OtelApi from '@opentelemetry/api';
import type * as OtelCore from '@opentelemetry/core';
import type * as OtelExporter from '@opentelemetry/exporter-trace-otlp-http';
import type * as OtelResources from '@opentelemetry/resources';
import type * as OtelSdk from '@opentelemetry/sdk-trace';
import { loadTracingConfig, type TracingConfig } from './config';

/**
 * OpenTelemetry traces (issue 7), off unless an OTLP endpoint is configured.
 *
 * Off, nothing of OpenTelemetry is even loaded: every hook below is one `null` check, no
 * AsyncLocalStorage is entered, no header is added, nothing is sent anywhere. On, each service
 * has its own tracer provider (resource `service.name` = gateway, entities, accounts, chain or
 * cases) with a batch span processor and the OTLP/HTTP JSON exporter. Nothing is registered
 * globally, so five services in one process (the tests) keep their own providers, and the
 * gateway library's own spans stay off.
 *
 * Spans: `graphql.request` (SERVER, every service; continues a W3C `traceparent`),
 * `subgraph.fetch` (CLIENT, gateway; injects `traceparent` into the subgraph request) and
 * `db.query` (CLIENT, subgraphs; one per SQL statement). Never in a span: query text or
 * variables, SQL parameter values, SQL string literals, tokens, error messages.
 */

/** What runs "inside" a span: the service's tracer and the context holding the span. */
interface Active {
  readonly tracer: OtelApi.Tracer;
  readonly context: OtelApi.Context;
}

interface Runtime {
  readonly api: typeof OtelApi;
  readonly als: AsyncLocalStorage<Active>;
  readonly propagator: OtelCore.W3CTraceContextPropagator;
}

/** Settings (null: not resolved yet, read from the environment on first use). */
let settings: TracingConfig | null = null;
/** Loaded only when tracing is on; the hot-path checks are `runtime === null`. */
let runtime: Runtime | null = null;
const services = new Map<string, ServiceTracing>();

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Longest SQL text kept in a span, after literals are masked. */
const MAX_STATEMENT = 300;

/** A service's tracer provider. */
export class ServiceTracing {
  private readonly tracer: OtelApi.Tracer;

  constructor(
    readonly service: string,
    private readonly provider: OtelSdk.TracerProvider,
    private readonly rt: Runtime,
  ) {
    this.tracer = provider.getTracer('compliance-graph');
  }

  /**
   * Runs an HTTP request's handling inside a `graphql.request` span that continues the caller's
   * trace (W3C `traceparent`, when valid). The span ends when the response is closed.
   */
  serve(req: IncomingMessage, res: ServerResponse, path: string, handle: () => void): void {
    const { api, als, propagator } = this.rt;
    const parent = propagator.extract(api.ROOT_CONTEXT, req.headers, api.defaultTextMapGetter);
    const given = req.headers['x-request-id'];
    const span = this.tracer.startSpan(
      'graphql.request',
      {
        kind: api.SpanKind.SERVER,
        attributes: {
          'http.request.method': req.method ?? 'GET',
          'url.path': path,
          ...(typeof given === 'string' && REQUEST_ID.test(given) ? { 'request.id': given } : {}),
        },
      },
      parent,
    );
    res.once('close', () => {
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500 || !res.writableFinished) {
        span.setStatus({ code: api.SpanStatusCode.ERROR, message: res.writableFinished ? `HTTP ${res.statusCode}` : 'connection closed before the response was sent' });
      }
      span.end();
    });
    als.run({ tracer: this.tracer, context: api.trace.setSpan(parent, span) }, handle);
  }

  /** Sends the spans this service has buffered (a server's close path). */
  async flush(timeoutMillis = 5000): Promise<void> {
    await this.provider.forceFlush({ timeoutMillis });
  }

  /** Flushes and stops the provider. */
  async shutdown(): Promise<void> {
    await this.provider.shutdown();
  }
}

/**
 * Sets where spans go, for the whole process (tests and embedders; `main.ts` need not call it:
 * the first service started reads `OTEL_*` from the environment). Providers made before are
 * shut down.
 */
export async function configureTracing(config: TracingConfig): Promise<void> {
  await shutdownTracing();
  settings = config;
}

/** The tracing of one service, made on first use; null when tracing is off. */
export function serviceTracing(service: string): ServiceTracing | null {
  settings ??= loadTracingConfig(process.env);
  if (settings.endpoint === null) {
    return null;
  }
  const existing = services.get(service);
  if (existing) {
    return existing;
  }
  const rt = (runtime ??= loadRuntime());
  /* eslint-disable @typescript-eslint/no-require-imports */
  const sdk = require('@opentelemetry/sdk-trace') as typeof OtelSdk;
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof OtelExporter;
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof OtelResources;
  /* eslint-enable @typescript-eslint/no-require-imports */
  // JSON (the exporter sets content-type application/json); the URL given wins over OTEL_* env.
  const exporter = new OTLPTraceExporter({ url: settings.endpoint, timeoutMillis: 5000 });
  const provider = new sdk.TracerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'service.namespace': 'compliance-graph' }),
    spanProcessors: [new sdk.BatchSpanProcessor({ exporter })],
  });
  const tracing = new ServiceTracing(service, provider, rt);
  services.set(service, tracing);
  return tracing;
}

/** The services that have a tracer provider (none while tracing is off). */
export function tracedServices(): string[] {
  return [...services.keys()];
}

/** Sends every service's buffered spans now. */
export async function flushTracing(): Promise<void> {
  await Promise.all([...services.values()].map(s => s.flush()));
}

/**
 * Flushes and stops every provider (on SIGTERM/SIGINT); the settings are forgotten, so that a
 * later start reads them again. Does nothing when tracing was never on.
 */
export async function shutdownTracing(): Promise<void> {
  const all = [...services.values()];
  services.clear();
  await Promise.all(all.map(s => s.shutdown().catch(() => undefined)));
  runtime?.als.disable();
  runtime = null;
  settings = null;
}

function loadRuntime(): Runtime {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const api = require('@opentelemetry/api') as typeof OtelApi;
  const { W3CTraceContextPropagator } = require('@opentelemetry/core') as typeof OtelCore;
  const { AsyncLocalStorage: Als } = require('node:async_hooks') as typeof import('node:async_hooks');
  /* eslint-enable @typescript-eslint/no-require-imports */
  return { api, als: new Als<Active>(), propagator: new W3CTraceContextPropagator() };
}

/** What an Apollo Server plugin knows of a request when it answers. */
export interface RequestSummary {
  readonly operationName?: string | null;
  readonly operationType?: string | null;
  readonly outcome: string;
  readonly errorCount: number;
  readonly requestId?: unknown;
}

/** Adds the GraphQL outcome to the current request span (no-op without one). */
export function annotateRequest(summary: RequestSummary): void {
  const active = runtime?.als.getStore();
  if (!active) {
    return;
  }
  const span = runtime!.api.trace.getSpan(active.context);
  if (!span) {
    return;
  }
  const name = summary.operationName;
  span.setAttributes({
    'graphql.operation.name': !name ? 'anonymous' : OPERATION_NAME.test(name) ? name : 'other',
    ...(summary.operationType ? { 'graphql.operation.type': summary.operationType } : {}),
    'graphql.outcome': summary.outcome,
    'graphql.error_count': summary.errorCount,
    ...(typeof summary.requestId === 'string' && REQUEST_ID.test(summary.requestId) ? { 'request.id': summary.requestId } : {}),
  });
}

/** What a subgraph fetch tells its span when it is over. */
export interface FetchSummary {
  readonly outcome: 'ok' | 'error';
  readonly attempts: number;
  /** The failure's kind (TIMEOUT, CONNECTION, ...). */
  readonly reason?: string;
  readonly status?: number;
}

/**
 * Runs a gateway-to-subgraph fetch inside a `subgraph.fetch` span, a child of the current
 * request span; `note` records how it ended. Without a current span, `fn` runs as it is.
 */
export async function traceSubgraphFetch<T>(service: string, requestId: unknown, fn: (note: (summary: FetchSummary) => void) => Promise<T>): Promise<T> {
  const rt = runtime;
  const active = rt?.als.getStore();
  if (!rt || !active) {
    return fn(noNote);
  }
  const { api } = rt;
  const span = active.tracer.startSpan(
    'subgraph.fetch',
    {
      kind: api.SpanKind.CLIENT,
      attributes: {
        'subgraph.name': service,
        ...(typeof requestId === 'string' && REQUEST_ID.test(requestId) ? { 'request.id': requestId } : {}),
      },
    },
    active.context,
  );
  const note = (s: FetchSummary) => {
    span.setAttributes({
      'subgraph.outcome': s.outcome,
      'subgraph.attempts': s.attempts,
      ...(s.reason ? { 'error.type': s.reason } : {}),
      ...(s.status ? { 'http.response.status_code': s.status } : {}),
    });
    if (s.outcome === 'error') {
      span.setStatus({ code: api.SpanStatusCode.ERROR, message: s.reason });
    }
  };
  try {
    return await rt.als.run({ tracer: active.tracer, context: api.trace.setSpan(active.context, span) }, () => fn(note));
  } catch (err) {
    span.setStatus({ code: api.SpanStatusCode.ERROR, message: 'exception' });
    throw err;
  } finally {
    span.end();
  }
}

function noNote(): void {}

/** Writes W3C `traceparent` (and `tracestate`) of the current span into outgoing headers. */
export function injectTraceHeaders(headers: { set(name: string, value: string): void }): void {
  const active = runtime?.als.getStore();
  if (!active) {
    return;
  }
  runtime!.propagator.inject(active.context, headers, { set: (carrier, key, value) => carrier.set(key, value) });
}

/**
 * A `db.query` span for a statement that just ended, under the current span (no-op without one:
 * migrations, seeding and health checks are not traced). Only the statement's text goes in,
 * string literals masked and cut to 300 characters; never its parameter values.
 */
export function recordQuery(sql: string, ok: boolean, executionMs: number | undefined, error?: unknown): void {
  const active = runtime?.als.getStore();
  if (!active) {
    return;
  }
  const { api } = runtime!;
  const end = Date.now();
  const operation = /^\s*([A-Za-z]+)/.exec(sql)?.[1]?.toUpperCase() ?? 'UNKNOWN';
  const span = active.tracer.startSpan(
    'db.query',
    {
      kind: api.SpanKind.CLIENT,
      startTime: new Date(end - (executionMs ?? 0)),
      attributes: {
        'db.system': 'postgresql',
        'db.system.name': 'postgresql',
        'db.operation.name': operation,
        'db.query.text': sanitizeStatement(sql),
      },
    },
    active.context,
  );
  if (!ok) {
    // The SQLSTATE only: a driver's message may quote the values.
    const code = (error as { code?: unknown } | undefined)?.code;
    span.setStatus({ code: api.SpanStatusCode.ERROR });
    span.setAttribute('error.type', typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : 'error');
  }
  span.end(new Date(end));
}

/**
 * SQL text fit for a span: string literals masked, whitespace collapsed, a long select list
 * (TypeORM names every column) shortened to `…` so that FROM and WHERE fit, at most 300
 * characters. Values travel as parameters ($1, $2, ...), which never go into a span.
 */
export function sanitizeStatement(sql: string): string {
  const text = sql
    .replace(/\$([A-Za-z_]*)\$[\s\S]*?\$\1\$/g, "'?'")
    .replace(/'(?:[^']|'')*'/g, "'?'")
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^SELECT (DISTINCT )?.{60,}? FROM /i, 'SELECT $1… FROM ');
  return text.length > MAX_STATEMENT ? `${text.slice(0, MAX_STATEMENT)}…` : text;
}
