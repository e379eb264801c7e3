import { graphql, type ExecutionResult } from 'graphql';
import { verifyAuditChain } from '../../common/audit/verify';
import type { Database } from '../../common/database';
import { buildDemoStory, DEMO_CASE_ID, type DemoStory } from '../../common/demo/story';
import { silentLogger } from '../../common/logger';
import { requestInfo } from '../../common/request-context';
import type { Subgraph } from '../../common/subgraph';
import { createTestDatabaseServer, type TestDatabaseServer } from '../../test/helpers/database';
import type { AccountsContext } from './context';
import { accountsStorage, createSubgraph, seedDemo } from './index';

/*
 * The account workflow of issue 5: status changes with a legal basis on a state machine, link
 * decisions, idempotent retries, 100 concurrent writers, and the audit of every change and of
 * every read of personal data.
 */

let server: TestDatabaseServer;
let db: Database;
let subgraph: Subgraph<AccountsContext>;
let story: DemoStory;

beforeAll(async () => {
  server = await createTestDatabaseServer();
  db = await server.open('accounts', accountsStorage);
  story = buildDemoStory();
  await seedDemo(db.dataSource, { story });
  subgraph = await createSubgraph({ database: db, log: silentLogger });
});
afterAll(() => server.close());

type Data = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const ALICE = { 'x-principal': 'alice@northbridge.example', 'x-request-id': 'req-accounts-1' };
const CASE = 'case-3f6d1c2e-9b8a-4f1e-8d7c-0a1b2c3d4e5f';

