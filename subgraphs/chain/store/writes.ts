import type { EntityManager } from 'typeorm';
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

/** Rows per statement: arrays stay a few MB, and a batch of any size is a handful of statements. */
const CHUNK = 5000;

function normalized(chain: Chain, address: string, what: string): string {
  const checked = normalizeAddress(chain, address);
  if (!checked.ok) {
    throw new Error(`${what} ${address} is not a valid ${chain} address: ${checked.reason}`);
  }
  return checked.address;
}

/**
 * Inserts transfers and their two legs with array parameters (`unnest`): two statements per
 * chunk of rows, not one per row. Run it inside a transaction so legs never lack their transfer.
 */
export async function insertTransfers(manager: EntityManager, transfers: readonly NewTransfer[]): Promise<void> {
  for (let i = 0; i < transfers.length; i += CHUNK) {
    const chunk = transfers.slice(i, i + CHUNK).map(t => ({
      ...t,
      from: normalized(t.chain, t.from, `transfer ${t.id}: from`),
      to: normalized(t.chain, t.to, `transfer ${t.id}: to`),
    }));
    await manager.query(
      `INSERT INTO transfer (id, chain, tx_hash, log_index, block_time, from_address, to_address, asset, amount, amount_usd)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::numeric[], $10::numeric[])`,
      [
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
      ],
    );
    const legs = chunk.flatMap(t => [
      { chain: t.chain, address: t.from, time: t.timestamp, id: t.id, direction: 'OUT', counterparty: t.to },
      { chain: t.chain, address: t.to, time: t.timestamp, id: t.id, direction: 'IN', counterparty: t.from },
    ]);
    await manager.query(
      `INSERT INTO transfer_leg (chain, address, block_time, transfer_id, direction, counterparty)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[])`,
      [
        legs.map(l => l.chain),
        legs.map(l => l.address),
        legs.map(l => l.time),
        legs.map(l => l.id),
        legs.map(l => l.direction),
        legs.map(l => l.counterparty),
      ],
    );
  }
}

/** Adds listed addresses (normalized); ones already present are kept. */
export async function insertSanctionedAddresses(
  manager: EntityManager,
  rows: readonly { chain: Chain; address: string; partyId: string }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK).map(r => ({ ...r, address: normalized(r.chain, r.address, `listed address of ${r.partyId}:`) }));
    await manager.query(
      `INSERT INTO sanctioned_address (chain, address, party_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
       ON CONFLICT DO NOTHING`,
      [chunk.map(r => r.chain), chunk.map(r => r.address), chunk.map(r => r.partyId)],
    );
  }
}
