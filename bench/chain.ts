import { openDatabase, type Database } from '../common/database';
import { LISTED_ADDRESSES } from '../common/demo/story';
import { silentLogger } from '../common/logger';
import { requestInfo } from '../common/request-context';
import { graphql } from 'graphql';
import { chainStorage, createSubgraph } from '../subgraphs/chain';
import type { ChainContext } from '../subgraphs/chain/context';
import type { Subgraph } from '../common/subgraph';
import { generatedAddress, generateTransfers } from '../subgraphs/chain/ingest/generate';
import { balancedChunk, loadTransfers, replaceSanctionedAddresses } from '../subgraphs/chain/store/writes';
import { arg, median, ms, percentile, say, table } from './stats';
import { createScratchDatabase, LOCAL_POSTGRES } from '../common/dev/scratch';

/**
 * `npm run bench -- chain [--sizes 1000000,10000000] [--seed 42] [--runs 200]`: on PostgreSQL
 * (DATABASE_URL's server, else the local one), in a database created here and dropped at the
 * end, for each size: load that many generated transfers (`loadTransfers`: sorted array
 * statements of INSERT_CHUNK rows, two in flight), then time the chain subgraph's own execution
 * (resolvers, loaders, SQL) of `transfers(first: 50)` on the first page and on a deep page of the busiest hot wallet, and
 * `exposure(hops: 3)` from ordinary addresses and from the hot wallet; and the database size.
 */

const SERVER = process.env.DATABASE_URL || LOCAL_POSTGRES;

interface Figures {
  [metric: string]: number;
}

/** Statements in flight while loading: one per core of this machine's two, the generator overlapping them. */
const INGEST_PARALLEL = 2;

/**
 * Loads `count` generated transfers through `loadTransfers` (statements of at most INSERT_CHUNK
 * rows in whole rounds, each its own transaction, INGEST_PARALLEL in flight); returns transfers
 * per second.
 */
async function ingest(db: Database, count: number, seed: number): Promise<number> {
  const t0 = performance.now();
  let lastReport = 0;
  const { read } = await loadTransfers(db.dataSource, generateTransfers(count, seed), {
    parallel: INGEST_PARALLEL,
    chunk: balancedChunk(count, INGEST_PARALLEL),
    onProgress: done => {
      if (done - lastReport >= count / 20 || done === count) {
        lastReport = done;
        const s = (performance.now() - t0) / 1000;
        process.stderr.write(`  loading ${count.toLocaleString('en')}: ${done.toLocaleString('en')} (${Math.round(done / s).toLocaleString('en')}/s)\n`);
      }
    },
  });
  const rate = read / ((performance.now() - t0) / 1000);
  await db.dataSource.query('ANALYZE');
  return rate;
}

async function timeQuery(subgraph: Subgraph<ChainContext>, source: string, variables: Record<string, unknown>[], runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs + 5; i++) {
    const variableValues = variables[i % variables.length];
    const contextValue = subgraph.createContext(requestInfo({ headers: {} }, silentLogger));
    const t0 = performance.now();
    const r = await graphql({ schema: subgraph.schema, source, variableValues, contextValue });
    const t = performance.now() - t0;
    if (r.errors) {
      throw new Error(`bench query failed: ${r.errors[0].message}`);
    }
    if (i >= 5) {
      times.push(t); // the first five warm the caches
    }
  }
  return times;
}

const PAGE = `query($a: String!, $after: String) { address(chain: ETHEREUM, address: $a) {
  transfers(first: 50, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id timestamp amount asset from { address } to { address } } } } } }`;
const EXPOSURE = `query($a: String!) { address(chain: ETHEREUM, address: $a) {
  exposure(hops: 3) { truncated visitedAddresses hubsNotExpanded limits { transfersRead startsCapped neighboursCapped addressesNotExpanded }
    entities { hops entity { id } amounts { asset amount } paths { addresses { address } } } } } }`;

