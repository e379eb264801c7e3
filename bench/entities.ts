import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { graphql } from 'graphql';
import { createScratchDatabase, LOCAL_POSTGRES, type ScratchDatabase } from '../common/dev/scratch';
import { openDatabase, type Database } from '../common/database';
import { silentLogger } from '../common/logger';
import { requestInfo } from '../common/request-context';
import { createSubgraph, entitiesStorage } from '../subgraphs/entities';
import { importPublication } from '../subgraphs/entities/ofac/importer';
import { parsePublication, type PublicationFiles } from '../subgraphs/entities/ofac/publication';
import { prepareName, scoreNames } from '../subgraphs/entities/screening/similarity';
import { arg, median, ms, percentile, say, table } from './stats';
import { mulberry32 } from '../common/random';

/**
 * `npm run bench -- entities`: OFAC import of the full SDN publication of 2024-05-03 with its
 * aliases, addresses and comments (from ../shared/data), re-import of the same files, and name
 * screening: single-name latency (median, p99) and batch throughput, next to a full scan of every
 * name as the baseline. Options: `--db pglite|postgres`, `--names N` (default 2,000 single names).
 */
const DATA = path.resolve(__dirname, '..', '..', '..', 'shared', 'data', 'ofac');

/** Names as customers type them: listed names reordered, misspelt or cut, and names not listed at all. */
function queryNames(listed: string[], count: number): string[] {
  const rand = mulberry32(42);
  const given = ['Anna', 'Pedro', 'Wei', 'Olga', 'Hassan', 'Maria', 'John', 'Fatima', 'Ivan', 'Chen', 'Lucas', 'Aisha'];
  const family = ['Schmidt', 'Garcia', 'Nguyen', 'Kowalski', 'Okafor', 'Rossi', 'Tanaka', 'Dubois', 'Silva', 'Novak', 'Larsen', 'Haddad'];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
      const words = listed[Math.floor(rand() * listed.length)].replace(/,/g, '').split(/\s+/);
      if (rand() < 0.5) {
        words.reverse();
      }
      const w = Math.floor(rand() * words.length);
      if (rand() < 0.5 && words[w].length > 3) {
        const k = 1 + Math.floor(rand() * (words[w].length - 2));
        words[w] = words[w].slice(0, k) + words[w][k + 1] + words[w][k] + words[w].slice(k + 2);
      }
      out.push(words.join(' '));
    } else {
      out.push(`${given[Math.floor(rand() * given.length)]} ${family[Math.floor(rand() * family.length)]}-${family[Math.floor(rand() * family.length)]}`);
    }
  }
  return out;
}

