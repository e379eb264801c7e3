import { loadTracingConfig } from './config';
import { ConfigError } from './errors';
import { annotateRequest, injectTraceHeaders, recordQuery, sanitizeStatement, serviceTracing, shutdownTracing, traceSubgraphFetch, tracedServices } from './tracing';

describe('tracing configuration', () => {
  it('is off unless an OTLP endpoint is set', () => {
    expect(loadTracingConfig({})).toEqual({ endpoint: null });
    expect(loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '' })).toEqual({ endpoint: null });
  });

  it('appends /v1/traces to the base endpoint and takes the traces endpoint as given', () => {
    expect(loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).endpoint).toBe('http://collector:4318/v1/traces');
    expect(loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/otlp/' }).endpoint).toBe('http://collector:4318/otlp/v1/traces');
    expect(
      loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example/in' }).endpoint,
    ).toBe('https://traces.example/in');
    expect(loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }).endpoint).toBeNull();
  });

  it('refuses what it cannot honour', () => {
    let error: unknown;
    try {
      loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_SDK_DISABLED: 'maybe' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'OTEL_SDK_DISABLED must be true or false, got "maybe"',
      'OTEL_EXPORTER_OTLP_PROTOCOL must be http/json (the only protocol this build sends), got "grpc"',
      'OTEL_EXPORTER_OTLP_ENDPOINT must be an http or https URL, got "collector:4318"',
    ]);
  });
});

describe('tracing off', () => {
  afterEach(() => shutdownTracing());

  it('makes no provider, and every hook is a no-op', async () => {
    const names = ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'];
    const saved = names.map(n => process.env[n]);
    names.forEach(n => delete process.env[n]);
    try {
      expect(serviceTracing('gateway')).toBeNull();
      expect(tracedServices()).toEqual([]);
      const headers = new Map<string, string>();
      injectTraceHeaders(headers);
      expect(headers.size).toBe(0);
      annotateRequest({ outcome: 'success', errorCount: 0 });
      recordQuery('SELECT 1', true, 1);
      await expect(traceSubgraphFetch('chain', 'r1', async note => (note({ outcome: 'ok', attempts: 1 }), 42))).resolves.toBe(42);
    } finally {
      names.forEach((n, i) => saved[i] !== undefined && (process.env[n] = saved[i]));
    }
  });
});

describe('SQL text in spans', () => {
  it('masks literals, keeps placeholders, shortens long select lists and cuts at 300 characters', () => {
    expect(sanitizeStatement(`SELECT * FROM party WHERE name = 'KIM, Sang Man' AND id = $1`)).toBe(`SELECT * FROM party WHERE name = '?' AND id = $1`);
    expect(sanitizeStatement(`UPDATE x SET note = 'it''s' , body = $$secret$$ WHERE id = $2`)).toBe(`UPDATE x SET note = '?' , body = '?' WHERE id = $2`);
    const columns = Array.from({ length: 30 }, (_, i) => `"P"."c${i}" AS "P_c${i}"`).join(', ');
    expect(sanitizeStatement(`SELECT ${columns}\n  FROM "entities"."party" "P" WHERE "P"."id" IN ($1, $2)`)).toBe(
      'SELECT … FROM "entities"."party" "P" WHERE "P"."id" IN ($1, $2)',
    );
    const long = sanitizeStatement(`INSERT INTO t (a) VALUES ${Array.from({ length: 200 }, (_, i) => `($${i + 1})`).join(', ')}`);
    expect(long).toHaveLength(301);
    expect(long.endsWith('…')).toBe(true);
  });
});
