import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createAuditTables, dropAuditTables } from '../../../common/audit/audit-log';

/**
 * The account workflow (issue 5): every status change with its legal basis, the audit chain and
 * the mutations' idempotency keys. Plain SQL that runs on PostgreSQL 15 and on PGlite.
 */
export class AccountsWorkflow1733000000000 implements MigrationInterface {
  name = 'AccountsWorkflow1733000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE account_status_change (
        id serial PRIMARY KEY,
        account_id text NOT NULL REFERENCES account (id) ON DELETE CASCADE,
        from_status text NOT NULL CHECK (from_status IN ('ACTIVE', 'FROZEN', 'CLOSED')),
        to_status text NOT NULL CHECK (to_status IN ('ACTIVE', 'FROZEN', 'CLOSED')),
        case_id text NOT NULL,
        legal_process_reference text,
        reason text,
        changed_at timestamptz NOT NULL,
        changed_by text NOT NULL,
        version integer NOT NULL,
        CHECK (to_status <> 'FROZEN' OR legal_process_reference IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX account_status_change_account ON account_status_change (account_id, changed_at, id)`);
    await createAuditTables(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropAuditTables(q);
    await q.query(`DROP TABLE IF EXISTS account_status_change`);
  }
}
