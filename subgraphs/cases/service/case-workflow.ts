import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditLog, type AuditActor } from '../../../common/audit/audit-log';
import { AuditedTransactions, idempotencyKey } from '../../../common/audit/audited-transaction';
import { ConflictError, InputError, NotFoundError } from '../../../common/errors';
import { CaseActionRecord, CaseEventRecord, CaseLegalProcessRecord, CaseNoteRecord, CaseRecord, CaseSubjectRecord } from '../store';
import { CaseStatus, LegalProcessKind, TimelineEventKind } from '../types/enums';
import * as check from './validate';
import { canMove, nextStatuses } from './workflow';

/** Who makes a change, and when. The API passes the caller and now; the seed passes its story's times. */
export interface ChangeOptions {
  /** Who (the timeline names `actor.principal`), from where, in which request: for the audit trail. */
  readonly actor: AuditActor;
  /** When the change takes effect; now when absent. */
  readonly at?: Date;
}

export interface OpenCaseCommand {
  /** The seed chooses its ids; the API lets the service make `case-<uuid>`. */
  readonly id?: string;
  readonly title: string;
  readonly description?: string | null;
  readonly assignee?: string | null;
  readonly subjects?: readonly check.SubjectSpec[] | null;
  /** A client's key: a retry with the same key and input opens no second case. */
  readonly idempotencyKey?: string | null;
}

interface CaseCommand {
  readonly caseId: string;
  readonly expectedVersion?: number | null;
  /** A client's key: a retry with the same key and input records nothing twice. */
  readonly idempotencyKey?: string | null;
}

export interface RecordLegalProcessCommand extends CaseCommand {
  readonly id?: string;
  readonly kind: LegalProcessKind;
  readonly reference: string;
  readonly authority: string;
  /** YYYY-MM-DD. */
  readonly issuedOn: string;
  readonly expiresOn?: string | null;
  readonly note?: string | null;
}

export interface AddNoteCommand extends CaseCommand {
  readonly text: string;
}

export interface AssignCommand extends CaseCommand {
  readonly assignee: string | null;
}

export interface AddSubjectCommand extends CaseCommand {
  readonly subject: check.SubjectSpec;
}

export interface RecordFreezeCommand extends CaseCommand {
  /** The seed chooses its ids; otherwise `action-<uuid>`. */
  readonly id?: string;
  readonly accountId: string;
  readonly legalReference: string;
  readonly note?: string | null;
}

export interface RecordSeizureCommand extends CaseCommand {
  readonly id?: string;
  readonly amount: string;
  readonly asset: string;
  readonly amountUsd?: string | null;
  readonly txHash?: string | null;
  readonly authority: string;
  readonly note?: string | null;
}

export interface ChangeStatusCommand extends CaseCommand {
  readonly status: CaseStatus;
  readonly note?: string | null;
}

type Event = { kind: TimelineEventKind; summary: string };

/** What a change does to a locked case, inside the transaction. */
type Change = (
  tx: EntityManager,
  current: CaseRecord,
  at: Date,
) => Promise<{ status?: CaseStatus; assignee?: string | null; events: Event[]; audit?: { subjectIds?: string[]; fields?: string[]; detail?: Record<string, unknown> } }>;

const MAX_SUBJECTS = 500;

/**
 * The case workflow: every change to a case, from the API and from the demo seed, goes through
 * here. Each change is one transaction that locks the case row, checks the caller's
 * `expectedVersion` and the workflow, writes, bumps `version`, sets `updatedAt` and appends to
 * the timeline; on any error nothing is written.
 */
export class CaseWorkflow {
  private readonly transactions: AuditedTransactions;

  constructor(
    dataSource: DataSource,
    readonly audit: AuditLog = new AuditLog(),
  ) {
    this.transactions = new AuditedTransactions(dataSource, audit);
  }

