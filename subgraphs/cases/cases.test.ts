import { graphql, type ExecutionResult } from 'graphql';
import type { Database } from '../../common/database';
import { buildDemoStory, DEMO_CASE_ID } from '../../common/demo/story';
import { silentLogger } from '../../common/logger';
import { requestInfo } from '../../common/request-context';
import type { Subgraph } from '../../common/subgraph';
import { createTestDatabaseServer, type TestDatabaseServer } from '../../test/helpers/database';
import type { CasesContext } from './context';
import { casesStorage, createSubgraph, seedDemo } from './index';

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

async function run(source: string, variableValues?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<ExecutionResult<Data>> {
  return graphql({ schema: subgraph.schema, source, variableValues, contextValue: subgraph.createContext(requestInfo({ headers }, silentLogger)) });
}

/** Runs an operation that must succeed and returns its data. */
async function ok(source: string, variableValues?: Record<string, unknown>, headers?: Record<string, string>): Promise<Data> {
  const r = await run(source, variableValues, headers);
  expect(r.errors).toBeUndefined();
  return r.data;
}

/** The first error's code and field. */
async function failure(source: string, variableValues?: Record<string, unknown>) {
  const r = await run(source, variableValues);
  expect(r.errors).toHaveLength(1);
  const e = r.errors![0];
  return { code: e.extensions.code, field: e.extensions.field };
}

const KIM_ACCOUNTS = ['demo-acct-0001', 'demo-acct-0002', 'demo-acct-0003'];
const KIM_ETH = '0x97B1043ABD9E6FC31681635166d430a458D14F9C';

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) {
  ... on SanctionedEntity { id cases { id status } }
  ... on Account { id cases { id status } }
  ... on Address { chain address cases { id status } }
  ... on Case { id title version }
} }`;

describe('the demo case', () => {
  it('is KIM, Sang Man\'s case, whole: referred, three freezes, the USD 4.4 million seizure, its timeline in order', async () => {
    const data = await ok(`{ case(id: "${DEMO_CASE_ID}") {
      id title status assignee openedAt updatedAt version
      subjects { __typename addedAt addedBy
        ... on PartySubject { entity { id } } ... on AccountSubject { account { id } } ... on AddressSubject { address { chain address } } }
      actions { __typename id recordedAt recordedBy note
        ... on Freeze { account { id } legalReference }
        ... on Seizure { amount asset amountUsd txHash authority } }
      timeline { at kind summary actor } } }`);
    const c = data.case;
    expect(c).toMatchObject({
      id: DEMO_CASE_ID,
      title: 'KIM, Sang Man (DPRK4): linked accounts frozen, USD 4.4 million seized (demo)',
      status: 'REFERRED',
      assignee: 'investigator.demo@northbridge.example',
      openedAt: '2023-05-24T08:30:00.000Z',
      updatedAt: '2023-08-15T15:05:00.000Z',
      // opened (1) + three status changes + three freezes + one seizure
      version: 8,
    });
    const at = '2023-05-24T08:30:00.000Z';
    expect(c.subjects).toEqual([
      { __typename: 'PartySubject', addedAt: at, addedBy: 'demo-seed', entity: { id: 'ofac-sdn:43377' } },
      ...KIM_ACCOUNTS.map(id => ({ __typename: 'AccountSubject', addedAt: at, addedBy: 'demo-seed', account: { id } })),
      { __typename: 'AddressSubject', addedAt: at, addedBy: 'demo-seed', address: { chain: 'BITCOIN', address: '1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ' } },
      { __typename: 'AddressSubject', addedAt: at, addedBy: 'demo-seed', address: { chain: 'BITCOIN', address: '1FCNgfZWpYMeYhy9t18AAkTBu8AsdoAc1Z' } },
      { __typename: 'AddressSubject', addedAt: at, addedBy: 'demo-seed', address: { chain: 'ETHEREUM', address: KIM_ETH } },
      { __typename: 'AddressSubject', addedAt: at, addedBy: 'demo-seed', address: { chain: 'ETHEREUM', address: '0xb6f5ec1A0a9cd1526536D3F0426c429529471F40' } },
    ]);
    const legalReference = 'OFAC designation 2023-05-23 (DPRK4); 31 CFR 510.201';
    const freezeNote = 'Blocked under the DPRK sanctions regulations (demo).';
    expect(c.actions).toEqual([
      ...['2023-05-24T10:00:00.000Z', '2023-05-24T10:14:24.000Z', '2023-05-24T10:28:48.000Z'].map((recordedAt, i) => ({
        __typename: 'Freeze',
        id: `${DEMO_CASE_ID}-freeze-${i + 1}`,
        recordedAt,
        recordedBy: 'demo-seed',
        note: freezeNote,
        account: { id: KIM_ACCOUNTS[i] },
        legalReference,
      })),
      {
        __typename: 'Seizure',
        id: `${DEMO_CASE_ID}-seizure-1`,
        recordedAt: '2023-08-15T15:00:00.000Z',
        recordedBy: 'demo-seed',
        note: 'Frozen balances handed over under a seizure warrant (demo).',
        amount: '4400000.00',
        asset: 'USDT',
        amountUsd: '4400000.00',
        txHash: null,
        authority: 'U.S. law enforcement, civil forfeiture warrant (demo reference)',
      },
    ]);
    expect(c.timeline.map((e: Data) => [e.at, e.kind])).toEqual([
      [at, 'OPENED'],
      ...Array.from({ length: 8 }, () => [at, 'SUBJECT_ADDED']),
      ['2023-05-24T09:00:00.000Z', 'STATUS_CHANGED'],
      ['2023-05-24T10:00:00.000Z', 'FREEZE_RECORDED'],
      ['2023-05-24T10:05:00.000Z', 'STATUS_CHANGED'],
      ['2023-05-24T10:14:24.000Z', 'FREEZE_RECORDED'],
      ['2023-05-24T10:28:48.000Z', 'FREEZE_RECORDED'],
      ['2023-08-15T15:00:00.000Z', 'SEIZURE_RECORDED'],
      ['2023-08-15T15:05:00.000Z', 'STATUS_CHANGED'],
    ]);
    expect(c.timeline.every((e: Data) => e.actor === 'demo-seed')).toBe(true);
    expect(c.timeline[0].summary).toBe(`Case opened: ${c.title}`);
    expect(c.timeline.at(-1).summary).toBe('Status changed from ACTION_TAKEN to REFERRED: Seized funds transferred to law enforcement.');
  });

  it('is null when unknown', async () => {
    expect(await ok(`{ case(id: "case-unknown") { id } }`)).toEqual({ case: null });
  });

  it('is not seeded twice, and is seeded again on reset', async () => {
    expect(await seedDemo(db.dataSource)).toBe(false);
    expect(await seedDemo(db.dataSource, { reset: true })).toBe(true);
    const data = await ok(`{ cases { totalCount } case(id: "${DEMO_CASE_ID}") { version } }`);
    expect(data).toEqual({ cases: { totalCount: buildDemoStory().cases.length }, case: { version: 8 } });
  });
});

describe('federation', () => {
  it('gives the cases of a sanctioned party, an account and an address (any spelling), and resolves cases', async () => {
    const data = await ok(ENTITIES, {
      r: [
        { __typename: 'SanctionedEntity', id: 'ofac-sdn:43377' },
        { __typename: 'SanctionedEntity', id: 'ofac-sdn:27307' },
        { __typename: 'SanctionedEntity', id: 'ofac-sdn:1' },
        { __typename: 'Account', id: 'demo-acct-0002' },
        { __typename: 'Account', id: 'demo-acct-0005' },
        { __typename: 'Account', id: 'no-such-account' },
        { __typename: 'Address', chain: 'ETHEREUM', address: KIM_ETH.toLowerCase() },
        { __typename: 'Address', chain: 'ETHEREUM', address: '0x' + KIM_ETH.slice(2).toUpperCase() },
        { __typename: 'Address', chain: 'BITCOIN', address: '1FCNgfZWpYMeYhy9t18AAkTBu8AsdoAc1Z' },
        { __typename: 'Address', chain: 'ETHEREUM', address: 'not-an-address' },
        { __typename: 'Case', id: DEMO_CASE_ID },
        { __typename: 'Case', id: 'case-unknown' },
      ],
    });
    const kim = [{ id: DEMO_CASE_ID, status: 'REFERRED' }];
    expect(data._entities).toEqual([
      { id: 'ofac-sdn:43377', cases: kim },
      { id: 'ofac-sdn:27307', cases: [{ id: 'demo-case-lazarus-exposure', status: 'UNDER_REVIEW' }] },
      { id: 'ofac-sdn:1', cases: [] },
      { id: 'demo-acct-0002', cases: kim },
      // The Lazarus-linked account of the default story (three KIM accounts, then 43379, then 27307).
      { id: 'demo-acct-0005', cases: [{ id: 'demo-case-lazarus-exposure', status: 'UNDER_REVIEW' }] },
      { id: 'no-such-account', cases: [] },
      { chain: 'ETHEREUM', address: KIM_ETH, cases: kim },
      { chain: 'ETHEREUM', address: KIM_ETH, cases: kim },
      { chain: 'BITCOIN', address: '1FCNgfZWpYMeYhy9t18AAkTBu8AsdoAc1Z', cases: kim },
      // An invalid address is no subject of any case: no cases, and no error for the whole request.
      { chain: 'ETHEREUM', address: 'not-an-address', cases: [] },
      { id: DEMO_CASE_ID, title: 'KIM, Sang Man (DPRK4): linked accounts frozen, USD 4.4 million seized (demo)', version: 8 },
      null,
    ]);
  });
});

describe('cases connection', () => {
  it('pages newest first with a keyset cursor', async () => {
    const q = `query($after: String, $status: CaseStatus) { cases(first: 1, after: $after, status: $status) {
      totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id status } } } }`;
    // Newest first, by opening time, as the demo story opened them.
    const expected = [...buildDemoStory().cases].sort((a, b) => b.openedAt.localeCompare(a.openedAt)).map(c => c.id);
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < expected.length; i++) {
      const page: Data = (await ok(q, { after })).cases;
      expect(page.totalCount).toBe(expected.length);
      expect(page.pageInfo).toMatchObject({ hasNextPage: i < expected.length - 1, hasPreviousPage: i > 0, endCursor: page.edges[0].cursor });
      seen.push(...page.edges.map((e: Data) => e.node.id));
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
    const last = (await ok(q, { after })).cases;
    expect(last).toMatchObject({ totalCount: expected.length, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    const referred = (await ok(q, { status: 'REFERRED' })).cases;
    expect(referred).toMatchObject({ totalCount: 1, edges: [{ node: { id: DEMO_CASE_ID, status: 'REFERRED' } }], pageInfo: { hasNextPage: false } });
  });

  it('refuses a foreign cursor and a bad page size', async () => {
    expect(await failure(`{ cases(after: "bm90LWEtY3Vyc29y") { totalCount } }`)).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    expect(await failure(`{ cases(first: 501) { totalCount } }`)).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});

const CASE_FIELDS = `id status version updatedAt
  subjects { __typename addedBy ... on PartySubject { entity { id } } ... on AccountSubject { account { id } } ... on AddressSubject { address { chain address } } }
  actions { __typename id recordedBy note ... on Freeze { account { id } legalReference } ... on Seizure { amount asset amountUsd txHash authority } }
  timeline { kind summary actor }`;

const OPEN = `mutation($input: OpenCaseInput!) { openCase(input: $input) { ${CASE_FIELDS} title description assignee openedAt } }`;
const ADD = `mutation($input: AddCaseSubjectInput!) { addCaseSubject(input: $input) { ${CASE_FIELDS} } }`;
const FREEZE = `mutation($input: RecordFreezeInput!) { recordFreeze(input: $input) { ${CASE_FIELDS} } }`;
const SEIZE = `mutation($input: RecordSeizureInput!) { recordSeizure(input: $input) { ${CASE_FIELDS} } }`;
const STATUS = `mutation($input: ChangeCaseStatusInput!) { changeCaseStatus(input: $input) { ${CASE_FIELDS} } }`;

async function openFixture(title = 'Fixture case'): Promise<string> {
  return (await ok(OPEN, { input: { title } })).openCase.id;
}

/** What a failed mutation must leave untouched. */
async function stateOf(id: string) {
  return (await ok(`{ case(id: "${id}") { status version updatedAt subjects { addedAt } actions { id } timeline { kind } } }`)).case;
}

describe('mutations', () => {
  const alice = { 'x-principal': 'alice@northbridge.example' };

  it('run the whole workflow, each change one version and one timeline entry, by the caller', async () => {
    const opened = (
      await ok(
        OPEN,
        {
          input: {
            title: '  Exposure of a new customer  ',
            description: 'Deposits from a listed address.',
            assignee: 'alice@northbridge.example',
            subjects: [{ entityId: 'ofac-sdn:43377' }, { address: { chain: 'ETHEREUM', address: KIM_ETH.toLowerCase() } }],
          },
        },
        alice,
      )
    ).openCase;
    expect(opened.id).toMatch(/^case-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(opened).toMatchObject({
      title: 'Exposure of a new customer',
      description: 'Deposits from a listed address.',
      assignee: 'alice@northbridge.example',
      status: 'OPEN',
      version: 1,
      subjects: [
        { __typename: 'PartySubject', addedBy: 'alice@northbridge.example', entity: { id: 'ofac-sdn:43377' } },
        { __typename: 'AddressSubject', addedBy: 'alice@northbridge.example', address: { chain: 'ETHEREUM', address: KIM_ETH } },
      ],
      actions: [],
      timeline: [
        { kind: 'OPENED', summary: 'Case opened: Exposure of a new customer', actor: 'alice@northbridge.example' },
        { kind: 'SUBJECT_ADDED', summary: 'Subject added: sanctioned party ofac-sdn:43377', actor: 'alice@northbridge.example' },
        { kind: 'SUBJECT_ADDED', summary: `Subject added: ETHEREUM address ${KIM_ETH}`, actor: 'alice@northbridge.example' },
      ],
    });
    expect(opened.openedAt).toBe(opened.updatedAt);
    const id = opened.id;

    const added = (await ok(ADD, { input: { caseId: id, subject: { accountId: 'acct-777' }, expectedVersion: 1 } })).addCaseSubject;
    expect(added).toMatchObject({ version: 2, status: 'OPEN' });
    expect(added.subjects.at(-1)).toEqual({ __typename: 'AccountSubject', addedBy: 'anonymous', account: { id: 'acct-777' } });
    expect(added.timeline.at(-1)).toEqual({ kind: 'SUBJECT_ADDED', summary: 'Subject added: account acct-777', actor: 'anonymous' });

    const reviewed = (await ok(STATUS, { input: { caseId: id, status: 'UNDER_REVIEW', note: 'Hits confirmed', expectedVersion: 2 } }, alice))
      .changeCaseStatus;
    expect(reviewed).toMatchObject({ version: 3, status: 'UNDER_REVIEW' });
    expect(reviewed.timeline.at(-1)).toEqual({
      kind: 'STATUS_CHANGED',
      summary: 'Status changed from OPEN to UNDER_REVIEW: Hits confirmed',
      actor: 'alice@northbridge.example',
    });

    // Freezing an account that is not yet a subject makes it one, so that Account.cases finds the case.
    const frozen = (await ok(FREEZE, { input: { caseId: id, accountId: 'acct-888', legalReference: '31 CFR 510.201', expectedVersion: 3 } }))
      .recordFreeze;
    expect(frozen.version).toBe(4);
    expect(frozen.actions).toEqual([
      { __typename: 'Freeze', id: expect.stringMatching(/^action-/), recordedBy: 'anonymous', note: null, account: { id: 'acct-888' }, legalReference: '31 CFR 510.201' },
    ]);
    expect(frozen.subjects.at(-1)).toEqual({ __typename: 'AccountSubject', addedBy: 'anonymous', account: { id: 'acct-888' } });
    expect(frozen.timeline.slice(-2).map((e: Data) => e.kind)).toEqual(['SUBJECT_ADDED', 'FREEZE_RECORDED']);

    const seized = (await ok(SEIZE, { input: { caseId: id, amount: '12.50', asset: 'usdt', authority: 'FBI (test warrant)', txHash: '0xabc123def456' } }))
      .recordSeizure;
    expect(seized.version).toBe(5);
    expect(seized.actions[1]).toEqual({
      __typename: 'Seizure',
      id: expect.stringMatching(/^action-/),
      recordedBy: 'anonymous',
      note: null,
      amount: '12.50',
      asset: 'USDT',
      amountUsd: null,
      txHash: '0xabc123def456',
      authority: 'FBI (test warrant)',
    });
    expect(seized.timeline.at(-1)).toMatchObject({ kind: 'SEIZURE_RECORDED', summary: 'Seizure of 12.50 USDT by FBI (test warrant)' });

    const closed = (await ok(STATUS, { input: { caseId: id, status: 'CLOSED' } })).changeCaseStatus;
    expect(closed).toMatchObject({ version: 6, status: 'CLOSED' });
    expect(closed.timeline).toHaveLength(3 + 1 + 1 + 2 + 1 + 1);

    const found = await ok(ENTITIES, { r: [{ __typename: 'Account', id: 'acct-888' }, { __typename: 'SanctionedEntity', id: 'ofac-sdn:43377' }] });
    expect(found._entities[0].cases).toEqual([{ id, status: 'CLOSED' }]);
    // Newest first: the new case, then the demo case.
    expect(found._entities[1].cases).toEqual([
      { id, status: 'CLOSED' },
      { id: DEMO_CASE_ID, status: 'REFERRED' },
    ]);

    // Nothing leaves CLOSED, and a closed case takes no subject or action.
    const before = await stateOf(id);
    expect(await failure(STATUS, { input: { caseId: id, status: 'REFERRED' } })).toEqual({ code: 'CONFLICT', field: 'input.status' });
    expect(await failure(STATUS, { input: { caseId: id, status: 'CLOSED' } })).toEqual({ code: 'CONFLICT', field: 'input.status' });
    expect(await failure(ADD, { input: { caseId: id, subject: { accountId: 'acct-999' } } })).toEqual({ code: 'CONFLICT', field: 'input.caseId' });
    expect(await failure(FREEZE, { input: { caseId: id, accountId: 'acct-999', legalReference: 'x' } })).toEqual({
      code: 'CONFLICT',
      field: 'input.caseId',
    });
    expect(await failure(SEIZE, { input: { caseId: id, amount: '1', asset: 'BTC', authority: 'x' } })).toEqual({
      code: 'CONFLICT',
      field: 'input.caseId',
    });
    expect(await stateOf(id)).toEqual(before);
  });

  it('see their own changes later in the same request', async () => {
    const id = await openFixture();
    const data = await ok(`mutation {
      first: changeCaseStatus(input: { caseId: "${id}", status: UNDER_REVIEW }) { version timeline { kind } }
      second: changeCaseStatus(input: { caseId: "${id}", status: ACTION_TAKEN }) { version status timeline { kind } }
    }`);
    expect(data.first).toEqual({ version: 2, timeline: [{ kind: 'OPENED' }, { kind: 'STATUS_CHANGED' }] });
    expect(data.second).toEqual({ version: 3, status: 'ACTION_TAKEN', timeline: [{ kind: 'OPENED' }, { kind: 'STATUS_CHANGED' }, { kind: 'STATUS_CHANGED' }] });
  });

  it('let only one of two concurrent changes at the same expectedVersion through', async () => {
    const id = await openFixture();
    const results = await Promise.all(
      ['UNDER_REVIEW', 'CLOSED'].map(status => run(STATUS, { input: { caseId: id, status, expectedVersion: 1 } })),
    );
    expect(results.filter(r => r.errors === undefined)).toHaveLength(1);
    expect(results.flatMap(r => r.errors ?? []).map(e => e.extensions.code)).toEqual(['CONFLICT']);
    expect((await stateOf(id)).version).toBe(2);
  });

  it('close a case from any open status', async () => {
    for (const path of [[], ['UNDER_REVIEW'], ['UNDER_REVIEW', 'ACTION_TAKEN'], ['UNDER_REVIEW', 'ACTION_TAKEN', 'REFERRED']]) {
      const id = await openFixture();
      for (const status of path) {
        await ok(STATUS, { input: { caseId: id, status } });
      }
      expect((await ok(STATUS, { input: { caseId: id, status: 'CLOSED' } })).changeCaseStatus).toMatchObject({ status: 'CLOSED', version: path.length + 2 });
    }
  });
});

describe('mutation errors change nothing', () => {
  let id: string;
  beforeAll(async () => {
    id = (await ok(OPEN, { input: { title: 'Error fixture', subjects: [{ accountId: 'acct-dup' }] } })).openCase.id;
  });

  const cases: [string, string, () => Record<string, unknown>, string, string][] = [
    ['openCase: blank title', OPEN, () => ({ title: '   ' }), 'BAD_USER_INPUT', 'input.title'],
    ['openCase: title too long', OPEN, () => ({ title: 'x'.repeat(201) }), 'BAD_USER_INPUT', 'input.title'],
    ['openCase: subject with nothing', OPEN, () => ({ title: 't', subjects: [{}] }), 'BAD_USER_INPUT', 'input.subjects[0]'],
    ['openCase: subject with two things', OPEN, () => ({ title: 't', subjects: [{ entityId: 'ofac-sdn:1', accountId: 'a' }] }), 'BAD_USER_INPUT', 'input.subjects[0]'],
    ['openCase: bad entity id', OPEN, () => ({ title: 't', subjects: [{ entityId: 'sdn-43377' }] }), 'BAD_USER_INPUT', 'input.subjects[0].entityId'],
    ['openCase: bad address', OPEN, () => ({ title: 't', subjects: [{ address: { chain: 'ETHEREUM', address: '0x1234' } }] }), 'BAD_USER_INPUT', 'input.subjects[0].address.address'],
    ['openCase: bad EIP-55 checksum', OPEN, () => ({ title: 't', subjects: [{ address: { chain: 'ETHEREUM', address: '0x97b1043ABD9E6FC31681635166d430a458D14F9C' } }] }), 'BAD_USER_INPUT', 'input.subjects[0].address.address'],
    ['openCase: repeated subject', OPEN, () => ({ title: 't', subjects: [{ accountId: 'a' }, { accountId: 'b' }, { accountId: 'a' }] }), 'BAD_USER_INPUT', 'input.subjects[2]'],
    ['addCaseSubject: bad account id', ADD, () => ({ caseId: id, subject: { accountId: 'has space' } }), 'BAD_USER_INPUT', 'input.subject.accountId'],
    ['addCaseSubject: zero expectedVersion', ADD, () => ({ caseId: id, subject: { accountId: 'a' }, expectedVersion: 0 }), 'BAD_USER_INPUT', 'input.expectedVersion'],
    ['addCaseSubject: already a subject', ADD, () => ({ caseId: id, subject: { accountId: 'acct-dup' } }), 'CONFLICT', 'input.subject'],
    ['addCaseSubject: unknown case', ADD, () => ({ caseId: 'case-missing', subject: { accountId: 'a' } }), 'NOT_FOUND', 'input.caseId'],
    ['addCaseSubject: stale version', ADD, () => ({ caseId: id, subject: { accountId: 'a' }, expectedVersion: 7 }), 'CONFLICT', 'input.expectedVersion'],
    ['recordFreeze: blank legal reference', FREEZE, () => ({ caseId: id, accountId: 'a', legalReference: ' ' }), 'BAD_USER_INPUT', 'input.legalReference'],
    ['recordFreeze: blank account', FREEZE, () => ({ caseId: id, accountId: '', legalReference: 'r' }), 'BAD_USER_INPUT', 'input.accountId'],
    ['recordFreeze: note too long', FREEZE, () => ({ caseId: id, accountId: 'a', legalReference: 'r', note: 'n'.repeat(2001) }), 'BAD_USER_INPUT', 'input.note'],
    ['recordFreeze: unknown case', FREEZE, () => ({ caseId: 'case-missing', accountId: 'a', legalReference: 'r' }), 'NOT_FOUND', 'input.caseId'],
    ['recordFreeze: stale version', FREEZE, () => ({ caseId: id, accountId: 'a', legalReference: 'r', expectedVersion: 2 }), 'CONFLICT', 'input.expectedVersion'],
    ['recordSeizure: zero amount', SEIZE, () => ({ caseId: id, amount: '0.00', asset: 'BTC', authority: 'x' }), 'BAD_USER_INPUT', 'input.amount'],
    ['recordSeizure: negative amount', SEIZE, () => ({ caseId: id, amount: '-5', asset: 'BTC', authority: 'x' }), 'BAD_USER_INPUT', 'input.amount'],
    ['recordSeizure: bad asset', SEIZE, () => ({ caseId: id, amount: '5', asset: 'not an asset', authority: 'x' }), 'BAD_USER_INPUT', 'input.asset'],
    ['recordSeizure: negative USD value', SEIZE, () => ({ caseId: id, amount: '5', asset: 'BTC', amountUsd: '-1', authority: 'x' }), 'BAD_USER_INPUT', 'input.amountUsd'],
    ['recordSeizure: bad tx hash', SEIZE, () => ({ caseId: id, amount: '5', asset: 'BTC', txHash: 'not a hash', authority: 'x' }), 'BAD_USER_INPUT', 'input.txHash'],
    ['recordSeizure: blank authority', SEIZE, () => ({ caseId: id, amount: '5', asset: 'BTC', authority: '' }), 'BAD_USER_INPUT', 'input.authority'],
    ['recordSeizure: unknown case', SEIZE, () => ({ caseId: 'case-missing', amount: '5', asset: 'BTC', authority: 'x' }), 'NOT_FOUND', 'input.caseId'],
    ['changeCaseStatus: illegal transition', STATUS, () => ({ caseId: id, status: 'REFERRED' }), 'CONFLICT', 'input.status'],
    ['changeCaseStatus: to the same status', STATUS, () => ({ caseId: id, status: 'OPEN' }), 'CONFLICT', 'input.status'],
    ['changeCaseStatus: stale version', STATUS, () => ({ caseId: id, status: 'UNDER_REVIEW', expectedVersion: 5 }), 'CONFLICT', 'input.expectedVersion'],
    ['changeCaseStatus: unknown case', STATUS, () => ({ caseId: 'case-missing', status: 'CLOSED' }), 'NOT_FOUND', 'input.caseId'],
  ];

  it.each(cases)('%s', async (_name, mutation, input, code, field) => {
    const before = await stateOf(id);
    const count = (await ok(`{ cases { totalCount } }`)).cases.totalCount;
    expect(before.version).toBe(1);
    expect(await failure(mutation, { input: input() })).toEqual({ code, field });
    expect(await stateOf(id)).toEqual(before);
    expect((await ok(`{ cases { totalCount } }`)).cases.totalCount).toBe(count);
  });

  it('rejects a duplicate freeze of one account on one case', async () => {
    await ok(FREEZE, { input: { caseId: id, accountId: 'acct-dup', legalReference: 'r' } });
    const before = await stateOf(id);
    expect(await failure(FREEZE, { input: { caseId: id, accountId: 'acct-dup', legalReference: 'r again' } })).toEqual({
      code: 'CONFLICT',
      field: 'input.accountId',
    });
    expect(await stateOf(id)).toEqual(before);
  });
});

describe('batching', () => {
  const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Account { id cases { id status actions { __typename } } } } }`;

  async function statementsFor(kimAccounts: number): Promise<number> {
    const story = buildDemoStory({ kimAccounts });
    await seedDemo(db.dataSource, { reset: true, story });
    const ids = story.accounts.filter(a => a.linkedPartyIds.includes('ofac-sdn:43377')).map(a => a.id);
    expect(ids).toHaveLength(kimAccounts);
    db.stats.reset();
    const data = await ok(query, { r: ids.map(id => ({ __typename: 'Account', id })) });
    const statements = db.stats.statements;
    expect(data._entities).toHaveLength(kimAccounts);
    for (const e of data._entities) {
      expect(e.cases).toEqual([{ id: DEMO_CASE_ID, status: 'REFERRED', actions: [...ids.map(() => ({ __typename: 'Freeze' })), { __typename: 'Seizure' }] }]);
    }
    return statements;
  }

  it('reads the cases of 1 or 20 accounts, and their actions, in the same number of statements', async () => {
    const one = await statementsFor(1);
    const twenty = await statementsFor(20);
    // One join for the accounts' cases, one select for the cases' actions.
    expect(one).toBe(2);
    expect(twenty).toBe(one);
  });
});
