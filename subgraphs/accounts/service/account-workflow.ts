import type { DataSource, EntityManager } from 'typeorm';
import { AuditLog, type AuditActor } from '../../../common/audit/audit-log';
import { AuditedTransactions, idempotencyKey, type Replayed } from '../../../common/audit/audited-transaction';
import { ConflictError, NotFoundError } from '../../../common/errors';
import { AccountLinkRecord, AccountRecord, AccountStatusChangeRecord } from '../store';
import { LINK_MOVES, STATUS_MOVES, type LinkDecision, type StatusAction } from './state-machine';
import * as check from './validate';

/** Who makes a change, and when. The API passes the request's actor and now; the seed its story's times. */
export interface ChangeOptions {
  readonly actor: AuditActor;
  readonly at?: Date;
}

/** A status change: the account, its legal basis, and the version the caller read. */
export interface StatusCommand {
  readonly accountId: string;
  /** The case (cases subgraph) the change is made under. */
  readonly caseId: string;
  /** The warrant, order or designation: required to freeze. */
  readonly legalProcessReference?: string | null;
  readonly reason?: string | null;
  readonly expectedVersion?: number | null;
  readonly idempotencyKey?: string | null;
}

/** Screening proposes a link, with its score. */
export interface ProposeLinkCommand {
  readonly accountId: string;
  readonly partyId: string;
  readonly score: number;
  readonly reason?: string | null;
  readonly idempotencyKey?: string | null;
}

/** An analyst confirms or dismisses a link, saying why. */
export interface DecideLinkCommand {
  readonly accountId: string;
  readonly partyId: string;
  readonly reason: string;
  readonly expectedVersion?: number | null;
  readonly idempotencyKey?: string | null;
}

/**
 * The account workflow: status changes (freeze, unfreeze, close) with their legal basis, and the
 * decisions on links to sanctioned parties. Every change, from the API and from the demo seed,
 * goes through here: one transaction that locks the row, checks the caller's `expectedVersion`
 * and the state machine, writes, bumps `version`, and appends to the audit chain; on any error
 * nothing is written. Idempotent for a client-supplied key.
 */
export class AccountWorkflow {
  private readonly transactions: AuditedTransactions;

  constructor(
    dataSource: DataSource,
    readonly audit: AuditLog = new AuditLog(),
  ) {
    this.transactions = new AuditedTransactions(dataSource, audit);
  }

  freeze(command: StatusCommand, opts: ChangeOptions): Promise<AccountRecord> {
    return this.changeStatus('freeze', command, opts);
  }

  unfreeze(command: StatusCommand, opts: ChangeOptions): Promise<AccountRecord> {
    return this.changeStatus('unfreeze', command, opts);
  }

  close(command: StatusCommand, opts: ChangeOptions): Promise<AccountRecord> {
    return this.changeStatus('close', command, opts);
  }

  private async changeStatus(action: StatusAction, command: StatusCommand, opts: ChangeOptions): Promise<AccountRecord> {
    const id = check.accountId(command.accountId);
    const caseId = check.caseId(command.caseId);
    const legal =
      action === 'freeze'
        ? check.text(command.legalProcessReference, 'input.legalProcessReference', 500, true)
        : check.text(command.legalProcessReference, 'input.legalProcessReference', 500);
    const reason = check.text(command.reason, 'input.reason', 2000);
    const expected = check.expectedVersion(command.expectedVersion);
    const key = idempotencyKey(command.idempotencyKey);
    const move = STATUS_MOVES[action];
    return this.transactions.run(
      { operation: `${action}Account`, actor: opts.actor, idempotencyKey: key, request: command, at: opts.at },
      async tx => {
        const current = await lockAccount(tx, id);
        // The change takes effect now that the row is ours: times follow the order of changes.
        const at = opts.at ?? new Date();
        checkVersion('Account', id, current.version, expected);
        if (!move.from.includes(current.status)) {
          throw new ConflictError(
            `Account ${id} is ${current.status}: it cannot be ${action === 'freeze' ? 'frozen' : action === 'close' ? 'closed' : 'unfrozen'} (only from ${move.from.join(' or ')})`,
            { field: 'input.accountId', status: current.status },
          );
        }
        const from = current.status;
        const version = current.version + 1;
        await bump(tx, AccountRecord, id, current.version, { status: move.to, version, updatedAt: at });
        await tx.insert(AccountStatusChangeRecord, {
          accountId: id,
          fromStatus: from,
          toStatus: move.to,
          caseId,
          legalProcessReference: legal,
          reason,
          changedAt: at,
          changedBy: opts.actor.principal,
          version,
        });
        return {
          value: tx.merge(AccountRecord, current, { status: move.to, version, updatedAt: at }),
          ref: id,
          at,
          audit: {
            subjectIds: [id, caseId],
            fields: ['status'],
            detail: { from, to: move.to, caseId, legalProcessReference: legal, reason, version },
          },
        };
      },
      async (tx, ref) => ({ value: await tx.findOneByOrFail(AccountRecord, { id: ref }), subjectIds: [ref] }),
    );
  }

