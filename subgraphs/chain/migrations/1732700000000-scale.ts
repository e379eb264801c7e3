import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Chain activity at scale (issue 4).
 * - `transfer_leg` carries the transfer's asset and amount, in its primary key's INCLUDE list, so
 *   that filtered pages (asset, minimum amount) and the exposure search (amounts per hop, minimum
 *   amount) read the index alone and never `transfer`.
 * - `address_stats`: transfers per address and direction, kept by the writes in the statement
 *   that inserts the transfers, so that an address's unfiltered `totalCount` is one index lookup
 *   instead of a count over millions of legs, and so that the exposure search knows a hub (an
 *   exchange's hot wallet) before it reads its legs.
 * - The foreign key from legs to transfers (and its index) goes: legs are written only by
 *   `insertTransferRows`, in the same statement as their transfer, and removed only by TRUNCATE;
 *   the check cost an index probe per leg on bulk loads.
 * - The index on (chain, tx_hash, log_index) goes: a transfer's id is `chain:tx_hash:log_index`
 *   (see ingest/transfer-file.ts), so the primary key already finds a transaction's transfers.
 * Written for PostgreSQL 15.
 */
export class ChainScale1732700000000 implements MigrationInterface {
  name = 'ChainScale1732700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE transfer_leg ADD COLUMN asset text, ADD COLUMN amount numeric`);
    await q.query(`UPDATE transfer_leg l SET asset = t.asset, amount = t.amount FROM transfer t WHERE t.id = l.transfer_id`);
    await q.query(`ALTER TABLE transfer_leg ALTER COLUMN asset SET NOT NULL, ALTER COLUMN amount SET NOT NULL`);
    await q.query(`ALTER TABLE transfer_leg DROP CONSTRAINT IF EXISTS transfer_leg_transfer_id_fkey`);
    await q.query(`DROP INDEX IF EXISTS transfer_leg_transfer`);
    await q.query(`DROP INDEX IF EXISTS transfer_tx`);
    await q.query(`ALTER TABLE transfer_leg DROP CONSTRAINT transfer_leg_pkey`);
    await q.query(
      `ALTER TABLE transfer_leg ADD CONSTRAINT transfer_leg_pkey PRIMARY KEY (chain, address, block_time, transfer_id, direction) INCLUDE (counterparty, asset, amount)`,
    );
    await q.query(`
      CREATE TABLE address_stats (
        chain text NOT NULL,
        address text NOT NULL,
        transfers_in bigint NOT NULL DEFAULT 0,
        transfers_out bigint NOT NULL DEFAULT 0,
        transfers_self bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (chain, address)
      )`);
    await q.query(`
      INSERT INTO address_stats (chain, address, transfers_in, transfers_out, transfers_self)
      SELECT chain, address,
             count(*) FILTER (WHERE direction = 'IN'),
             count(*) FILTER (WHERE direction = 'OUT'),
             count(*) FILTER (WHERE direction = 'OUT' AND counterparty = address)
      FROM transfer_leg GROUP BY chain, address`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS address_stats`);
    await q.query(`ALTER TABLE transfer_leg DROP CONSTRAINT transfer_leg_pkey`);
    await q.query(`ALTER TABLE transfer_leg ADD CONSTRAINT transfer_leg_pkey PRIMARY KEY (chain, address, block_time, transfer_id, direction) INCLUDE (counterparty)`);
    await q.query(`ALTER TABLE transfer_leg DROP COLUMN asset, DROP COLUMN amount`);
    await q.query(`ALTER TABLE transfer_leg ADD CONSTRAINT transfer_leg_transfer_id_fkey FOREIGN KEY (transfer_id) REFERENCES transfer (id) ON DELETE CASCADE`);
    await q.query(`CREATE INDEX transfer_leg_transfer ON transfer_leg (transfer_id)`);
    await q.query(`CREATE INDEX transfer_tx ON transfer (chain, tx_hash, log_index)`);
  }
}
