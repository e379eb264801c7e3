import { createHash } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { canonicalJson } from './canonical';

/**
 * The audit trail of one subgraph: an append-only, hash-chained table in the subgraph's own
 * database. Record n carries `prev_hash` = hash of record n-1 (record 1 carries GENESIS_HASH) and
 *
 *     hash = SHA-256( "<seq>\n<prev_hash>\n<canonical JSON of the record's content>" )   (hex)
 *
 * so altering, inserting or removing a record breaks the hash of that record or the link of the
 * next one; `audit_head` (one row) holds the last sequence number and hash, so removing the last
 * records is seen too. The append is ONE statement that updates the head row (taking its row lock,
 * which serialises concurrent appends on PostgreSQL) and inserts the record with the hash computed
 * from the head it just locked; inside a mutation's transaction the head stays locked until
 * commit, so the chain's order is the commit order and a rolled-back change leaves no record.
 */

/** `prev_hash` of the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** Anything that runs SQL: a DataSource, an EntityManager (inside a transaction) or a QueryRunner. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Who asked, and from where. Taken from the request as given; authentication is not this code's business. */
export interface AuditActor {
  /** The principal the gateway named (`x-principal`), "anonymous" without one, or a system actor such as "demo-seed". */
  readonly principal: string;
  /** The forwarded client address when the request carries one; else the channel the call came by ("graphql", "cli", "seed"). */
  readonly origin: string;
  /** The request id (the gateway's), to find the request in every service's logs. */
  readonly requestId: string | null;
}

/** What happened. */
export interface AuditEvent {
  /** The operation: a mutation name, or `read:<Type>.<field>` for a read of personal data. */
  readonly operation: string;
  /** The ids the operation touched (accounts, cases, parties, ...); the trail of a subject is found by them. */
  readonly subjectIds: readonly string[];
  /** The fields read or written, when that matters (personal data reads list every field read). */
  readonly fields?: readonly string[];
  /** Anything else worth keeping (the legal basis, the new status, ...): JSON values only. */
  readonly detail?: Record<string, unknown> | null;
}

/** A stored audit record. */
export interface AuditRecordRow {
  readonly seq: string;
  readonly at: Date;
  readonly principal: string;
  readonly operation: string;
  readonly subjectIds: string[];
  readonly fields: string[];
  readonly origin: string;
  readonly requestId: string | null;
  /** Canonical JSON text, or null. */
  readonly detail: string | null;
  readonly prevHash: string;
  readonly hash: string;
}

export interface AuditLogOptions {
  /**
   * False turns every append into a no-op. For measuring the audit's own cost (the benchmark),
   * never for production: the services always construct it enabled.
   */
  readonly enabled?: boolean;
}

const APPEND_SQL = `
  WITH head AS (
    UPDATE audit_head
       SET seq = seq + 1,
           prev_hash = hash,
           hash = encode(sha256(convert_to((seq + 1)::text || E'\\n' || hash || E'\\n' || $1::text, 'UTF8')), 'hex')
     WHERE id = 1
     RETURNING seq, prev_hash, hash
  )
  INSERT INTO audit_record (seq, at, principal, operation, subject_ids, fields, origin, request_id, detail, prev_hash, hash)
  SELECT head.seq, $2::timestamptz, $3, $4, $5::text[], $6::text[], $7, $8, $9, head.prev_hash, head.hash FROM head
  RETURNING seq::text AS seq, hash`;

/** Appends audit records to a subgraph's chain. One instance per subgraph; stateless apart from `enabled`. */
export class AuditLog {
  readonly enabled: boolean;

  constructor(options: AuditLogOptions = {}) {
    this.enabled = options.enabled ?? true;
  }

  /**
   * Appends one record, in the caller's transaction when `q` is an EntityManager of one (then the
   * record exists exactly when the change does). One SQL statement. Returns the sequence number,
   * or null when auditing is off.
   */
  async append(q: Queryable, actor: AuditActor, event: AuditEvent, at: Date = new Date()): Promise<string | null> {
    if (!this.enabled) {
      return null;
    }
    const content = recordContent({
      at,
      principal: actor.principal,
      operation: event.operation,
      subjectIds: [...event.subjectIds],
      fields: [...(event.fields ?? [])],
      origin: actor.origin,
      requestId: actor.requestId,
      detail: event.detail ? canonicalJson(event.detail) : null,
    });
    const rows: { seq: string; hash: string }[] = await q.query(APPEND_SQL, [
      content,
      at.toISOString(),
      actor.principal,
      event.operation,
      [...event.subjectIds],
      [...(event.fields ?? [])],
      actor.origin,
      actor.requestId,
      event.detail ? canonicalJson(event.detail) : null,
    ]);
    if (rows.length !== 1) {
      throw new Error('audit append failed: the audit chain head is missing (run the migrations)');
    }
    return rows[0].seq;
  }
}

