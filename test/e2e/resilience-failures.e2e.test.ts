import { readFileSync } from 'node:fs';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../common/config';
import type { RunningHttpServer } from '../../common/http';
import { silentLogger } from '../../common/logger';
import { startGatewayServer } from '../../gateway/server';
import { FaultProxy } from '../helpers/fault-proxy';
import { FLAGSHIP } from '../helpers/flagship';
import { startStack, SUPERGRAPH_PATH, type GraphQLResponse, type Stack } from '../helpers/stack';

/**
 * The cases subgraph is reached through a proxy the test breaks on purpose: it hangs, it is
 * killed in the middle of a request and under load, it comes back. The gateway must answer every
 * time with what the other subgraphs serve, with one coded error per missing field, and use the
 * subgraph again without a restart.
 */

const TIMEOUT_MS = 400;
const RESET_MS = 300;
let stack: Stack;
let proxy: FaultProxy;
let gateway: RunningHttpServer;

beforeAll(async () => {
  // This test's own gateway carries no credentials: the subgraphs accept calls without the gateway's signed identity.
  stack = await startStack({ auth: { identityCheck: false } });
  proxy = await FaultProxy.start(stack.subgraphs.cases.url);
});
afterAll(async () => {
  await proxy?.close();
  await stack?.stop();
});

beforeEach(async () => {
  await proxy.reset();
  const urls = Object.fromEntries(SUBGRAPH_NAMES.map(n => [n, n === 'cases' ? proxy.url : stack.subgraphs[n].url])) as Record<SubgraphName, string>;
  gateway = await startGatewayServer({
    supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
    subgraphUrls: urls,
    host: '127.0.0.1',
    port: 0,
    log: silentLogger,
    resilience: { cases: { timeoutMs: TIMEOUT_MS, retries: 2, retryBaseMs: 10, breakerFailures: 3, breakerResetMs: RESET_MS } },
  });
});
afterEach(async () => {
  proxy.releaseHeld();
  await gateway.close();
});

async function query(q: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse> {
  const res = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: q, variables }) });
  return { status: res.status, body: (await res.json()) as GraphQLResponse['body'] };
}

const flagship = () => query(FLAGSHIP, { id: 'ofac-sdn:43377' });

/** Where the flagship's cases fields are: the entity's, and each linked account's. */
function casesPaths(data: { sanctionedEntity: { accounts: unknown[] } }): (string | number)[][] {
  return [['sanctionedEntity', 'cases'], ...data.sanctionedEntity.accounts.map((_a, i) => ['sanctionedEntity', 'accounts', i, 'cases'])];
}

function sortPaths(paths: unknown[]): string[] {
  return paths.map(p => JSON.stringify(p)).sort();
}

/** The non-cases parts of the flagship answer, which must survive any failure of cases. */
function withoutCases(data: any): any {
  const e = data.sanctionedEntity;
  return { ...e, cases: undefined, accounts: e.accounts.map((a: any) => ({ ...a, cases: undefined })) };
}

async function until(check: () => Promise<boolean>, what: string, attempts = 100): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) {
      return;
    }
    await new Promise(r => setTimeout(r, 50));
  }
  throw new Error(`never happened: ${what}`);
}

