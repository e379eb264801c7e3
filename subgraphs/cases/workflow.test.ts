import { graphql, type ExecutionResult } from 'graphql';
import { verifyAuditChain } from '../../common/audit/verify';
import type { Database } from '../../common/database';
import { DEMO_CASE_ID } from '../../common/demo/story';
import { silentLogger } from '../../common/logger';
import { requestInfo } from '../../common/request-context';
import type { Subgraph } from '../../common/subgraph';
import { auditVerify } from '../../cli/audit';
import { createTestDatabaseServer, type TestDatabaseServer } from '../../test/helpers/database';
import type { CasesContext } from './context';
import { casesStorage, createSubgraph, seedDemo } from './index';

/*
 * The investigation workflow of issue 5: legal process, notes, assignment, idempotent retries,
 * concurrency (100 writers on one case), and the audit chain with its tamper detection.
 */

let server: TestDatabaseServer;
let db: Database;
let subgraph: Subgraph<CasesContext>;

beforeAll(async () => {
  server = await createTestDatabaseServer();
  db = await server.open('cases', casesStorage);
  await seedDemo(db.dataSource);
  subgraph = await createSubgraph({ database: db, log: silentLogger });
});
afterAll(() => server.close());

type Data = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const ALICE = { 'x-principal': 'alice@northbridge.example', 'x-request-id': 'req-alice-1' };