  async openCase(command: OpenCaseCommand, opts: ChangeOptions): Promise<CaseRecord> {
    const id = command.id === undefined ? `case-${randomUUID()}` : check.opaqueId(command.id, 'input.id');
    const title = check.text(command.title, 'input.title', 200, true);
    const description = check.text(command.description, 'input.description', 10000);
    const assignee = check.text(command.assignee, 'input.assignee', 200);
    const specs = command.subjects ?? [];
    if (specs.length > MAX_SUBJECTS) {
      throw new InputError('input.subjects', `must have at most ${MAX_SUBJECTS} subjects`);
    }
    const subjects = specs.map((s, i) => check.subject(s, `input.subjects[${i}]`));
    const seen = new Map<string, number>();
    subjects.forEach((s, i) => {
      const earlier = seen.get(`${s.kind}|${s.key}`);
      if (earlier !== undefined) {
        throw new InputError(`input.subjects[${i}]`, `repeats input.subjects[${earlier}]`);
      }
      seen.set(`${s.kind}|${s.key}`, i);
    });
    const key = idempotencyKey(command.idempotencyKey);
    const actor = opts.actor.principal;

    return this.transactions.run(
      { operation: 'openCase', actor: opts.actor, idempotencyKey: key, request: command, at: opts.at },
      async (tx, at) => {
        if (await tx.existsBy(CaseRecord, { id })) {
          throw new ConflictError(`Case ${id} already exists`, { field: 'input.id' });
        }
        const record = tx.create(CaseRecord, {
          id,
          title,
          description,
          status: CaseStatus.OPEN,
          assignee,
          openedAt: at,
          updatedAt: at,
          version: 1,
        });
        await tx.insert(CaseRecord, record);
        await insertSubjects(tx, id, subjects, at, actor);
        await appendEvents(tx, id, at, actor, [
          { kind: TimelineEventKind.OPENED, summary: `Case opened: ${title}` },
          ...subjects.map(s => subjectAdded(s)),
        ]);
        return {
          value: record,
          ref: id,
          audit: { subjectIds: [id, ...subjects.map(s => s.key)], fields: ['title', 'description', 'assignee', 'subjects'], detail: { title, assignee } },
        };
      },
      replayCase,
    );
  }

  async addSubject(command: AddSubjectCommand, opts: ChangeOptions): Promise<CaseRecord> {
    const subject = check.subject(command.subject, 'input.subject');
    return this.change('addCaseSubject', command, opts, 'add a subject to', async (tx, current, at) => {
      const exists = await tx.existsBy(CaseSubjectRecord, { caseId: current.id, kind: subject.kind, subjectKey: subject.key });
      if (exists) {
        throw new ConflictError(`The ${subject.label} is already a subject of case ${current.id}`, { field: 'input.subject' });
      }
      await insertSubjects(tx, current.id, [subject], at, opts.actor.principal);
      return { events: [subjectAdded(subject)], audit: { subjectIds: [subject.key], fields: ['subjects'] } };
    });
  }

  async recordFreeze(command: RecordFreezeCommand, opts: ChangeOptions): Promise<CaseRecord> {
    const actionId = command.id === undefined ? `action-${randomUUID()}` : check.opaqueId(command.id, 'input.id');
    const accountId = check.opaqueId(command.accountId, 'input.accountId');
    const legalReference = check.text(command.legalReference, 'input.legalReference', 500, true);
    const note = check.text(command.note, 'input.note', 2000);
    const actor = opts.actor.principal;
    return this.change('recordFreeze', command, opts, 'record a freeze on', async (tx, current, at) => {
      if (await tx.existsBy(CaseActionRecord, { caseId: current.id, kind: 'FREEZE', accountId })) {
        throw new ConflictError(`A freeze of account ${accountId} is already recorded on case ${current.id}`, { field: 'input.accountId' });
      }
      const events: Event[] = [];
      // A frozen account is always a subject of the case, so that Account.cases finds the case.
      const subject = check.subject({ accountId }, 'input.accountId');
      if (!(await tx.existsBy(CaseSubjectRecord, { caseId: current.id, kind: 'ACCOUNT', subjectKey: accountId }))) {
        await insertSubjects(tx, current.id, [subject], at, actor);
        events.push(subjectAdded(subject));
      }
      await tx.insert(CaseActionRecord, {
        id: actionId,
        caseId: current.id,
        kind: 'FREEZE',
        recordedAt: at,
        recordedBy: actor,
        note,
        accountId,
        legalReference,
      });
      events.push({ kind: TimelineEventKind.FREEZE_RECORDED, summary: withNote(`Account ${accountId} frozen (${legalReference})`, note) });
      return { events, audit: { subjectIds: [accountId, actionId], fields: ['actions'], detail: { kind: 'FREEZE', accountId, legalReference } } };
    });
  }

