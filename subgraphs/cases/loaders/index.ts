import { In, type DataSource } from 'typeorm';
import { createAuditTrailLoader } from '../../../common/audit/audit-trail';
import { groupByKeys, orderByKeys } from '../../../common/loaders';
import { createLoader } from '../../../common/metrics';
import { CaseActionRecord, CaseEventRecord, CaseLegalProcessRecord, CaseNoteRecord, CaseRecord, CaseSubjectRecord } from '../store';
import type { SubjectKind } from '../types/enums';

/**
 * The cases subgraph's per-request DataLoaders: every read of a case or of a relation goes
 * through one, so a batch of parents costs one SQL statement whatever its size.
 */
export function createLoaders(dataSource: DataSource) {
  const cases = dataSource.getRepository(CaseRecord);
  const caseById = createLoader<string, CaseRecord | null>(dataSource, 'case', async ids =>
    orderByKeys(ids, await cases.findBy({ id: In([...ids]) }), r => r.id),
  );

  /**
   * The cases having any of the keys as a subject of `kind`, newest first: one join per batch.
   * The cases found are primed into `caseById`, so resolving them again costs nothing.
   */
  const casesBySubject = (kind: SubjectKind, name: string) =>
    createLoader<string, CaseRecord[]>(dataSource, name, async keys => {
      const { entities, raw } = await cases
        .createQueryBuilder('c')
        .innerJoin(CaseSubjectRecord, 's', 's.caseId = c.id')
        .addSelect('s.subjectKey', 'subject_key')
        .where('s.kind = :kind AND s.subjectKey IN (:...keys)', { kind, keys: [...keys] })
        .orderBy('c.openedAt', 'DESC')
        .addOrderBy('c.id', 'DESC')
        .getRawAndEntities<{ subject_key: string; c_id: string }>();
      const byId = new Map(entities.map(e => [e.id, e]));
      for (const e of entities) {
        caseById.clear(e.id).prime(e.id, e);
      }
      // raw has one row per (case, key) in the query's order; entities are deduplicated.
      const pairs = raw.map(r => ({ key: r.subject_key, record: byId.get(r.c_id)! }));
      return groupByKeys(keys, pairs, p => p.key).map(group => group.map(p => p.record));
    });

  const byCase = <R extends { caseId: string }>(name: string, load: (ids: string[]) => Promise<R[]>) =>
    createLoader<string, R[]>(dataSource, name, async ids => groupByKeys(ids, await load([...ids]), r => r.caseId));

  return {
    case: caseById,
    subjects: byCase('subjects', ids =>
      dataSource.getRepository(CaseSubjectRecord).find({ where: { caseId: In(ids) }, order: { addedAt: 'ASC', id: 'ASC' } }),
    ),
    actions: byCase('actions', ids =>
      dataSource.getRepository(CaseActionRecord).find({ where: { caseId: In(ids) }, order: { recordedAt: 'ASC', seq: 'ASC' } }),
    ),
    timeline: byCase('timeline', ids =>
      dataSource.getRepository(CaseEventRecord).find({ where: { caseId: In(ids) }, order: { at: 'ASC', id: 'ASC' } }),
    ),
    legalProcesses: byCase('legalProcesses', ids =>
      dataSource.getRepository(CaseLegalProcessRecord).find({ where: { caseId: In(ids) }, order: { recordedAt: 'ASC', seq: 'ASC' } }),
    ),
    notes: byCase('notes', ids => dataSource.getRepository(CaseNoteRecord).find({ where: { caseId: In(ids) }, order: { writtenAt: 'ASC', id: 'ASC' } })),
    /** Audit trails from this subgraph's chain, batched. */
    auditTrails: createAuditTrailLoader(dataSource, 'cases'),
    casesByParty: casesBySubject('PARTY', 'casesByParty'),
    casesByAccount: casesBySubject('ACCOUNT', 'casesByAccount'),
    casesByAddress: casesBySubject('ADDRESS', 'casesByAddress'),
  };
}

export type CasesLoaders = ReturnType<typeof createLoaders>;

/**
 * Forgets what this request loaded about a case after a mutation changed it (the per-request
 * cache would otherwise answer later selections of the same request with the old state).
 */
export function forgetCase(loaders: CasesLoaders, caseId: string): void {
  loaders.case.clear(caseId);
  loaders.subjects.clear(caseId);
  loaders.actions.clear(caseId);
  loaders.timeline.clear(caseId);
  loaders.legalProcesses.clear(caseId);
  loaders.notes.clear(caseId);
  loaders.auditTrails.clearAll();
  loaders.casesByParty.clearAll();
  loaders.casesByAccount.clearAll();
  loaders.casesByAddress.clearAll();
}