async function measure(db: Database, subgraph: Subgraph<ChainContext>, runs: number): Promise<Figures> {
  const f: Figures = {};
  const [hot]: { address: string; n: string }[] = await db.dataSource.query(
    `SELECT address, (transfers_in + transfers_out)::text AS n FROM address_stats ORDER BY transfers_in + transfers_out DESC LIMIT 1`,
  );
  f['hot wallet transfers'] = Number(hot.n);
  // A deep position: the middle of the hot wallet's history (OFFSET only here, to find it).
  const [mid]: { t: string; id: string }[] = await db.dataSource.query(
    `SELECT to_char(block_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t, transfer_id AS id
     FROM transfer_leg WHERE chain = 'ETHEREUM' AND address = $1 ORDER BY block_time DESC, transfer_id DESC OFFSET $2 LIMIT 1`,
    [hot.address, Math.floor(Number(hot.n) / 2)],
  );
  const deep = Buffer.from(JSON.stringify(['transfer', mid.t, mid.id])).toString('base64url');
  const ordinary: { address: string }[] = await db.dataSource.query(
    `SELECT address FROM address_stats WHERE chain = 'ETHEREUM' AND address > '0x8' AND transfers_in + transfers_out BETWEEN 3 AND 60 ORDER BY chain, address LIMIT 100`,
  );
  const users = ordinary.map(o => ({ a: o.address }));
  process.stderr.write('  timing pages…\n');
  let t = await timeQuery(subgraph, PAGE, [{ a: hot.address, after: null }], runs);
  f['page 1, hot wallet: median ms'] = median(t);
  f['page 1, hot wallet: p99 ms'] = percentile(t, 99);
  t = await timeQuery(subgraph, PAGE, [{ a: hot.address, after: deep }], runs);
  f['deep page (middle), hot wallet: median ms'] = median(t);
  f['deep page (middle), hot wallet: p99 ms'] = percentile(t, 99);
  t = await timeQuery(subgraph, PAGE, users.map(u => ({ ...u, after: null })), runs);
  f['page 1, ordinary addresses: median ms'] = median(t);
  f['page 1, ordinary addresses: p99 ms'] = percentile(t, 99);
  process.stderr.write('  timing exposure…\n');
  t = await timeQuery(subgraph, EXPOSURE, users, runs);
  f['exposure(hops: 3), ordinary: median ms'] = median(t);
  f['exposure(hops: 3), ordinary: p99 ms'] = percentile(t, 99);
  t = await timeQuery(subgraph, EXPOSURE, [{ a: hot.address }], Math.max(20, Math.floor(runs / 4)));
  f['exposure(hops: 3), hot wallet: median ms'] = median(t);
  f['exposure(hops: 3), hot wallet: p99 ms'] = percentile(t, 99);
  const sample = await graphql({
    schema: subgraph.schema,
    source: EXPOSURE,
    variableValues: { a: hot.address },
    contextValue: subgraph.createContext(requestInfo({ headers: {} }, silentLogger)),
  });
  const e = (sample.data as any).address.exposure;
  say(`  hot wallet ${hot.address}: ${e.entities.length} parties reached, visited ${e.visitedAddresses}, truncated ${e.truncated}, hubs not expanded ${e.hubsNotExpanded}`);
  const l = e.limits;
  say(`  hot wallet search: ${l.transfersRead} transfers read; starts capped ${l.startsCapped}, neighbours capped ${l.neighboursCapped}, addresses not expanded ${l.addressesNotExpanded}`);
  let reached = 0;
  let partial = 0;
  let mostRead = 0;
  for (const u of users) {
    const r = await graphql({ schema: subgraph.schema, source: EXPOSURE, variableValues: u, contextValue: subgraph.createContext(requestInfo({ headers: {} }, silentLogger)) });
    reached += (r.data as any).address.exposure.entities.length > 0 ? 1 : 0;
    partial += (r.data as any).address.exposure.truncated ? 1 : 0;
    mostRead = Math.max(mostRead, (r.data as any).address.exposure.limits.transfersRead);
  }
  say(`  ordinary addresses reaching a sanctioned party within 3 hops: ${reached} of ${users.length} (${partial} partial; at most ${mostRead} transfers read)`);
  const [{ size }]: { size: string }[] = await db.dataSource.query(`SELECT pg_database_size(current_database())::text AS size`);
  f['database size MB'] = Number(size) / 1024 / 1024;
  return f;
}

export async function benchChain(): Promise<void> {
  const sizes = arg('sizes', '1000000,10000000')
    .split(',')
    .map(s => Number(s.replace(/_/g, '')));
  if (sizes.some(s => !Number.isInteger(s) || s < 1000)) {
    throw new Error('--sizes takes integers of at least 1000, comma-separated');
  }
  const seed = Number(arg('seed', '42'));
  const runs = Number(arg('runs', '200'));
  // Bulk loading: a crash may lose the last transactions (this database is dropped anyway).
  const scratch = await createScratchDatabase('cg_bench_chain', SERVER, { synchronous_commit: 'off' });
  say(`PostgreSQL database ${scratch.name} (dropped at the end); sizes ${sizes.map(s => s.toLocaleString('en')).join(', ')}; seed ${seed}; ${runs} runs per figure`);
  const results: Figures[] = [];
  let db: Database | null = null;
  try {
    db = await openDatabase({ config: { kind: 'postgres', url: scratch.url, schema: 'chain' }, ...chainStorage, log: silentLogger });
    await replaceSanctionedAddresses(db.dataSource, LISTED_ADDRESSES.map(a => ({ chain: a.chain, address: a.address, partyId: a.partyId })));
    const subgraph = await createSubgraph({ database: db, log: silentLogger });
    for (const size of sizes) {
      say(`\n${size.toLocaleString('en')} transfers:`);
      await db.dataSource.query(`TRUNCATE transfer_leg, transfer, address_stats`);
      const rate = await ingest(db, size, seed);
      say(`  ingest: ${Math.round(rate).toLocaleString('en')} transfers/s`);
      const f = await measure(db, subgraph, runs);
      results.push({ 'ingest transfers/s': rate, ...f });
      say(`  hot wallet ${generatedAddress(seed, 'hot', 0)} is the busiest by construction`);
    }
  } finally {
    await db?.close();
    await scratch.drop();
  }
  const metrics = Object.keys(results[0]);
  const fmt = (m: string, v: number) => (m.includes('ms') ? ms(v) : Math.round(v).toLocaleString('en'));
  const header = ['figure', ...sizes.map(s => s.toLocaleString('en')), ...(sizes.length > 1 ? [`×${sizes.at(-1)! / sizes[0]} data →`] : [])];
  const rows = metrics.map(m => [
    m,
    ...results.map(r => fmt(m, r[m])),
    ...(sizes.length > 1 ? [`×${(results.at(-1)![m] / results[0][m]).toFixed(2)}`] : []),
  ]);
  say('\n' + table(header, rows));
  say('\nGoals at 1,000,000: ingest > 50,000/s; a page < 5 ms; exposure(hops: 3) median < 50 ms. Flat or logarithmic growth with size.');
}
