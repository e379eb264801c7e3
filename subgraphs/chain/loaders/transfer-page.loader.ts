import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { createLoader } from '../../../common/metrics';
import { KeptOnce } from '../../../common/read-ahead';
import { addressKey, type StoredAddress } from './address-key';

/** Which side of the transfer the address(es) must be on. */
export type DirectionFilter = 'IN' | 'OUT' | 'ANY';

/** Filters of a transfer connection; every one is applied on the legs' index. */
export interface TransferFilter {
  readonly direction: DirectionFilter;
  /** Inclusive lower bound of the block time, ISO 8601 with microseconds; null: none. */
  readonly since: string | null;
  /** Exclusive upper bound of the block time, ISO 8601 with microseconds; null: none. */
  readonly until: string | null;
  readonly asset: string | null;
  /** Inclusive, as a plain decimal string. */
  readonly minAmount: string | null;
}

export const NO_FILTER: TransferFilter = { direction: 'ANY', since: null, until: null, asset: null, minAmount: null };

/** True when a filter narrows more than the direction: such totals are counted on the legs. */
function narrowsLegs(f: TransferFilter): boolean {
  return f.since !== null || f.until !== null || f.asset !== null || f.minAmount !== null;
}

/** One page request: an address set (an address, or an account's deposit addresses), filters, size and position. */
export interface TransferPageKey {
  /** Sorted and unique (see `addressSet`). */
  readonly addresses: readonly StoredAddress[];
  readonly filter: TransferFilter;
  readonly first: number;
  /** Keyset position from the cursor: block time (ISO 8601, microseconds) and transfer id. */
  readonly after: readonly [string, string] | null;
}

/** What a total depends on: the address set and the filters (not the page). */
export interface TransferCountKey {
  readonly addresses: readonly StoredAddress[];
  readonly filter: TransferFilter;
}

/** A transfer row as the page query returns it, with its keyset position for the cursor. */
export interface TransferRow {
  readonly id: string;
  readonly chain: string;
  readonly txHash: string | null;
  readonly logIndex: number | null;
  readonly fromAddress: string;
  readonly toAddress: string;
  readonly asset: string;
  readonly amount: string;
  readonly amountUsd: string | null;
  /** block_time at full (microsecond) precision: a JavaScript Date would round it to milliseconds. */
  readonly cursorTime: string;
}

export interface TransferPage {
  readonly rows: TransferRow[];
  readonly hasNextPage: boolean;
}

function setKey(addresses: readonly StoredAddress[]): string {
  return addresses.map(addressKey).join(' ');
}

function filterKey(f: TransferFilter): string {
  return JSON.stringify([f.direction, f.since, f.until, f.asset, f.minAmount]);
}

function pageKey(k: TransferPageKey): string {
  return JSON.stringify([setKey(k.addresses), filterKey(k.filter), k.first, k.after]);
}

/**
 * The upper keyset bound of a page: the cursor's position, or the `until` bound (exclusive: the
 * empty id sorts before every id), whichever is earlier. Both are ISO 8601 with microseconds in
 * UTC, so they compare as strings.
 */
function upperBound(k: TransferPageKey): [string, string] {
  const until = k.filter.until;
  if (k.after && (until === null || k.after[0] < until)) {
    return [k.after[0], k.after[1]];
  }
  return until === null ? ['infinity', ''] : [until, ''];
}

/** The address-set keys flattened for `unnest`: one row per (request, address). */
function flatten(sets: readonly (readonly StoredAddress[])[]): [number[], string[], string[]] {
  const ks: number[] = [];
  const chains: string[] = [];
  const addresses: string[] = [];
  sets.forEach((set, k) => {
    for (const a of set) {
      ks.push(k);
      chains.push(a.chain);
      addresses.push(a.address);
    }
  });
  return [ks, chains, addresses];
}