async function run(source: string, variableValues?: Record<string, unknown>, headers: Record<string, string> = {}, s = subgraph): Promise<ExecutionResult<Data>> {
  return graphql({ schema: s.schema, source, variableValues, contextValue: s.createContext(requestInfo({ headers }, silentLogger)) });
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

const ACCOUNT_FIELDS = `id status version statusHistory { from to caseId legalProcessReference reason by version }`;
const FREEZE = `mutation($input: ChangeAccountStatusInput!) { freezeAccount(input: $input) { ${ACCOUNT_FIELDS} } }`;
const UNFREEZE = `mutation($input: ChangeAccountStatusInput!) { unfreezeAccount(input: $input) { ${ACCOUNT_FIELDS} } }`;
const CLOSE = `mutation($input: ChangeAccountStatusInput!) { closeAccount(input: $input) { ${ACCOUNT_FIELDS} } }`;
const LINK = `account { id } entity { id } status score decidedBy reason version`;
const PROPOSE = `mutation($input: ProposeAccountLinkInput!) { proposeAccountLink(input: $input) { ${LINK} } }`;
const CONFIRM = `mutation($input: DecideAccountLinkInput!) { confirmAccountLink(input: $input) { ${LINK} } }`;
const DISMISS = `mutation($input: DecideAccountLinkInput!) { dismissAccountLink(input: $input) { ${LINK} } }`;

const ordinary = () => story.accounts.filter(a => a.linkedPartyIds.length === 0);
const stateOf = async (id: string) => (await ok(`{ account(id: "${id}") { ${ACCOUNT_FIELDS} } }`)).account;
const auditCount = async () => Number((await db.dataSource.query(`SELECT count(*)::int AS n FROM audit_record`))[0].n);

describe('the demo accounts', () => {
  it('were frozen through the workflow, under the story\'s case and legal basis', async () => {
    const kim = story.accounts.filter(a => a.linkedPartyIds.includes('ofac-sdn:43377'));
    const a = await stateOf(kim[0].id);
    expect(a).toEqual({
      id: kim[0].id,
      status: 'FROZEN',
      version: 2,
      statusHistory: [
        {
          from: 'ACTIVE',
          to: 'FROZEN',
          caseId: DEMO_CASE_ID,
          legalProcessReference: 'OFAC designation 2023-05-23 (DPRK4); 31 CFR 510.201',
          reason: 'Blocked under the DPRK sanctions regulations (demo).',
          by: 'demo-seed',
          version: 2,
        },
      ],
    });
    const trail = (await ok(`{ account(id: "${kim[0].id}") { auditTrail { edges { node { principal origin operation subjectIds } } } } }`)).account
      .auditTrail;
    expect(trail.edges.map((e: Data) => e.node)).toEqual([
      { principal: 'demo-seed', origin: 'seed', operation: 'confirmAccountLink', subjectIds: [kim[0].id, 'ofac-sdn:43377'] },
      { principal: 'demo-seed', origin: 'seed', operation: 'freezeAccount', subjectIds: [kim[0].id, DEMO_CASE_ID] },
    ]);
    for (const s of story.accounts) {
      expect((await stateOf(s.id)).status).toBe(s.status);
    }
  });
});

describe('account status changes', () => {
  it('follow the state machine, each with its legal basis, one version each, by the caller', async () => {
    const id = ordinary()[0].id;
    const frozen = (await ok(FREEZE, { input: { accountId: id, caseId: CASE, legalProcessReference: 'Warrant 23-MJ-7', expectedVersion: 1 } }, ALICE))
      .freezeAccount;
    expect(frozen).toMatchObject({ status: 'FROZEN', version: 2 });
    expect(frozen.statusHistory).toEqual([
      { from: 'ACTIVE', to: 'FROZEN', caseId: CASE, legalProcessReference: 'Warrant 23-MJ-7', reason: null, by: 'alice@northbridge.example', version: 2 },
    ]);
    expect(await failure(FREEZE, { input: { accountId: id, caseId: CASE, legalProcessReference: 'again' } })).toEqual({
      code: 'CONFLICT',
      field: 'input.accountId',
    });
    const active = (await ok(UNFREEZE, { input: { accountId: id, caseId: CASE, reason: 'Order lifted' } })).unfreezeAccount;
    expect(active).toMatchObject({ status: 'ACTIVE', version: 3 });
    expect(await failure(UNFREEZE, { input: { accountId: id, caseId: CASE } })).toEqual({ code: 'CONFLICT', field: 'input.accountId' });
    const closed = (await ok(CLOSE, { input: { accountId: id, caseId: CASE, expectedVersion: 3 } })).closeAccount;
    expect(closed).toMatchObject({ status: 'CLOSED', version: 4 });
    expect(closed.statusHistory.map((c: Data) => `${c.from}>${c.to}`)).toEqual(['ACTIVE>FROZEN', 'FROZEN>ACTIVE', 'ACTIVE>CLOSED']);

    // Nothing leaves CLOSED, and a refused change writes nothing, not even an audit record.
    const before = await stateOf(id);
    const records = await auditCount();
    for (const m of [FREEZE, UNFREEZE, CLOSE]) {
      expect(await failure(m, { input: { accountId: id, caseId: CASE, legalProcessReference: 'x' } })).toEqual({ code: 'CONFLICT', field: 'input.accountId' });
    }
    expect(await stateOf(id)).toEqual(before);
    expect(await auditCount()).toBe(records);

    const trail = (await ok(`{ account(id: "${id}") { auditTrail { totalCount edges { node { principal operation subjectIds fields detail requestId } } } } }`))
      .account.auditTrail;
    expect(trail.totalCount).toBe(3);
    expect(trail.edges[0].node).toEqual({
      principal: 'alice@northbridge.example',
      operation: 'freezeAccount',
      subjectIds: [id, CASE],
      fields: ['status'],
      detail: `{"caseId":"${CASE}","from":"ACTIVE","legalProcessReference":"Warrant 23-MJ-7","reason":null,"to":"FROZEN","version":2}`,
      requestId: 'req-accounts-1',
    });
  });

  it.each([
    ['freeze without a legal process', FREEZE, { caseId: CASE }, 'BAD_USER_INPUT', 'input.legalProcessReference'],
    ['freeze with a blank legal process', FREEZE, { caseId: CASE, legalProcessReference: '  ' }, 'BAD_USER_INPUT', 'input.legalProcessReference'],
    ['a case id that is not one', FREEZE, { caseId: 'ticket-42', legalProcessReference: 'W' }, 'BAD_USER_INPUT', 'input.caseId'],
    ['a blank account id', FREEZE, { accountId: ' ', caseId: CASE, legalProcessReference: 'W' }, 'BAD_USER_INPUT', 'input.accountId'],
    ['an unknown account', FREEZE, { accountId: 'acct-missing', caseId: CASE, legalProcessReference: 'W' }, 'NOT_FOUND', 'input.accountId'],
    ['a stale version', FREEZE, { caseId: CASE, legalProcessReference: 'W', expectedVersion: 7 }, 'CONFLICT', 'input.expectedVersion'],
    ['a zero version', FREEZE, { caseId: CASE, legalProcessReference: 'W', expectedVersion: 0 }, 'BAD_USER_INPUT', 'input.expectedVersion'],
    ['unfreeze of an active account', UNFREEZE, { caseId: CASE }, 'CONFLICT', 'input.accountId'],
    ['a reason too long', CLOSE, { caseId: CASE, reason: 'r'.repeat(2001) }, 'BAD_USER_INPUT', 'input.reason'],
  ])('refuse %s, changing nothing', async (_name, mutation, input, code, field) => {
    const id = ordinary()[1].id;
    const before = await stateOf(id);
    const records = await auditCount();
    expect(await failure(mutation, { input: { accountId: id, ...input } })).toEqual({ code, field });
    expect(await stateOf(id)).toEqual(before);
    expect(await auditCount()).toBe(records);
  });

  it('are idempotent for a client key: a retry changes nothing, the key with another input is a CONFLICT', async () => {
    const id = ordinary()[2].id;
    const input = { accountId: id, caseId: CASE, legalProcessReference: 'Order 9', idempotencyKey: 'freeze-5b2e8c11' };
    const first = (await ok(FREEZE, { input }, ALICE)).freezeAccount;
    const retry = (await ok(FREEZE, { input }, ALICE)).freezeAccount;
    expect(retry).toEqual(first);
    expect(retry.statusHistory).toHaveLength(1);
    expect(await failure(FREEZE, { input: { ...input, legalProcessReference: 'Order 10' } })).toEqual({ code: 'CONFLICT', field: 'input.idempotencyKey' });
    expect(await stateOf(id)).toEqual(first);
    const ops = (await ok(`{ account(id: "${id}") { auditTrail { edges { node { operation detail } } } } }`)).account.auditTrail.edges.map(
      (e: Data) => e.node,
    );
    // The retry is on the record too, as a replay of the key.
    expect(ops.map((o: Data) => o.operation)).toEqual(['freezeAccount', 'freezeAccount']);
    expect(ops[1].detail).toBe('{"replayOfKey":"freeze-5b2e8c11"}');
  });

  it('take exactly one of 100 concurrent changes at one expectedVersion; the others get CONFLICT', async () => {
    const id = ordinary()[3].id;
    const { version } = await stateOf(id);
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        run(FREEZE, { input: { accountId: id, caseId: CASE, legalProcessReference: `Order ${i}`, expectedVersion: version } }),
      ),
    );
    expect(results.filter(r => r.errors === undefined)).toHaveLength(1);
    const codes = results.flatMap(r => r.errors ?? []).map(e => e.extensions.code);
    expect(codes).toEqual(Array.from({ length: 99 }, () => 'CONFLICT'));
    const after = await stateOf(id);
    expect(after.version).toBe(version + 1);
    expect(after.statusHistory).toHaveLength(1);
    expect((await verifyAuditChain(db.dataSource)).ok).toBe(true);
  });

  it('apply 100 concurrent alternating freezes and unfreezes without a lost update', async () => {
    const id = ordinary()[4].id;
    const start = (await stateOf(id)).version;
    // Without expectedVersion each change applies to whatever state it finds: exactly the ones
    // the state machine allows at their turn succeed, and every success is one version.
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        run(i % 2 === 0 ? FREEZE : UNFREEZE, { input: { accountId: id, caseId: CASE, legalProcessReference: `Order ${i}` } }),
      ),
    );
    const wins = results.filter(r => r.errors === undefined).map(r => (r.data.freezeAccount ?? r.data.unfreezeAccount).version as number);
    expect(results.flatMap(r => r.errors ?? []).every(e => e.extensions.code === 'CONFLICT')).toBe(true);
    expect([...wins].sort((a, b) => a - b)).toEqual(Array.from({ length: wins.length }, (_, i) => start + 1 + i));
    const after = await stateOf(id);
    expect(after.version).toBe(start + wins.length);
    expect(after.statusHistory).toHaveLength(wins.length);
    // The history alternates, as the state machine demands.
    after.statusHistory.forEach((c: Data, i: number) => expect(c.to).toBe(i % 2 === 0 ? 'FROZEN' : 'ACTIVE'));
  });
});

