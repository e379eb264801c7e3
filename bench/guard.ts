import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SUBGRAPH_NAMES, type SubgraphName } from '../common/config';
import { createScratchDatabase, freePort, LOCAL_POSTGRES, type ScratchDatabase } from '../common/dev/scratch';
import type { RunningHttpServer } from '../common/http';
import { silentLogger } from '../common/logger';
import { signHs256 } from '../gateway/auth/jwt';
import type { GatewaySecurity } from '../gateway/auth/security';
import { FLAGSHIP_QUERY } from '../gateway/ide';
import { startGatewayServer } from '../gateway/server';
import { arg, median, ms, percentile, say, table } from './stats';

/**
 * `npm run bench -- guard [--requests 500] [--db pglite|postgres]`: the latency that
 * authentication and the limits add to the flagship request. The four subgraphs run as their
 * own processes (as `npm start` runs them); in this process, over the same subgraphs, gateways
 * that differ only in their guard:
 * - **off**: no authentication, no limits, no rate limit (anonymous; the subgraphs' identity
 *   check is off, the documented setting for benchmarks);
 * - **on**: a JWT (HS256, analyst) verified on every request, the operation limits
 *   (depth, aliases, root fields, tokens, cost), field-level access, the signed identity header
 *   on every subgraph call (and its check in the subgraphs) and the rate limit in memory (a
 *   budget large enough never to refuse: the check runs, the 429 does not);
 * - **on, Redis**: the same with the rate limit in Redis (a redis-server of its own on a free
 *   port; skipped where /usr/bin/redis-server is missing).
 * Requests go to the gateways in turn (off, on, on+Redis, off, …), one at a time, so that drift
 * in the machine's load touches every figure alike. Prints median, p90 and p99 and the ratio of
 * each median to the one without the guard.
 */

const DIST = path.resolve(__dirname, '..');
const REDIS_SERVER = '/usr/bin/redis-server';

