import DataLoader from 'dataloader';
import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { InputError } from '../errors';
import { decodeCursor, encodeCursor, PageInfo, pageInfoOf, pageSize } from '../pagination';
import { DateTimeScalar } from '../scalars';
import { RECORD_COLUMNS, toRecordRow, type AuditRecordRow, type Queryable } from './audit-log';

/*
 * The audit trail in the graph. Each subgraph keeps its own chain, so each answers the trail of
 * a subject from its own chain; these value types are identical in every subgraph that serves a
 * trail, hence @shareable (as PageInfo is).
 */

@Directive('@shareable')
@Directive('@requiresScopes(scopes: [["read:audit"]])')
@ObjectType({ description: 'One record of an audit trail: who did or read what, when, from where; hash-chained to the record before it.' })
export class AuditRecord {
  @Field({ description: 'The subgraph whose chain holds the record (accounts or cases).' })
  chain!: string;

  @Field({ description: "The record's position in its chain (1, 2, ...), a decimal string." })
  sequence!: string;

  @Field(() => DateTimeScalar, { description: 'When it happened.' })
  at!: Date;

  @Field({ description: 'Who: the principal the gateway named, "anonymous" without one, or a system actor such as "demo-seed".' })
  principal!: string;

  @Field({ description: 'What: the mutation, or read:<Type>.<field> for a read of personal data.' })
  operation!: string;

  @Field(() => [String], { description: 'The ids the operation touched (accounts, cases, parties).' })
  subjectIds!: string[];

  @Field(() => [String], { description: 'The fields read or written, when recorded (every personal data field read).' })
  fields!: string[];

  @Field({ description: 'From where: the client address when forwarded, else the channel (graphql, cli, seed).' })
  origin!: string;

  @Field(() => String, { nullable: true, description: 'The request id, to find the request in every service log.' })
  requestId!: string | null;

  @Field(() => String, { nullable: true, description: 'More about the operation (its legal basis, new status, ...), as canonical JSON text.' })
  detail!: string | null;

  @Field({ description: 'SHA-256 (hex) of the record before it in the chain (64 zeros for the first).' })
  previousHash!: string;

  @Field({ description: 'SHA-256 (hex) of "<sequence>\\n<previousHash>\\n<canonical JSON of the content>".' })
  hash!: string;
}

@Directive('@shareable')
@ObjectType({ description: 'An edge of an audit trail.' })
export class AuditRecordEdge {
  @Field({ description: 'Opaque cursor of this edge; pass it as `after`.' })
  cursor!: string;

  @Field(() => AuditRecord, { description: 'The record.' })
  node!: AuditRecord;
}

@Directive('@shareable')
@ObjectType({ description: 'A page of an audit trail, oldest record first.' })
export class AuditTrailConnection {
  @Field(() => [AuditRecordEdge], { description: 'The records of this page.' })
  edges!: AuditRecordEdge[];

  @Field(() => PageInfo, { description: 'Where this page stands.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'How many records the trail has in all.' })
  totalCount!: number;
}

const CURSOR_KIND = 'audit';

/** A checked page request for one subject's trail (see `trailKey`). */
export interface TrailKey {
  readonly subjectId: string;
  readonly size: number;
  /** The sequence number the page starts after ("0" for the first page). */
  readonly after: string;
}

/**
 * Checks a trail field's arguments (BAD_USER_INPUT naming the argument), before the loader runs,
 * so that one bad argument fails its own field and not the batch.
 */
export function trailKey(subjectId: string, first: number | null | undefined, after: string | null | undefined): TrailKey {
  const id = subjectId.trim();
  if (id.length === 0 || id.length > 256) {
    throw new InputError('subjectId', 'must be 1 to 256 characters');
  }
  const size = pageSize(first);
  const position = decodeCursor(CURSOR_KIND, after, 1);
  const from = position === null ? '0' : String(position[0]);
  if (!/^\d{1,18}$/.test(from)) {
    throw new InputError('after', 'is not a cursor of this connection; pass an endCursor or edge cursor from an earlier page');
  }
  return { subjectId: id, size, after: from };
}

/**
 * Per-request loader of audit trails: every trail asked for in one tick is read with one count
 * over all the subjects and one page query (a lateral join) per distinct (first, after) pair,
 * whatever the number of subjects.
 */
export function createAuditTrailLoader(q: Queryable, chain: string): DataLoader<TrailKey, AuditTrailConnection, string> {
  return new DataLoader<TrailKey, AuditTrailConnection, string>(
    async keys => {
      const groups = new Map<string, TrailKey[]>();
      for (const k of keys) {
        const g = `${k.size} ${k.after}`;
        groups.set(g, [...(groups.get(g) ?? []), k]);
      }
      const subjects = [...new Set(keys.map(k => k.subjectId))];
      const counted: { subject: string; n: number }[] = await q.query(
        `SELECT s.subject, count(r.seq)::int AS n FROM unnest($1::text[]) AS s(subject)
           LEFT JOIN audit_record r ON r.subject_ids @> ARRAY[s.subject] GROUP BY s.subject`,
        [subjects],
      );
      const counts = new Map(counted.map(r => [r.subject, Number(r.n)]));
      const pages = new Map<string, AuditRecordRow[]>();
      for (const [g, members] of groups) {
        const { size, after } = members[0];
        const ids = [...new Set(members.map(m => m.subjectId))];
        const rows: Record<string, unknown>[] = await q.query(
          // Qualified: inside the lateral query, a bare \`seq\` would be the text alias of RECORD_COLUMNS.
          `SELECT s.subject AS "subject", r.* FROM unnest($1::text[]) AS s(subject)
             CROSS JOIN LATERAL (
               SELECT ${RECORD_COLUMNS} FROM audit_record
                WHERE subject_ids @> ARRAY[s.subject] AND audit_record.seq > $2::bigint ORDER BY audit_record.seq LIMIT $3
             ) r`,
          [ids, after, size + 1],
        );
        for (const row of rows) {
          const key = `${g} ${String(row.subject)}`;
          pages.set(key, [...(pages.get(key) ?? []), toRecordRow(row)]);
        }
      }
      return keys.map(k => {
        const rows = pages.get(`${k.size} ${k.after} ${k.subjectId}`) ?? [];
        const edges = rows.slice(0, k.size).map(r => ({ cursor: encodeCursor(CURSOR_KIND, [r.seq]), node: toAuditRecord(chain, r) }));
        return { edges, totalCount: counts.get(k.subjectId) ?? 0, pageInfo: pageInfoOf(edges, rows.length > k.size, k.after !== '0') };
      });
    },
    { cacheKeyFn: k => `${k.subjectId}\u0000${k.size}\u0000${k.after}` },
  );
}

export function toAuditRecord(chain: string, r: AuditRecordRow): AuditRecord {
  return Object.assign(new AuditRecord(), {
    chain,
    sequence: r.seq,
    at: r.at,
    principal: r.principal,
    operation: r.operation,
    subjectIds: r.subjectIds,
    fields: r.fields,
    origin: r.origin,
    requestId: r.requestId,
    detail: r.detail,
    previousHash: r.prevHash,
    hash: r.hash,
  });
}
