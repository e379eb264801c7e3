import { GENESIS_HASH, RECORD_COLUMNS, recordContent, recordHash, toRecordRow, type Queryable } from './audit-log';

/** One thing wrong with a chain, naming the record. */
export interface AuditProblem {
  /** The sequence number of the record found wrong (or where records are missing). */
  readonly seq: string;
  readonly problem: string;
}

/** What `verifyAuditChain` found. */
export interface AuditVerification {
  readonly ok: boolean;
  /** Records read. */
  readonly records: number;
  /** The head: the last sequence number and hash the log appended (anchor these outside to detect a rewrite). */
  readonly headSeq: string;
  readonly headHash: string;
  readonly problems: AuditProblem[];
}

const PAGE = 5000;

/**
 * Walks a subgraph's audit chain in sequence order, a page at a time, and checks that the
 * numbers are contiguous from 1, that each record names the hash of the one before, that each
 * record's hash matches its content, and that the last record is the head. Every problem names
 * its record: altered (hash mismatch), removed (a gap, or the head beyond the last record),
 * inserted (a broken link, or a record beyond the head).
 */
export async function verifyAuditChain(q: Queryable, pageSize = PAGE): Promise<AuditVerification> {
  const problems: AuditProblem[] = [];
  const [head]: { seq: string; hash: string }[] = await q.query(`SELECT seq::text AS seq, hash FROM audit_head WHERE id = 1`);
  if (!head) {
    return { ok: false, records: 0, headSeq: '0', headHash: GENESIS_HASH, problems: [{ seq: '0', problem: 'the chain head is missing' }] };
  }
  let expected = 1n;
  let prevHash = GENESIS_HASH;
  let records = 0;
  let after = '0';
  for (;;) {
    const raw: Record<string, unknown>[] = await q.query(
      `SELECT ${RECORD_COLUMNS} FROM audit_record WHERE audit_record.seq > $1::bigint ORDER BY audit_record.seq LIMIT $2`,
      [after, pageSize],
    );
    for (const r of raw.map(toRecordRow)) {
      records += 1;
      const seq = BigInt(r.seq);
      if (seq > expected) {
        const missing = seq - 1n === expected ? `record ${expected} is` : `records ${expected} to ${seq - 1n} are`;
        problems.push({ seq: String(expected), problem: `${missing} missing (removed)` });
      }
      if (r.prevHash !== prevHash) {
        problems.push({
          seq: r.seq,
          problem: `record ${r.seq} does not follow the record before it (its previous hash differs): a record was inserted, removed or rewritten before it`,
        });
      }
      if (recordHash(r.seq, r.prevHash, recordContent(r)) !== r.hash) {
        problems.push({ seq: r.seq, problem: `record ${r.seq} was altered (its content does not match its hash)` });
      }
      if (seq > BigInt(head.seq)) {
        problems.push({ seq: r.seq, problem: `record ${r.seq} is beyond the chain head (${head.seq}): inserted outside the audit log` });
      }
      expected = seq + 1n;
      prevHash = r.hash;
      after = r.seq;
    }
    if (raw.length < pageSize) {
      break;
    }
  }
  const last = expected - 1n;
  if (last < BigInt(head.seq)) {
    const missing = last + 1n === BigInt(head.seq) ? `record ${head.seq} is` : `records ${last + 1n} to ${head.seq} are`;
    problems.push({ seq: String(last + 1n), problem: `${missing} missing (removed from the end)` });
  } else if (last === BigInt(head.seq) && prevHash !== head.hash) {
    problems.push({ seq: head.seq, problem: `record ${head.seq} is not the record the head names (its hash differs from the head's)` });
  }
  return { ok: problems.length === 0, records, headSeq: head.seq, headHash: head.hash, problems };
}
