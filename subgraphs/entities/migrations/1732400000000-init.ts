import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The entities subgraph's tables: parties, their designations (with history) and details. */
export class EntitiesInit1732400000000 implements MigrationInterface {
  name = 'EntitiesInit1732400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE list_publication (
        id serial PRIMARY KEY,
        list text NOT NULL CHECK (list IN ('sdn', 'consolidated')),
        published_on date NOT NULL,
        imported_at timestamptz NOT NULL DEFAULT now(),
        files jsonb NOT NULL,
        parties integer NOT NULL,
        added integer NOT NULL,
        removed integer NOT NULL,
        changed integer NOT NULL
      )`);
    await q.query(`CREATE INDEX list_publication_list_date ON list_publication (list, published_on)`);
    await q.query(`
      CREATE TABLE party (
        id text PRIMARY KEY,
        list text NOT NULL CHECK (list IN ('sdn', 'consolidated')),
        ent_num integer NOT NULL,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('INDIVIDUAL', 'ENTITY', 'VESSEL', 'AIRCRAFT')),
        title text,
        call_sign text,
        vessel_type text,
        tonnage text,
        gross_registered_tonnage text,
        vessel_flag text,
        vessel_owner text,
        remarks text,
        dates_of_birth text[] NOT NULL DEFAULT '{}',
        places_of_birth text[] NOT NULL DEFAULT '{}',
        nationalities text[] NOT NULL DEFAULT '{}',
        citizenships text[] NOT NULL DEFAULT '{}',
        gender text,
        content_hash text NOT NULL,
        publication_id integer NOT NULL REFERENCES list_publication (id),
        UNIQUE (list, ent_num)
      )`);
    await q.query(`CREATE INDEX party_name ON party (lower(name), id)`);
    await q.query(`
      CREATE TABLE designation (
        id serial PRIMARY KEY,
        party_id text NOT NULL REFERENCES party (id),
        list text NOT NULL,
        program text NOT NULL,
        listed_on date NOT NULL,
        delisted_on date,
        listed_publication_id integer NOT NULL REFERENCES list_publication (id),
        delisted_publication_id integer REFERENCES list_publication (id),
        CHECK (delisted_on IS NULL OR delisted_on >= listed_on)
      )`);
    await q.query(`CREATE INDEX designation_party ON designation (party_id)`);
    await q.query(`CREATE INDEX designation_program ON designation (program) WHERE delisted_on IS NULL`);
    await q.query(`CREATE UNIQUE INDEX designation_open ON designation (party_id, program) WHERE delisted_on IS NULL`);
    await q.query(`
      CREATE TABLE alias (
        id serial PRIMARY KEY,
        party_id text NOT NULL REFERENCES party (id) ON DELETE CASCADE,
        alt_num integer,
        type text NOT NULL CHECK (type IN ('aka', 'fka', 'nka')),
        strength text NOT NULL CHECK (strength IN ('STRONG', 'WEAK')),
        name text NOT NULL,
        remarks text
      )`);
    await q.query(`CREATE INDEX alias_party ON alias (party_id)`);
    await q.query(`CREATE INDEX alias_name ON alias (lower(name))`);
    await q.query(`
      CREATE TABLE postal_address (
        id serial PRIMARY KEY,
        party_id text NOT NULL REFERENCES party (id) ON DELETE CASCADE,
        add_num integer NOT NULL,
        address text,
        city_state_province_postal_code text,
        country text,
        remarks text
      )`);
    await q.query(`CREATE INDEX postal_address_party ON postal_address (party_id)`);
    await q.query(`
      CREATE TABLE identity_document (
        id serial PRIMARY KEY,
        party_id text NOT NULL REFERENCES party (id) ON DELETE CASCADE,
        type text NOT NULL,
        number text NOT NULL,
        country text,
        details text
      )`);
    await q.query(`CREATE INDEX identity_document_party ON identity_document (party_id)`);
    await q.query(`
      CREATE TABLE crypto_address (
        id serial PRIMARY KEY,
        party_id text NOT NULL REFERENCES party (id) ON DELETE CASCADE,
        asset text NOT NULL,
        listed_as text NOT NULL,
        chain text,
        address text NOT NULL,
        valid boolean NOT NULL,
        matches_asset_code boolean NOT NULL
      )`);
    await q.query(`CREATE INDEX crypto_address_party ON crypto_address (party_id)`);
    await q.query(`CREATE INDEX crypto_address_address ON crypto_address (chain, address)`);
    await q.query(`
      CREATE TABLE party_link (
        id serial PRIMARY KEY,
        party_id text NOT NULL REFERENCES party (id) ON DELETE CASCADE,
        linked_name text NOT NULL,
        linked_party_id text REFERENCES party (id)
      )`);
    await q.query(`CREATE INDEX party_link_party ON party_link (party_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['party_link', 'crypto_address', 'identity_document', 'postal_address', 'alias', 'designation', 'party', 'list_publication']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