async function run(source: string, variableValues?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<ExecutionResult<Data>> {
  return graphql({ schema: subgraph.schema, source, variableValues, contextValue: subgraph.createContext(requestInfo({ headers }, silentLogger)) });
}

async function ok(source: string, variableValues?: Record<string, unknown>, headers?: Record<string, string>): Promise<Data> {
  const r = await run(source, variableValues, headers);
  expect(r.errors).toBeUndefined();
  return r.data;
}

async function failure(source: string, variableValues?: Record<string, unknown>) {
  const r = await run(source, variableValues);
  expect(r.errors).toHaveLength(1);
  return { code: r.errors![0].extensions.code, field: r.errors![0].extensions.field };
}

const CASE_FIELDS = `id status version assignee
  actions { __typename id ... on Seizure { amount asset amountUsd txHash } }
  legalProcesses { id kind reference authority issuedOn expiresOn recordedBy }
  notes { text writtenBy }
  timeline { kind summary actor }`;
const OPEN = `mutation($input: OpenCaseInput!) { openCase(input: $input) { ${CASE_FIELDS} } }`;
const SEIZE = `mutation($input: RecordSeizureInput!) { recordSeizure(input: $input) { ${CASE_FIELDS} } }`;
const STATUS = `mutation($input: ChangeCaseStatusInput!) { changeCaseStatus(input: $input) { ${CASE_FIELDS} } }`;
const LEGAL = `mutation($input: RecordLegalProcessInput!) { recordLegalProcess(input: $input) { ${CASE_FIELDS} } }`;
const NOTE = `mutation($input: AddCaseNoteInput!) { addCaseNote(input: $input) { ${CASE_FIELDS} } }`;
const ASSIGN = `mutation($input: AssignCaseInput!) { assignCase(input: $input) { ${CASE_FIELDS} } }`;

async function openFixture(title = 'Workflow fixture'): Promise<string> {
  return (await ok(OPEN, { input: { title, subjects: [{ entityId: 'ofac-sdn:43377' }] } })).openCase.id;
}

async function records(): Promise<number> {
  const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM audit_record`);
  return Number(n);
}

describe('legal process, notes and assignment', () => {
  it('are recorded, listed and on the timeline, each one version', async () => {
    const id = await openFixture();
    const legal = (
      await ok(
        LEGAL,
        {
          input: {
            caseId: id,
            kind: 'SEIZURE_ORDER',
            reference: '23-MJ-0042',
            authority: 'U.S. District Court (test)',
            issuedOn: '2023-08-01',
            expiresOn: '2023-09-01',
            expectedVersion: 1,
          },
        },
        ALICE,
      )
    ).recordLegalProcess;
    expect(legal.version).toBe(2);
    expect(legal.legalProcesses).toEqual([
      {
        id: expect.stringMatching(/^legal-/),
        kind: 'SEIZURE_ORDER',
        reference: '23-MJ-0042',
        authority: 'U.S. District Court (test)',
        issuedOn: '2023-08-01',
        expiresOn: '2023-09-01',
        recordedBy: 'alice@northbridge.example',
      },
    ]);
    expect(legal.timeline.at(-1)).toEqual({
      kind: 'LEGAL_PROCESS_RECORDED',
      summary: 'Seizure order 23-MJ-0042 issued 2023-08-01 by U.S. District Court (test)',
      actor: 'alice@northbridge.example',
    });
    const assigned = (await ok(ASSIGN, { input: { caseId: id, assignee: 'bob@northbridge.example' } })).assignCase;
    expect(assigned).toMatchObject({ version: 3, assignee: 'bob@northbridge.example' });
    expect(assigned.timeline.at(-1)).toMatchObject({ kind: 'ASSIGNED', summary: 'Assigned to bob@northbridge.example' });
    await ok(STATUS, { input: { caseId: id, status: 'CLOSED' } });
    // A closed case still takes notes, and nothing else.
    const noted = (await ok(NOTE, { input: { caseId: id, text: 'Reviewed after closure.' } }, ALICE)).addCaseNote;
    expect(noted).toMatchObject({ version: 5, notes: [{ text: 'Reviewed after closure.', writtenBy: 'alice@northbridge.example' }] });
    expect(await failure(ASSIGN, { input: { caseId: id, assignee: 'carol' } })).toEqual({ code: 'CONFLICT', field: 'input.caseId' });
    expect(
      await failure(LEGAL, { input: { caseId: id, kind: 'WARRANT', reference: 'r', authority: 'a', issuedOn: '2023-01-01' } }),
    ).toEqual({ code: 'CONFLICT', field: 'input.caseId' });
  });

  it.each([
    ['blank reference', { reference: ' ' }, 'BAD_USER_INPUT', 'input.reference'],
    ['blank authority', { authority: '' }, 'BAD_USER_INPUT', 'input.authority'],
    ['impossible date', { issuedOn: '2023-02-30' }, 'BAD_USER_INPUT', 'input.issuedOn'],
    ['expiry before issue', { expiresOn: '2022-12-31' }, 'BAD_USER_INPUT', 'input.expiresOn'],
    ['stale version', { expectedVersion: 9 }, 'CONFLICT', 'input.expectedVersion'],
    ['short idempotency key', { idempotencyKey: 'abc' }, 'BAD_USER_INPUT', 'input.idempotencyKey'],
  ])('refuses a legal process with %s, changing nothing', async (_name, change, code, field) => {
    const id = await openFixture();
    const before = await records();
    const input = { caseId: id, kind: 'WARRANT', reference: 'W-1', authority: 'Court', issuedOn: '2023-01-01', ...change };
    expect(await failure(LEGAL, { input })).toEqual({ code, field });
    expect((await ok(`{ case(id: "${id}") { version legalProcesses { id } } }`)).case).toEqual({ version: 1, legalProcesses: [] });
    expect(await records()).toBe(before);
  });
});

describe('idempotent retries', () => {
  it('record one seizure for a retried request, and refuse the same key with another input', async () => {
    const id = await openFixture();
    const input = { caseId: id, amount: '1000.00', asset: 'USDT', amountUsd: '1000.00', authority: 'FBI (test)', idempotencyKey: 'seize-7f3c2a1e' };
    const first = (await ok(SEIZE, { input }, ALICE)).recordSeizure;
    const retry = (await ok(SEIZE, { input: { ...input } }, ALICE)).recordSeizure;
    expect(first.version).toBe(2);
    expect(retry).toEqual(first);
    expect(retry.actions.filter((a: Data) => a.__typename === 'Seizure')).toHaveLength(1);
    // A retry even after another change answers the case without recording a second seizure.
    await ok(STATUS, { input: { caseId: id, status: 'UNDER_REVIEW' } });
    const late = (await ok(SEIZE, { input }, ALICE)).recordSeizure;
    expect(late.version).toBe(3);
    expect(late.actions).toHaveLength(1);

    const before = await ok(`{ case(id: "${id}") { version actions { id } } }`);
    expect(await failure(SEIZE, { input: { ...input, amount: '2000.00' } })).toEqual({ code: 'CONFLICT', field: 'input.idempotencyKey' });
    // Another principal retrying someone else's key is another request.
    const other = await run(SEIZE, { input }, { 'x-principal': 'mallory@example' });
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'input.idempotencyKey' });
    expect(await failure(STATUS, { input: { caseId: id, status: 'ACTION_TAKEN', idempotencyKey: input.idempotencyKey } })).toEqual({
      code: 'CONFLICT',
      field: 'input.idempotencyKey',
    });
    expect(await ok(`{ case(id: "${id}") { version actions { id } } }`)).toEqual(before);
  });

  it('open one case for a retried openCase', async () => {
    const input = { title: 'Idempotent open', idempotencyKey: 'open-0b1d5e77' };
    const a = (await ok(OPEN, { input })).openCase;
    const b = (await ok(OPEN, { input })).openCase;
    expect(b.id).toBe(a.id);
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM investigation_case WHERE title = 'Idempotent open'`);
    expect(Number(n)).toBe(1);
  });

  it('let 20 concurrent retries of one request record it once', async () => {
    const id = await openFixture();
    const input = { caseId: id, amount: '5', asset: 'BTC', authority: 'Court (test)', idempotencyKey: 'seize-concurrent-1' };
    const results = await Promise.all(Array.from({ length: 20 }, () => run(SEIZE, { input })));
    expect(results.flatMap(r => r.errors ?? [])).toEqual([]);
    expect(new Set(results.map(r => r.data.recordSeizure.version))).toEqual(new Set([2]));
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM case_action WHERE case_id = $1`, [id]);
    expect(Number(n)).toBe(1);
  });
});

describe('100 concurrent writers on one case', () => {
  it('at one expectedVersion: exactly one wins, 99 get CONFLICT, nothing else is written', async () => {
    const id = await openFixture();
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => run(NOTE, { input: { caseId: id, text: `note ${i}`, expectedVersion: 1 } })),
    );
    const winners = results.filter(r => r.errors === undefined);
    expect(winners).toHaveLength(1);
    expect(results.flatMap(r => r.errors ?? []).map(e => [e.extensions.code, e.extensions.field])).toEqual(
      Array.from({ length: 99 }, () => ['CONFLICT', 'input.expectedVersion']),
    );
    const state = (await ok(`{ case(id: "${id}") { version notes { text } timeline { kind } } }`)).case;
    expect(state.version).toBe(2);
    expect(state.notes).toEqual(winners[0].data.addCaseNote.notes.map((n: Data) => ({ text: n.text })));
    expect(state.timeline.map((e: Data) => e.kind)).toEqual(['OPENED', 'SUBJECT_ADDED', 'NOTE_ADDED']);
  });

  it('without expectedVersion: all 100 are applied one after the other, one winner per version, no lost update', async () => {
    const id = await openFixture();
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => run(NOTE, { input: { caseId: id, text: `writer ${i}` } })));
    expect(results.flatMap(r => r.errors ?? [])).toEqual([]);
    // Each writer saw its own change land on the version before it: versions 2 to 101, each once.
    const versions = results.map(r => r.data.addCaseNote.version as number).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 100 }, (_, i) => i + 2));
    const state = (await ok(`{ case(id: "${id}") { version notes { text } auditTrail(first: 0) { totalCount } } }`)).case;
    expect(state.version).toBe(101);
    expect(state.notes.map((n: Data) => n.text).sort()).toEqual(Array.from({ length: 100 }, (_, i) => `writer ${i}`).sort());
    expect(state.auditTrail.totalCount).toBe(101);
    expect((await verifyAuditChain(db.dataSource)).ok).toBe(true);
  });
});

describe('audit trail', () => {
  it('records every mutation (the seed included) with who, what, which ids, when and from where', async () => {
    const id = await openFixture('Audited case');
    await ok(STATUS, { input: { caseId: id, status: 'UNDER_REVIEW', note: 'go' } }, ALICE);
    const trail = (await ok(`{ case(id: "${id}") { auditTrail { totalCount edges { node { chain principal operation subjectIds fields origin requestId detail } } } } }`))
      .case.auditTrail;
    expect(trail.totalCount).toBe(2);
    expect(trail.edges.map((e: Data) => e.node)).toEqual([
      {
        chain: 'cases',
        principal: 'anonymous',
        operation: 'openCase',
        subjectIds: [id, 'ofac-sdn:43377'],
        fields: ['title', 'description', 'assignee', 'subjects'],
        origin: 'graphql',
        requestId: expect.any(String),
        detail: '{"assignee":null,"title":"Audited case"}',
      },
      {
        chain: 'cases',
        principal: 'alice@northbridge.example',
        operation: 'changeCaseStatus',
        subjectIds: [id],
        fields: ['status'],
        origin: 'graphql',
        requestId: 'req-alice-1',
        detail: '{"from":"OPEN","note":"go","to":"UNDER_REVIEW","version":2}',
      },
    ]);
    const demo = (await ok(`{ case(id: "${DEMO_CASE_ID}") { auditTrail(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { principal origin operation } } } } }`))
      .case.auditTrail;
    // Opened, three status changes, three freezes, one seizure: all through the workflow, all audited.
    expect(demo.totalCount).toBe(8);
    expect(demo.edges.map((e: Data) => e.node)).toEqual([
      { principal: 'demo-seed', origin: 'seed', operation: 'openCase' },
      { principal: 'demo-seed', origin: 'seed', operation: 'changeCaseStatus' },
    ]);
    const next = (await ok(`{ case(id: "${DEMO_CASE_ID}") { auditTrail(first: 10, after: "${demo.pageInfo.endCursor}") { edges { node { operation } } } } }`))
      .case.auditTrail;
    expect(next.edges.map((e: Data) => e.node.operation)).toEqual([
      'recordFreeze',
      'changeCaseStatus',
      'recordFreeze',
      'recordFreeze',
      'recordSeizure',
      'changeCaseStatus',
    ]);
    expect(await failure(`{ case(id: "${id}") { auditTrail(after: "nope") { totalCount } } }`)).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('answers the root auditTrail and the AuditTrail entity from this chain', async () => {
    const data = await ok(`{ auditTrail(subjectId: "ofac-sdn:43377") { subjectId cases(first: 1) { totalCount edges { node { operation subjectIds } } } } }`);
    expect(data.auditTrail.subjectId).toBe('ofac-sdn:43377');
    expect(data.auditTrail.cases.totalCount).toBeGreaterThanOrEqual(1);
    expect(data.auditTrail.cases.edges[0].node).toEqual({ operation: 'openCase', subjectIds: expect.arrayContaining([DEMO_CASE_ID, 'ofac-sdn:43377']) });
    const entities = await ok(`{ _entities(representations: [{ __typename: "AuditTrail", subjectId: "${DEMO_CASE_ID}" }]) { ... on AuditTrail { cases { totalCount } } } }`);
    expect(entities._entities[0].cases.totalCount).toBe(8);
  });

  it('is refused by the database when someone tries to change or delete a record', async () => {
    await expect(db.dataSource.query(`UPDATE audit_record SET principal = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(db.dataSource.query(`DELETE FROM audit_record WHERE seq = 1`)).rejects.toThrow(/append-only/);
  });
});

