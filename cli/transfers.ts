import { createWriteStream } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { Chain } from '../common/chain';
import { CSV_HEADER, csvLine, generateTransfers } from '../subgraphs/chain/ingest/generate';
import { readTransferFile, type ReadOptions, type TransferFileFormat } from '../subgraphs/chain/ingest/transfer-file';
import { balancedChunk, loadTransfers, type CheckedTransfer } from '../subgraphs/chain/store/writes';
import { parseOptions, RefusedError, UsageError, withDatabase } from './options';

/** Errors listed before "… and N more". */
const SHOWN_ERRORS = 20;

/** A progress line on the terminal: redrawn in place on a TTY, one line per 10% otherwise. */
export function progress(label: string, total?: number): { tick(done: number): void; done(summary: string): void } {
  const tty = process.stderr.isTTY;
  const t0 = Date.now();
  let last = 0;
  let lastDecile = -1;
  const line = (done: number) => {
    const s = (Date.now() - t0) / 1000;
    const rate = s > 0 ? Math.round(done / s) : 0;
    const pct = total ? ` ${((100 * done) / total).toFixed(0).padStart(3)}%` : '';
    return `${label}:${pct} ${done.toLocaleString('en')}${total ? ' / ' + total.toLocaleString('en') : ''} (${rate.toLocaleString('en')}/s)`;
  };
  return {
    tick(done) {
      if (tty) {
        if (Date.now() - last > 200) {
          last = Date.now();
          process.stderr.write(`\r${line(done)}   `);
        }
      } else if (total) {
        const decile = Math.floor((10 * done) / total);
        if (decile > lastDecile) {
          lastDecile = decile;
          process.stderr.write(line(done) + '\n');
        }
      }
    },
    done(summary) {
      process.stderr.write(`${tty ? '\r' : ''}${label}: ${summary} in ${((Date.now() - t0) / 1000).toFixed(1)} s${tty ? '          ' : ''}\n`);
    },
  };
}

function chainOption(value: string | undefined): Chain | undefined {
  if (value === undefined) {
    return undefined;
  }
  const c = value.toUpperCase();
  if (!(Object.values(Chain) as string[]).includes(c)) {
    throw new UsageError(`--chain must be one of ${Object.values(Chain).join(', ')}`);
  }
  return c as Chain;
}

/**
 * `import transfers FILE [--format csv|ndjson] [--chain CHAIN]`: validates the whole file first
 * (a streaming pass; every refused line is reported with the file, line and reason, and then
 * nothing is written), then reads it again and loads it in one transaction through
 * `loadTransfers` (sorted array statements of INSERT_CHUNK rows; the next chunk is read while the
 * database writes the previous one). Transfers already present (same id) are skipped, so
 * importing a file twice adds nothing.
 */
export async function importTransfers(args: string[]): Promise<number> {
  const file = args[0];
  if (!file || file.startsWith('--')) {
    throw new UsageError('import transfers needs a FILE');
  }
  const o = parseOptions(args.slice(1), ['format', 'chain']);
  if (o.format !== undefined && o.format !== 'csv' && o.format !== 'ndjson') {
    throw new UsageError('--format must be csv or ndjson');
  }
  const opts = { format: o.format as TransferFileFormat | undefined, chain: chainOption(o.chain) };
  await access(file).catch(() => {
    throw new UsageError(`cannot read ${file}`);
  });
  const name = path.basename(file);

  const check = progress(`checking ${name}`);
  const errors: string[] = [];
  let bad = 0;
  let rows = 0;
  for await (const l of readTransferFile(file, opts)) {
    if (l.error !== undefined) {
      bad++;
      if (errors.length < SHOWN_ERRORS) {
        errors.push(`${file}:${l.line}: ${l.error}`);
      }
    } else {
      rows++;
    }
    if ((rows + bad) % 10_000 === 0) {
      check.tick(rows + bad);
    }
  }
  check.done(`${rows.toLocaleString('en')} transfers, ${bad} refused`);
  if (bad > 0) {
    const more = bad > errors.length ? `\n… and ${bad - errors.length} more refused lines` : '';
    throw new RefusedError(`${bad} line(s) of ${file} refused:\n${errors.join('\n')}${more}\nNothing was imported; the database is unchanged.`);
  }

  const load = progress(`loading ${name}`, rows);
  const added = await withDatabase('chain', db =>
    db.dataSource.transaction(async manager => {
      const { read, inserted } = await loadTransfers(manager, checkedAgain(file, opts), { onProgress: done => load.tick(done) });
      if (read !== rows) {
        throw new RefusedError(`${file} changed while it was imported (${rows} transfers checked, ${read} read). Nothing was imported.`);
      }
      return inserted;
    }),
  );
  load.done(`${rows.toLocaleString('en')} transfers read`);
  process.stdout.write(`Imported ${name}: ${added.toLocaleString('en')} added, ${(rows - added).toLocaleString('en')} already present.\n`);
  return 0;
}

