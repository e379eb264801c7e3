import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { ConflictError, InputError } from '../errors';
import type { AuditActor, AuditEvent, AuditLog } from './audit-log';
import { canonicalJson } from './canonical';

/** Idempotency keys: printable, no spaces, bounded (a UUID fits). */
const KEY = /^[A-Za-z0-9._:-]{8,128}$/;

/** Checks an idempotency key; absent means "not idempotent". */
export function idempotencyKey(value: string | null | undefined, field = 'input.idempotencyKey'): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (!KEY.test(value)) {
    throw new InputError(field, 'must be 8 to 128 letters, digits, dots, dashes, underscores or colons (a UUID will do)');
  }
  return value;
}

/** A mutation to run: what it is, who asks, and its key. */
export interface MutationSpec {
  /** The mutation's name, as recorded in the audit trail and stored with the key. */
  readonly operation: string;
  readonly actor: AuditActor;
  /** Checked with `idempotencyKey()`; null runs the mutation without idempotency. */
  readonly idempotencyKey: string | null;
  /**
   * What the request asked (its input without the key). A retry must ask exactly the same: the
   * same key with another input, by another principal or for another operation is a CONFLICT.
   */
  readonly request: unknown;
  /** When the change takes effect (the audit record's time); now when absent. */
  readonly at?: Date;
}

/** What a mutation's work returns: its value, the id a replay finds it by, and what to audit. */
export interface MutationOutcome<T> {
  readonly value: T;
  /** Stored with the key: a retry's `replay` receives it. */
  readonly ref: string;
  readonly audit: Omit<AuditEvent, 'operation'>;
  /**
   * When the change took effect, if the work fixed it after taking its locks (so that under
   * contention times follow the order the changes were made in); else the transaction's start.
   */
  readonly at?: Date;
}

/** What a replay answers: the outcome's current state, and the ids its audit record names. */
export interface Replayed<T> {
  readonly value: T;
  readonly subjectIds: readonly string[];
}

/**
 * Runs every mutation of a subgraph the same way: one transaction that (1) claims the client's
 * idempotency key, (2) does the work, (3) appends the audit record, (4) stores what the key
 * produced. A retry with the same key and the same request replays (returns the stored outcome's
 * current state, writes nothing but an audit record of the replay); the same key with another
 * request is a CONFLICT. Two requests with one key at once: the second waits on the first's
 * uncommitted key row and then replays it (or runs, if the first rolled back).
 */
export class AuditedTransactions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async run<T>(
    spec: MutationSpec,
    work: (tx: EntityManager, at: Date) => Promise<MutationOutcome<T>>,
    replay: (tx: EntityManager, ref: string) => Promise<Replayed<T>>,
  ): Promise<T> {
    const at = spec.at ?? new Date();
    const fingerprint = spec.idempotencyKey === null ? null : fingerprintOf(spec);
    return this.dataSource.transaction(async tx => {
      if (spec.idempotencyKey !== null && fingerprint !== null) {
        const claimed: unknown[] = await tx.query(
          `INSERT INTO idempotency_key (key, operation, fingerprint, created_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (key) DO NOTHING RETURNING key`,
          [spec.idempotencyKey, spec.operation, fingerprint, at.toISOString()],
        );
        if (claimed.length === 0) {
          const [earlier]: { operation: string; fingerprint: string; ref: string | null }[] = await tx.query(
            `SELECT operation, fingerprint, result_ref AS ref FROM idempotency_key WHERE key = $1`,
            [spec.idempotencyKey],
          );
          if (!earlier || earlier.operation !== spec.operation || earlier.fingerprint !== fingerprint || earlier.ref === null) {
            throw new ConflictError(
              `Idempotency key ${spec.idempotencyKey} was used for another request${earlier ? ` (${earlier.operation})` : ''}: use a new key for a new request`,
              { field: 'input.idempotencyKey' },
            );
          }
          const replayed = await replay(tx, earlier.ref);
          await this.audit.append(
            tx,
            spec.actor,
            { operation: spec.operation, subjectIds: replayed.subjectIds, detail: { replayOfKey: spec.idempotencyKey } },
            at,
          );
          return replayed.value;
        }
      }
      const outcome = await work(tx, at);
      await this.audit.append(tx, spec.actor, { operation: spec.operation, ...outcome.audit }, outcome.at ?? at);
      if (spec.idempotencyKey !== null) {
        await tx.query(`UPDATE idempotency_key SET result_ref = $2 WHERE key = $1`, [spec.idempotencyKey, outcome.ref]);
      }
      return outcome.value;
    });
  }
}

function fingerprintOf(spec: MutationSpec): string {
  return createHash('sha256')
    .update(canonicalJson({ operation: spec.operation, principal: spec.actor.principal, request: stripUndefined(spec.request) }))
    .digest('hex');
}

/** GraphQL input objects are class instances with unset members; JSON keeps what was given. */
function stripUndefined(v: unknown): unknown {
  const plain: unknown = v === undefined ? null : JSON.parse(JSON.stringify(v, (_k, x: unknown) => (x === null ? undefined : x)) ?? 'null');
  if (plain !== null && typeof plain === 'object' && !Array.isArray(plain)) {
    delete (plain as Record<string, unknown>).idempotencyKey;
  }
  return plain;
}
