import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The accounts subgraph's tables: accounts with their holders, documents, balances, deposit
 * addresses and links to sanctioned parties. Plain SQL that runs on PostgreSQL 15 and on PGlite.
 */
export class AccountsInit1732500000000 implements MigrationInterface {
  name = 'AccountsInit1732500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE account (
        id text PRIMARY KEY,
        exchange text NOT NULL,
        status text NOT NULL CHECK (status IN ('ACTIVE', 'FROZEN', 'CLOSED')),
        opened_at timestamptz NOT NULL,
        holder_name text,
        holder_date_of_birth date,
        holder_nationality text,
        kyc_level integer NOT NULL DEFAULT 0 CHECK (kyc_level >= 0),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The accounts connection filters on exchange and status and pages on id.
    await q.query(`CREATE INDEX account_exchange_id ON account (exchange, id)`);
    await q.query(`CREATE INDEX account_status_id ON account (status, id)`);
    await q.query(`
      CREATE TABLE holder_document (
        id serial PRIMARY KEY,
        account_id text NOT NULL REFERENCES account (id) ON DELETE CASCADE,
        type text NOT NULL,
        number text NOT NULL,
        country text
      )`);
    await q.query(`CREATE INDEX holder_document_account ON holder_document (account_id)`);
    await q.query(`CREATE INDEX holder_document_number ON holder_document (number)`);
    await q.query(`
      CREATE TABLE balance (
        account_id text NOT NULL REFERENCES account (id) ON DELETE CASCADE,
        asset text NOT NULL,
        amount numeric NOT NULL CHECK (amount >= 0),
        PRIMARY KEY (account_id, asset)
      )`);
    await q.query(`
      CREATE TABLE deposit_address (
        id serial PRIMARY KEY,
        account_id text NOT NULL REFERENCES account (id) ON DELETE CASCADE,
        chain text NOT NULL,
        address text NOT NULL,
        UNIQUE (chain, address)
      )`);
    await q.query(`CREATE INDEX deposit_address_account ON deposit_address (account_id)`);
    await q.query(`
      CREATE TABLE account_link (
        id serial PRIMARY KEY,
        account_id text NOT NULL REFERENCES account (id) ON DELETE CASCADE,
        party_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('CONFIRMED', 'CANDIDATE', 'DISMISSED')),
        score numeric(5, 2) CHECK (score IS NULL OR (score >= 0 AND score <= 100)),
        decided_by text,
        decided_at timestamptz,
        reason text,
        version integer NOT NULL DEFAULT 1,
        UNIQUE (account_id, party_id)
      )`);
    await q.query(`CREATE INDEX account_link_account ON account_link (account_id)`);
    await q.query(`CREATE INDEX account_link_party_status ON account_link (party_id, status)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['account_link', 'deposit_address', 'balance', 'holder_document', 'account']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