  async recordSeizure(command: RecordSeizureCommand, opts: ChangeOptions): Promise<CaseRecord> {
    const actionId = command.id === undefined ? `action-${randomUUID()}` : check.opaqueId(command.id, 'input.id');
    const amount = check.amount(command.amount, 'input.amount', true);
    const asset = check.asset(command.asset, 'input.asset');
    const amountUsd =
      command.amountUsd === null || command.amountUsd === undefined ? null : check.amount(command.amountUsd, 'input.amountUsd', false);
    const txHash = check.txHash(command.txHash, 'input.txHash');
    const authority = check.text(command.authority, 'input.authority', 500, true);
    const note = check.text(command.note, 'input.note', 2000);
    return this.change('recordSeizure', command, opts, 'record a seizure on', async (tx, current, at) => {
      await tx.insert(CaseActionRecord, {
        id: actionId,
        caseId: current.id,
        kind: 'SEIZURE',
        recordedAt: at,
        recordedBy: opts.actor.principal,
        note,
        amount,
        asset,
        amountUsd,
        txHash,
        authority,
      });
      const usd = amountUsd === null ? '' : ` (USD ${amountUsd})`;
      return {
        events: [{ kind: TimelineEventKind.SEIZURE_RECORDED, summary: withNote(`Seizure of ${amount} ${asset}${usd} by ${authority}`, note) }],
        audit: { subjectIds: [actionId], fields: ['actions'], detail: { kind: 'SEIZURE', amount, asset, amountUsd, txHash, authority } },
      };
    });
  }

  async recordLegalProcess(command: RecordLegalProcessCommand, opts: ChangeOptions): Promise<CaseRecord> {
    const id = command.id === undefined ? `legal-${randomUUID()}` : check.opaqueId(command.id, 'input.id');
    if (!Object.values(LegalProcessKind).includes(command.kind)) {
      throw new InputError('input.kind', `must be one of ${Object.values(LegalProcessKind).join(', ')}`);
    }
    const reference = check.text(command.reference, 'input.reference', 500, true);
    const authority = check.text(command.authority, 'input.authority', 500, true);
    const issuedOn = check.date(command.issuedOn, 'input.issuedOn', true);
    const expiresOn = check.date(command.expiresOn, 'input.expiresOn');
    if (expiresOn !== null && expiresOn < issuedOn) {
      throw new InputError('input.expiresOn', 'must not be before issuedOn');
    }
    const note = check.text(command.note, 'input.note', 2000);
    return this.change('recordLegalProcess', command, opts, 'record legal process on', async (tx, current, at) => {
      await tx.insert(CaseLegalProcessRecord, {
        id,
        caseId: current.id,
        kind: command.kind,
        reference,
        authority,
        issuedOn,
        expiresOn,
        note,
        recordedAt: at,
        recordedBy: opts.actor.principal,
      });
      const label = command.kind.toLowerCase().replace(/_/g, ' ');
      return {
        events: [{ kind: TimelineEventKind.LEGAL_PROCESS_RECORDED, summary: withNote(`${capitalise(label)} ${reference} issued ${issuedOn} by ${authority}`, note) }],
        audit: { subjectIds: [id], fields: ['legalProcesses'], detail: { kind: command.kind, reference, authority, issuedOn, expiresOn } },
      };
    });
  }

  async addNote(command: AddNoteCommand, opts: ChangeOptions): Promise<CaseRecord> {
    const text = check.text(command.text, 'input.text', 10000, true);
    // Notes are the one thing a closed case still takes: remarks after the fact belong on the record.
    return this.change('addCaseNote', command, opts, null, async (tx, current, at) => {
      await tx.insert(CaseNoteRecord, { caseId: current.id, text, writtenAt: at, writtenBy: opts.actor.principal });
      const summary = text.length > 120 ? `${text.slice(0, 117)}...` : text;
      return { events: [{ kind: TimelineEventKind.NOTE_ADDED, summary: `Note: ${summary}` }], audit: { fields: ['notes'] } };
    });
  }

  async assign(command: AssignCommand, opts: ChangeOptions): Promise<CaseRecord> {
    const assignee = check.text(command.assignee, 'input.assignee', 200);
    return this.change('assignCase', command, opts, 'reassign', async (_tx, current) => {
      if (assignee === current.assignee) {
        throw new ConflictError(`Case ${current.id} is already assigned to ${assignee ?? 'nobody'}`, { field: 'input.assignee' });
      }
      return {
        assignee,
        events: [{ kind: TimelineEventKind.ASSIGNED, summary: assignee === null ? 'Unassigned' : `Assigned to ${assignee}` }],
        audit: { fields: ['assignee'], detail: { from: current.assignee, to: assignee } },
      };
    });
  }

