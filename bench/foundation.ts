import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { SUBGRAPH_NAMES, type SubgraphName } from '../common/config';
import { silentLogger } from '../common/logger';
import type { SubgraphFetch } from '../gateway/propagating-data-source';
import { startGatewayServer } from '../gateway/server';
import { FLAGSHIP_QUERY } from '../gateway/ide';
import { arg, median, ms, percentile, say, table } from './stats';
import { createScratchDatabase, freePort, LOCAL_POSTGRES, type ScratchDatabase } from '../common/dev/scratch';

/**
 * `npm run bench -- foundation`: start-up time and the flagship request's latency through the
 * gateway, next to the same subgraph calls made directly, on real processes. Options:
 * `--db pglite|postgres` (default pglite; postgres uses DATABASE_URL or the local server, in a
 * database of its own that is dropped afterwards), `--requests N` (default 300).
 */

const DIST = path.resolve(__dirname, '..');

async function waitFor(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`process for ${url} exited with code ${child.exitCode}`);
    }
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(500) })).ok) {
        return;
      }
    } catch {
      // not yet
    }
    await new Promise(r => setTimeout(r, 50));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms`);
}

interface Env {
  [k: string]: string | undefined;
}

/** Starts `npm start`'s launcher and returns the time until it prints that it is ready. */
async function timeNpmStart(env: Env): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(DIST, 'cli/start.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('Ready in')) {
          resolve();
        }
      });
      child.once('exit', code => reject(new Error(`npm start exited with ${code}: ${err.slice(-2000)}`)));
    });
    return performance.now() - t0;
  } finally {
    child.kill('SIGINT');
    await new Promise(r => child.once('exit', r));
  }
}

async function post(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as { errors?: unknown[] };
  if (!res.ok || json.errors) {
    throw new Error(`request failed: ${res.status} ${JSON.stringify(json.errors ?? json).slice(0, 500)}`);
  }
  return json;
}

export async function benchFoundation(): Promise<void> {
  const dbKind = arg('db', 'pglite');
  const requests = Number(arg('requests', '300'));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cg-bench-'));
  let scratch: ScratchDatabase | null = null;
  // The gateway runs in this process without authentication, and the baseline calls the
  // subgraphs directly: both need the subgraphs' identity check off (the documented setting for
  // benchmarks and trusted networks), else every call is refused.
  const baseEnv: Env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', SEED_DEMO: 'true', APOLLO_TELEMETRY_DISABLED: '1', IDENTITY_CHECK: 'off' };
  delete baseEnv.DATABASE_URL;
  if (dbKind === 'postgres') {
    scratch = await createScratchDatabase('cg_bench', process.env.DATABASE_URL || LOCAL_POSTGRES);
    baseEnv.DATABASE_URL = scratch.url;
  }
  const ports = Object.fromEntries(await Promise.all(['gateway', ...SUBGRAPH_NAMES].map(async n => [n, await freePort()]))) as Record<'gateway' | SubgraphName, number>;
  const env: Env = { ...baseEnv, PORT: String(ports.gateway) };
  for (const n of SUBGRAPH_NAMES) {
    env[`${n.toUpperCase()}_URL`] = `http://127.0.0.1:${ports[n]}/graphql`;
  }
  const children: ChildProcess[] = [];
  const rows: (string | number)[][] = [];
  try {
    say(`Benchmark on ${dbKind === 'postgres' ? `PostgreSQL (database ${scratch?.name})` : `embedded PGlite (${dataDir})`}, ${requests} requests per figure.`);
    say('1/4 npm start, first start (migrations + demo data)…');
    const firstStart = await timeNpmStart(env);
    say('2/4 npm start, second start (data present)…');
    const secondStart = await timeNpmStart(env);
    rows.push(['npm start to ready, first start', ms(firstStart), '', '', '']);
    rows.push(['npm start to ready, data present', ms(secondStart), '', '', '']);

    say('3/4 flagship request through the gateway…');
    for (const n of SUBGRAPH_NAMES) {
      const child = spawn(process.execPath, [path.join(DIST, `subgraphs/${n}/main.js`)], { env, stdio: ['ignore', 'ignore', 'inherit'] });
      children.push(child);
      await waitFor(`http://127.0.0.1:${ports[n]}/health`, child, 60_000);
    }
    const urls = Object.fromEntries(SUBGRAPH_NAMES.map(n => [n, `http://127.0.0.1:${ports[n]}/graphql`])) as Record<SubgraphName, string>;
    const recorded: { service: string; fetch: SubgraphFetch; start: number }[] = [];
    let recording = false;
    const gateway = await startGatewayServer({
      supergraphSdl: await readFile(path.resolve(DIST, '..', 'schema', 'supergraph.graphql'), 'utf8'),
      subgraphUrls: urls,
      host: '127.0.0.1',
      port: 0,
      log: silentLogger,
      onFetch: (service, fetch) => {
        if (recording) {
          recorded.push({ service, fetch, start: performance.now() });
        }
      },
    });
    try {
      const body = { query: FLAGSHIP_QUERY, variables: { id: 'ofac-sdn:43377' } };
      for (let i = 0; i < 30; i++) {
        await post(gateway.url, body);
      }
      recording = true;
      await post(gateway.url, body);
      recording = false;
      const viaGateway: number[] = [];
      for (let i = 0; i < requests; i++) {
        const t = performance.now();
        await post(gateway.url, body);
        viaGateway.push(performance.now() - t);
      }
      // The same subgraph calls, made directly: fetches that the gateway started within 1 ms of
      // each other ran in parallel, so they are replayed in parallel too (the critical path).
      const waves: (typeof recorded)[] = [];
      for (const r of recorded) {
        const wave = waves.at(-1);
        if (wave && r.start - wave[0].start < 1) {
          wave.push(r);
        } else {
          waves.push([r]);
        }
      }
      const direct: number[] = [];
      for (let i = 0; i < requests + 30; i++) {
        const t = performance.now();
        for (const wave of waves) {
          await Promise.all(wave.map(w => post(urls[w.service as SubgraphName], { query: w.fetch.query, variables: w.fetch.variables })));
        }
        if (i >= 30) {
          direct.push(performance.now() - t);
        }
      }
      rows.push(['flagship via gateway (ms)', ms(median(viaGateway)), ms(percentile(viaGateway, 90)), ms(percentile(viaGateway, 99)), '1.00']);
      rows.push([
        `same ${recorded.length} subgraph calls direct, ${waves.length} waves (ms)`,
        ms(median(direct)),
        ms(percentile(direct, 90)),
        ms(percentile(direct, 99)),
        (median(direct) / median(viaGateway)).toFixed(2),
      ]);
      say(`4/4 subgraph fetches per flagship request: ${recorded.map(r => r.service).join(', ')}`);
    } finally {
      await gateway.close();
    }
    say('');
    say(table(['figure', 'median', 'p90', 'p99', 'ratio to gateway'], rows));
  } finally {
    for (const c of children) {
      c.kill('SIGTERM');
    }
    await Promise.all(children.map(c => (c.exitCode === null ? new Promise(r => c.once('exit', r)) : null)));
    rmSync(dataDir, { recursive: true, force: true });
    await scratch?.drop();
  }
}
