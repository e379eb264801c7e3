import type { DataSource } from 'typeorm';
import { AuditLog, resetAuditTables, type AuditActor } from '../../../common/audit/audit-log';
import { buildDemoStory, type DemoCase, type DemoStory, type DemoSubject } from '../../../common/demo/story';
import { CaseWorkflow, type ChangeOptions } from '../service/case-workflow';
import type { SubjectSpec } from '../service/validate';
import { CASES_TABLES } from '../store';
import { CaseStatus } from '../types/enums';

/** The actor the timeline and the audit trail name for everything the seed does. */
export const DEMO_ACTOR: AuditActor = { principal: 'demo-seed', origin: 'seed', requestId: null };

/**
 * Loads the demo story's cases THROUGH THE WORKFLOW SERVICE, the one the mutations call, so the
 * demo data obeys the same rules (transitions, validation, versions, timeline) as real data.
 * Skips when cases exist, unless `reset` empties the tables first. Returns whether it loaded.
 */
export async function seedDemo(dataSource: DataSource, opts: { reset?: boolean; story?: DemoStory } = {}): Promise<boolean> {
  if (opts.reset) {
    await dataSource.query(`TRUNCATE ${CASES_TABLES.join(', ')} RESTART IDENTITY CASCADE`);
    await resetAuditTables(dataSource);
  } else {
    const [{ n }]: { n: string }[] = await dataSource.query(`SELECT count(*) AS n FROM investigation_case`);
    if (Number(n) > 0) {
      return false;
    }
  }
  const story = opts.story ?? buildDemoStory();
  const workflow = new CaseWorkflow(dataSource, new AuditLog());
  for (const c of story.cases) {
    await seedCase(workflow, c);
  }
  return true;
}

async function seedCase(workflow: CaseWorkflow, c: DemoCase): Promise<void> {
  const when = (at: string): ChangeOptions => ({ actor: DEMO_ACTOR, at: new Date(at) });
  await workflow.openCase(
    { id: c.id, title: c.title, description: c.description, assignee: c.assignee, subjects: c.subjects.map(subjectSpec) },
    when(c.openedAt),
  );
  // Status changes, freezes and seizures in the order they happened (ties keep this order).
  const steps: { at: string; run: () => Promise<unknown> }[] = [
    ...c.statusChanges.map(s => ({
      at: s.at,
      run: () => workflow.changeStatus({ caseId: c.id, status: s.to as CaseStatus, note: s.note }, when(s.at)),
    })),
    ...c.freezes.map((f, i) => ({
      at: f.at,
      run: () =>
        workflow.recordFreeze(
          { caseId: c.id, id: `${c.id}-freeze-${i + 1}`, accountId: f.accountId, legalReference: f.legalReference, note: f.note },
          when(f.at),
        ),
    })),
    ...c.seizures.map((s, i) => ({
      at: s.at,
      run: () =>
        workflow.recordSeizure(
          {
            caseId: c.id,
            id: `${c.id}-seizure-${i + 1}`,
            amount: s.amount,
            asset: s.asset,
            amountUsd: s.amountUsd,
            txHash: s.txHash,
            authority: s.authority,
            note: s.note,
          },
          when(s.at),
        ),
    })),
  ];
  steps.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const step of steps) {
    await step.run();
  }
}

function subjectSpec(s: DemoSubject): SubjectSpec {
  switch (s.kind) {
    case 'PARTY':
      return { entityId: s.partyId };
    case 'ACCOUNT':
      return { accountId: s.accountId };
    case 'ADDRESS':
      return { address: { chain: s.chain, address: s.address } };
  }
}