describe('a subgraph that hangs, dies and returns', () => {
  let healthy: GraphQLResponse;

  it('answers the flagship in full through the proxy when all is well', async () => {
    healthy = await flagship();
    expect(healthy.status).toBe(200);
    expect(healthy.body.errors).toBeUndefined();
    expect(healthy.body.data.sanctionedEntity.cases.length).toBeGreaterThan(0);
  });

  it('a hanging subgraph: the gateway stops waiting at the timeout and answers the rest, one coded error per missing field', async () => {
    proxy.mode = 'hang';
    const r = await flagship();
    expect(r.status).toBe(200);
    const data = r.body.data;
    expect(withoutCases(data)).toEqual(withoutCases(healthy.body.data));
    expect(data.sanctionedEntity.cases).toBeNull();
    for (const a of data.sanctionedEntity.accounts) {
      expect(a.cases).toBeNull();
    }
    const errors = r.body.errors ?? [];
    expect(sortPaths(errors.map(e => e.path))).toEqual(sortPaths(casesPaths(data)));
    for (const e of errors) {
      expect(e).toEqual({
        message: `The cases subgraph did not answer within ${TIMEOUT_MS} ms. The fields it serves are null.`,
        path: e.path,
        extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'cases', reason: 'TIMEOUT', attempts: 1 },
      });
    }
    // A timeout is not retried: one attempt per fetch.
    expect(proxy.received.mutation).toBe(0);
  });

  it('a root field of a hanging subgraph is null with its error; other root fields are served', async () => {
    proxy.mode = 'hang';
    const r = await query(`{ case(id: "demo-case-kim-sang-man") { id } sanctionedEntity(id: "ofac-sdn:27307") { name } }`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      data: { case: null, sanctionedEntity: { name: 'LAZARUS GROUP' } },
      errors: [
        {
          message: `The cases subgraph did not answer within ${TIMEOUT_MS} ms. The fields it serves are null.`,
          path: ['case'],
          extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'cases', reason: 'TIMEOUT', attempts: 1 },
        },
      ],
    });
  });

  it('killed mid-request: retried, then coded errors; the circuit opens and fails fast; it recovers by itself when the subgraph returns', async () => {
    proxy.mode = 'hang';
    const pending = query(`{ case(id: "demo-case-kim-sang-man") { id } }`);
    await until(async () => proxy.holding > 0, 'the request reached the subgraph');
    await proxy.kill();
    const r = await pending;
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      data: { case: null },
      errors: [
        {
          message: 'The cases subgraph could not be reached. The fields it serves are null.',
          path: ['case'],
          extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'cases', reason: 'CONNECTION', attempts: 3 },
        },
      ],
    });

    // Three failed attempts opened the circuit: the next request fails fast, nothing is sent.
    await proxy.revive();
    proxy.mode = 'pass';
    const before = proxy.received.query;
    const fast = await query(`{ case(id: "demo-case-kim-sang-man") { id } }`);
    expect(fast.body.errors?.[0]).toEqual({
      message: 'The cases subgraph is unavailable; calls fail fast until it answers again. The fields it serves are null.',
      path: ['case'],
      extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'cases', reason: 'CIRCUIT_OPEN', attempts: 0 },
    });
    expect(proxy.received.query).toBe(before);

    // After the reset period one probe goes through, succeeds, and the circuit closes.
    await until(async () => (await flagship()).body.errors === undefined, 'the flagship answered in full again');
    const back = await flagship();
    expect(back.body).toEqual(healthy.body);
  });

  it('retries a query after a cut connection, with backoff', async () => {
    proxy.mode = 'reset';
    const q = await query(`{ case(id: "demo-case-kim-sang-man") { id } }`);
    expect(q.body.errors?.[0].extensions).toEqual({ code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'cases', reason: 'CONNECTION', attempts: 3 });
    expect(proxy.received.query).toBe(3);
  });

  it('never retries a mutation: the subgraph sees it once', async () => {
    proxy.mode = 'reset';
    const m = await query(`mutation { openCase(input: { title: "Never twice" }) { id } }`);
    expect(m.status).toBe(200);
    expect(m.body).toEqual({
      data: null,
      errors: [
        {
          message: 'The cases subgraph could not be reached. The mutation was not applied.',
          path: ['openCase'],
          extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'cases', reason: 'CONNECTION', attempts: 1 },
        },
      ],
    });
    expect(proxy.received.mutation).toBe(1);
  });

  it('killed under load: every answer keeps the other subgraphs\' data, cases errors are coded, and it recovers', async () => {
    const rounds = 6;
    const perRound = 8;
    const seen = { full: 0, partial: 0 };
    for (let round = 0; round < rounds; round++) {
      if (round === 2) {
        await proxy.kill();
      }
      if (round === 4) {
        await proxy.revive();
      }
      const answers = await Promise.all(Array.from({ length: perRound }, () => flagship()));
      for (const r of answers) {
        expect(r.status).toBe(200);
        expect(withoutCases(r.body.data)).toEqual(withoutCases(healthy.body.data));
        if (r.body.errors === undefined) {
          seen.full += 1;
          expect(r.body).toEqual(healthy.body);
        } else {
          seen.partial += 1;
          for (const e of r.body.errors) {
            expect(e.extensions).toMatchObject({ code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'cases' });
            expect(['CONNECTION', 'CIRCUIT_OPEN']).toContain(e.extensions?.reason);
          }
        }
      }
    }
    expect(seen.full).toBeGreaterThan(0);
    expect(seen.partial).toBeGreaterThan(0);
    await until(async () => (await flagship()).body.errors === undefined, 'full answers after the subgraph returned');
  });

  it('reports subgraph fetch errors and the circuit state at /metrics', async () => {
    await proxy.kill();
    await query(`{ case(id: "demo-case-kim-sang-man") { id } }`);
    await proxy.revive();
    const text = await (await fetch(gateway.url.replace(/graphql$/, 'metrics'))).text();
    expect(text).toMatch(/subgraph_fetch_errors_total\{service="cases",reason="CONNECTION"\} 1/);
    expect(text).toMatch(/subgraph_fetch_retries_total\{service="cases"\} 2/);
    expect(text).toMatch(/subgraph_circuit_open\{service="cases"\} 1/);
    expect(text).toMatch(/graphql_requests_total\{operation="anonymous",outcome="partial",service="gateway"\} 1/);
  });
});