/**
 * Every requested page in ONE statement, whatever the number of parents. For each (request,
 * address) a lateral subquery walks that address's legs backwards on the primary key from the
 * cursor, stopping after `first + 1` distinct transfers (the extra one tells `hasNextPage`);
 * the per-request union is then deduplicated (a transfer between two addresses of the set, or
 * from an address to itself, appears once), and cut to `first + 1`. The rows come from the legs
 * alone (migration 1732800000000): a leg carries all a page shows, and `from` and `to` follow
 * from its address, direction and counterparty, the same whichever leg of a transfer is kept.
 * Without a cursor the position is ('infinity', ''), so the row comparison is always an index
 * condition and never an OR the planner cannot use.
 */
const PAGES_SQL = `
  WITH addr AS (
    SELECT * FROM unnest($1::int[], $2::text[], $3::text[]) AS a(k, chain, address)
  ), req AS (
    SELECT * FROM unnest($4::int[], $5::timestamptz[], $6::text[], $7::int[], $8::text[], $9::timestamptz[], $10::text[], $11::numeric[])
      AS r(k, after_time, after_id, lim, dir, since, asset, min_amount)
  ), candidate AS (
    SELECT a.k, l.*
    FROM addr a
    JOIN req r ON r.k = a.k
    CROSS JOIN LATERAL (
      SELECT DISTINCT ON (x.block_time, x.transfer_id) x.transfer_id, x.block_time, x.chain, x.address, x.direction, x.counterparty, x.asset, x.amount, x.tx_hash, x.log_index, x.amount_usd
      FROM transfer_leg x
      WHERE x.chain = a.chain AND x.address = a.address
        AND (x.block_time, x.transfer_id) < (r.after_time, r.after_id)
        AND x.block_time >= r.since
        AND (r.dir = 'ANY' OR x.direction = r.dir)
        AND (r.asset IS NULL OR x.asset = r.asset)
        AND (r.min_amount IS NULL OR x.amount >= r.min_amount)
      ORDER BY x.block_time DESC, x.transfer_id DESC
      LIMIT r.lim
    ) l
  ), page AS (
    SELECT r.k, p.*
    FROM req r
    CROSS JOIN LATERAL (
      SELECT DISTINCT ON (c.block_time, c.transfer_id) c.transfer_id, c.block_time, c.chain, c.address, c.direction, c.counterparty, c.asset, c.amount, c.tx_hash, c.log_index, c.amount_usd
      FROM candidate c
      WHERE c.k = r.k
      ORDER BY c.block_time DESC, c.transfer_id DESC
      LIMIT r.lim
    ) p
  )
  SELECT page.k, page.transfer_id AS id, page.chain, page.tx_hash AS "txHash", page.log_index AS "logIndex",
         to_char(page.block_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorTime",
         CASE WHEN page.direction = 'OUT' THEN page.address ELSE page.counterparty END AS "fromAddress",
         CASE WHEN page.direction = 'OUT' THEN page.counterparty ELSE page.address END AS "toAddress",
         page.asset, page.amount, page.amount_usd AS "amountUsd"
  FROM page
  ORDER BY page.k, page.block_time DESC, page.transfer_id DESC`;

/**
 * Every requested total in ONE statement; a transfer counts once per request. A single address
 * filtered at most by direction reads its counts row (one index lookup, however many transfers
 * it has); address sets and narrower filters count distinct transfers on the legs' index.
 */
const COUNTS_SQL = `
  WITH a AS (
    SELECT * FROM unnest($1::int[], $2::text[], $3::text[]) AS a(k, chain, address)
  ), r AS (
    SELECT * FROM unnest($4::int[], $5::bool[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::text[], $10::numeric[])
      AS r(k, by_stats, dir, since, until, asset, min_amount)
  )
  SELECT a.k, (CASE r.dir WHEN 'IN' THEN s.transfers_in WHEN 'OUT' THEN s.transfers_out
                          ELSE s.transfers_in + s.transfers_out - s.transfers_self END)::int AS n
  FROM a JOIN r ON r.k = a.k AND r.by_stats
  JOIN address_stats s ON s.chain = a.chain AND s.address = a.address
  UNION ALL
  SELECT a.k, count(DISTINCT l.transfer_id)::int
  FROM a JOIN r ON r.k = a.k AND NOT r.by_stats
  JOIN transfer_leg l ON l.chain = a.chain AND l.address = a.address
  WHERE l.block_time >= r.since AND l.block_time < r.until
    AND (r.dir = 'ANY' OR l.direction = r.dir)
    AND (r.asset IS NULL OR l.asset = r.asset)
    AND (r.min_amount IS NULL OR l.amount >= r.min_amount)
  GROUP BY a.k`;

