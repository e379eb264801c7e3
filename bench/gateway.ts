import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { SUBGRAPH_NAMES, type SubgraphName } from '../common/config';
import { createScratchDatabase, freePort, LOCAL_POSTGRES, type ScratchDatabase } from '../common/dev/scratch';
import { developmentToken } from '../cli/token';
import { mulberry32 } from '../common/random';
import { say, table } from './stats';
import { ask, compareGateways, type ComparedRequest } from './gateway/compare';
import { FULL_SIZES, generateData, QUICK_SIZES, type DataSizes } from './gateway/data';
import { bodyOf, OPERATION_NAMES, OPERATIONS, variablePools, type OperationName } from './gateway/operations';
import { markdownTable, ratioRows, SUMMARY_HEADER, summarize, summaryRows, svgChart, type RunFigures } from './gateway/report';
import type { WorkerConfig, WorkerResult } from './gateway/load-worker';

/**
 * `npm run bench -- gateway [--gateways ours,apollo,hive,hive-rust] [--ops flagship,…,mix]
 * [--reps N] [--duration S] [--op-duration S] [--connections C] [--warmup S] [--quick]
 * [--continue-on-differences]`
 *
 * The same load against five… four gateways over the same supergraph and the same four subgraph
 * processes (PostgreSQL, scratch database, generated data): ours (dist/gateway/main.js, production
 * configuration: JWT, limits, rate limits), plain @apollo/gateway in @apollo/server, Hive Gateway
 * with its JavaScript planner, and Hive Gateway with the Rust planner. Each gateway runs pinned to
 * core 0 (taskset -c 0), the load generator (autocannon, a process per run) to core 1; all
 * gateways run at once but only one is loaded at a time; repetitions interleave the gateways.
 */

const DIST = path.resolve(__dirname, '..');
const ROOT = path.resolve(DIST, '..');
const GATEWAYS = ['ours', 'apollo', 'hive', 'hive-rust'] as const;
type GatewayName = (typeof GATEWAYS)[number];
const TOKENS = 2_000;
const GUARD = path.join(DIST, 'bench', 'gateway', 'loopback-guard.js');

interface Proc {
  readonly name: string;
  readonly child: ChildProcess;
  out: string;
  guardLines: string[];
}

/**
 * `--name=value` or `--name value`. Use the `=` form for lists (`--gateways=ours,apollo`):
 * bench/main.ts takes a bare word that follows an option for a suite name.
 */
function arg(name: string, fallback: string): string {
  const argv = process.argv;
  const eq = argv.find(a => a.startsWith(`--${name}=`));
  if (eq) {
    return eq.slice(name.length + 3);
  }
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[i + 1] : fallback;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const alive = (p: Proc) => p.child.exitCode === null && p.child.signalCode === null;

function list(name: string, fallback: readonly string[], allowed: readonly string[]): string[] {
  const raw = arg(name, '');
  const items = raw ? raw.split(',').map(s => s.trim()).filter(Boolean) : [...fallback];
  const bad = items.filter(i => !allowed.includes(i));
  if (bad.length > 0) {
    throw new Error(`--${name}: unknown ${bad.join(', ')}; one or more of ${allowed.join(', ')}`);
  }
  return items;
}

/** utime + stime of a process, in seconds (CLK_TCK 100). */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

function peakRssMb(pid: number): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Resets the peak RSS (VmHWM) to the current RSS; false where the kernel refuses. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether `pid` is the process listening on `port` (ss -ltnp). Other work on the machine picks
 * free ports too: a port free when chosen may be taken by another process before ours binds it,
 * and then "ready" would be someone else's answer.
 */
function ownsPort(pid: number | undefined, port: number): boolean {
  const r = spawnSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  if (r.status !== 0) {
    return true; // no ss: cannot tell
  }
  return new RegExp(`pid=${pid},`).test(r.stdout);
}

async function subgraphRequests(ports: Record<SubgraphName, number>): Promise<number> {
  let total = 0;
  for (const n of SUBGRAPH_NAMES) {
    const res = await fetch(`http://127.0.0.1:${ports[n]}/metrics`, { signal: AbortSignal.timeout(5000) });
    const text = await res.text();
    for (const m of text.matchAll(/^graphql_requests_total\{[^}]*\} ([0-9.e+]+)$/gm)) {
      total += Number(m[1]);
    }
  }
  return total;
}

