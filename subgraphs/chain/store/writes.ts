import type { DataSource, EntityManager } from 'typeorm';
import { normalizeAddress, type Chain } from '../../../common/chain';

/** A transfer to store; addresses as the chain writes them (they are normalized here). */
export interface NewTransfer {
  readonly id: string;
  readonly chain: Chain;
  readonly txHash: string | null;
  readonly logIndex: number | null;
  /** ISO 8601. */
  readonly timestamp: string;
  readonly from: string;
  readonly to: string;
  readonly asset: string;
  /** Decimal strings, as given: they go to numeric columns as text, never through a float. */
  readonly amount: string;
  readonly amountUsd: string | null;
}

/** A transfer whose addresses are already in their stored form (`normalizeAddress`). */
export type CheckedTransfer = NewTransfer;

/**
 * Transfers per statement of the bulk path. A statement sorts its rows (transfers by id, legs and
 * counts by address) before writing them, so one large statement touches each index page once
 * where small ones come back to it again and again: at a million transfers the legs' primary key
 * is several times shared_buffers, and every page touched anew costs a read, a dirty write and,
 * after each checkpoint, a full-page image in the WAL. Measured on PostgreSQL 15 after a
 * checkpoint, at 800,000 transfers: 48 µs of server CPU and 17.6 kB of WAL per transfer in
 * statements of 10,000; 34.6 µs and 9 kB at 50,000; 25 µs and 4 kB at 200,000; a whole load of
 * 1,000,000 cost 28 µs per transfer (server and client CPU) at 200,000 and 26 µs at 250,000. A
 * statement's parameters are then about 75 MB (a loading process peaks near 600 MB).
 */
export const INSERT_CHUNK = 250_000;

function normalized(chain: Chain, address: string, what: string): string {
  const checked = normalizeAddress(chain, address);
  if (!checked.ok) {
    throw new Error(`${what} ${address} is not a valid ${chain} address: ${checked.reason}`);
  }
  return checked.address;
}

/**
 * ONE statement per chunk: the transfers (a transfer whose id is present is skipped, so loading
 * twice adds nothing), the two legs of each transfer inserted, and the per-address counts of
 * those inserted. Being one statement, a chunk is written whole or not at all; legs and counts
 * come only from the rows this statement inserted (RETURNING), so nothing is counted twice.
 *
 * Each insert is sorted so that consecutive rows land on the same index pages. The sort keys put
 * the address first with COLLATE "C" (a byte order, which allows abbreviated keys: the chain in
 * front, one value for a whole file, made every comparison a full one; measured 1.9 µs against
 * 3.2 µs per transfer); the order need not be the index's exactly to keep the pages together.
 * Counts are upserted in one fixed total order (address, then chain), and transfers in id order,
 * so that two statements running at once take their row locks in the same order: no deadlock.
 */
const INSERT_SQL = `
  WITH ins AS (
    INSERT INTO transfer (id, chain, tx_hash, log_index, block_time, from_address, to_address, asset, amount, amount_usd)
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::numeric[], $10::numeric[])
      AS u(id, chain, tx_hash, log_index, block_time, from_address, to_address, asset, amount, amount_usd)
    ORDER BY u.id COLLATE "C"
    ON CONFLICT (id) DO NOTHING
    RETURNING id, chain, tx_hash, log_index, block_time, from_address, to_address, asset, amount, amount_usd
  ), legs AS (
    INSERT INTO transfer_leg (chain, address, block_time, transfer_id, direction, counterparty, asset, amount, tx_hash, log_index, amount_usd)
    SELECT ins.chain, l.address, ins.block_time, ins.id, l.direction, l.counterparty, ins.asset, ins.amount, ins.tx_hash, ins.log_index, ins.amount_usd
    FROM ins CROSS JOIN LATERAL (VALUES (ins.from_address, 'OUT', ins.to_address), (ins.to_address, 'IN', ins.from_address)) AS l(address, direction, counterparty)
    ORDER BY l.address COLLATE "C", ins.chain, ins.block_time, ins.id, l.direction
  ), stats AS (
    INSERT INTO address_stats (chain, address, transfers_in, transfers_out, transfers_self)
    SELECT chain, address, sum(n_in), sum(n_out), sum(n_self)
    FROM (
      SELECT chain, from_address AS address, 0 AS n_in, 1 AS n_out, (from_address = to_address)::int AS n_self FROM ins
      UNION ALL
      SELECT chain, to_address, 1, 0, 0 FROM ins
    ) c
    GROUP BY chain, address
    ORDER BY address COLLATE "C", chain
    ON CONFLICT (chain, address) DO UPDATE SET
      transfers_in = address_stats.transfers_in + EXCLUDED.transfers_in,
      transfers_out = address_stats.transfers_out + EXCLUDED.transfers_out,
      transfers_self = address_stats.transfers_self + EXCLUDED.transfers_self
  )
  SELECT count(*)::int AS inserted FROM ins`;

/** Characters an array element may have unquoted (commas are counted separately). */
const PLAIN_ELEMENTS = /^[A-Za-z0-9:._+,-]*$/;