/** Every page of `keys` in one statement. */
async function queryPages(dataSource: DataSource, keys: readonly TransferPageKey[]): Promise<TransferPage[]> {
  const pages = keys.map(() => ({ rows: [] as TransferRow[], hasNextPage: false }));
  const [ks, chains, addresses] = flatten(keys.map(k => k.addresses));
  if (ks.length === 0) {
    return pages;
  }
  const rows: (TransferRow & { k: number })[] = await dataSource.query(PAGES_SQL, [
    ks,
    chains,
    addresses,
    keys.map((_k, i) => i),
    keys.map(k => upperBound(k)[0]),
    keys.map(k => upperBound(k)[1]),
    keys.map(k => k.first + 1),
    keys.map(k => k.filter.direction),
    keys.map(k => k.filter.since ?? '-infinity'),
    keys.map(k => k.filter.asset),
    keys.map(k => k.filter.minAmount),
  ]);
  // The row as pg made it (its `k` stays on it): no copy per row.
  for (const row of rows) {
    pages[row.k].rows.push(row);
  }
  return pages.map((p, i) => ({ rows: p.rows.slice(0, keys[i].first), hasNextPage: p.rows.length > keys[i].first }));
}

/** How many pages an export's read-ahead reads in one statement. */
const READ_AHEAD_PAGES = 2;

/** The key of the page after `page` (of `key`), or null if it is the last. */
function keyAfter(key: TransferPageKey, page: TransferPage): TransferPageKey | null {
  const last = page.rows.at(-1);
  return page.hasNextPage && last ? { ...key, after: [last.cursorTime, last.id] } : null;
}

/** Page `i` of the rows of a statement that read several pages at once, in pages of `first`. */
function sliceOf(batch: TransferPage, first: number, i: number): TransferPage {
  return { rows: batch.rows.slice(i * first, (i + 1) * first), hasNextPage: batch.rows.length > (i + 1) * first || batch.hasNextPage };
}

/**
 * Pages read ahead for exports, shared by the requests of one process. An export asks for its
 * pages one after the other; when a request says it is an export page (`x-read-ahead: 1`, which
 * the gateway sends on export fetches only), the pages after each page it loads are read at
 * once (two to a statement: `readAfter`), while this page is still being answered, and kept here,
 * so that the next requests find their rows loaded. An entry is used once, by a request for
 * exactly that page (addresses, filters, size and position), and only within `ttlMs` of being
 * read; the oldest go beyond `maxPages`.
 * Transfers are only ever added, and new blocks sort before any export's position (newest first),
 * so a page read a moment early holds what it would have held; only a backfill of older blocks
 * ingested in that moment into that page's range is missing from it, as it is from every page an
 * export has already passed.
 */
export class TransferPageReadAhead {
  private readonly pages: KeptOnce<Promise<TransferPage | null>>;
  /** Pages taken. */
  hits = 0;

  constructor(
    private readonly dataSource: DataSource,
    maxPages = 64,
    ttlMs = 10_000,
  ) {
    this.pages = new KeptOnce(maxPages, ttlMs);
  }

  /** Pages read that no request took. */
  get dropped(): number {
    return this.pages.dropped;
  }

  /** The page read ahead for this key, if there is a fresh one (null: its read failed). */
  take(key: TransferPageKey): Promise<TransferPage | null> | undefined {
    const page = this.pages.take(pageKey(key));
    if (page) {
      this.hits += 1;
    }
    return page;
  }