/**
 * The second pass over a file that passed the check: its transfers. A line refused now means the
 * file changed in between; the error rolls the import's transaction back.
 */
async function* checkedAgain(file: string, opts: ReadOptions): AsyncGenerator<CheckedTransfer> {
  for await (const l of readTransferFile(file, opts)) {
    if (l.error !== undefined) {
      throw new RefusedError(`${file}:${l.line}: ${l.error} (the file changed while it was imported). Nothing was imported.`);
    }
    yield l.transfer;
  }
}

/**
 * `generate transfers --count N --seed S [--out FILE | --load]`: the synthetic transfer graph of
 * subgraphs/chain/ingest/generate.ts, written as the documented CSV layout (to FILE, or to
 * standard output) or loaded straight into the chain database (one transaction per statement).
 */
export async function generateTransfersCommand(args: string[]): Promise<number> {
  const o = parseOptions(args, ['count', 'seed', 'out'], ['load']);
  const count = Number(o.count);
  const seed = Number(o.seed ?? '1');
  if (!o.count || !Number.isInteger(count) || count < 1 || count > 1_000_000_000) {
    throw new UsageError('generate transfers needs --count N (a positive integer)');
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) {
    throw new UsageError('--seed must be an integer from 0 to 4294967295');
  }
  if (o.out && o.load) {
    throw new UsageError('give --out FILE or --load, not both');
  }
  if (o.load) {
    const p = progress('generating and loading', count);
    const added = await loadGenerated(count, seed, done => p.tick(done));
    p.done(`${count.toLocaleString('en')} transfers, ${added.toLocaleString('en')} added`);
    process.stdout.write(
      'Loaded. Which addresses are sanctioned comes from the entities subgraph (npm run cli -- import ofac …, or seed-demo).\n',
    );
    return 0;
  }
  const out = o.out ? createWriteStream(o.out) : process.stdout;
  const p = o.out ? progress(`writing ${o.out}`, count) : null;
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>(r => out.once('drain', () => r())));
  await write(CSV_HEADER + '\n');
  let n = 0;
  let buf = '';
  for (const t of generateTransfers(count, seed)) {
    buf += csvLine(t) + '\n';
    if (++n % 5000 === 0) {
      await write(buf);
      buf = '';
      p?.tick(n);
    }
  }
  await write(buf);
  if (o.out) {
    await new Promise<void>((resolve, reject) => (out as ReturnType<typeof createWriteStream>).end((err?: Error | null) => (err ? reject(err) : resolve())));
    p?.done(`${count.toLocaleString('en')} transfers`);
  }
  return 0;
}

/**
 * Generates and loads into the chain database (DATABASE_URL or DATA_DIR); returns how many were
 * new. Each statement (at most INSERT_CHUNK transfers, with their legs and counts) is its own
 * transaction, two at once on PostgreSQL: a load cut short is completed by running it again.
 */
async function loadGenerated(count: number, seed: number, tick: (done: number) => void): Promise<number> {
  return withDatabase('chain', async db => {
    const parallel = db.kind === 'postgres' ? 2 : 1;
    const { inserted } = await loadTransfers(db.dataSource, generateTransfers(count, seed), {
      parallel,
      chunk: balancedChunk(count, parallel),
      onProgress: done => tick(done),
    });
    return inserted;
  });
}
