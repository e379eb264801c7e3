import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../common/config';
import { flushTracing, shutdownTracing, tracedServices } from '../../common/tracing';
import { FLAGSHIP } from '../helpers/flagship';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Issue 7: OpenTelemetry traces across the gateway and the subgraphs, sent as OTLP/HTTP JSON to
 * a receiver started here, and nothing at all when no endpoint is configured.
 */

const KIM = 'ofac-sdn:43377';
const OTEL_VARS = ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_SDK_DISABLED', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'];

interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
  boolValue?: boolean;
  doubleValue?: number;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: OtlpAttribute[];
  status?: { code?: number };
}
interface OtlpBody {
  resourceSpans: { resource: { attributes: OtlpAttribute[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
}

/** A span as the test reads it: its service (from the resource) and plain attributes. */
interface Span {
  service: string;
  traceId: string;
  spanId: string;
  parent: string | undefined;
  name: string;
  kind: number;
  attributes: Record<string, string | number | boolean>;
}

const plain = (v: OtlpValue): string | number | boolean => v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : (v.boolValue ?? v.doubleValue ?? ''));
const attributesOf = (list: OtlpAttribute[] = []) => Object.fromEntries(list.map(a => [a.key, plain(a.value)]));

/** A tiny OTLP/HTTP receiver: POST /v1/traces with a JSON body, anything else is a 400. */
interface Receiver {
  readonly url: string;
  readonly port: number;
  readonly requests: { path: string; headers: IncomingHttpHeaders; body: string }[];
  spans(): Span[];
  close(): Promise<void>;
}

async function startReceiver(preferredPort: number): Promise<Receiver> {
  const requests: Receiver['requests'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const ok = req.method === 'POST' && req.url === '/v1/traces' && String(req.headers['content-type']).startsWith('application/json');
      res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
      res.end(ok ? '{}' : '{"error":"JSON to /v1/traces only"}');
    });
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  try {
    await listen(preferredPort);
  } catch {
    await listen(0);
  }
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    spans() {
      return requests.flatMap(r => {
        const body = JSON.parse(r.body) as OtlpBody;
        return body.resourceSpans.flatMap(rs => {
          const service = String(attributesOf(rs.resource.attributes)['service.name']);
          return rs.scopeSpans.flatMap(ss =>
            ss.spans.map(s => ({
              service,
              traceId: s.traceId,
              spanId: s.spanId,
              parent: s.parentSpanId || undefined,
              name: s.name,
              kind: s.kind,
              attributes: attributesOf(s.attributes),
            })),
          );
        });
      });
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const saved: Record<string, string | undefined> = {};
beforeAll(() => {
  for (const name of OTEL_VARS) {
    saved[name] = process.env[name];
    delete process.env[name];
  }
});
afterAll(async () => {
  await shutdownTracing();
  for (const name of OTEL_VARS) {
    if (saved[name] === undefined) {
      delete process.env[name];
    } else {
      process.env[name] = saved[name];
    }
  }
});

it('sends nothing and makes no tracer provider when no endpoint is configured', async () => {
  // The exporter's default address (localhost:4318) when it is free: a default would land here.
  const receiver = await startReceiver(4318);
  let stack: Stack | undefined;
  try {
    stack = await startStack();
    const r = await stack.query(FLAGSHIP, { id: KIM });
    expect(r.body.errors).toBeUndefined();
    await flushTracing();
    await new Promise(resolve => setTimeout(resolve, 200));
    expect(tracedServices()).toEqual([]);
    // Nothing registered with the OpenTelemetry API either: its global provider has no delegate.
    expect(trace.getTracerProvider().getTracer('x').startSpan('x').spanContext().traceId).toBe('00000000000000000000000000000000');
    expect(receiver.requests).toEqual([]);
  } finally {
    await stack?.stop();
    // Forget the settings read from the environment, so that the next test reads them again.
    await shutdownTracing();
    await receiver.close();
  }
}, 120_000);

it('traces the flagship request across the gateway and the subgraphs down to each SQL statement', async () => {
  const receiver = await startReceiver(0);
  // The base URL of a collector, as in production: /v1/traces is appended.
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.url;
  let stack: Stack | undefined;
  try {
    stack = await startStack();
    expect(tracedServices().sort()).toEqual(['accounts', 'cases', 'chain', 'entities', 'gateway']);
    // Plan and warm once; trace the second run.
    await stack.query(FLAGSHIP, { id: KIM }, { 'x-request-id': 'trace-warm-up' });
    stack.resetCounters();
    const r = await stack.query(FLAGSHIP, { id: KIM }, { 'x-request-id': 'trace-flagship-1' });
    expect(r.body.errors).toBeUndefined();
    const statements = stack.statements();
    expect({ ...stack.fetches }).toEqual({ entities: 1, accounts: 1, chain: 1, cases: 1 });
    // A request span ends when its response is closed, which may be a moment after the client
    // has read the answer: flush until the whole trace is in (1 + 4 + 4 spans and the SQL).
    const sql = Object.values(statements).reduce((a, b) => a + b, 0);
    const traceOf = () => {
      const all = receiver.spans();
      const root = all.find(s => s.service === 'gateway' && s.name === 'graphql.request' && s.attributes['request.id'] === 'trace-flagship-1');
      return root ? all.filter(s => s.traceId === root.traceId) : [];
    };
    for (let i = 0; i < 50 && traceOf().length < 1 + 4 + 4 + sql; i++) {
      await flushTracing();
      await new Promise(resolve => setTimeout(resolve, 20));
    }

    // Every export was OTLP JSON to /v1/traces.
    expect(receiver.requests.length).toBeGreaterThan(0);
    for (const req of receiver.requests) {
      expect(req.path).toBe('/v1/traces');
      expect(req.headers['content-type']).toMatch(/^application\/json/);
    }
    const all = receiver.spans();
    const root = all.filter(s => s.service === 'gateway' && s.name === 'graphql.request' && s.attributes['request.id'] === 'trace-flagship-1');
    expect(root).toHaveLength(1);
    const [gatewayRequest] = root;
    const spans = all.filter(s => s.traceId === gatewayRequest.traceId);
    expect(gatewayRequest.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(gatewayRequest.parent).toBeUndefined();
    expect(gatewayRequest.kind).toBe(2); // SERVER
    expect(gatewayRequest.attributes).toMatchObject({
      'graphql.operation.name': 'Subject',
      'graphql.operation.type': 'query',
      'graphql.outcome': 'success',
      'graphql.error_count': 0,
      'http.request.method': 'POST',
      'http.response.status_code': 200,
      'request.id': 'trace-flagship-1',
    });

    // One fetch span per subgraph fetch, children of the gateway's request span.
    const fetches = spans.filter(s => s.name === 'subgraph.fetch');
    expect(fetches.every(s => s.service === 'gateway' && s.parent === gatewayRequest.spanId && s.kind === 3)).toBe(true);
    const fetchCount: Record<string, number> = {};
    for (const f of fetches) {
      fetchCount[String(f.attributes['subgraph.name'])] = (fetchCount[String(f.attributes['subgraph.name'])] ?? 0) + 1;
      expect(f.attributes).toMatchObject({ 'subgraph.outcome': 'ok', 'subgraph.attempts': 1, 'request.id': 'trace-flagship-1' });
    }
    expect(fetchCount).toEqual({ entities: 1, accounts: 1, chain: 1, cases: 1 });

    for (const name of SUBGRAPH_NAMES) {
      // Each subgraph's request spans continue the trace from the traceparent the gateway sent:
      // one per fetch, each the child of one fetch span to that subgraph.
      const fetchIds = new Set(fetches.filter(f => f.attributes['subgraph.name'] === name).map(f => f.spanId));
      const requests = spans.filter(s => s.service === name && s.name === 'graphql.request');
      expect(requests).toHaveLength(fetchIds.size);
      expect(new Set(requests.map(s => s.parent))).toEqual(fetchIds);
      for (const req of requests) {
        expect(req.attributes).toMatchObject({ 'graphql.outcome': 'success', 'request.id': 'trace-flagship-1', 'http.response.status_code': 200 });
      }
      // One SQL span per statement the subgraph ran for this request, under its request spans.
      const requestIds = new Set(requests.map(s => s.spanId));
      const queries = spans.filter(s => s.service === name && s.name === 'db.query');
      expect(queries).toHaveLength(statements[name as SubgraphName]);
      for (const q of queries) {
        expect(requestIds.has(q.parent!)).toBe(true);
        expect(q.attributes).toMatchObject({ 'db.system': 'postgresql', 'db.operation.name': expect.stringMatching(/^[A-Z]+$/) });
        expect(String(q.attributes['db.query.text']).length).toBeGreaterThan(0);
        expect(String(q.attributes['db.query.text']).length).toBeLessThanOrEqual(301);
      }
    }
    // Nothing else in the trace: 1 gateway request + 4 fetches + 4 subgraph requests + the SQL.
    expect(spans).toHaveLength(1 + 4 + 4 + sql);

    // No personal data or request values in any span: not the party id (a variable, and a SQL
    // parameter), not the party's name, not the query text.
    const everything = JSON.stringify(receiver.requests.map(q => q.body));
    expect(everything).not.toContain(KIM);
    expect(everything).not.toContain('KIM, Sang Man');
    expect(everything).not.toContain('sanctionedEntity');
  } finally {
    await stack?.stop();
    await shutdownTracing();
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    await receiver.close();
  }
}, 120_000);