  /**
   * Keeps the pages after `page` (of `key`) read or being read: when the next page is not, reads
   * it and the one after in one statement; when it is, reads the two after it once it has come,
   * if they are not. So an export page finds its rows read one or two pages earlier, and there is
   * one statement per two pages. Read one page at a time, each statement could only go out once
   * the one before had come back and the subgraph's thread was free to read its rows, which is
   * once per page it executes: the reads never got ahead, and each page waited for PostgreSQL.
   */
  readAfter(key: TransferPageKey, page: TransferPage): void {
    const next = keyAfter(key, page);
    if (!next) {
      return;
    }
    const kept = this.pages.peek(pageKey(next));
    if (!kept) {
      this.read(next);
      return;
    }
    void kept.then(p => {
      const after = p && keyAfter(next, p);
      if (after && !this.pages.has(pageKey(after))) {
        this.read(after);
      }
    });
  }

  /** Reads READ_AHEAD_PAGES pages from `key` on in one statement; each is kept under its own key. */
  private read(key: TransferPageKey): void {
    const first = queryPages(this.dataSource, [{ ...key, first: key.first * READ_AHEAD_PAGES }]).then(
      ([batch]) => {
        // The pages after the first are kept as the statement comes back, before anyone learns
        // the first page's rows (and so the next page's key) from it.
        const page = sliceOf(batch, key.first, 0);
        let k = key;
        let prev = page;
        for (let i = 1; i < READ_AHEAD_PAGES && batch.rows.length > i * key.first; i++) {
          k = keyAfter(k, prev)!;
          prev = sliceOf(batch, key.first, i);
          this.pages.keep(pageKey(k), Promise.resolve(prev));
        }
        return page;
      },
      () => null,
    );
    this.pages.keep(pageKey(key), first);
  }

  /** Forgets every page read ahead. */
  clear(): void {
    this.pages.clear();
  }
}

/**
 * Pages of transfers of address sets, newest first: one statement per batch. With `readAhead`
 * (the request is an export page), a page read ahead is used instead of the statement, and the
 * page after each page is read ahead.
 */
export function createTransferPageLoader(dataSource: DataSource, readAhead?: TransferPageReadAhead): DataLoader<TransferPageKey, TransferPage, string> {
  return createLoader<TransferPageKey, TransferPage, string>(
    dataSource,
    'transferPage',
    async keys => {
      if (!readAhead) {
        return queryPages(dataSource, keys);
      }
      const early = await Promise.all(keys.map(k => readAhead.take(k) ?? null));
      const missing = keys.filter((_k, i) => !early[i]);
      const read = missing.length > 0 ? await queryPages(dataSource, missing) : [];
      let m = 0;
      const pages = keys.map((_k, i) => early[i] ?? read[m++]);
      keys.forEach((k, i) => readAhead.readAfter(k, pages[i]));
      return pages;
    },
    { cacheKeyFn: pageKey },
  );
}

/** Totals of transfers of address sets under filters: one statement per batch. */
export function createTransferCountLoader(dataSource: DataSource): DataLoader<TransferCountKey, number, string> {
  return createLoader<TransferCountKey, number, string>(
    dataSource,
    'transferCount',
    async keys => {
      const totals = keys.map(() => 0);
      const [ks, chains, addresses] = flatten(keys.map(k => k.addresses));
      if (ks.length === 0) {
        return totals;
      }
      const rows: { k: number; n: number }[] = await dataSource.query(COUNTS_SQL, [
        ks,
        chains,
        addresses,
        keys.map((_k, i) => i),
        keys.map(k => k.addresses.length === 1 && !narrowsLegs(k.filter)),
        keys.map(k => k.filter.direction),
        keys.map(k => k.filter.since ?? '-infinity'),
        keys.map(k => k.filter.until ?? 'infinity'),
        keys.map(k => k.filter.asset),
        keys.map(k => k.filter.minAmount),
      ]);
      for (const r of rows) {
        totals[r.k] = Number(r.n);
      }
      return totals;
    },
    { cacheKeyFn: k => JSON.stringify([setKey(k.addresses), filterKey(k.filter)]) },
  );
}