/** The hashed content of a record: every column but the sequence number and the two hashes. */
export function recordContent(r: Omit<AuditRecordRow, 'seq' | 'prevHash' | 'hash'>): string {
  return canonicalJson({
    at: r.at.toISOString(),
    principal: r.principal,
    operation: r.operation,
    subjectIds: r.subjectIds,
    fields: r.fields,
    origin: r.origin,
    requestId: r.requestId,
    detail: r.detail,
  });
}

/** The hash a record must carry, computed as the append statement computes it in SQL. */
export function recordHash(seq: string, prevHash: string, content: string): string {
  return createHash('sha256').update(`${seq}\n${prevHash}\n${content}`, 'utf8').digest('hex');
}

/** Columns of audit_record as AuditRecordRow, for SELECTs. `seq` becomes text: qualify the column in WHERE and ORDER BY. */
export const RECORD_COLUMNS = `seq::text AS "seq", at, principal, operation, subject_ids AS "subjectIds", fields, origin,
  request_id AS "requestId", detail, prev_hash AS "prevHash", hash`;

/** Normalises a row as the pg driver (or PGlite's adapter) returns it. */
export function toRecordRow(raw: Record<string, unknown>): AuditRecordRow {
  return {
    seq: String(raw.seq),
    at: raw.at instanceof Date ? raw.at : new Date(String(raw.at)),
    principal: String(raw.principal),
    operation: String(raw.operation),
    subjectIds: textArray(raw.subjectIds),
    fields: textArray(raw.fields),
    origin: String(raw.origin),
    requestId: raw.requestId === null || raw.requestId === undefined ? null : String(raw.requestId),
    detail: raw.detail === null || raw.detail === undefined ? null : String(raw.detail),
    prevHash: String(raw.prevHash),
    hash: String(raw.hash),
  };
}

function textArray(v: unknown): string[] {
  if (Array.isArray(v)) {
    return v.map(String);
  }
  throw new Error(`audit_record: expected a text[] value, got ${typeof v}`);
}

/**
 * Creates the audit tables in a subgraph's schema (called from each subgraph's migration). The
 * trigger refuses UPDATE and DELETE of records: a guard against accidents; the hash chain is what
 * detects a deliberate change by someone who can drop the guard.
 */
export async function createAuditTables(q: Pick<QueryRunner, 'query'>): Promise<void> {
  await q.query(`
    CREATE TABLE audit_head (
      id integer PRIMARY KEY CHECK (id = 1),
      seq bigint NOT NULL,
      hash text NOT NULL,
      prev_hash text NOT NULL
    )`);
  await q.query(`INSERT INTO audit_head (id, seq, hash, prev_hash) VALUES (1, 0, '${GENESIS_HASH}', '${GENESIS_HASH}')`);
  await q.query(`
    CREATE TABLE audit_record (
      seq bigint PRIMARY KEY,
      at timestamptz NOT NULL,
      principal text NOT NULL,
      operation text NOT NULL,
      subject_ids text[] NOT NULL,
      fields text[] NOT NULL,
      origin text NOT NULL,
      request_id text,
      detail text,
      prev_hash text NOT NULL,
      hash text NOT NULL
    )`);
  // The trail of a subject: `subject_ids @> ARRAY[id]`.
  await q.query(`CREATE INDEX audit_record_subjects ON audit_record USING gin (subject_ids)`);
  await q.query(`
    CREATE FUNCTION audit_record_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_record is append-only';
    END
    $$`);
  await q.query(`
    CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE ON audit_record
      FOR EACH ROW EXECUTE FUNCTION audit_record_append_only()`);
  // Client-supplied idempotency keys of mutations (see audited-transaction.ts).
  await q.query(`
    CREATE TABLE idempotency_key (
      key text PRIMARY KEY,
      operation text NOT NULL,
      fingerprint text NOT NULL,
      result_ref text,
      created_at timestamptz NOT NULL
    )`);
}

/** Drops what createAuditTables made. */
export async function dropAuditTables(q: Pick<QueryRunner, 'query'>): Promise<void> {
  await q.query(`DROP TABLE IF EXISTS idempotency_key`);
  await q.query(`DROP TABLE IF EXISTS audit_record`);
  await q.query(`DROP FUNCTION IF EXISTS audit_record_append_only()`);
  await q.query(`DROP TABLE IF EXISTS audit_head`);
}

/** Empties the chain and the idempotency keys (the demo reseed: a new database in all but name). */
export async function resetAuditTables(q: Queryable): Promise<void> {
  await q.query(`TRUNCATE audit_record, idempotency_key`);
  await q.query(`UPDATE audit_head SET seq = 0, hash = '${GENESIS_HASH}', prev_hash = '${GENESIS_HASH}' WHERE id = 1`);
}
