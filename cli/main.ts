import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SUBGRAPH_NAMES } from '../common/config';
import type { Database } from '../common/database';
import { buildDemoStory } from '../common/demo/story';
import { ConfigError, ConflictError } from '../common/errors';
import * as accounts from '../subgraphs/accounts';
import * as cases from '../subgraphs/cases';
import * as chain from '../subgraphs/chain';
import * as entities from '../subgraphs/entities';
import { OfacFileError } from '../subgraphs/entities/ofac/csv';
import { importPublication, listedCryptoAddresses, type ImportProgress } from '../subgraphs/entities/ofac/importer';
import { replaceSanctionedAddresses } from '../subgraphs/chain/store/writes';
import type { Chain } from '../common/chain';
import { parsePublication, type OfacList, type PublicationFile } from '../subgraphs/entities/ofac/publication';
import { auditVerify } from './audit';
import { tokenCommand } from './token';
import { exportCommand } from './export';
import { openSubgraphDatabase, parseOptions, RefusedError, UsageError, withDatabase } from './options';
import { generateTransfersCommand, importTransfers } from './transfers';

/**
 * The operator's command line (`npm run cli -- <command>`). It works on the same databases as the
 * services (DATA_DIR or DATABASE_URL); on the embedded database, stop `npm start` first.
 */

const HELP = `Usage: npm run cli -- <command> [options]

Commands:
  import ofac --sdn FILE [--add FILE] [--alt FILE] [--comments FILE]
              [--list sdn|consolidated] [--published YYYY-MM-DD]
      Import one publication of an OFAC list in OFAC's legacy CSV format, exactly as OFAC
      publishes it. --published defaults to today. Importing the same publication twice
      changes nothing; a party missing from a newer publication is delisted, never deleted.
  import transfers FILE [--format csv|ndjson] [--chain CHAIN]
      Load on-chain transfers: CSV with header chain,tx_hash,log_index,block_time,from,to,
      asset,amount[,amount_usd], Dune's block_time,from,to,total_eth (no hashes; --chain
      default ETHEREUM), or NDJSON. The whole file is checked first: a bad line is refused with
      file, line and reason and nothing is written. Importing the same file twice adds nothing.
  generate transfers --count N [--seed S] [--out FILE | --load]
      A deterministic synthetic transfer graph (hot wallets, peel chains, mixers, the real
      listed addresses), as CSV in the layout above (standard output or FILE), or loaded
      straight into the chain database with --load.
  seed-demo   Empty the four subgraphs' databases and load the demo data set again.
  migrate     Apply pending database migrations of the four subgraphs and report them.
  audit verify [--subgraph accounts|cases]
      Check the hash-chained audit trails (accounts, cases): names every altered, inserted
      or removed record and exits 1; else prints the record counts and heads, exit 0.
  token --role ROLE [--sub NAME] [--ttl SECONDS]
      Print a token (HS256) for the local stack's development key (or JWT_SECRET). Roles:
      analyst, investigator, partner, auditor, admin.
  token --api-key NAME --role ROLE [--operations OP1,OP2] | token --revoke ID_OR_NAME
      Make a partner API key (stored hashed in API_KEYS_PATH, printed once), or revoke one.
  export --query-file FILE --connection PATH [--format ndjson|csv] [--variables JSON]
         [--after CURSOR] [--out FILE] [--url http://127.0.0.1:4000] [--token T]
      Stream every page of a query's connection from the gateway's POST /export (NDJSON or
      CSV, provenance first, a cursor record after each page). --token: a JWT or a partner
      API key (cgk_…; default GATEWAY_TOKEN). Interrupted: run again with --after set to the
      last cursor record's "after" (exit 1 says so).
  help        This text.

Environment: DATABASE_URL (PostgreSQL; unset: embedded PGlite under DATA_DIR, default .data/),
LOG_LEVEL (default warn for the CLI).
`;

