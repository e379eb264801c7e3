import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { addressKey, type StoredAddress } from './address-key';

/** One page request: an address set (an address, or an account's deposit addresses), size and position. */
export interface TransferPageKey {
  /** Sorted and unique (see `addressSet`). */
  readonly addresses: readonly StoredAddress[];
  readonly first: number;
  /** Keyset position from the cursor: block time (ISO 8601, microseconds) and transfer id. */
  readonly after: readonly [string, string] | null;
}

/** A transfer row as the page query returns it, with its keyset position for the cursor. */
export interface TransferRow {
  readonly id: string;
  readonly chain: string;
  readonly txHash: string | null;
  readonly logIndex: number | null;
  readonly blockTime: Date;
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

function pageKey(k: TransferPageKey): string {
  return JSON.stringify([setKey(k.addresses), k.first, k.after]);
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
 * from an address to itself, appears once), cut to `first + 1` and joined to `transfer`.
 * Without a cursor the position is ('infinity', ''), so the row comparison is always an index
 * condition and never an OR the planner cannot use.
 */
const PAGES_SQL = `
  WITH addr AS (
    SELECT * FROM unnest($1::int[], $2::text[], $3::text[]) AS a(k, chain, address)
  ), req AS (
    SELECT * FROM unnest($4::int[], $5::timestamptz[], $6::text[], $7::int[]) AS r(k, after_time, after_id, lim)
  ), candidate AS (
    SELECT a.k, l.transfer_id, l.block_time
    FROM addr a
    JOIN req r ON r.k = a.k
    CROSS JOIN LATERAL (
      SELECT DISTINCT x.transfer_id, x.block_time
      FROM transfer_leg x
      WHERE x.chain = a.chain AND x.address = a.address
        AND (x.block_time, x.transfer_id) < (r.after_time, r.after_id)
      ORDER BY x.block_time DESC, x.transfer_id DESC
      LIMIT r.lim
    ) l
  ), page AS (
    SELECT r.k, p.transfer_id, p.block_time
    FROM req r
    CROSS JOIN LATERAL (
      SELECT DISTINCT c.transfer_id, c.block_time
      FROM candidate c
      WHERE c.k = r.k
      ORDER BY c.block_time DESC, c.transfer_id DESC
      LIMIT r.lim
    ) p
  )
  SELECT page.k, t.id, t.chain, t.tx_hash AS "txHash", t.log_index AS "logIndex", t.block_time AS "blockTime",
         to_char(t.block_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorTime",
         t.from_address AS "fromAddress", t.to_address AS "toAddress", t.asset, t.amount, t.amount_usd AS "amountUsd"
  FROM page
  JOIN transfer t ON t.id = page.transfer_id
  ORDER BY page.k, page.block_time DESC, page.transfer_id DESC`;

/** Every requested total in ONE statement; a transfer counts once per request. */
const COUNTS_SQL = `
  SELECT a.k, count(DISTINCT l.transfer_id)::int AS n
  FROM unnest($1::int[], $2::text[], $3::text[]) AS a(k, chain, address)
  JOIN transfer_leg l ON l.chain = a.chain AND l.address = a.address
  GROUP BY a.k`;

/** Pages of transfers of address sets, newest first: one statement per batch. */
export function createTransferPageLoader(dataSource: DataSource): DataLoader<TransferPageKey, TransferPage, string> {
  return new DataLoader<TransferPageKey, TransferPage, string>(
    async keys => {
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
        keys.map(k => k.after?.[0] ?? 'infinity'),
        keys.map(k => k.after?.[1] ?? ''),
        keys.map(k => k.first + 1),
      ]);
      for (const { k, ...row } of rows) {
        pages[k].rows.push(row);
      }
      return pages.map((p, i) => ({ rows: p.rows.slice(0, keys[i].first), hasNextPage: p.rows.length > keys[i].first }));
    },
    { cacheKeyFn: pageKey },
  );
}

/** Totals of transfers of address sets: one statement per batch. */
export function createTransferCountLoader(dataSource: DataSource): DataLoader<readonly StoredAddress[], number, string> {
  return new DataLoader<readonly StoredAddress[], number, string>(
    async sets => {
      const totals = sets.map(() => 0);
      const [ks, chains, addresses] = flatten(sets);
      if (ks.length === 0) {
        return totals;
      }
      const rows: { k: number; n: number }[] = await dataSource.query(COUNTS_SQL, [ks, chains, addresses]);
      for (const r of rows) {
        totals[r.k] = Number(r.n);
      }
      return totals;
    },
    { cacheKeyFn: setKey },
  );
}
