import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request, type IncomingMessage } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../common/database';
import { silentLogger } from '../common/logger';
import { serveSubgraph, type RunningSubgraph } from '../common/subgraph';
import { signHs256 } from '../gateway/auth/jwt';
import { chainStorage } from '../subgraphs/chain';
import * as entities from '../subgraphs/entities';
import { generateTransfers } from '../subgraphs/chain/ingest/generate';
import { INSERT_CHUNK, insertTransferRows, type CheckedTransfer } from '../subgraphs/chain/store/writes';
import { arg, say, table } from './stats';
import { exportMarkdown, exportSvg, median, type ExportFigures } from './export-report';
import { createScratchDatabase, LOCAL_POSTGRES } from '../common/dev/scratch';

/**
 * `npm run bench -- export [--rows 1000000] [--page 500] [--repeat 1]` (`--count` is the same as
 * `--rows`): on PostgreSQL (DATABASE_URL's server, else the local one), in a database created here
 * and dropped at the end: `count` generated transfers, all sent from one address (so that one
 * connection holds them all); the chain subgraph and the gateway each as its own process
 * (`dist/subgraphs/chain/main.js`, `dist/gateway/main.js`), as `npm start` runs them; then
 * `repeat` times one `POST /export` (NDJSON, a partner token) of `address.transfers` in pages of
 * `page`, read as fast as it comes, each after a run of the baseline (`baselineOnce`: the same rows
 * by plain SQL, no graph). Prints rows/s (the median of the runs), the gateway's peak RSS (VmHWM)
 * and its RSS before, CPU per 1,000 rows of each process (gateway, chain subgraph, the PostgreSQL
 * backends serving the database, and this process, the reader), the baseline's rows/s, and the
 * median of the runs' ratios export ÷ baseline: this machine's speed varies from day to day (by
 * half on the same code), and the ratio sets the export against what the machine did at that moment.
 * Writes the figures and a picture of them to bench/results/export-<time>.md, .json and .svg.
 */

const SERVER = process.env.DATABASE_URL || LOCAL_POSTGRES;
const FROM = '0x' + 'e0'.repeat(20);

async function load(db: Database, count: number): Promise<number> {
  const t0 = performance.now();
  let batch: CheckedTransfer[] = [];
  let done = 0;
  for (const t of generateTransfers(count, 42)) {
    batch.push(t.to === FROM ? t : { ...t, from: FROM });
    if (batch.length === INSERT_CHUNK) {
      done += await insertTransferRows(db.dataSource, batch).then(() => batch.length);
      batch = [];
      if (done % (INSERT_CHUNK * 20) === 0) {
        process.stderr.write(`  loading: ${done.toLocaleString('en')}\n`);
      }
    }
  }
  await insertTransferRows(db.dataSource, batch);
  await db.dataSource.query('ANALYZE');
  return (performance.now() - t0) / 1000;
}

function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** CPU seconds (user + system) a process has used: /proc/<pid>/stat, in clock ticks of 1/100 s. */
function cpuOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** POST /export with node:http; resolves with the response as soon as its head has come. */
function postExport(url: string, token: string, body: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) } }, resolve);
    req.on('error', reject);
    req.end(body);
  });
}

async function text(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of res as AsyncIterable<Buffer>) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

interface ExportRun {
  readonly rows: number;
  readonly bytes: number;
  readonly seconds: number;
  /** CPU seconds of each process during the export. */
  readonly cpu: { readonly gateway: number; readonly chain: number; readonly database: number; readonly reader: number };
}

function perThousand(cpuSeconds: number, rows: number): string {
  return ((cpuSeconds / rows) * 1e6).toFixed(1);
}

/** The PostgreSQL server processes serving the bench database (the chain subgraph's pool). */
async function backendsOf(url: string): Promise<number[]> {
  const name = new URL(url).pathname.slice(1);
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    return r.rows.map(x => x.pid);
  } finally {
    await client.end();
  }
}