describe('link decisions', () => {
  const party = 'ofac-sdn:43379';
  const accounts = (q: string) => ok(`{ _entities(representations: [{ __typename: "SanctionedEntity", id: "${party}" }]) { ... on SanctionedEntity { ${q} } } }`);

  it('go from candidate to confirmed or dismissed, with who, when and why; confirmed links show by default', async () => {
    const [a, b] = ordinary().slice(5, 7).concat(ordinary().slice(0, 1));
    const linked = story.accounts.filter(x => x.linkedPartyIds.includes(party)).map(x => x.id);
    const proposed = (await ok(PROPOSE, { input: { accountId: a.id, partyId: party, score: 91.5, reason: 'Name match' } }, ALICE)).proposeAccountLink;
    expect(proposed).toEqual({ account: { id: a.id }, entity: { id: party }, status: 'CANDIDATE', score: 91.5, decidedBy: 'alice@northbridge.example', reason: 'Name match', version: 1 });
    await ok(PROPOSE, { input: { accountId: b.id, partyId: party, score: 88 } });
    let seen = (await accounts(`confirmed: accounts { id } all: accounts(includeCandidates: true) { id }`))._entities[0];
    expect(seen.confirmed.map((x: Data) => x.id)).toEqual(linked);
    expect(seen.all.map((x: Data) => x.id)).toEqual([...linked, a.id, b.id].sort());

    const confirmed = (await ok(CONFIRM, { input: { accountId: a.id, partyId: party, reason: 'Passport matches', expectedVersion: 1 } })).confirmAccountLink;
    expect(confirmed).toMatchObject({ status: 'CONFIRMED', score: 91.5, decidedBy: 'anonymous', reason: 'Passport matches', version: 2 });
    const dismissed = (await ok(DISMISS, { input: { accountId: b.id, partyId: party, reason: 'Different date of birth' } })).dismissAccountLink;
    expect(dismissed).toMatchObject({ status: 'DISMISSED', reason: 'Different date of birth', version: 2 });
    seen = (await accounts(`confirmed: accounts { id } all: accounts(includeCandidates: true) { id }`))._entities[0];
    expect(seen.confirmed.map((x: Data) => x.id)).toEqual([...linked, a.id].sort());
    expect(seen.all.map((x: Data) => x.id)).toEqual([...linked, a.id].sort());

    // Every decision stays visible on the account, and on the party's audit trail.
    expect((await ok(`{ account(id: "${b.id}") { links { entity { id } status reason } } }`)).account.links).toEqual([
      { entity: { id: party }, status: 'DISMISSED', reason: 'Different date of birth' },
    ]);
    const trail = (await accounts(`auditTrail { edges { node { operation subjectIds } } }`))._entities[0].auditTrail.edges.map((e: Data) => e.node);
    expect(trail.slice(-4)).toEqual([
      { operation: 'proposeAccountLink', subjectIds: [a.id, party] },
      { operation: 'proposeAccountLink', subjectIds: [b.id, party] },
      { operation: 'confirmAccountLink', subjectIds: [a.id, party] },
      { operation: 'dismissAccountLink', subjectIds: [b.id, party] },
    ]);

    expect(await failure(PROPOSE, { input: { accountId: b.id, partyId: party, score: 99 } })).toEqual({ code: 'CONFLICT', field: 'input.partyId' });
    expect(await failure(DISMISS, { input: { accountId: b.id, partyId: party, reason: 'again' } })).toEqual({ code: 'CONFLICT', field: 'input.partyId' });
    expect(await failure(CONFIRM, { input: { accountId: a.id, partyId: party, reason: 'x', expectedVersion: 1 } })).toEqual({
      code: 'CONFLICT',
      field: 'input.expectedVersion',
    });
  });

  it.each([
    ['a score above 100', PROPOSE, { score: 100.5 }, 'BAD_USER_INPUT', 'input.score'],
    ['a party id that is not one', PROPOSE, { partyId: 'kim', score: 90 }, 'BAD_USER_INPUT', 'input.partyId'],
    ['a decision without a reason', CONFIRM, { reason: ' ' }, 'BAD_USER_INPUT', 'input.reason'],
    ['dismissing a link that does not exist', DISMISS, { reason: 'no' }, 'NOT_FOUND', 'input.partyId'],
    ['an unknown account', CONFIRM, { accountId: 'acct-missing', reason: 'yes' }, 'NOT_FOUND', 'input.accountId'],
  ])('refuse %s', async (_name, mutation, input, code, field) => {
    const records = await auditCount();
    expect(await failure(mutation, { input: { accountId: ordinary()[5].id, partyId: 'ofac-sdn:27307', ...input } })).toEqual({ code, field });
    expect(await auditCount()).toBe(records);
  });
});

