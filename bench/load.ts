import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { SUBGRAPH_NAMES, type SubgraphName } from '../common/config';
import { FLAGSHIP_QUERY } from '../gateway/ide';
import { developmentToken } from '../cli/token';
import { arg, ms, say, table } from './stats';
import { createScratchDatabase, freePort, LOCAL_POSTGRES, type ScratchDatabase } from '../common/dev/scratch';

/**
 * `npm run bench -- load [--duration SECONDS] [--connections N] [--db pglite|postgres]`: the
 * flagship request under sustained load (autocannon, loopback) against the five real processes,
 * twice: steady, then with the cases subgraph killed (SIGKILL) for 30 s (a third of the duration if
 * shorter) in the middle and restarted on the same port. Prints throughput, latency, errors,
 * answers complete / partial / failed, each process's RSS (from its /metrics) after warm-up and at
 * the end, and, for the second run, 5-second windows and the time from the restart to the first
 * complete answer.
 *
 * The gateway limits each caller to 600 requests a minute (burst 100): the load is spread over
 * CALLERS analyst tokens with distinct subjects, so that it measures the system, not the limiter.
 */

const DIST = path.resolve(__dirname, '..');
const ROOT = path.resolve(DIST, '..');
const CALLERS = 500;
const WINDOW_S = 5;
type Service = 'gateway' | SubgraphName;
const SERVICES: Service[] = [...SUBGRAPH_NAMES, 'gateway'];
type Outcome = 'complete' | 'partial' | 'failed';

interface Env {
  [k: string]: string | undefined;
}

interface Proc {
  name: Service;
  child: ChildProcess;
  tail: string;
}

const sleep = (msec: number) => new Promise(r => setTimeout(r, msec));

async function waitFor(url: string, proc: Proc, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
      throw new Error(`${proc.name} exited (${proc.child.signalCode ?? proc.child.exitCode}) before ${url} answered; its output:\n${proc.tail}`);
    }
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).ok) {
        return;
      }
    } catch {
      // not yet
    }
    await sleep(50);
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms; ${proc.name}'s output:\n${proc.tail}`);
}

/** Text of one process's /metrics, or null if it does not answer. */
async function metricsText(port: number): Promise<string | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5000) });
    return res.ok ? await res.text() : null;
  } catch {
    return null;
  }
}

function rssOf(text: string | null): number {
  const m = text?.match(/^process_resident_memory_bytes(?:\{[^}]*\})? ([0-9.e+]+)$/m);
  return m ? Number(m[1]) : Number.NaN;
}

/** The gateway's graphql_requests_total summed by outcome. */
function outcomesOf(text: string | null): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const m of (text ?? '').matchAll(/^graphql_requests_total\{([^}]*)\} ([0-9.e+]+)$/gm)) {
    const outcome = /outcome="([^"]*)"/.exec(m[1])?.[1] ?? '?';
    sums[outcome] = (sums[outcome] ?? 0) + Number(m[2]);
  }
  return sums;
}

/** Complete: data, no errors. Partial: the party's data with DOWNSTREAM_SERVICE_ERROR errors. Else failed. */
function classify(status: number, body: string, codes: Map<string, number>): Outcome {
  if (status < 200 || status >= 300) {
    codes.set(`HTTP ${status}`, (codes.get(`HTTP ${status}`) ?? 0) + 1);
    return 'failed';
  }
  if (!body.includes('"errors"')) {
    return body.includes('"sanctionedEntity":{') ? 'complete' : 'failed';
  }
  try {
    const json = JSON.parse(body) as { data?: { sanctionedEntity?: unknown } | null; errors?: { extensions?: { code?: string } }[] };
    const seen = new Set((json.errors ?? []).map(e => e.extensions?.code ?? 'NO_CODE'));
    for (const c of seen) {
      codes.set(c, (codes.get(c) ?? 0) + 1);
    }
    return json.data?.sanctionedEntity && seen.has('DOWNSTREAM_SERVICE_ERROR') ? 'partial' : 'failed';
  } catch {
    codes.set('UNPARSABLE', (codes.get('UNPARSABLE') ?? 0) + 1);
    return 'failed';
  }
}

interface RunResult {
  result: autocannon.Result;
  counts: Record<Outcome, number>;
  windows: Record<Outcome, number>[];
  /** Seconds from the run's start of each complete answer (kept only for the kill run). */
  completeAt: number[];
  codes: Map<string, number>;
}