/** CPU seconds of processes, those gone or unreadable counted as 0. */
function cpuOfAll(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => {
    try {
      return sum + cpuOf(pid);
    } catch {
      return sum;
    }
  }, 0);
}

interface BaselineRun {
  readonly rows: number;
  /** The NDJSON it made (and wrote nowhere). */
  readonly bytes: number;
  readonly seconds: number;
  /** CPU seconds of this process and of its PostgreSQL backend. */
  readonly cpu: { readonly reader: number; readonly database: number };
}

/**
 * The baseline, measured in the same run next to each export: the same transfers read straight
 * from PostgreSQL by this process in keyset pages of `page` (one plain statement per page on the
 * legs' index, as the chain subgraph reads them) and written as NDJSON lines to nowhere. No
 * GraphQL, no HTTP, no gateway: what one process does with the rows at the least. Measured on
 * the same machine at the same moment as the export, it is what the export is set against.
 */
async function baselineOnce(url: string, page: number): Promise<BaselineRun> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url, options: '-c search_path=chain' });
  await client.connect();
  try {
    const backend = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const databaseCpu0 = cpuOf(backend);
    const ownCpu0 = process.cpuUsage();
    const t0 = performance.now();
    let after: [string, string] = ['infinity', ''];
    let rows = 0;
    let bytes = 0;
    for (;;) {
      const r = await client.query<{ id: string; cursorTime: string; [k: string]: unknown }>(
        `SELECT transfer_id AS id, tx_hash AS "txHash", to_char(block_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorTime",
                address AS "from", counterparty AS "to", asset, amount, amount_usd AS "amountUsd"
         FROM transfer_leg
         WHERE chain = 'ETHEREUM' AND address = $1 AND direction = 'OUT' AND (block_time, transfer_id) < ($2::timestamptz, $3)
         ORDER BY block_time DESC, transfer_id DESC LIMIT $4`,
        [FROM, after[0], after[1], page],
      );
      for (const row of r.rows) {
        bytes += JSON.stringify(row).length + 1;
      }
      rows += r.rows.length;
      if (r.rows.length < page) {
        break;
      }
      const last = r.rows[r.rows.length - 1];
      after = [last.cursorTime, last.id];
    }
    const seconds = (performance.now() - t0) / 1000;
    const own = process.cpuUsage(ownCpu0);
    if (rows === 0) {
      throw new Error('the baseline read no rows');
    }
    return { rows, bytes, seconds, cpu: { reader: (own.user + own.system) / 1e6, database: cpuOf(backend) - databaseCpu0 } };
  } finally {
    await client.end();
  }
}

