import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The cases subgraph's tables: cases, their subjects, actions and timeline. Plain SQL that runs on
 * PostgreSQL 15 and on PGlite; names are unqualified because search_path is the subgraph's schema.
 */
export class CasesInit1732500000000 implements MigrationInterface {
  name = 'CasesInit1732500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE investigation_case (
        id text PRIMARY KEY,
        title text NOT NULL CHECK (length(title) > 0),
        description text,
        status text NOT NULL CHECK (status IN ('OPEN', 'UNDER_REVIEW', 'ACTION_TAKEN', 'REFERRED', 'CLOSED')),
        assignee text,
        opened_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version integer NOT NULL CHECK (version > 0)
      )`);
    // The cases connection pages newest first by (opened_at, id).
    await q.query(`CREATE INDEX investigation_case_opened ON investigation_case (opened_at DESC, id DESC)`);
    await q.query(`CREATE INDEX investigation_case_status_opened ON investigation_case (status, opened_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE case_subject (
        id serial PRIMARY KEY,
        case_id text NOT NULL REFERENCES investigation_case (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('PARTY', 'ACCOUNT', 'ADDRESS')),
        subject_key text NOT NULL,
        chain text,
        address text,
        added_at timestamptz NOT NULL,
        added_by text NOT NULL,
        UNIQUE (case_id, kind, subject_key),
        CHECK ((kind = 'ADDRESS') = (chain IS NOT NULL AND address IS NOT NULL))
      )`);
    // SanctionedEntity.cases, Account.cases and Address.cases look subjects up by key.
    await q.query(`CREATE INDEX case_subject_key ON case_subject (kind, subject_key)`);
    await q.query(`
      CREATE TABLE case_action (
        id text PRIMARY KEY,
        seq serial NOT NULL,
        case_id text NOT NULL REFERENCES investigation_case (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('FREEZE', 'SEIZURE')),
        recorded_at timestamptz NOT NULL,
        recorded_by text NOT NULL,
        note text,
        account_id text,
        legal_reference text,
        amount numeric,
        asset text,
        amount_usd numeric,
        tx_hash text,
        authority text,
        CHECK (kind <> 'FREEZE' OR (account_id IS NOT NULL AND legal_reference IS NOT NULL)),
        CHECK (kind <> 'SEIZURE' OR (amount IS NOT NULL AND amount > 0 AND asset IS NOT NULL AND authority IS NOT NULL)),
        CHECK (amount_usd IS NULL OR amount_usd >= 0)
      )`);
    await q.query(`CREATE INDEX case_action_case ON case_action (case_id, recorded_at, seq)`);
    await q.query(`CREATE INDEX case_action_account ON case_action (account_id) WHERE account_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE case_event (
        id serial PRIMARY KEY,
        case_id text NOT NULL REFERENCES investigation_case (id) ON DELETE CASCADE,
        at timestamptz NOT NULL,
        kind text NOT NULL CHECK (kind IN ('OPENED', 'SUBJECT_ADDED', 'STATUS_CHANGED', 'FREEZE_RECORDED', 'SEIZURE_RECORDED')),
        summary text NOT NULL,
        actor text NOT NULL
      )`);
    await q.query(`CREATE INDEX case_event_case ON case_event (case_id, at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['case_event', 'case_action', 'case_subject', 'investigation_case']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