describe('reads of personal data', () => {
  const HOLDERS = `query($ids: [_Any!]!) { _entities(representations: $ids) { ... on Account { id holder { name ...docs } } } }
    fragment docs on AccountHolder { documents { number } }`;

  it('are audited with one record per request listing the accounts and fields read, by the caller', async () => {
    const ids = story.accounts.slice(0, 3).map(a => a.id);
    const before = await auditCount();
    await ok(HOLDERS, { ids: [...ids].reverse().map(id => ({ __typename: 'Account', id })) }, ALICE);
    expect(await auditCount()).toBe(before + 1);
    const [r] = await db.dataSource.query(
      `SELECT principal, operation, subject_ids AS "subjectIds", fields, origin, request_id AS "requestId" FROM audit_record ORDER BY audit_record.seq DESC LIMIT 1`,
    );
    expect(r).toEqual({
      principal: 'alice@northbridge.example',
      operation: 'read:Account.holder',
      subjectIds: ids,
      fields: ['holder.documents', 'holder.name'],
      origin: 'graphql',
      requestId: 'req-accounts-1',
    });
    // The read shows on each account's trail.
    const trail = (await ok(`{ account(id: "${ids[1]}") { auditTrail(first: 500) { edges { node { operation fields } } } } }`)).account.auditTrail.edges;
    expect(trail.at(-1).node).toEqual({ operation: 'read:Account.holder', fields: ['holder.documents', 'holder.name'] });
  });

  it('are not audited when no personal data is read', async () => {
    const before = await auditCount();
    await ok(`{ accounts(first: 50) { edges { node { id status balances { amount } depositAddresses { address } } } } }`);
    expect(await auditCount()).toBe(before);
  });

  it('are not audited when auditing is switched off (the benchmark\'s baseline)', async () => {
    const quiet = await createSubgraph({ database: db, log: silentLogger }, { audit: false });
    const before = await auditCount();
    const r = await run(`{ account(id: "${story.accounts[0].id}") { holder { name dateOfBirth } } }`, {}, {}, quiet);
    expect(r.errors).toBeUndefined();
    expect(await auditCount()).toBe(before);
  });

  it('leave the chain intact', async () => {
    const result = await verifyAuditChain(db.dataSource);
    expect(result.problems).toEqual([]);
    expect(result.records).toBeGreaterThan(0);
  });
});