/** One `POST /export`, read as fast as it comes: rows, bytes, time, and the CPU each process spent. */
async function exportOnce(url: string, token: string, body: string, pids: { gateway: number; chain: number; database: readonly number[] }): Promise<ExportRun> {
  // CPU time next to wall time: on a shared machine, wall time follows everyone's load, CPU
  // time per row is what this code costs.
  const gatewayCpu0 = cpuOf(pids.gateway);
  const chainCpu0 = cpuOf(pids.chain);
  const databaseCpu0 = cpuOfAll(pids.database);
  const ownCpu0 = process.cpuUsage();
  const t0 = performance.now();
  // The reader is node:http, not fetch: it shares the two cores with the processes measured,
  // and fetch's web streams cost several times its CPU per row.
  const res = await postExport(url, token, body);
  if (res.statusCode !== 200) {
    throw new Error(`export refused: ${res.statusCode} ${(await text(res)).slice(0, 500)}`);
  }
  let lines = 0;
  let bytes = 0;
  // The last two chunks, decoded at the end (the end record is in them): the reader does as
  // little as it can per chunk.
  let previous: Uint8Array = new Uint8Array(0);
  let last: Uint8Array = new Uint8Array(0);
  let lastSample = performance.now();
  for await (const chunk of res as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) {
      lines++;
    }
    previous = last;
    last = chunk;
    if (performance.now() - lastSample > 1000) {
      lastSample = performance.now();
      process.stderr.write(`  exported ~${lines.toLocaleString('en')} lines, gateway RSS ${memoryOf(pids.gateway).rssMb.toFixed(0)} MB\n`);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const own = process.cpuUsage(ownCpu0);
  const cpu = {
    gateway: cpuOf(pids.gateway) - gatewayCpu0,
    chain: cpuOf(pids.chain) - chainCpu0,
    database: cpuOfAll(pids.database) - databaseCpu0,
    reader: (own.user + own.system) / 1e6,
  };
  const tail = Buffer.concat([previous, last]).toString('utf8');
  const end = JSON.parse(tail.trimEnd().split('\n').at(-1)!) as { '@export': string; rows: number; code?: string };
  if (end['@export'] !== 'end') {
    throw new Error(`export ended with ${JSON.stringify(end)}`);
  }
  return { rows: end.rows, bytes, seconds, cpu };
}

export async function benchExport(): Promise<void> {
  const count = Number(arg('rows', arg('count', '1000000')));
  const page = Number(arg('page', '500'));
  const repeat = Math.max(1, Number(arg('repeat', '1')));
  const scratch = await createScratchDatabase('cg_bench_export', SERVER);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-export-'));
  let db: Database | null = null;
  let chainProcess: ReturnType<typeof spawn> | null = null;
  let entitiesDb: Database | null = null;
  let entitiesServer: RunningSubgraph | null = null;
  let gateway: ReturnType<typeof spawn> | null = null;
  try {
    db = await openDatabase({ config: { kind: 'postgres', url: scratch.url, schema: 'chain' }, ...chainStorage, log: silentLogger });
    const loadS = await load(db, count);
    say(`loaded ${count.toLocaleString('en')} transfers in ${loadS.toFixed(1)} s`);
    const identitySecret = randomBytes(32).toString('base64url');
    const jwtSecret = randomBytes(32).toString('base64url');
    // The chain subgraph as its own process, as `npm start` and production run it: the client
    // reading the export here does not share its thread.
    await db.close();
    db = null;
    const chainPort = 20000 + ((process.pid + 7) % 20000);
    // BENCH_CHAIN_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR": node options of the chain subgraph's process.
    const chainArgs = (process.env.BENCH_CHAIN_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
    chainProcess = spawn(process.execPath, [...chainArgs, path.join(__dirname, '..', 'subgraphs', 'chain', 'main.js')], {
      env: { ...process.env, CHAIN_URL: `http://127.0.0.1:${chainPort}/graphql`, DATABASE_URL: scratch.url, IDENTITY_SECRET: identitySecret, SEED_DEMO: 'false', DATA_DIR: dataDir, LOG_LEVEL: 'error', NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const chainUrl = `http://127.0.0.1:${chainPort}/graphql`;
    say('starting the chain subgraph…');
    const chainT0 = performance.now();
    for (let i = 0; ; i++) {
      if (await fetch(`http://127.0.0.1:${chainPort}/health`).then(r => r.ok).catch(() => false)) {
        break;
      }
      if (i > 1200 || chainProcess.exitCode !== null) {
        throw new Error(`the chain subgraph did not start (exit ${chainProcess.exitCode})`);
      }
      await new Promise(r => setTimeout(r, 100));
    }
    say(`chain subgraph up in ${((performance.now() - chainT0) / 1000).toFixed(1)} s`);
    // The export's provenance asks the entities subgraph for the list publications (none here).
    entitiesDb = await openDatabase({ config: { kind: 'postgres', url: scratch.url, schema: 'entities' }, ...entities.entitiesStorage, log: silentLogger });
    entitiesServer = await serveSubgraph((await entities.createSubgraph({ database: entitiesDb, log: silentLogger })) as never, { database: entitiesDb, log: silentLogger }, { host: '127.0.0.1', port: 0, identity: { secret: identitySecret, required: true } });
    const port = 20000 + (process.pid % 20000);
    // BENCH_GATEWAY_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR": node options of the gateway process
    // only (profiling, GC tracing); this process takes its own on the command line.
    const nodeArgs = (process.env.BENCH_GATEWAY_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
    gateway = spawn(process.execPath, [...nodeArgs, path.join(__dirname, '..', 'gateway', 'main.js')], {
      env: {
        ...process.env,
        PORT: String(port),
        CHAIN_URL: chainUrl,
        ENTITIES_URL: entitiesServer.url,
        ACCOUNTS_URL: 'http://127.0.0.1:9/graphql',
        CASES_URL: 'http://127.0.0.1:9/graphql',
        JWT_SECRET: jwtSecret,
        IDENTITY_SECRET: identitySecret,
        ANONYMOUS_ROLE: '',
        DATA_DIR: dataDir,
        LOG_LEVEL: process.env.BENCH_GATEWAY_LOG_LEVEL ?? 'error',
        APOLLO_TELEMETRY_DISABLED: '1',
        // The gateway as `npm start` runs it: not in production mode (bench/main.ts sets
        // NODE_ENV=production for this process, the chain subgraph's, as cli/start.ts does for
        // subgraphs). BENCH_GATEWAY_NODE_ENV=production measures it as the Docker image runs it.
        NODE_ENV: process.env.BENCH_GATEWAY_NODE_ENV ?? '',
      },
      stdio: ['ignore', process.env.BENCH_GATEWAY_NODE_ARGS ? 'inherit' : 'ignore', 'inherit'],
    });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      if (await fetch(`${base}/health`).then(r => r.ok).catch(() => false)) {
        break;
      }
      if (i > 100) {
        throw new Error('the gateway did not start');
      }
      await new Promise(r => setTimeout(r, 100));
    }
    const now = Math.floor(Date.now() / 1000);
    const token = signHs256({ sub: 'bench-partner', role: 'partner', iss: 'compliance-graph', aud: 'compliance-graph', iat: now, exp: now + 3600 }, jwtSecret);
    const before = memoryOf(gateway.pid!);
    const query = `query PartnerTransfers($a: String!, $after: String) { address(chain: ETHEREUM, address: $a) {
      transfers(first: ${page}, after: $after, direction: OUT) { pageInfo { hasNextPage endCursor } edges { node { id txHash timestamp amount asset amountUsd from { address } to { address } } } } } }`;
    const body = JSON.stringify({ query, variables: { a: FROM }, connection: 'address.transfers', format: 'ndjson' });
    const runs: ExportRun[] = [];
    const baselines: BaselineRun[] = [];
    for (let i = 0; i < repeat; i++) {
      const baseline = await baselineOnce(scratch.url, page);
      baselines.push(baseline);
      say(
        `baseline ${i + 1}/${repeat}: ${baseline.rows.toLocaleString('en')} rows in ${baseline.seconds.toFixed(1)} s, ${Math.round(baseline.rows / baseline.seconds).toLocaleString('en')} rows/s; ` +
          `CPU ms per 1,000 rows: reader ${perThousand(baseline.cpu.reader, baseline.rows)}, PostgreSQL ${perThousand(baseline.cpu.database, baseline.rows)}`,
      );
      const run = await exportOnce(`${base}/export`, token, body, { gateway: gateway.pid!, chain: chainProcess.pid!, database: await backendsOf(scratch.url) });
      runs.push(run);
      if (run.rows !== baseline.rows) {
        throw new Error(`the export gave ${run.rows} rows and the baseline ${baseline.rows}: they read the same transfers`);
      }
      say(
        `run ${i + 1}/${repeat}: ${run.rows.toLocaleString('en')} rows in ${run.seconds.toFixed(1)} s, ${Math.round(run.rows / run.seconds).toLocaleString('en')} rows/s; ` +
          `CPU ms per 1,000 rows: gateway ${perThousand(run.cpu.gateway, run.rows)}, chain ${perThousand(run.cpu.chain, run.rows)}, ` +
          `PostgreSQL ${perThousand(run.cpu.database, run.rows)}, reader ${perThousand(run.cpu.reader, run.rows)}`,
      );
    }
    const after = memoryOf(gateway.pid!);
    const med = (f: (r: ExportRun) => number) => median(runs.map(f));
    const rows = runs[0].rows;
    say(
      table(
        ['metric', repeat > 1 ? `median of ${repeat} runs` : 'value'],
        [
          ['rows', rows],
          ['page size', page],
          ['seconds', med(r => r.seconds).toFixed(1)],
          ['rows/s', Math.round(med(r => r.rows / r.seconds))],
          ['MB/s', med(r => r.bytes / 1e6 / r.seconds).toFixed(1)],
          ['gateway RSS before, MB', before.rssMb.toFixed(0)],
          ['gateway peak RSS (VmHWM), MB', after.peakMb.toFixed(0)],
          ['gateway RSS after, MB', after.rssMb.toFixed(0)],
          ['gateway CPU, ms per 1,000 rows', perThousand(med(r => r.cpu.gateway), rows)],
          ['chain subgraph CPU, ms per 1,000 rows', perThousand(med(r => r.cpu.chain), rows)],
          ['PostgreSQL backends CPU, ms per 1,000 rows', perThousand(med(r => r.cpu.database), rows)],
          ['reader CPU (this process), ms per 1,000 rows', perThousand(med(r => r.cpu.reader), rows)],
          ['rows/s the CPU time allows on 2 cores (all four)', Math.round((2 * rows) / med(r => r.cpu.gateway + r.cpu.chain + r.cpu.database + r.cpu.reader))],
          ['baseline: plain SQL pages to NDJSON in one process, rows/s', Math.round(median(baselines.map(b => b.rows / b.seconds)))],
          ['baseline CPU (reader + PostgreSQL), ms per 1,000 rows', perThousand(median(baselines.map(b => b.cpu.reader + b.cpu.database)), rows)],
          ['export rows/s ÷ baseline rows/s (median of the runs\' ratios)', median(runs.map((r, i) => r.rows / r.seconds / (baselines[i].rows / baselines[i].seconds))).toFixed(2)],
        ],
      ),
    );
    // The report, with its picture: bench/results/export-<time>.md, .json and .svg.
    const perRow = (cpuSeconds: number) => (cpuSeconds / rows) * 1e6;
    const figures: ExportFigures = {
      date: new Date().toISOString(),
      rows,
      page,
      goal: 50_000,
      gatewayPeakMb: after.peakMb,
      exports: runs.map(r => ({
        rowsPerSecond: r.rows / r.seconds,
        cpu: { gateway: perRow(r.cpu.gateway), chain: perRow(r.cpu.chain), database: perRow(r.cpu.database), reader: perRow(r.cpu.reader) },
      })),
      baselines: baselines.map(b => ({ rowsPerSecond: b.rows / b.seconds, cpu: { reader: perRow(b.cpu.reader), database: perRow(b.cpu.database) } })),
    };
    const dir = path.join(__dirname, '..', '..', 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const stem = `export-${figures.date.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}`;
    const title = `Partner export of ${rows.toLocaleString('en')} transfers through the gateway (${repeat} run${repeat > 1 ? 's' : ''})`;
    writeFileSync(path.join(dir, `${stem}.json`), JSON.stringify(figures, null, 2));
    writeFileSync(path.join(dir, `${stem}.svg`), exportSvg(figures, title));
    writeFileSync(path.join(dir, `${stem}.md`), exportMarkdown(figures, title, `${stem}.svg`));
    say(`\nWritten: bench/results/${stem}.md, .json, .svg`);
  } finally {
    if (gateway && gateway.exitCode === null) {
      gateway.kill('SIGTERM');
      await new Promise(r => gateway!.once('exit', r));
    }
    if (chainProcess && chainProcess.exitCode === null) {
      chainProcess.kill('SIGTERM');
      await new Promise(r => chainProcess!.once('exit', r));
    }
    await entitiesServer?.close();
    await entitiesDb?.close();
    await db?.close();
    await scratch.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