  /** Records a screening hit as a CANDIDATE link. A link that exists (in any state) is a CONFLICT. */
  async proposeLink(command: ProposeLinkCommand, opts: ChangeOptions): Promise<AccountLinkRecord> {
    const accountId = check.accountId(command.accountId);
    const partyId = check.partyId(command.partyId);
    const score = check.score(command.score);
    const reason = check.text(command.reason, 'input.reason', 2000);
    const key = idempotencyKey(command.idempotencyKey);
    return this.transactions.run(
      { operation: 'proposeAccountLink', actor: opts.actor, idempotencyKey: key, request: command, at: opts.at },
      async tx => {
        await lockAccount(tx, accountId);
        const at = opts.at ?? new Date();
        const existing = await tx.findOneBy(AccountLinkRecord, { accountId, partyId });
        if (existing) {
          throw new ConflictError(`Account ${accountId} already has a ${existing.status} link to ${partyId}`, {
            field: 'input.partyId',
            status: existing.status,
          });
        }
        const row = tx.create(AccountLinkRecord, {
          accountId,
          partyId,
          status: 'CANDIDATE',
          score,
          decidedBy: opts.actor.principal,
          decidedAt: at,
          reason,
          version: 1,
        });
        const saved = await tx.save(row);
        return {
          value: saved,
          ref: String(saved.id),
          at,
          audit: { subjectIds: [accountId, partyId], fields: ['link.status', 'link.score'], detail: { status: 'CANDIDATE', score, reason } },
        };
      },
      (tx, ref) => replayLink(tx, ref),
    );
  }

  confirmLink(command: DecideLinkCommand, opts: ChangeOptions): Promise<AccountLinkRecord> {
    return this.decideLink('CONFIRMED', command, opts);
  }

  dismissLink(command: DecideLinkCommand, opts: ChangeOptions): Promise<AccountLinkRecord> {
    return this.decideLink('DISMISSED', command, opts);
  }

  /**
   * Confirms or dismisses a link. Confirming a link screening never proposed states it by hand
   * (no score); dismissing one that does not exist is NOT_FOUND.
   */
  private async decideLink(decision: LinkDecision, command: DecideLinkCommand, opts: ChangeOptions): Promise<AccountLinkRecord> {
    const accountId = check.accountId(command.accountId);
    const partyId = check.partyId(command.partyId);
    const reason = check.text(command.reason, 'input.reason', 2000, true);
    const expected = check.expectedVersion(command.expectedVersion);
    const key = idempotencyKey(command.idempotencyKey);
    const operation = decision === 'CONFIRMED' ? 'confirmAccountLink' : 'dismissAccountLink';
    return this.transactions.run(
      { operation, actor: opts.actor, idempotencyKey: key, request: command, at: opts.at },
      async tx => {
        await lockAccount(tx, accountId);
        const at = opts.at ?? new Date();
        const current = await tx.findOne(AccountLinkRecord, { where: { accountId, partyId }, lock: { mode: 'pessimistic_write' } });
        const decided = { status: decision, decidedBy: opts.actor.principal, decidedAt: at, reason };
        let saved: AccountLinkRecord;
        let from: string | null = null;
        if (!current) {
          if (decision === 'DISMISSED') {
            throw new NotFoundError('AccountLink', `${accountId} ${partyId}`, 'input.partyId');
          }
          if (expected !== null) {
            throw new ConflictError(`Account ${accountId} has no link to ${partyId} yet: it has no version ${expected}`, {
              field: 'input.expectedVersion',
            });
          }
          saved = await tx.save(tx.create(AccountLinkRecord, { accountId, partyId, score: null, version: 1, ...decided }));
        } else {
          checkVersion('AccountLink', `${accountId} ${partyId}`, current.version, expected);
          if (!LINK_MOVES[decision].includes(current.status)) {
            throw new ConflictError(`The link of account ${accountId} to ${partyId} is already ${current.status}`, {
              field: 'input.partyId',
              status: current.status,
            });
          }
          from = current.status;
          const version = current.version + 1;
          await bump(tx, AccountLinkRecord, current.id, current.version, { ...decided, version });
          saved = tx.merge(AccountLinkRecord, current, { ...decided, version });
        }
        return {
          value: saved,
          ref: String(saved.id),
          at,
          audit: { subjectIds: [accountId, partyId], fields: ['link.status'], detail: { from, to: decision, reason, version: saved.version } },
        };
      },
      (tx, ref) => replayLink(tx, ref),
    );
  }
}

async function lockAccount(tx: EntityManager, id: string): Promise<AccountRecord> {
  const row = await tx.findOne(AccountRecord, { where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!row) {
    throw new NotFoundError('Account', id, 'input.accountId');
  }
  return row;
}

function checkVersion(typename: string, id: string, current: number, expected: number | null): void {
  if (expected !== null && expected !== current) {
    throw new ConflictError(`${typename} ${id} is at version ${current}, not ${expected}: it changed since you read it`, {
      field: 'input.expectedVersion',
      currentVersion: current,
    });
  }
}

/**
 * Writes a locked row's change guarded by its version (`WHERE version = read`): with the row lock
 * it cannot miss, and should a caller ever forget the lock, a lost update becomes a CONFLICT.
 */
async function bump(
  tx: EntityManager,
  target: typeof AccountRecord | typeof AccountLinkRecord,
  id: string | number,
  readVersion: number,
  values: Record<string, unknown>,
): Promise<void> {
  const result = await tx
    .createQueryBuilder()
    .update(target)
    .set(values)
    .where('id = :id AND version = :version', { id, version: readVersion })
    .execute();
  if (result.affected !== 1) {
    throw new ConflictError(`The row changed while it was being updated; read it again`, { field: 'input.expectedVersion' });
  }
}

async function replayLink(tx: EntityManager, ref: string): Promise<Replayed<AccountLinkRecord>> {
  const link = await tx.findOneByOrFail(AccountLinkRecord, { id: Number(ref) });
  return { value: link, subjectIds: [link.accountId, link.partyId] };
}