async function importOfac(args: string[]): Promise<void> {
  const o = parseOptions(args, ['sdn', 'add', 'alt', 'comments', 'list', 'published']);
  if (!o.sdn) {
    throw new UsageError('import ofac needs --sdn FILE');
  }
  const list = (o.list ?? 'sdn') as OfacList;
  if (list !== 'sdn' && list !== 'consolidated') {
    throw new UsageError('--list must be sdn or consolidated');
  }
  const published = o.published ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(published) || Number.isNaN(Date.parse(published))) {
    throw new UsageError('--published must be a date YYYY-MM-DD');
  }
  const files: Record<string, PublicationFile> = {};
  for (const role of ['sdn', 'add', 'alt', 'comments'] as const) {
    if (o[role]) {
      const buf = await readFile(o[role]).catch(() => {
        throw new UsageError(`cannot read --${role} ${o[role]}`);
      });
      files[role] = {
        name: path.basename(o[role]),
        text: new TextDecoder('utf-8', { fatal: false }).decode(buf),
        sha256: createHash('sha256').update(buf).digest('hex'),
      };
      process.stdout.write(`read ${role.padEnd(8)} ${o[role]} (${buf.length.toLocaleString('en')} bytes)\n`);
    }
  }
  const t0 = Date.now();
  const parsed = parsePublication(list, files as never);
  process.stdout.write(`parsed ${parsed.parties.length.toLocaleString('en')} parties in ${Date.now() - t0} ms; importing as the ${list} publication of ${published}…\n`);
  for (const orphan of parsed.orphans.slice(0, 20)) {
    process.stdout.write(`  note: ${orphan.file}:${orphan.line}: ent_num ${orphan.entNum} has no row in the sdn file (skipped)\n`);
  }
  if (parsed.orphans.length > 20) {
    process.stdout.write(`  note: … and ${parsed.orphans.length - 20} more rows without an sdn row (skipped)\n`);
  }
  const tty = process.stdout.isTTY === true;
  let lastStage = '';
  const progress: ImportProgress = (stage, done, total) => {
    if (tty) {
      process.stdout.write(`\r  writing ${stage.padEnd(18)} ${String(Math.round((100 * done) / Math.max(1, total))).padStart(3)}%  (${done.toLocaleString('en')} rows)   `);
    } else if (stage !== lastStage) {
      process.stdout.write(`  writing ${stage} (${total.toLocaleString('en')} rows)\n`);
    }
    lastStage = stage;
  };
  const names = Object.fromEntries(Object.entries(files).map(([role, f]) => [role, f.name]));
  const s = await withDatabase('entities', db => importPublication(db.dataSource, parsed, published, names, progress));
  if (tty && lastStage) {
    process.stdout.write('\n');
  }
  // The chain subgraph screens transfers against the addresses of the parties listed now.
  const listed = await withDatabase('entities', db => listedCryptoAddresses(db.dataSource));
  const sync = await withDatabase('chain', db => replaceSanctionedAddresses(db.dataSource, listed.map(a => ({ ...a, chain: a.chain as Chain }))));
  const rows: [string, string][] = [
    ['list / published', `${s.list} / ${s.publishedOn}`],
    ['parties', s.parties.toLocaleString('en')],
    ['aliases', s.aliases.toLocaleString('en')],
    ['postal addresses', s.postalAddresses.toLocaleString('en')],
    ['crypto addresses', s.cryptoAddresses.toLocaleString('en')],
    ['added', String(s.added)],
    ['removed (delisted)', String(s.removed)],
    ['changed', String(s.changed)],
    ['rows without sdn row', String(s.orphans.length)],
    ['chain: listed addresses', `${listed.length} (${sync.added} added, ${sync.removed} removed)`],
    ['time', `${((Date.now() - t0) / 1000).toFixed(1)} s`],
  ];
  process.stdout.write(s.alreadyImported ? 'This publication was imported before: nothing changed.\n' : 'Imported.\n');
  for (const [k, v] of rows) {
    process.stdout.write(`  ${k.padEnd(24)} ${v}\n`);
  }
}

async function seedDemo(): Promise<void> {
  const story = buildDemoStory();
  const seeders = {
    entities: (db: Database) => entities.seedDemo(db.dataSource, { reset: true }),
    accounts: (db: Database) => accounts.seedDemo(db.dataSource, { reset: true, story }),
    chain: (db: Database) => chain.seedDemo(db.dataSource, { reset: true, story }),
    cases: (db: Database) => cases.seedDemo(db.dataSource, { reset: true, story }),
  };
  for (const name of SUBGRAPH_NAMES) {
    const t0 = Date.now();
    process.stdout.write(`seeding ${name}… `);
    const db = await openSubgraphDatabase(name);
    try {
      await seeders[name](db);
    } finally {
      await db.close();
    }
    process.stdout.write(`done (${Date.now() - t0} ms)\n`);
  }
  process.stdout.write(`Demo data loaded: 6 OFAC parties, ${story.accounts.length} accounts, ${story.transfers.length} transfers, ${story.cases.length} cases.\n`);
}

async function migrate(): Promise<void> {
  for (const name of SUBGRAPH_NAMES) {
    const db = await openSubgraphDatabase(name);
    try {
      const rows: { name: string }[] = await db.dataSource.query(`SELECT name FROM migrations ORDER BY id`);
      process.stdout.write(`${name.padEnd(9)} ${db.kind.padEnd(8)} migrations applied: ${rows.map(r => r.name).join(', ')}\n`);
    } finally {
      await db.close();
    }
  }
}

/** Every command: the words that name it, and what runs it. Add commands here. */
const COMMANDS: { words: string[]; run: (args: string[]) => Promise<number | void> }[] = [
  { words: ['import', 'ofac'], run: importOfac },
  { words: ['import', 'transfers'], run: importTransfers },
  { words: ['generate', 'transfers'], run: generateTransfersCommand },
  { words: ['seed-demo'], run: () => seedDemo() },
  { words: ['migrate'], run: () => migrate() },
  { words: ['audit', 'verify'], run: auditVerify },
  { words: ['token'], run: tokenCommand },
  { words: ['export'], run: exportCommand },
];

/** Commands that later issues bring; named here so that calling one says so plainly. */
const PLANNED: string[] = [];

async function main(argv: string[]): Promise<number> {
  try {
    if (argv.length === 0 || ['help', '--help', '-h'].includes(argv[0])) {
      process.stdout.write(HELP);
      return 0;
    }
    const command = COMMANDS.find(c => c.words.every((w, i) => argv[i] === w));
    if (command) {
      return (await command.run(argv.slice(command.words.length))) ?? 0;
    }
    const planned = PLANNED.find(p => p.split(' ').every((w, i) => argv[i] === w));
    if (planned) {
      process.stderr.write(`"${planned}" is not available yet (planned; see npm run cli -- --help).\n`);
      return 2;
    }
    throw new UsageError(`unknown command "${argv.join(' ')}"`);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\n\n${HELP}`);
      return 2;
    }
    if (err instanceof OfacFileError) {
      process.stderr.write(`refused: ${err.message}\nNothing was imported; the database is unchanged.\n`);
      return 1;
    }
    if (err instanceof RefusedError || err instanceof ConflictError || err instanceof ConfigError) {
      process.stderr.write(`refused: ${err.message}\n`);
      return 1;
    }
    process.stderr.write(`failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(code => process.exit(code));
