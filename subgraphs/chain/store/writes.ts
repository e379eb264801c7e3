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

/** Rows per statement: arrays stay a few MB, and a batch of any size is a handful of statements. */
export const INSERT_CHUNK = 10_000;

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
 * those inserted. Data-modifying CTEs all read the statement's snapshot; the counts are grouped
 * and ordered by address so that concurrent loads take row locks in the same order.
 */
const INSERT_SQL = `
  WITH ins AS (
    INSERT INTO transfer (id, chain, tx_hash, log_index, block_time, from_address, to_address, asset, amount, amount_usd)
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::numeric[], $10::numeric[])
    ON CONFLICT (id) DO NOTHING
    RETURNING id, chain, block_time, from_address, to_address, asset, amount
  ), legs AS (
    INSERT INTO transfer_leg (chain, address, block_time, transfer_id, direction, counterparty, asset, amount)
    SELECT ins.chain, l.address, ins.block_time, ins.id, l.direction, l.counterparty, ins.asset, ins.amount
    FROM ins CROSS JOIN LATERAL (VALUES (ins.from_address, 'OUT', ins.to_address), (ins.to_address, 'IN', ins.from_address)) AS l(address, direction, counterparty)
  ), stats AS (
    INSERT INTO address_stats (chain, address, transfers_in, transfers_out, transfers_self)
    SELECT chain, address, sum(n_in), sum(n_out), sum(n_self)
    FROM (
      SELECT chain, from_address AS address, 0 AS n_in, 1 AS n_out, (from_address = to_address)::int AS n_self FROM ins
      UNION ALL
      SELECT chain, to_address, 1, 0, 0 FROM ins
    ) c
    GROUP BY chain, address
    ORDER BY chain, address
    ON CONFLICT (chain, address) DO UPDATE SET
      transfers_in = address_stats.transfers_in + EXCLUDED.transfers_in,
      transfers_out = address_stats.transfers_out + EXCLUDED.transfers_out,
      transfers_self = address_stats.transfers_self + EXCLUDED.transfers_self
  )
  SELECT count(*)::int AS inserted FROM ins`;

/**
 * Bulk path: inserts transfers whose addresses are already normalized, with array parameters
 * (`unnest`), one statement per INSERT_CHUNK rows. Returns how many were new. Run it inside a
 * transaction when the batch must be all or nothing.
 */
export async function insertTransferRows(manager: EntityManager | DataSource, rows: readonly CheckedTransfer[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    const [{ inserted: n }]: { inserted: number }[] = await manager.query(INSERT_SQL, [
      chunk.map(t => t.id),
      chunk.map(t => t.chain),
      chunk.map(t => t.txHash),
      chunk.map(t => t.logIndex),
      chunk.map(t => t.timestamp),
      chunk.map(t => t.from),
      chunk.map(t => t.to),
      chunk.map(t => t.asset),
      chunk.map(t => t.amount),
      chunk.map(t => t.amountUsd),
    ]);
    inserted += n;
  }
  return inserted;
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
