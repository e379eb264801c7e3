import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The chain subgraph's tables: transfers, their per-address legs, and the listed addresses.
 * Written for PostgreSQL 15 (the embedded PGlite is newer): nothing newer than 15 is used.
 */
export class ChainInit1732600000000 implements MigrationInterface {
  name = 'ChainInit1732600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE transfer (
        id text PRIMARY KEY,
        chain text NOT NULL,
        tx_hash text,
        log_index integer,
        block_time timestamptz NOT NULL,
        from_address text NOT NULL,
        to_address text NOT NULL,
        asset text NOT NULL,
        amount numeric NOT NULL CHECK (amount >= 0),
        amount_usd numeric CHECK (amount_usd >= 0)
      )`);
    // Looking a transaction up by hash (explorer links, imports that must not duplicate).
    await q.query(`CREATE INDEX transfer_tx ON transfer (chain, tx_hash, log_index)`);
    // A primary key cannot be declared DESC, but a backward scan of this ascending one yields
    // (block_time DESC, transfer_id DESC) for one address: the order of every transfer page.
    // INCLUDE (counterparty) lets the exposure search read neighbours from the index alone.
    await q.query(`
      CREATE TABLE transfer_leg (
        chain text NOT NULL,
        address text NOT NULL,
        block_time timestamptz NOT NULL,
        transfer_id text NOT NULL REFERENCES transfer (id) ON DELETE CASCADE,
        direction text NOT NULL CHECK (direction IN ('IN', 'OUT')),
        counterparty text NOT NULL,
        PRIMARY KEY (chain, address, block_time, transfer_id, direction) INCLUDE (counterparty)
      )`);
    // For the foreign key: deleting a transfer must not scan every leg.
    await q.query(`CREATE INDEX transfer_leg_transfer ON transfer_leg (transfer_id)`);
    await q.query(`
      CREATE TABLE sanctioned_address (
        chain text NOT NULL,
        address text NOT NULL,
        party_id text NOT NULL,
        PRIMARY KEY (chain, address, party_id)
      )`);
    await q.query(`CREATE INDEX sanctioned_address_party ON sanctioned_address (party_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['sanctioned_address', 'transfer_leg', 'transfer']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