export async function benchGateway(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const gateways = list('gateways', GATEWAYS, GATEWAYS) as GatewayName[];
  const ops = list('ops', [...OPERATION_NAMES, 'mix'], [...OPERATION_NAMES, 'mix']) as (OperationName | 'mix')[];
  const reps = Number(arg('reps', quick ? '1' : '3'));
  const mixS = Number(arg('duration', quick ? '3' : '10'));
  const opS = Number(arg('op-duration', quick ? '3' : String(Math.min(5, mixS))));
  const connections = Number(arg('connections', '32'));
  const warmupS = Number(arg('warmup', quick ? '1' : '5'));
  const continueOnDifferences = process.argv.includes('--continue-on-differences');
  if (!(reps >= 1 && mixS >= 1 && opS >= 1 && connections >= 1 && warmupS >= 0)) {
    throw new Error('usage: gateway [--gateways LIST] [--ops LIST] [--reps N>=1] [--duration S] [--op-duration S] [--connections C] [--warmup S] [--quick]');
  }
  const sizes: DataSizes = quick ? QUICK_SIZES : FULL_SIZES;
  if (cpus().length < 2 || spawnSync('taskset', ['-c', '0', 'true']).status !== 0) {
    throw new Error('the gateway bench needs 2 cores and taskset (util-linux): the gateway runs on core 0, the load generator on core 1');
  }

  const procs: Proc[] = [];
  let scratch: ScratchDatabase | null = null;
  const tmp = mkdtempSync(path.join(tmpdir(), 'cg-gwbench-'));
  let worker: ChildProcess | null = null;
  let stopping: Promise<void> | null = null;
  const stopAll = (): Promise<void> =>
    (stopping ??= (async () => {
      if (worker && worker.exitCode === null) {
        worker.kill('SIGKILL');
      }
      // Gateways first, then subgraphs; SIGKILL what has not exited after 10 s.
      for (const p of [...procs].reverse()) {
        if (alive(p)) {
          const exited = new Promise(r => p.child.once('exit', r));
          p.child.kill('SIGTERM');
          const timer = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(timer);
        }
      }
      if (scratch) {
        await scratch.drop().catch((err: unknown) => say(`could not drop ${scratch?.name}: ${String(err)}`));
      }
      rmSync(tmp, { recursive: true, force: true });
    })());
  const onSignal = () => {
    say('\nInterrupted: stopping every process and dropping the scratch database…');
    void stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const launch = (name: string, args: string[], env: NodeJS.ProcessEnv, pin: boolean): Proc => {
    const cmd = pin ? 'taskset' : process.execPath;
    const argv = pin ? ['-c', '0', process.execPath, ...args] : args;
    const child = spawn(cmd, argv, { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const p: Proc = { name, child, out: '', guardLines: [] };
    const keep = (c: Buffer) => {
      const s = c.toString();
      p.out = (p.out + s).slice(-6000);
      for (const line of s.split('\n')) {
        if (line.includes('[loopback-guard]')) {
          p.guardLines.push(line);
          say(`  !! ${name}: ${line}`);
        }
      }
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    procs.push(p);
    return p;
  };
  const waitFor = async (p: Proc, check: () => Promise<boolean>, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!alive(p)) {
        throw new Error(`${p.name} exited (${p.child.signalCode ?? p.child.exitCode}) before it was ready; its output:\n${p.out}`);
      }
      if (await check().catch(() => false)) {
        return;
      }
      await sleep(100);
    }
    throw new Error(`${p.name} not ready after ${timeoutMs} ms; its output:\n${p.out}`);
  };

  try {
    const t0 = performance.now();
    say(
      `Gateway comparison: ${gateways.join(', ')} × ${ops.join(', ')}; ${reps} repetition(s) of ${opS} s per operation and ${mixS} s for the mix ` +
        `after ${warmupS} s of warm-up each, ${connections} connections; ${quick ? 'QUICK (small data)' : 'full data'}.`,
    );
    say('Pinning: each gateway process on core 0 (taskset -c 0), the load generator (autocannon, one process per run) on core 1 (taskset -c 1); subgraphs and PostgreSQL unpinned.');

    // 1. Data.
    scratch = await createScratchDatabase('cg_gwbench', process.env.DATABASE_URL || LOCAL_POSTGRES, { synchronous_commit: 'off' });
    say(`Data: scratch database ${scratch.name}; ${sizes.parties.toLocaleString('en')} linked parties, ${sizes.accounts.toLocaleString('en')} accounts, ${sizes.transfers.toLocaleString('en')} transfers, ${sizes.cases.toLocaleString('en')} cases (seed ${sizes.seed}).`);
    const tData = performance.now();
    const data = await generateData(scratch.url, sizes, path.resolve(ROOT, '..', 'shared', 'data', 'ofac'), say);
    const dataS = (performance.now() - tData) / 1000;
    say(`Data loaded in ${dataS.toFixed(1)} s: ${Object.entries(data.counts).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}.`);

    // 2. Subgraphs (once, unpinned) and the gateways (pinned to core 0).
    const sgPorts = Object.fromEntries(await Promise.all(SUBGRAPH_NAMES.map(async n => [n, await freePort()]))) as Record<SubgraphName, number>;
    const gwPorts = Object.fromEntries(await Promise.all(gateways.map(async g => [g, await freePort()]))) as Record<GatewayName, number>;
    const stamp = `${Date.now()}-0123456789abcdef0123456789`;
    const base: NodeJS.ProcessEnv = { ...process.env, APOLLO_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'warn', DATA_DIR: tmp };
    for (const k of ['REDIS_URL', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'NODE_OPTIONS']) {
      delete base[k];
    }
    for (const n of SUBGRAPH_NAMES) {
      base[`${n.toUpperCase()}_URL`] = `http://127.0.0.1:${sgPorts[n]}/graphql`;
    }
    const secrets = { JWT_SECRET: `bench-gateway-jwt-${stamp}`, IDENTITY_SECRET: `bench-gateway-identity-${stamp}` };
    const sgEnv: NodeJS.ProcessEnv = { ...base, ...secrets, DATABASE_URL: scratch.url, SEED_DEMO: 'false', IDENTITY_CHECK: 'off' };
    say('Starting the four subgraphs (PostgreSQL, IDENTITY_CHECK=off)…');
    await Promise.all(
      SUBGRAPH_NAMES.map(async n => {
        const p = launch(n, [path.join(DIST, 'subgraphs', n, 'main.js')], sgEnv, false);
        await waitFor(p, async () => (await fetch(`http://127.0.0.1:${sgPorts[n]}/health`, { signal: AbortSignal.timeout(1000) })).ok && ownsPort(p.child.pid, sgPorts[n]), 120_000);
      }),
    );
    const supergraphPath = path.join(ROOT, 'schema', 'supergraph.graphql');
    const gwEnv: NodeJS.ProcessEnv = { ...base, SUPERGRAPH_PATH: supergraphPath };
    delete gwEnv.DATABASE_URL;
    const launches: Record<GatewayName, { script: string; env: NodeJS.ProcessEnv }> = {
      ours: { script: path.join(DIST, 'gateway', 'main.js'), env: { ...gwEnv, ...secrets, ANONYMOUS_ROLE: 'none', PORT: String(gwPorts.ours) } },
      apollo: { script: path.join(DIST, 'bench', 'gateway', 'apollo-plain.js'), env: { ...gwEnv, PORT: String(gwPorts.apollo) } },
      hive: { script: path.join(DIST, 'bench', 'gateway', 'hive.js'), env: { ...gwEnv, PORT: String(gwPorts.hive), HIVE_PLANNER: 'js' } },
      'hive-rust': { script: path.join(DIST, 'bench', 'gateway', 'hive.js'), env: { ...gwEnv, PORT: String(gwPorts['hive-rust']), HIVE_PLANNER: 'rust' } },
    };
    const tokenEnv = { ...gwEnv, ...secrets };
    const tokens = Array.from({ length: TOKENS }, (_, i) => developmentToken('analyst', { sub: `bench-gateway-${String(i).padStart(4, '0')}`, ttlS: 12 * 3600, env: tokenEnv }));
    const url = (g: GatewayName) => `http://127.0.0.1:${gwPorts[g]}/graphql`;
    const gwProcs = {} as Record<GatewayName, Proc>;
    say('Starting the gateways (each: taskset -c 0 node -r loopback-guard.js SCRIPT)…');
    for (const g of gateways) {
      for (let attempt = 1; ; attempt++) {
        const l = launches[g];
        // BENCH_GATEWAY_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=DIR"): node options for our gateway only.
        const nodeArgs = g === 'ours' ? (process.env.BENCH_GATEWAY_NODE_ARGS ?? '').split(/\s+/).filter(Boolean) : [];
        const p = launch(g, [...nodeArgs, '-r', GUARD, l.script], { ...l.env, PORT: String(gwPorts[g]) }, true);
        gwProcs[g] = p;
        const tg = performance.now();
        try {
          await waitFor(
            p,
            async () =>
              (
                await fetch(url(g), {
                  method: 'POST',
                  headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[0]}` },
                  body: '{"query":"{ __typename }"}',
                  signal: AbortSignal.timeout(2000),
                })
              ).status === 200 && ownsPort(p.child.pid, gwPorts[g]),
            120_000,
          );
          say(`  ${g.padEnd(9)} pid ${p.child.pid} on ${url(g)}, ready in ${((performance.now() - tg) / 1000).toFixed(1)} s`);
          break;
        } catch (err) {
          if (attempt >= 3 || !/EADDRINUSE/.test(p.out)) {
            throw err;
          }
          say(`  ${g}: port ${gwPorts[g]} was taken by another process; trying another port`);
          gwPorts[g] = await freePort();
        }
      }
    }

    // 3. The requests, and the check that every gateway answers them the same.
    const pools = variablePools(data, sizes.seed);
    const singles = OPERATION_NAMES.filter(o => ops.includes(o) || ops.includes('mix'));
    const bodies = Object.fromEntries(singles.map(o => [o, pools[o].map(v => bodyOf({ op: o, variables: v }))])) as Record<OperationName, string[]>;
    const sample: ComparedRequest[] = [];
    const rs = mulberry32(4242);
    for (const o of singles) {
      const pool = pools[o];
      const n = Math.min(pool.length, quick ? 4 : 8);
      for (let i = 0; i < n; i++) {
        const v = pool[Math.floor((i * pool.length) / n)];
        sample.push({ op: o, query: OPERATIONS[o].query, variables: v, token: tokens[Math.floor(rs() * tokens.length)] });
      }
    }
    say(`Checking ${sample.length} requests (${singles.join(', ')}) through ${gateways.join(', ')}: 200, data, no errors, identical JSON…`);
    const diffs = await compareGateways(
      gateways.map(g => ({ name: g, url: url(g) })),
      sample,
    );
    if (diffs.length > 0) {
      say(`\nFAILURE: ${diffs.length} difference(s) or unclean answer(s):`);
      for (const d of diffs.slice(0, 30)) {
        say(`  [${d.op} #${d.index} ${JSON.stringify(d.variables)}] ${d.gateway}${d.against ? ` vs ${d.against}` : ''}: ${d.where}${d.expected !== undefined ? `\n      expected ${d.expected}\n      actual   ${d.actual}` : ''}`);
      }
      if (!continueOnDifferences) {
        throw new Error('the gateways do not answer the same; nothing measured (--continue-on-differences measures anyway)');
      }
      say('Continuing (--continue-on-differences).');
    } else {
      say('All answers clean and identical across gateways.');
    }

    // Subgraph calls per request, exactly: the sample's requests one at a time, idle otherwise
    // (under load, the requests still in flight when a run ends inflate calls ÷ responses).
    say('Counting subgraph calls per request (the sample, one request at a time)…');
    const exactCalls = {} as Record<GatewayName, Record<string, number>>;
    for (const g of gateways) {
      const perOp: Record<string, number[]> = {};
      for (const r of sample) {
        const before = await subgraphRequests(sgPorts);
        await ask(url(g), r);
        (perOp[r.op] ??= []).push((await subgraphRequests(sgPorts)) - before);
      }
      const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      exactCalls[g] = Object.fromEntries(Object.entries(perOp).map(([op, xs]) => [op, avg(xs)]));
      const weights = singles.reduce((sum, o) => sum + OPERATIONS[o].weight, 0);
      exactCalls[g].mix = singles.reduce((sum, o) => sum + (OPERATIONS[o].weight / weights) * (exactCalls[g][o] ?? 0), 0);
      say(`  ${g.padEnd(9)} ${Object.entries(exactCalls[g]).map(([op, n]) => `${op} ${n.toFixed(2)}`).join(', ')}`);
    }

    // 4. Measurement.
    const runs: RunFigures[] = [];
    const peakResettable = resetPeak(gwProcs[gateways[0]].child.pid as number);
    const runWorker = async (g: GatewayName, op: OperationName | 'mix', seconds: number, seed: number): Promise<WorkerResult> => {
      const cfg: WorkerConfig = {
        url: url(g),
        connections,
        durationS: seconds,
        seed,
        ops: (op === 'mix' ? singles : [op]).map(o => ({ name: o, weight: OPERATIONS[o].weight, bodies: bodies[o] })),
        tokens,
      };
      const file = path.join(tmp, `worker-${g}-${op}-${seed}.json`);
      writeFileSync(file, JSON.stringify(cfg));
      return new Promise<WorkerResult>((resolve, reject) => {
        const child = spawn('taskset', ['-c', '1', process.execPath, path.join(DIST, 'bench', 'gateway', 'load-worker.js'), file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
        worker = child;
        let out = '';
        let err = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.stderr.on('data', (c: Buffer) => (err += c.toString()));
        child.once('exit', code => {
          worker = null;
          rmSync(file, { force: true });
          const line = out.trim().split('\n').pop() ?? '';
          if (code === 0 && line.startsWith('{')) {
            resolve(JSON.parse(line) as WorkerResult);
          } else {
            reject(new Error(`load worker failed (exit ${code}): ${err.slice(-2000)}`));
          }
        });
      });
    };
    const measure = async (g: GatewayName, op: OperationName | 'mix', seconds: number, rep: number, seed: number): Promise<RunFigures> => {
      const pid = gwProcs[g].child.pid as number;
      if (!alive(gwProcs[g])) {
        throw new Error(`${g} is no longer running (exit ${gwProcs[g].child.exitCode}, signal ${gwProcs[g].child.signalCode}); its output:\n${gwProcs[g].out}`);
      }
      resetPeak(pid);
      const cpu0 = cpuSeconds(pid);
      const sg0 = await subgraphRequests(sgPorts);
      const w = await runWorker(g, op, seconds, seed);
      const cpu1 = cpuSeconds(pid);
      const sg1 = await subgraphRequests(sgPorts);
      const f: RunFigures = {
        gateway: g,
        op,
        rep,
        durationS: w.durationS,
        responses: w.responses,
        rps: w.rps,
        p50: w.p50,
        p99: w.p99,
        non2xx: w.non2xx,
        graphqlErrors: w.graphqlErrors,
        socketErrors: w.socketErrors,
        timeouts: w.timeouts,
        statuses: w.statuses,
        cpuMsPerRequest: w.responses > 0 ? ((cpu1 - cpu0) * 1000) / w.responses : Number.NaN,
        peakRssMb: peakRssMb(pid),
        subgraphCallsPerRequest: w.responses > 0 ? (sg1 - sg0) / w.responses : Number.NaN,
        samples: w.samples,
      };
      return f;
    };
    const totalRuns = ops.length * gateways.length * reps;
    let done = 0;
    for (const [oi, op] of ops.entries()) {
      const seconds = op === 'mix' ? mixS : opS;
      if (warmupS > 0) {
        say(`\n${op}: warm-up ${warmupS} s per gateway (not measured)…`);
        for (const g of gateways) {
          await runWorker(g, op, warmupS, 999 + oi);
        }
      } else {
        say(`\n${op}:`);
      }
      for (let rep = 1; rep <= reps; rep++) {
        // Each repetition loads every gateway once, starting one further along each time.
        const order = gateways.map((_, i) => gateways[(i + rep - 1) % gateways.length]);
        for (const g of order) {
          const f = await measure(g, op, seconds, rep, 1000 * rep + oi);
          runs.push(f);
          done++;
          const errs = f.non2xx + f.graphqlErrors + f.socketErrors + f.timeouts;
          say(
            `  [${done}/${totalRuns}] ${op} rep ${rep} ${g.padEnd(9)} ${f.rps.toFixed(1).padStart(7)} req/s  p50 ${f.p50.toFixed(1)} ms  p99 ${f.p99.toFixed(1)} ms  ` +
              `errors ${errs}${errs ? ` (statuses ${JSON.stringify(f.statuses)})` : ''}  CPU ${f.cpuMsPerRequest.toFixed(2)} ms/req  ` +
              `RSS ${f.peakRssMb.toFixed(0)} MB  subgraph calls ${f.subgraphCallsPerRequest.toFixed(2)}/req`,
          );
          for (const s of f.samples.slice(0, errs ? 1 : 0)) {
            say(`      e.g. ${s.slice(0, 300)}`);
          }
          await sleep(300);
        }
      }
    }

    // 5. Report.
    const summaries = summarize(runs, gateways, ops).map(x => ({ ...x, subgraphCallsPerRequest: exactCalls[x.gateway as GatewayName]?.[x.op] ?? x.subgraphCallsPerRequest }));
    const rows = summaryRows(summaries);
    const baselines = (['apollo', 'hive-rust'] as GatewayName[]).filter(b => gateways.includes(b));
    const ratioHeader = ['gateway', ...baselines.flatMap(b => [`mix req/s vs ${b}`, `mix p99 vs ${b}`])];
    const ratios = ops.includes('mix') ? ratioRows(summaries, gateways, baselines) : [];
    const guardHits = gateways.flatMap(g => gwProcs[g].guardLines.map(l => `${g}: ${l}`));
    const notes = [
      `Medians over ${reps} repetition(s); errors are totals over them. CPU ms/req: the gateway process's user+system time (/proc/PID/stat, CLK_TCK 100) over the run ÷ responses. ` +
        `Peak RSS: VmHWM of the gateway process ${peakResettable ? 'reset before each run (clear_refs 5): the peak during the run' : 'since start (clear_refs refused)'}; the highest over the repetitions. ` +
        `Subgraph calls/req: the four subgraphs' graphql_requests_total (their /metrics) per request, counted on the checked sample sent one request at a time (for the mix: weighted by the mix's shares); the progress lines show the same counter over each loaded run ÷ responses, which requests still in flight at the end inflate.`,
      'Pinning: each gateway process on core 0 (taskset -c 0), the load generator (autocannon in its own process per run) on core 1 (taskset -c 1); subgraphs and PostgreSQL unpinned on the same 2-core machine, so figures include their contention.',
      `Load: ${connections} connections; each request its own analyst JWT from a pool of ${TOKENS.toLocaleString('en')} principals (ours rate-limits each at 600/min, burst 100), operation (mix weights: ${OPERATION_NAMES.map(o => `${o} ${OPERATIONS[o].weight}`).join(', ')}) and variables picked per request by a seeded generator (same sequence for each gateway within a repetition).`,
      'Subgraphs run with IDENTITY_CHECK=off (ours still signs the identity header; the others send none): the operations leave out fields behind @requiresScopes so that the answers do not depend on the caller.',
      `Loopback guard (every gateway preloads bench/gateway/loopback-guard.js): ${guardHits.length === 0 ? 'no connection to anything but loopback was attempted' : `${guardHits.length} refused connection(s): ${guardHits.slice(0, 5).join('; ')}`}.`,
      `Data (${quick ? 'quick' : 'full'}) generated in ${dataS.toFixed(1)} s: ${Object.entries(data.counts).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}.`,
      `Check before measuring: ${sample.length} requests, ${diffs.length === 0 ? 'all clean and identical across gateways' : `${diffs.length} difference(s)/unclean answer(s) (see the log)`}.`,
    ];
    say('');
    say(table(SUMMARY_HEADER, rows));
    if (ratios.length > 0) {
      say('');
      say(table(ratioHeader, ratios));
    }
    say('');
    for (const n of notes) {
      say(`- ${n}`);
    }

    const iso = new Date().toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
    const dir = path.join(ROOT, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const stem = path.join(dir, `gateway-${iso}`);
    const title = `Gateways over the same supergraph and subgraphs (${quick ? 'quick' : 'full'} data, ${connections} connections, medians of ${reps})`;
    const md = [
      `# ${title}`,
      '',
      `Run ${new Date().toISOString()} on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}. Command: \`npm run bench -- gateway ${process.argv.slice(3).join(' ')}\`.`,
      '',
      '## Gateways',
      '',
      '| gateway | launched as |',
      '|---|---|',
      '| ours | `taskset -c 0 node -r dist/bench/gateway/loopback-guard.js dist/gateway/main.js`; env JWT_SECRET, IDENTITY_SECRET, SUPERGRAPH_PATH, ANONYMOUS_ROLE=none, <NAME>_URL, PORT, LOG_LEVEL=warn (auth, limits and rate limits on) |',
      '| apollo | `taskset -c 0 node -r … dist/bench/gateway/apollo-plain.js`: @apollo/gateway 2.14 defaults in @apollo/server standalone; `for: SECURITY` stripped; authorization forwarded |',
      '| hive | `taskset -c 0 node -r … dist/bench/gateway/hive.js` (HIVE_PLANNER=js): createGatewayRuntime of @graphql-hive/gateway on node:http, one process, no reporting; authorization forwarded |',
      '| hive-rust | the same with HIVE_PLANNER=rust: unifiedGraphHandler of @graphql-hive/router-runtime |',
      '',
      'All four: APOLLO_TELEMETRY_DISABLED=1.',
      '',
      '## Figures',
      '',
      markdownTable(SUMMARY_HEADER, rows),
      '',
      ...(ratios.length > 0 ? ['## Mix: ratios', '', markdownTable(ratioHeader, ratios), ''] : []),
      '## Operations',
      '',
      ...OPERATION_NAMES.filter(o => ops.includes(o) || ops.includes('mix')).map(o => `- **${o}**: ${OPERATIONS[o].about}.`),
      '- **mix**: all of the above, weighted.',
      '',
      '## Notes',
      '',
      ...notes.map(n => `- ${n}`),
      '',
      `![chart](${path.basename(stem)}.svg)`,
      '',
    ].join('\n');
    writeFileSync(`${stem}.md`, md);
    writeFileSync(
      `${stem}.json`,
      JSON.stringify({ title, date: new Date().toISOString(), options: { gateways, ops, reps, mixS, opS, connections, warmupS, quick }, sizes, counts: data.counts, dataSeconds: dataS, timings: data.timings, summaries, runs, differences: diffs, notes }, null, 2),
    );
    writeFileSync(`${stem}.svg`, svgChart(summaries, gateways, ops, title));
    say(`\nWritten: ${path.relative(ROOT, stem)}.md, .json, .svg (total ${((performance.now() - t0) / 1000).toFixed(0)} s).`);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await stopAll();
    say('All gateways and subgraphs stopped; scratch database dropped.');
  }
}