/**
 * The elements of a PostgreSQL array literal of `values`, comma-separated, built with one join:
 * the pg driver's own serializer quotes and escapes element by element (measured: 3 µs a
 * transfer for ten columns; this, under 1). When any element needs quoting (a space, a quote, an
 * empty string, the word NULL), all of these are quoted.
 */
function arrayElements(values: readonly (string | number | null)[]): string {
  const parts = new Array<string>(values.length);
  let plain = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      parts[i] = 'NULL';
    } else {
      const s = typeof v === 'string' ? v : String(v);
      if (s.length === 0 || (s.length === 4 && s.toUpperCase() === 'NULL')) {
        plain = false;
      }
      parts[i] = s;
    }
  }
  const joined = parts.join(',');
  if (plain && PLAIN_ELEMENTS.test(joined)) {
    let commas = 0;
    for (let i = joined.indexOf(','); i !== -1; i = joined.indexOf(',', i + 1)) {
      commas++;
    }
    // No element holds a comma of its own: the list reads back as the same elements.
    if (commas === Math.max(0, values.length - 1)) {
      return joined;
    }
  }
  return values.map(v => (v === null || v === undefined ? 'NULL' : `"${String(v).replace(/["\\]/g, '\\$&')}"`)).join(',');
}

/** A PostgreSQL array literal of `values` (text elements; numbers as written). */
export function pgArrayLiteral(values: readonly (string | number | null)[]): string {
  return `{${arrayElements(values)}}`;
}

/** Rows of a chunk turned into array elements at a time: the row objects die young (no GC promotion). */
const PIECE_ROWS = 4096;

/**
 * One chunk's columns as PostgreSQL array literals, filled row by row: every PIECE_ROWS rows
 * become ten comma-separated strings, and `params` joins the pieces.
 */
class TransferColumns {
  private rows: CheckedTransfer[] = [];
  private readonly pieces: string[][] = Array.from({ length: 10 }, () => []);
  length = 0;

  push(t: CheckedTransfer): void {
    this.rows.push(t);
    this.length++;
    if (this.rows.length >= PIECE_ROWS) {
      this.cut();
    }
  }

  private cut(): void {
    const r = this.rows;
    if (r.length === 0) {
      return;
    }
    this.rows = [];
    const columns: (string | number | null)[][] = [
      r.map(t => t.id),
      r.map(t => t.chain),
      r.map(t => t.txHash),
      r.map(t => t.logIndex),
      r.map(t => t.timestamp),
      r.map(t => t.from),
      r.map(t => t.to),
      r.map(t => t.asset),
      r.map(t => t.amount),
      r.map(t => t.amountUsd),
    ];
    columns.forEach((c, i) => this.pieces[i].push(arrayElements(c)));
  }

  /** The ten array parameters of INSERT_SQL. */
  params(): string[] {
    this.cut();
    return this.pieces.map(p => `{${p.join(',')}}`);
  }
}

/**
 * A chunk size for a load of `total` transfers with `parallel` statements in flight: at most
 * `max`, and such that the chunks fill whole rounds of `parallel` statements, so that no statement
 * runs alone at the end while the other connections wait (200,000 transfers on two connections:
 * two statements of 100,000 at once rather than one of 200,000).
 */
export function balancedChunk(total: number, parallel: number, max: number = INSERT_CHUNK): number {
  const lanes = Math.max(1, Math.floor(parallel));
  const rounds = Math.max(1, Math.ceil(total / (lanes * max)));
  return Math.max(1, Math.ceil(total / (lanes * rounds)));
}

export interface LoadOptions {
  /** Rows per statement (default INSERT_CHUNK). */
  readonly chunk?: number;
  /**
   * Statements in flight at once (default 1: the next chunk is read and prepared while the
   * database writes the previous one). Above 1 needs a DataSource: each statement then runs on
   * its own pooled connection, as its own transaction.
   */
  readonly parallel?: number;
  /** After each statement: transfers written so far (new or already present), and how many were new. */
  readonly onProgress?: (done: number, inserted: number) => void;
}

/**
 * Bulk path: loads transfers whose addresses are already normalized, one statement (INSERT_SQL)
 * per chunk, from an iterable or a stream (nothing holds more than the chunks in hand). Returns
 * how many transfers were read and how many were new. Every statement is atomic on its own and
 * re-running a load adds only what is missing, so a load cut short is completed by running it
 * again. Inside a transaction (an EntityManager from `dataSource.transaction`) the whole load is
 * all or nothing.
 */
