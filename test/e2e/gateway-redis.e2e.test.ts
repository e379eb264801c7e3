import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import Redis from 'ioredis';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../common/config';
import { freePort } from '../../common/dev/scratch';
import type { RunningHttpServer } from '../../common/http';
import { createLogger } from '../../common/logger';
import type { GatewaySecurity } from '../../gateway/auth/security';
import { startGatewayServer } from '../../gateway/server';
import { startStack, SUPERGRAPH_PATH, type Stack } from '../helpers/stack';

/**
 * Rate limits shared through Redis (REDIS_URL): two gateway replicas over the same subgraphs
 * and the same redis-server keep one budget per caller; when Redis dies they fail open to their
 * own in-memory buckets (logged, counted), and share again once it is back. The test runs a
 * redis-server of its own on a free port, never the machine's.
 */
const REDIS_SERVER = '/usr/bin/redis-server';
const BURST = 10;
/** One token every 10 s: nothing refills while the test runs. */
const PER_MINUTE = 6;
const QUERY = 'query Name { sanctionedEntity(id: "ofac-sdn:43377") { name } }';

let stack: Stack;
let redisPort: number;
let redis: ChildProcess | null = null;
const gateways: RunningHttpServer[] = [];
const logs: string[] = [];

async function startRedis(port: number): Promise<ChildProcess> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(`${REDIS_SERVER} is missing: this test starts a redis-server of its own (Debian: apt-get install redis-server)`);
  }
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start on port ${port}: ${out}`)), 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', code => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}): ${out}`));
    });
  });
  child.stdout!.resume();
  child.stderr!.resume();
  return child;
}

async function stopRedis(): Promise<void> {
  const child = redis;
  redis = null;
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise(r => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
}

function security(redisUrl: string): GatewaySecurity {
  return {
    auth: {
      jwt: { hs256Secret: stack.auth.jwtSecret, publicKeys: new Map(), issuer: stack.auth.issuer, audience: stack.auth.audience },
      apiKeys: stack.auth.apiKeys,
      anonymousRole: null,
    },
    identitySecret: stack.auth.identitySecret,
    limits: { depth: 15, aliases: 30, rootFields: 10, tokens: 3000, cost: 50000, defaultListSize: 20, redisUrl },
    introspection: true,
    rateLimit: { perMinute: PER_MINUTE, burst: BURST },
  };
}

async function startGateway(redisUrl: string): Promise<RunningHttpServer> {
  const gateway = await startGatewayServer({
    supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
    subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map(n => [n, stack.subgraphs[n].url])) as Record<SubgraphName, string>,
    host: '127.0.0.1',
    port: 0,
    log: createLogger('warn', {}, line => logs.push(line)),
    security: security(redisUrl),
  });
  gateways.push(gateway);
  return gateway;
}

/** One request as `sub`; answers the status, Retry-After and the error code if any. */
async function ask(gateway: RunningHttpServer, sub: string): Promise<{ status: number; retryAfter: string | null; code: string | null }> {
  const res = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.token('analyst', { sub })}` },
    body: JSON.stringify({ query: QUERY }),
  });
  const body = (await res.json()) as { data?: { sanctionedEntity: { name: string } }; errors?: { extensions?: { code?: string } }[] };
  if (res.status === 200) {
    expect(body.data?.sanctionedEntity.name).toBe('KIM, Sang Man');
  }
  return { status: res.status, retryAfter: res.headers.get('retry-after'), code: body.errors?.[0]?.extensions?.code ?? null };
}

/** `n` requests as `sub`, spread over the gateways in turn (as a load balancer would). */
async function spread(over: RunningHttpServer[], sub: string, n: number) {
  const answers = [];
  for (let i = 0; i < n; i++) {
    answers.push(await ask(over[i % over.length], sub));
  }
  return answers;
}

async function metric(gateway: RunningHttpServer, name: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', gateway.url))).text();
  const line = text.split('\n').find(l => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
  return line ? Number(line.trim().split(/\s+/).at(-1)) : Number.NaN;
}

async function waitFor(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise(r => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  redisPort = await freePort();
  redis = await startRedis(redisPort);
  stack = await startStack();
}, 180_000);

afterAll(async () => {
  for (const g of gateways) {
    await g.close().catch(() => undefined);
  }
  await stopRedis();
  await stack?.stop();
});

describe('rate limits shared through Redis (REDIS_URL)', () => {
  it('two gateway replicas keep one budget per caller: exactly the burst answered, then 429 with Retry-After', async () => {
    const url = `redis://127.0.0.1:${redisPort}`;
    const a = await startGateway(url);
    const b = await startGateway(url);
    const answers = await spread([a, b], 'shared-caller', BURST + 4);
    expect(answers.map(x => x.status)).toEqual([...Array(BURST).fill(200), 429, 429, 429, 429]);
    for (const refused of answers.slice(BURST)) {
      expect(refused.code).toBe('RATE_LIMITED');
      // One token every 60/6 = 10 s.
      expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(9);
      expect(Number(refused.retryAfter)).toBeLessThanOrEqual(10);
    }
    // Another caller has a budget of its own.
    expect((await ask(b, 'another-caller')).status).toBe(200);
    // The bucket lives in Redis, and expires once it would be full again (100 s here, plus 1 s).
    const client = new Redis(url, { lazyConnect: true });
    await client.connect();
    try {
      expect(await client.hget('cg:ratelimit:shared-caller', 'tokens')).toMatch(/^0(\.\d+)?$/);
      const ttl = await client.pttl('cg:ratelimit:shared-caller');
      expect(ttl).toBeGreaterThan(90_000);
      expect(ttl).toBeLessThanOrEqual(101_000);
    } finally {
      client.disconnect();
    }
    expect(await metric(a, 'rate_limit_redis_up')).toBe(1);
    expect(await metric(a, 'rate_limit_fallback_total')).toBe(0);
  });

  it('fails open to each replica\'s own buckets while Redis is down (logged, counted), and shares again once it is back', async () => {
    const [a, b] = gateways;
    await stopRedis();
    // Still served: each replica now decides alone, so a caller gets one budget per replica.
    const onA = await spread([a], 'outage-caller', BURST + 2);
    expect(onA.map(x => x.status)).toEqual([...Array(BURST).fill(200), 429, 429]);
    const onB = await spread([b], 'outage-caller', BURST + 1);
    expect(onB.map(x => x.status)).toEqual([...Array(BURST).fill(200), 429]);
    expect(await metric(a, 'rate_limit_redis_up')).toBe(0);
    expect(await metric(a, 'rate_limit_fallback_total')).toBe(BURST + 2);
    expect(logs.some(l => l.includes('"level":"warn"') && l.includes('Redis unreachable; failing open'))).toBe(true);
    // A replica that starts while Redis is down starts all the same.
    const c = await startGateway(`redis://127.0.0.1:${redisPort}`);
    expect((await ask(c, 'starter')).status).toBe(200);

    redis = await startRedis(redisPort);
    await waitFor(async () => (await metric(a, 'rate_limit_redis_up')) === 1 && (await metric(b, 'rate_limit_redis_up')) === 1, 'the gateways to reconnect to Redis');
    const answers = await spread([a, b], 'after-caller', BURST + 2);
    expect(answers.map(x => x.status)).toEqual([...Array(BURST).fill(200), 429, 429]);
  }, 60_000);
});