const mb = (b: number) => (Number.isFinite(b) ? (b / 1048576).toFixed(1) : '?');
const pct = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && a > 0 ? `${b >= a ? '+' : ''}${(((b - a) / a) * 100).toFixed(1)}%` : '?');

export async function benchLoad(): Promise<void> {
  const durationS = Number(arg('duration', '30'));
  const connections = Number(arg('connections', '10'));
  const dbKind = arg('db', 'pglite');
  if (!(durationS >= 6) || !(connections >= 1) || !['pglite', 'postgres'].includes(dbKind)) {
    throw new Error('usage: load [--duration SECONDS (>= 6)] [--connections N] [--db pglite|postgres]');
  }
  const warmS = Math.min(10, Math.max(3, Math.round(durationS / 6)));
  const outageS = Math.min(30, Math.floor(durationS / 3));
  const killAtS = (durationS - outageS) / 2;

  const dataDir = mkdtempSync(path.join(tmpdir(), 'cg-load-'));
  const serverUrl = process.env.DATABASE_URL || LOCAL_POSTGRES;
  let scratch: ScratchDatabase | null = null;
  const ports = Object.fromEntries(await Promise.all(SERVICES.map(async n => [n, await freePort()]))) as Record<Service, number>;
  const env: Env = {
    ...process.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'true',
    APOLLO_TELEMETRY_DISABLED: '1',
    ANONYMOUS_ROLE: 'none',
    JWT_SECRET: `bench-jwt-secret-${Date.now()}-0123456789abcdef`,
    IDENTITY_SECRET: `bench-identity-secret-${Date.now()}-0123456789abcdef`,
    SUPERGRAPH_PATH: path.join(ROOT, 'schema', 'supergraph.graphql'),
    PORT: String(ports.gateway),
  };
  delete env.DATABASE_URL;
  for (const n of SUBGRAPH_NAMES) {
    env[`${n.toUpperCase()}_URL`] = `http://127.0.0.1:${ports[n]}/graphql`;
  }

  const procs = new Map<Service, Proc>();
  const launch = (name: Service): Proc => {
    const script = name === 'gateway' ? 'gateway/main.js' : `subgraphs/${name}/main.js`;
    const child = spawn(process.execPath, [path.join(DIST, script)], { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const proc: Proc = { name, child, tail: '' };
    const keep = (c: Buffer) => {
      proc.tail = (proc.tail + c.toString()).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    procs.set(name, proc);
    return proc;
  };
  const stopAll = async () => {
    // The gateway first, then the subgraphs; SIGKILL whatever has not exited after 10 s.
    for (const name of ['gateway', ...SUBGRAPH_NAMES] as Service[]) {
      const p = procs.get(name);
      if (p && p.child.exitCode === null && p.child.signalCode === null) {
        const exited = new Promise(r => p.child.once('exit', r));
        p.child.kill('SIGTERM');
        const timer = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    }
  };
  const onSignal = () => {
    say('Interrupted: stopping the five processes…');
    void stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    if (dbKind === 'postgres') {
      scratch = await createScratchDatabase('cg_load', serverUrl);
      env.DATABASE_URL = scratch.url;
    }
    say(
      `Load on ${dbKind === 'postgres' ? `PostgreSQL (database ${scratch?.name})` : `embedded PGlite (${dataDir})`}: flagship request, ` +
        `${connections} connections, ${durationS} s per run after ${warmS} s of warm-up; ${CALLERS} analyst callers.`,
    );
    const t0 = performance.now();
    say('Starting the four subgraphs (first start loads the demo data)…');
    await Promise.all(SUBGRAPH_NAMES.map(n => waitFor(`http://127.0.0.1:${ports[n]}/health`, launch(n), 180_000)));
    await waitFor(`http://127.0.0.1:${ports.gateway}/health`, launch('gateway'), 60_000);
    say(`Five processes up in ${((performance.now() - t0) / 1000).toFixed(1)} s (ports ${SERVICES.map(s => `${s} ${ports[s]}`).join(', ')}).`);

    const tokens = Array.from({ length: CALLERS }, (_, i) => developmentToken('analyst', { sub: `bench-caller-${i}`, ttlS: 3600 + 4 * durationS, env }));
    const gatewayUrl = `http://127.0.0.1:${ports.gateway}/graphql`;
    const body = JSON.stringify({ query: FLAGSHIP_QUERY, variables: { id: 'ofac-sdn:43377' } });
    const check = await fetch(gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[0]}` }, body });
    const checkText = await check.text();
    if (classify(check.status, checkText, new Map()) !== 'complete') {
      throw new Error(`the flagship request is not answered completely before the load: ${check.status} ${checkText.slice(0, 1000)}`);
    }

    const run = (label: string, seconds: number, events?: (elapsedS: number) => string | null): Promise<RunResult> => {
      const counts: Record<Outcome, number> = { complete: 0, partial: 0, failed: 0 };
      const windows: Record<Outcome, number>[] = [];
      const completeAt: number[] = [];
      const codes = new Map<string, number>();
      let next = 0;
      const start = performance.now();
      const record = (o: Outcome) => {
        const t = (performance.now() - start) / 1000;
        // Answers to requests still in flight when the run ends count in the last window.
        const w = Math.min(Math.floor(t / WINDOW_S), Math.ceil(seconds / WINDOW_S) - 1);
        while (windows.length <= w) {
          windows.push({ complete: 0, partial: 0, failed: 0 });
        }
        windows[w][o]++;
        counts[o]++;
        if (o === 'complete' && events) {
          completeAt.push(t);
        }
      };
      return new Promise<RunResult>((resolve, reject) => {
        let lastTotal = 0;
        let lastT = 0;
        const progress = setInterval(() => {
          const t = (performance.now() - start) / 1000;
          const total = counts.complete + counts.partial + counts.failed;
          say(
            `  [${label}] ${t.toFixed(0).padStart(4)}/${seconds} s  ${((total - lastTotal) / (t - lastT)).toFixed(0).padStart(5)} req/s  ` +
              `complete ${counts.complete}  partial ${counts.partial}  failed ${counts.failed}`,
          );
          lastTotal = total;
          lastT = t;
        }, WINDOW_S * 1000);
        const instance = autocannon(
          {
            url: gatewayUrl,
            connections,
            duration: seconds,
            timeout: 30,
            requests: [
              {
                method: 'POST',
                path: '/graphql',
                body,
                setupRequest: req => ({ ...req, headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[next++ % CALLERS]}` } }),
                onResponse: (status, text) => record(classify(status, text, codes)),
              },
            ],
          },
          (err, result) => {
            clearInterval(progress);
            if (err) {
              reject(err instanceof Error ? err : new Error(String(err)));
            } else {
              resolve({ result, counts, windows, completeAt, codes });
            }
          },
        );
        instance.on('reqError', () => record('failed'));
        if (events) {
          const ticker = setInterval(() => {
            const line = events((performance.now() - start) / 1000);
            if (line) {
              say(`  [${label}] ${line}`);
            }
          }, 100);
          instance.on('done', () => clearInterval(ticker));
        }
      });
    };
    const snapshot = async () => {
      const texts = Object.fromEntries(await Promise.all(SERVICES.map(async s => [s, await metricsText(ports[s])]))) as Record<Service, string | null>;
      return { rss: Object.fromEntries(SERVICES.map(s => [s, rssOf(texts[s])])) as Record<Service, number>, outcomes: outcomesOf(texts.gateway) };
    };

    say(`Warm-up: ${warmS} s…`);
    await run('warm-up', warmS);
    const afterWarm = await snapshot();

    say(`Run 1/2: steady load for ${durationS} s.`);
    const steady = await run('steady', durationS);
    const afterSteady = await snapshot();

    say(`Run 2/2: ${durationS} s; cases killed (SIGKILL) at ${killAtS.toFixed(0)} s for ${outageS} s, then restarted on port ${ports.cases}.`);
    let killedAt = Number.NaN;
    let restartAt = Number.NaN;
    let readyAt = Number.NaN;
    let restartError: unknown = null;
    let phase: 'before' | 'killed' | 'restarting' | 'done' = 'before';
    const kill = await run('cases killed', durationS, t => {
      if (phase === 'before' && t >= killAtS) {
        phase = 'killed';
        killedAt = t;
        procs.get('cases')?.child.kill('SIGKILL');
        return `${t.toFixed(1)} s: cases killed (SIGKILL)`;
      }
      if (phase === 'killed' && t >= killAtS + outageS) {
        phase = 'restarting';
        restartAt = t;
        const startedAt = performance.now() - t * 1000;
        const proc = launch('cases');
        waitFor(`http://127.0.0.1:${ports.cases}/health`, proc, 120_000).then(
          () => {
            readyAt = (performance.now() - startedAt) / 1000;
            say(`  [cases killed] ${readyAt.toFixed(1)} s: cases answers /health again (${(readyAt - restartAt).toFixed(1)} s after the restart)`);
          },
          (err: unknown) => {
            restartError = err;
          },
        );
        return `${t.toFixed(1)} s: cases restarted`;
      }
      return null;
    });
    const afterKill = await snapshot();
    if (restartError) {
      throw restartError;
    }

    // Table 1: both runs side by side.
    const figures = (r: RunResult, before: typeof afterWarm, after: typeof afterWarm): string[] => {
      const d = (k: string) => (after.outcomes[k] ?? 0) - (before.outcomes[k] ?? 0);
      const codeList = [...r.codes].map(([c, n]) => `${c} ${n}`).join(', ') || 'none';
      return [
        r.result.requests.average.toFixed(1),
        ms(r.result.latency.p50),
        ms(r.result.latency.p99),
        String(r.result.requests.total),
        String(r.result.non2xx),
        `${r.result.errors} (${r.result.timeouts} timeouts)`,
        String(r.counts.complete),
        String(r.counts.partial),
        String(r.counts.failed),
        codeList,
        `${d('success')} / ${d('partial')} / ${d('error')}`,
        ...SERVICES.map(s => `${mb(before.rss[s])} → ${mb(after.rss[s])} (${pct(before.rss[s], after.rss[s])})${s === 'cases' && r === kill ? ' restarted' : ''}`),
      ];
    };
    const names = [
      'requests/s (mean)',
      'latency median (ms)',
      'latency p99 (ms)',
      'responses',
      'non-2xx',
      'socket errors',
      'complete answers',
      'partial answers (DOWNSTREAM_SERVICE_ERROR)',
      'failed answers',
      'answers with error codes',
      'gateway /metrics success / partial / error',
      ...SERVICES.map(s => `RSS ${s} MB: run start → end`),
    ];
    const a = figures(steady, afterWarm, afterSteady);
    const b = figures(kill, afterSteady, afterKill);
    say('');
    say(table(['figure', `steady, ${durationS} s`, `cases killed ${outageS} s, ${durationS} s`], names.map((n, i) => [n, a[i], b[i]])));
    say(`RSS growth over both runs after warm-up: ${SERVICES.map(s => `${s} ${pct(afterWarm.rss[s], afterSteady.rss[s])}${s === 'cases' ? '' : ` / ${pct(afterWarm.rss[s], afterKill.rss[s])}`}`).join(', ')}`);

    // Table 2: the kill run in 5-second windows.
    const rows = kill.windows.map((w, i) => {
      const from = i * WINDOW_S;
      const to = from + WINDOW_S;
      const total = w.complete + w.partial + w.failed;
      const marks = [
        killedAt >= from && killedAt < to ? `killed at ${killedAt.toFixed(1)} s` : '',
        restartAt >= from && restartAt < to ? `restarted at ${restartAt.toFixed(1)} s` : '',
        readyAt >= from && readyAt < to ? `/health at ${readyAt.toFixed(1)} s` : '',
      ].filter(Boolean);
      const share = (n: number) => (total ? `${((n / total) * 100).toFixed(1)}%` : '-');
      return [`${from}–${Math.min(to, durationS)} s`, total, share(w.complete), share(w.partial), share(w.failed), marks.join(', ')];
    });
    say('');
    say(table(['window', 'answers', 'complete', 'partial', 'failed', 'event'], rows));
    const firstComplete = kill.completeAt.find(t => t >= restartAt);
    say(
      `Cases down ${Number.isFinite(killedAt) ? (restartAt - killedAt).toFixed(1) : '?'} s; ` +
        `restart → /health ${Number.isFinite(readyAt) ? `${(readyAt - restartAt).toFixed(1)} s` : 'not reached'}; ` +
        `restart → first complete answer ${firstComplete === undefined ? 'none before the end' : `${(firstComplete - restartAt).toFixed(2)} s`}` +
        `${firstComplete !== undefined && Number.isFinite(readyAt) ? ` (${(firstComplete - readyAt).toFixed(2)} s after /health)` : ''}.`,
    );
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await stopAll();
    rmSync(dataDir, { recursive: true, force: true });
    await scratch?.drop();
    say('All five processes stopped.');
  }
}