export async function benchEntities(): Promise<void> {
  const dbKind = arg('db', 'pglite');
  const count = Number(arg('names', '2000'));
  const read = (name: string) => ({ name, text: readFileSync(path.join(DATA, name), 'latin1') });
  const files: PublicationFiles = {
    sdn: read('ofac_sdn_2024-05-03.csv'),
    add: read('ofac_add_2025-01.csv'),
    alt: read('ofac_alt_2025-01.csv'),
    comments: read('ofac_sdn_comments_2025-01.csv'),
  };
  const names = { sdn: files.sdn.name, add: files.add!.name, alt: files.alt!.name, comments: files.comments!.name };
  const dir = mkdtempSync(path.join(tmpdir(), 'cg-bench-entities-'));
  let scratch: ScratchDatabase | null = null;
  let db: Database;
  if (dbKind === 'postgres') {
    scratch = await createScratchDatabase('cg_bench_entities', process.env.DATABASE_URL || LOCAL_POSTGRES);
    db = await openDatabase({ config: { kind: 'postgres', url: scratch.url, schema: 'entities' }, ...entitiesStorage, log: silentLogger });
  } else {
    db = await openDatabase({ config: { kind: 'pglite', dataDir: path.join(dir, 'entities'), schema: 'entities' }, ...entitiesStorage, log: silentLogger });
  }
  const rows: (string | number)[][] = [];
  try {
    say(`Entities on ${dbKind}: importing the SDN publication of 2024-05-03…`);
    let t = performance.now();
    const parsed = parsePublication('sdn', files);
    const parseMs = performance.now() - t;
    let lastStage = '';
    const first = await importPublication(db.dataSource, parsed, '2024-05-03', names, (stage, done, total) => {
      if (stage !== lastStage || done === total) {
        process.stdout.write(`\r  ${stage.padEnd(18)} ${done}/${total}   `);
        lastStage = stage;
      }
    });
    process.stdout.write('\n');
    const importMs = performance.now() - t;
    t = performance.now();
    const again = await importPublication(db.dataSource, parsePublication('sdn', files), '2024-05-03', names);
    const reimportMs = performance.now() - t;
    if (!again.alreadyImported) {
      throw new Error('re-import changed the database');
    }
    rows.push([`import (${first.parties} parties, ${first.aliases} aliases, ${first.cryptoAddresses} crypto addresses), s`, (importMs / 1000).toFixed(2), `parse ${(parseMs / 1000).toFixed(2)}`, '']);
    rows.push(['re-import of the same files (no change), s', (reimportMs / 1000).toFixed(2), '', '']);

    const subgraph = await createSubgraph({ database: db, log: silentLogger });
    const ctx = () => subgraph.createContext(requestInfo({ headers: {} }, silentLogger));
    t = performance.now();
    await graphql({ schema: subgraph.schema, source: `{ screen(input: { name: "warm up" }) { score } }`, contextValue: ctx() });
    rows.push(['screening index build, ms', ms(performance.now() - t), '', '']);

    const listed: string[] = (await db.dataSource.query(`SELECT name FROM party UNION ALL SELECT name FROM alias`)).map((r: { name: string }) => r.name);
    const queries = queryNames(listed, count);
    say(`Screening ${queries.length} single names (half listed names reordered or misspelt, half not listed)…`);
    const single: number[] = [];
    let hits = 0;
    for (const name of queries) {
      const s = performance.now();
      const r = await graphql({
        schema: subgraph.schema,
        source: `query($name: String!) { screen(input: { name: $name }) { score entity { id } } }`,
        variableValues: { name },
        contextValue: ctx(),
      });
      single.push(performance.now() - s);
      hits += (r.data as { screen: unknown[] }).screen.length > 0 ? 1 : 0;
    }
    const prepared = listed.map(n => prepareName(n));
    const scan: number[] = [];
    for (const name of queries.slice(0, 200)) {
      const s = performance.now();
      const q = prepareName(name);
      for (const p of prepared) {
        scoreNames(q, p);
      }
      scan.push(performance.now() - s);
    }
    rows.push(['screen one name (GraphQL, in process), ms', ms(median(single)), ms(percentile(single, 99)), '1.00']);
    rows.push([`baseline: score every name (${prepared.length}), ms`, ms(median(scan)), ms(percentile(scan, 99)), (median(scan) / median(single)).toFixed(1)]);

    const batch = queryNames(listed, 10_000);
    say('Screening a batch of 10,000 names in one screenBatch request…');
    t = performance.now();
    const r = await graphql({
      schema: subgraph.schema,
      source: `query($inputs: [ScreenInput!]!) { screenBatch(inputs: $inputs) { name matches { score entity { id } } } }`,
      variableValues: { inputs: batch.map(name => ({ name })) },
      contextValue: ctx(),
    });
    const batchMs = performance.now() - t;
    if (r.errors) {
      throw new Error(JSON.stringify(r.errors));
    }
    rows.push(['screenBatch of 10,000 names, s', (batchMs / 1000).toFixed(2), `${Math.round(10_000 / (batchMs / 1000))} names/s`, '']);
    say('');
    say(table(['figure', 'median', 'p99 / note', 'ratio'], rows));
    say(`(${hits} of ${queries.length} single names matched at score ≥ 85)`);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
    await scratch?.drop();
  }
}
