import { readFileSync } from 'node:fs';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../common/config';
import { createLogger } from '../../common/logger';
import { closeOnSignals } from '../../common/shutdown';
import { startGatewayServer } from '../../gateway/server';
import { FaultProxy } from '../helpers/fault-proxy';
import { FLAGSHIP } from '../helpers/flagship';
import { startStack, SUPERGRAPH_PATH, type Stack } from '../helpers/stack';

/**
 * SIGTERM with a request in flight: the gateway stops taking new connections, lets the request
 * finish with its whole answer, then closes. The signal is delivered to the handler that
 * `main.ts` installs (closeOnSignals), without signalling the test runner itself.
 */

let stack: Stack;
let proxy: FaultProxy;

beforeAll(async () => {
  // This test's own gateway carries no credentials: the subgraphs accept calls without the gateway's signed identity.
  stack = await startStack({ auth: { identityCheck: false } });
  proxy = await FaultProxy.start(stack.subgraphs.cases.url);
});
afterAll(async () => {
  await proxy?.close();
  await stack?.stop();
});

it('drains in-flight requests on SIGTERM, then exits its server', async () => {
  const full = await stack.query(FLAGSHIP, { id: 'ofac-sdn:43377' });
  expect(full.body.errors).toBeUndefined();

  const urls = Object.fromEntries(SUBGRAPH_NAMES.map(n => [n, n === 'cases' ? proxy.url : stack.subgraphs[n].url])) as Record<SubgraphName, string>;
  const lines: string[] = [];
  const log = createLogger('info', {}, line => lines.push(line));
  const gateway = await startGatewayServer({ supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'), subgraphUrls: urls, host: '127.0.0.1', port: 0, log });

  proxy.mode = 'hang';
  const inFlight = fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': 'drain-test-1' },
    body: JSON.stringify({ query: FLAGSHIP, variables: { id: 'ofac-sdn:43377' } }),
  });
  for (let i = 0; i < 200 && proxy.holding === 0; i++) {
    await new Promise(r => setTimeout(r, 25));
  }
  expect(proxy.holding).toBeGreaterThan(0);

  let closed = false;
  const closedPromise = new Promise<void>(resolve => {
    const others = process.listeners('SIGTERM');
    process.removeAllListeners('SIGTERM');
    closeOnSignals(log, async () => {
      await gateway.close();
      closed = true;
      resolve();
    });
    process.emit('SIGTERM', 'SIGTERM');
    process.removeAllListeners('SIGINT');
    for (const l of others) {
      process.on('SIGTERM', l);
    }
  });

  // New connections are refused while the request in flight is still waiting.
  await expect(fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' })).rejects.toThrow();
  expect(closed).toBe(false);

  proxy.mode = 'pass';
  proxy.releaseHeld(true);
  const res = await inFlight;
  expect(res.status).toBe(200);
  const body = await res.json();
  expect(body).toEqual(full.body);
  await closedPromise;
  expect(closed).toBe(true);
  await new Promise(r => setImmediate(r));
  const messages = lines.map(l => JSON.parse(l) as { msg: string; signal?: string });
  expect(messages.map(m => m.msg)).toEqual(expect.arrayContaining(['stopping: finishing in-flight requests', 'stopped']));
}, 20000);