  async changeStatus(command: ChangeStatusCommand, opts: ChangeOptions): Promise<CaseRecord> {
    const to = command.status;
    if (!Object.values(CaseStatus).includes(to)) {
      throw new InputError('input.status', `must be one of ${Object.values(CaseStatus).join(', ')}`);
    }
    const note = check.text(command.note, 'input.note', 2000);
    return this.change('changeCaseStatus', command, opts, null, async (_tx, current) => {
      const from = current.status as CaseStatus;
      if (!canMove(from, to)) {
        const allowed = nextStatuses(from);
        throw new ConflictError(
          `Case ${current.id} cannot move from ${from} to ${to}` + (allowed.length > 0 ? `; it may move to ${allowed.join(' or ')}` : '; it is closed'),
          { field: 'input.status', from, to },
        );
      }
      return {
        status: to,
        events: [{ kind: TimelineEventKind.STATUS_CHANGED, summary: withNote(`Status changed from ${from} to ${to}`, note) }],
        audit: { fields: ['status'], detail: { from, to, note } },
      };
    });
  }

  /**
   * Runs one change to an existing case in one audited transaction: claims the idempotency key,
   * locks the row (so concurrent changes to one case queue up instead of both passing the version
   * check), checks it exists, is at the expected version and is not closed (when `closedVerb`
   * names what a closed case refuses), applies the change, bumps the version guarded by the
   * version read, appends the timeline events and the audit record.
   */
  private async change(operation: string, command: CaseCommand, opts: ChangeOptions, closedVerb: string | null, apply: Change): Promise<CaseRecord> {
    const caseId = command.caseId.trim();
    const expected = check.expectedVersion(command.expectedVersion);
    const key = idempotencyKey(command.idempotencyKey);
    return this.transactions.run(
      { operation, actor: opts.actor, idempotencyKey: key, request: command, at: opts.at },
      async tx => {
        const current = await tx.findOne(CaseRecord, { where: { id: caseId }, lock: { mode: 'pessimistic_write' } });
        if (!current) {
          throw new NotFoundError('Case', caseId, 'input.caseId');
        }
        // The change takes effect now that the row is ours: the timeline's times follow its order.
        const at = opts.at ?? new Date();
        if (expected !== null && expected !== current.version) {
          throw new ConflictError(`Case ${caseId} is at version ${current.version}, not ${expected}: it changed since you read it`, {
            field: 'input.expectedVersion',
            currentVersion: current.version,
          });
        }
        if (closedVerb !== null && current.status === CaseStatus.CLOSED) {
          throw new ConflictError(`Case ${caseId} is closed: cannot ${closedVerb} it`, { field: 'input.caseId' });
        }
        const { status, assignee, events, audit } = await apply(tx, current, at);
        const next = {
          version: current.version + 1,
          updatedAt: at,
          ...(status ? { status } : {}),
          ...(assignee !== undefined ? { assignee } : {}),
        };
        const written = await tx
          .createQueryBuilder()
          .update(CaseRecord)
          .set(next)
          .where('id = :id AND version = :version', { id: caseId, version: current.version })
          .execute();
        if (written.affected !== 1) {
          throw new ConflictError(`Case ${caseId} changed while it was being updated; read it again`, { field: 'input.expectedVersion' });
        }
        await appendEvents(tx, caseId, at, opts.actor.principal, events);
        return {
          value: tx.merge(CaseRecord, current, next),
          ref: caseId,
          at,
          audit: {
            subjectIds: [caseId, ...(audit?.subjectIds ?? [])],
            fields: audit?.fields ?? [],
            detail: { ...(audit?.detail ?? {}), version: next.version },
          },
        };
      },
      replayCase,
    );
  }
}

async function replayCase(tx: EntityManager, ref: string) {
  return { value: await tx.findOneByOrFail(CaseRecord, { id: ref }), subjectIds: [ref] };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

async function insertSubjects(tx: EntityManager, caseId: string, subjects: readonly check.CheckedSubject[], at: Date, actor: string): Promise<void> {
  if (subjects.length === 0) {
    return;
  }
  await tx.insert(
    CaseSubjectRecord,
    subjects.map(s => ({ caseId, kind: s.kind, subjectKey: s.key, chain: s.chain, address: s.address, addedAt: at, addedBy: actor })),
  );
}

async function appendEvents(tx: EntityManager, caseId: string, at: Date, actor: string, events: readonly Event[]): Promise<void> {
  if (events.length === 0) {
    return;
  }
  await tx.insert(
    CaseEventRecord,
    events.map(e => ({ caseId, at, kind: e.kind, summary: e.summary, actor })),
  );
}

function subjectAdded(s: check.CheckedSubject): Event {
  return { kind: TimelineEventKind.SUBJECT_ADDED, summary: `Subject added: ${s.label}` };
}

function withNote(summary: string, note: string | null): string {
  return note ? `${summary}: ${note}` : summary;
}