export async function loadTransfers(
  target: EntityManager | DataSource,
  source: Iterable<CheckedTransfer> | AsyncIterable<CheckedTransfer>,
  opts: LoadOptions = {},
): Promise<{ read: number; inserted: number }> {
  const chunk = Math.max(1, opts.chunk ?? INSERT_CHUNK);
  const parallel = Math.max(1, opts.parallel ?? 1);
  if (parallel > 1 && !isDataSource(target)) {
    throw new Error('a parallel load needs a DataSource (a transaction has one connection)');
  }
  let read = 0;
  let done = 0;
  let inserted = 0;
  let failure: { error: unknown } | null = null;
  const inFlight = new Set<Promise<void>>();
  let cols = new TransferColumns();

  const dispatch = async (): Promise<void> => {
    // Wait for a free slot only now, with the next chunk ready: reading and preparing it overlapped
    // the statements already running.
    while (inFlight.size >= parallel) {
      await Promise.race(inFlight);
    }
    if (failure) {
      return;
    }
    const n = cols.length;
    const params = cols.params();
    cols = new TransferColumns();
    const p: Promise<void> = (target.query(INSERT_SQL, params) as Promise<{ inserted: number }[]>)
      .then(
        ([r]) => {
          inserted += r.inserted;
          done += n;
          opts.onProgress?.(done, inserted);
        },
        (error: unknown) => {
          failure ??= { error };
        },
      )
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };

  try {
    // `for await` takes a list or generator as well as a stream; the await per row costs well under
    // a microsecond, next to about 25 µs of database work per transfer.
    for await (const t of source) {
      cols.push(t);
      read++;
      if (cols.length >= chunk) {
        await dispatch();
        if (failure) {
          break;
        }
      }
    }
    if (!failure && cols.length > 0) {
      await dispatch();
    }
  } finally {
    // Whatever stopped the reading, no statement is left running behind the caller's back.
    await Promise.allSettled([...inFlight]);
  }
  if (failure) {
    throw (failure as { error: unknown }).error;
  }
  return { read, inserted };
}

function isDataSource(target: EntityManager | DataSource): target is DataSource {
  return 'isInitialized' in target;
}

/**
 * Inserts transfers whose addresses are already normalized (see `loadTransfers`), one statement
 * per INSERT_CHUNK rows. Returns how many were new. Run it inside a transaction when the batch
 * must be all or nothing.
 */
export async function insertTransferRows(manager: EntityManager | DataSource, rows: readonly CheckedTransfer[]): Promise<number> {
  return (await loadTransfers(manager, rows)).inserted;
}

/**
 * Inserts transfers given as the chain writes their addresses (normalized here; an invalid one
 * throws before anything is written). Returns how many were new.
 */
export async function insertTransfers(manager: EntityManager | DataSource, transfers: readonly NewTransfer[]): Promise<number> {
  const checked = transfers.map(t => ({
    ...t,
    from: normalized(t.chain, t.from, `transfer ${t.id}: from`),
    to: normalized(t.chain, t.to, `transfer ${t.id}: to`),
  }));
  return insertTransferRows(manager, checked);
}

/** Adds listed addresses (normalized); ones already present are kept. */
export async function insertSanctionedAddresses(
  manager: EntityManager | DataSource,
  rows: readonly { chain: Chain; address: string; partyId: string }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK).map(r => ({ ...r, address: normalized(r.chain, r.address, `listed address of ${r.partyId}:`) }));
    await manager.query(
      `INSERT INTO sanctioned_address (chain, address, party_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
       ON CONFLICT DO NOTHING`,
      [chunk.map(r => r.chain), chunk.map(r => r.address), chunk.map(r => r.partyId)],
    );
  }
}

/**
 * Replaces the whole set of listed addresses with `rows` in one transaction (the entities
 * subgraph calls it after importing a list): rows absent from `rows` are removed, new ones
 * added, the rest left alone. Addresses are checked (and normalized) first: an invalid one
 * throws and nothing changes. Concurrent replacements serialize on a table lock, so the set is
 * always one import's, never a mix. Returns how many rows were added and removed.
 */
export async function replaceSanctionedAddresses(
  dataSource: DataSource,
  rows: readonly { chain: Chain; address: string; partyId: string }[],
): Promise<{ added: number; removed: number }> {
  const checked = rows.map(r => ({ ...r, address: normalized(r.chain, r.address, `listed address of ${r.partyId}:`) }));
  return dataSource.transaction(async manager => {
    await manager.query(`LOCK TABLE sanctioned_address IN SHARE ROW EXCLUSIVE MODE`);
    const [r]: { added: number; removed: number }[] = await manager.query(
      `WITH input AS (
         SELECT DISTINCT chain, address, party_id FROM unnest($1::text[], $2::text[], $3::text[]) AS i(chain, address, party_id)
       ), removed AS (
         DELETE FROM sanctioned_address s
         WHERE NOT EXISTS (SELECT 1 FROM input i WHERE i.chain = s.chain AND i.address = s.address AND i.party_id = s.party_id)
         RETURNING 1
       ), added AS (
         INSERT INTO sanctioned_address (chain, address, party_id) SELECT chain, address, party_id FROM input
         ON CONFLICT DO NOTHING
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM added)::int AS added, (SELECT count(*) FROM removed)::int AS removed`,
      [checked.map(r => r.chain), checked.map(r => r.address), checked.map(r => r.partyId)],
    );
    return { added: r.added, removed: r.removed };
  });
}
