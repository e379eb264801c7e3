import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createAuditTables, dropAuditTables } from '../../../common/audit/audit-log';

const OLD_KINDS = `'OPENED', 'SUBJECT_ADDED', 'STATUS_CHANGED', 'FREEZE_RECORDED', 'SEIZURE_RECORDED'`;
const NEW_KINDS = `${OLD_KINDS}, 'LEGAL_PROCESS_RECORDED', 'NOTE_ADDED', 'ASSIGNED'`;

/**
 * The investigation workflow (issue 5): legal process records, notes, the timeline kinds they
 * add, the audit chain and the mutations' idempotency keys. Runs on PostgreSQL 15 and PGlite.
 */
export class CasesWorkflow1733000000000 implements MigrationInterface {
  name = 'CasesWorkflow1733000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_legal_process (
        id text PRIMARY KEY,
        seq serial NOT NULL,
        case_id text NOT NULL REFERENCES investigation_case (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('WARRANT', 'SUBPOENA', 'SEIZURE_ORDER', 'FREEZE_ORDER', 'COURT_ORDER', 'OTHER')),
        reference text NOT NULL CHECK (length(reference) > 0),
        authority text NOT NULL CHECK (length(authority) > 0),
        issued_on date NOT NULL,
        expires_on date,
        note text,
        recorded_at timestamptz NOT NULL,
        recorded_by text NOT NULL,
        CHECK (expires_on IS NULL OR expires_on >= issued_on)
      )`);
    await q.query(`CREATE INDEX case_legal_process_case ON case_legal_process (case_id, seq)`);
    await q.query(`
      CREATE TABLE case_note (
        id serial PRIMARY KEY,
        case_id text NOT NULL REFERENCES investigation_case (id) ON DELETE CASCADE,
        text text NOT NULL CHECK (length(text) > 0),
        written_at timestamptz NOT NULL,
        written_by text NOT NULL
      )`);
    await q.query(`CREATE INDEX case_note_case ON case_note (case_id, written_at, id)`);
    await q.query(`ALTER TABLE case_event DROP CONSTRAINT case_event_kind_check`);
    await q.query(`ALTER TABLE case_event ADD CONSTRAINT case_event_kind_check CHECK (kind IN (${NEW_KINDS}))`);
    await createAuditTables(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropAuditTables(q);
    await q.query(`ALTER TABLE case_event DROP CONSTRAINT case_event_kind_check`);
    await q.query(`ALTER TABLE case_event ADD CONSTRAINT case_event_kind_check CHECK (kind IN (${OLD_KINDS}))`);
    await q.query(`DROP TABLE IF EXISTS case_note`);
    await q.query(`DROP TABLE IF EXISTS case_legal_process`);
  }
}