async function waitFor(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`process for ${url} exited with code ${child.exitCode}`);
    }
    if (await fetch(url, { signal: AbortSignal.timeout(500) }).then(r => r.ok).catch(() => false)) {
      return;
    }
    await new Promise(r => setTimeout(r, 50));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms`);
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('Ready to accept connections')) {
        resolve();
      }
    });
    child.once('exit', code => reject(new Error(`redis-server exited with ${code}`)));
  });
  child.stdout!.resume();
  return child;
}

export async function benchGuard(): Promise<void> {
  const requests = Number(arg('requests', '500'));
  const dbKind = arg('db', 'pglite');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cg-bench-guard-'));
  const identitySecret = randomBytes(32).toString('base64url');
  const jwtSecret = randomBytes(32).toString('base64url');
  let scratch: ScratchDatabase | null = null;
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'true',
    APOLLO_TELEMETRY_DISABLED: '1',
    IDENTITY_CHECK: 'off',
    IDENTITY_SECRET: identitySecret,
  };
  delete env.DATABASE_URL;
  if (dbKind === 'postgres') {
    scratch = await createScratchDatabase('cg_bench_guard', process.env.DATABASE_URL || LOCAL_POSTGRES);
    env.DATABASE_URL = scratch.url;
  }
  const children: ChildProcess[] = [];
  const gateways: RunningHttpServer[] = [];
  try {
    const urls = {} as Record<SubgraphName, string>;
    for (const n of SUBGRAPH_NAMES) {
      const port = await freePort();
      urls[n] = `http://127.0.0.1:${port}/graphql`;
      env[`${n.toUpperCase()}_URL`] = urls[n];
    }
    say(`Flagship request on ${dbKind === 'postgres' ? `PostgreSQL (database ${scratch?.name})` : 'embedded PGlite'}, ${requests} requests per figure, interleaved.`);
    for (const n of SUBGRAPH_NAMES) {
      const child = spawn(process.execPath, [path.join(DIST, `subgraphs/${n}/main.js`)], { env, stdio: ['ignore', 'ignore', 'inherit'] });
      children.push(child);
      await waitFor(new URL('/health', urls[n]).toString(), child, 120_000);
    }
    let redisUrl: string | null = null;
    if (existsSync(REDIS_SERVER)) {
      const port = await freePort();
      children.push(await startRedis(port));
      redisUrl = `redis://127.0.0.1:${port}`;
    } else {
      say(`(${REDIS_SERVER} missing: no figure with the rate limit in Redis)`);
    }
    const supergraphSdl = await readFile(path.resolve(DIST, '..', 'schema', 'supergraph.graphql'), 'utf8');
    const security = (redis: string | null): GatewaySecurity => ({
      auth: { jwt: { hs256Secret: jwtSecret, publicKeys: new Map(), issuer: 'compliance-graph', audience: 'compliance-graph' }, apiKeys: null, anonymousRole: null },
      identitySecret,
      // The defaults of LIMIT_* (common/config.ts).
      limits: { depth: 15, aliases: 30, rootFields: 10, tokens: 3000, cost: 50000, defaultListSize: 20, redisUrl: redis },
      introspection: true,
      rateLimit: { perMinute: 1e9, burst: 1e9 },
    });
    const start = (s: GatewaySecurity | undefined) =>
      startGatewayServer({ supergraphSdl, subgraphUrls: urls, host: '127.0.0.1', port: 0, log: silentLogger, security: s }).then(g => {
        gateways.push(g);
        return g;
      });
    const now = Math.floor(Date.now() / 1000);
    const token = signHs256({ sub: 'bench-analyst', role: 'analyst', iss: 'compliance-graph', aud: 'compliance-graph', iat: now, exp: now + 3600 }, jwtSecret);
    const figures: { name: string; gateway: RunningHttpServer; headers: Record<string, string>; sample: number[] }[] = [
      { name: 'guard off (anonymous, no limits)', gateway: await start(undefined), headers: {}, sample: [] },
      { name: 'guard on (JWT, limits, access, rate limit in memory)', gateway: await start(security(null)), headers: { authorization: `Bearer ${token}` }, sample: [] },
    ];
    if (redisUrl) {
      figures.push({ name: 'guard on, rate limit in Redis', gateway: await start(security(redisUrl)), headers: { authorization: `Bearer ${token}` }, sample: [] });
    }
    const body = JSON.stringify({ query: FLAGSHIP_QUERY, variables: { id: 'ofac-sdn:43377' } });
    let reference: string | null = null;
    const once = async (f: (typeof figures)[number]): Promise<number> => {
      const t = performance.now();
      const res = await fetch(f.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...f.headers }, body });
      const text = await res.text();
      const elapsed = performance.now() - t;
      if (res.status !== 200 || text.includes('"errors"')) {
        throw new Error(`${f.name}: ${res.status} ${text.slice(0, 500)}`);
      }
      // Same answer with and without the guard (the analyst may see every field of the flagship).
      reference ??= text;
      if (text !== reference) {
        throw new Error(`${f.name}: the answer differs from the one without the guard`);
      }
      return elapsed;
    };
    for (let i = 0; i < 50; i++) {
      for (const f of figures) {
        await once(f);
      }
    }
    for (let i = 0; i < requests; i++) {
      // Rotate who goes first, so that no figure always follows the same one.
      for (let j = 0; j < figures.length; j++) {
        const f = figures[(i + j) % figures.length];
        f.sample.push(await once(f));
      }
    }
    const base = median(figures[0].sample);
    say('');
    say(
      table(
        ['flagship request', 'median ms', 'p90 ms', 'p99 ms', 'ratio (median)', 'added (median) ms'],
        figures.map(f => [f.name, ms(median(f.sample)), ms(percentile(f.sample, 90)), ms(percentile(f.sample, 99)), (median(f.sample) / base).toFixed(2), ms(median(f.sample) - base)]),
      ),
    );
  } finally {
    for (const g of gateways) {
      await g.close().catch(() => undefined);
    }
    for (const c of children) {
      c.kill('SIGTERM');
    }
    await Promise.all(children.map(c => (c.exitCode === null && c.signalCode === null ? new Promise(r => c.once('exit', r)) : null)));
    rmSync(dataDir, { recursive: true, force: true });
    await scratch?.drop();
  }
}