describe('audit verify', () => {
  const open = <T>(_name: string, fn: (d: Database) => Promise<T>) => fn(db);

  async function verifyLines(): Promise<{ code: number; lines: string[] }> {
    const lines: string[] = [];
    const code = await auditVerify(['--subgraph', 'cases'], open, l => lines.push(l));
    return { code, lines };
  }

  /** Runs `tamper` with the append-only guard off, checks what verify says, and undoes it. */
  async function tampered(tamper: string[], undo: string[]): Promise<{ code: number; lines: string[] }> {
    const q = (sql: string) => db.dataSource.query(sql);
    await q(`ALTER TABLE audit_record DISABLE TRIGGER audit_record_append_only`);
    try {
      for (const sql of tamper) {
        await q(sql);
      }
      return await verifyLines();
    } finally {
      for (const sql of undo) {
        await q(sql);
      }
      await q(`ALTER TABLE audit_record ENABLE TRIGGER audit_record_append_only`);
    }
  }

  it('passes on an intact chain, with the counts', async () => {
    const { code, lines } = await verifyLines();
    expect(code).toBe(0);
    const result = await verifyAuditChain(db.dataSource);
    expect(result).toMatchObject({ ok: true, problems: [] });
    expect(result.records).toBe(Number(result.headSeq));
    expect(lines).toEqual([
      `cases     intact: ${result.records} records; head #${result.headSeq} ${result.headHash}`,
      'Audit trail verified: every chain is intact.',
    ]);
  });

  it('names an altered record', async () => {
    const { code, lines } = await tampered(
      [`UPDATE audit_record SET principal = 'someone-else' WHERE seq = 5`],
      [`UPDATE audit_record SET principal = 'demo-seed' WHERE seq = 5`],
    );
    expect(code).toBe(1);
    expect(lines).toContain('  record 5: record 5 was altered (its content does not match its hash)');
    expect((await verifyAuditChain(db.dataSource)).ok).toBe(true);
  });

  it('names an altered record even when its hash was recomputed: the next record no longer follows it', async () => {
    const [row] = await db.dataSource.query(`SELECT hash FROM audit_record WHERE seq = 3`);
    const { code, lines } = await tampered(
      [`UPDATE audit_record SET hash = repeat('a', 64) WHERE seq = 3`],
      [`UPDATE audit_record SET hash = '${row.hash}' WHERE seq = 3`],
    );
    expect(code).toBe(1);
    expect(lines.some(l => l.startsWith('  record 3: record 3 was altered'))).toBe(true);
    expect(lines.some(l => l.startsWith('  record 4: record 4 does not follow the record before it'))).toBe(true);
  });

  it('names a removed record', async () => {
    const [saved] = await db.dataSource.query(`SELECT * FROM audit_record WHERE seq = 7`);
    const { code, lines } = await tampered(
      [`DELETE FROM audit_record WHERE seq = 7`],
      [
        `INSERT INTO audit_record SELECT * FROM json_populate_record(NULL::audit_record, '${JSON.stringify({
          ...saved,
          at: new Date(saved.at).toISOString(),
        }).replace(/'/g, "''")}')`,
      ],
    );
    expect(code).toBe(1);
    expect(lines).toContain('  record 7: record 7 is missing (removed)');
    expect((await verifyAuditChain(db.dataSource)).ok).toBe(true);
  });

  it('names an inserted record', async () => {
    const [head] = await db.dataSource.query(`SELECT seq::int AS seq, hash FROM audit_head`);
    const forged = head.seq + 1;
    const { code, lines } = await tampered(
      [
        `INSERT INTO audit_record (seq, at, principal, operation, subject_ids, fields, origin, request_id, detail, prev_hash, hash)
         VALUES (${forged}, now(), 'nobody', 'recordSeizure', ARRAY['${DEMO_CASE_ID}'], ARRAY[]::text[], 'graphql', NULL, NULL, '${head.hash}', repeat('b', 64))`,
      ],
      [`DELETE FROM audit_record WHERE seq = ${forged}`],
    );
    expect(code).toBe(1);
    expect(lines.some(l => l.startsWith(`  record ${forged}: record ${forged} is beyond the chain head`))).toBe(true);
  });

  it('names a record inserted in the middle, numbers shifted to make room', async () => {
    const [head] = await db.dataSource.query(`SELECT seq::int AS seq FROM audit_head`);
    const [r4] = await db.dataSource.query(`SELECT hash FROM audit_record WHERE seq = 4`);
    const shift = [`UPDATE audit_record SET seq = seq + 1000000 WHERE seq > 4`, `UPDATE audit_record SET seq = seq - 999999 WHERE seq > 1000000`];
    const { code, lines } = await tampered(
      [
        ...shift,
        `INSERT INTO audit_record (seq, at, principal, operation, subject_ids, fields, origin, request_id, detail, prev_hash, hash)
         VALUES (5, now(), 'nobody', 'recordSeizure', ARRAY['x'], ARRAY[]::text[], 'graphql', NULL, NULL, '${r4.hash}', repeat('c', 64))`,
      ],
      [`DELETE FROM audit_record WHERE seq = 5`, `UPDATE audit_record SET seq = seq + 1000000 WHERE seq > 5`, `UPDATE audit_record SET seq = seq - 1000001 WHERE seq > 1000000`],
    );
    expect(code).toBe(1);
    expect(lines.some(l => l.startsWith('  record 5: record 5 was altered'))).toBe(true);
    expect(lines.some(l => l.startsWith('  record 6: record 6 does not follow the record before it'))).toBe(true);
    expect(lines.some(l => l.startsWith(`  record ${head.seq + 1}: record ${head.seq + 1} is beyond the chain head`))).toBe(true);
    expect((await verifyAuditChain(db.dataSource)).ok).toBe(true);
  });
});
