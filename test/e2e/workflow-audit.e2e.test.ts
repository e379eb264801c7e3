import { verifyAuditChain } from '../../common/audit/verify';
import { buildDemoStory } from '../../common/demo/story';
import { startStack, type Stack } from '../helpers/stack';

/**
 * The investigation workflow through the gateway: a screening hit confirmed, the account frozen
 * (accounts) and the freeze recorded on the case (cases) in one request, a seizure retried, the
 * personal data read, and the audit trail of the account across both subgraphs' chains.
 */

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());

const ALICE = { 'x-principal': 'alice@northbridge.example' };
const customer = buildDemoStory().accounts.find(a => a.linkedPartyIds.length === 0)!;

it('runs an investigation across accounts and cases, and shows its audit trail', async () => {
  const opened = await stack.query(
    `mutation($input: OpenCaseInput!) { openCase(input: $input) { id version } }`,
    { input: { title: 'Screening hit on a customer (test)', subjects: [{ entityId: 'ofac-sdn:43377' }], idempotencyKey: 'e2e-open-0001' } },
    ALICE,
  );
  expect(opened.body.errors).toBeUndefined();
  const caseId: string = opened.body.data.openCase.id;

  const linked = await stack.query(
    `mutation($a: ID!) {
      proposeAccountLink(input: { accountId: $a, partyId: "ofac-sdn:43377", score: 93.2, reason: "Name and date of birth" }) { status version }
      confirmAccountLink(input: { accountId: $a, partyId: "ofac-sdn:43377", reason: "Documents match", expectedVersion: 1 }) { status version }
    }`,
    { a: customer.id },
    ALICE,
  );
  expect(linked.body).toEqual({
    data: { proposeAccountLink: { status: 'CANDIDATE', version: 1 }, confirmAccountLink: { status: 'CONFIRMED', version: 2 } },
  });

  // One request, two subgraphs: the exchange freezes the account, the case records the freeze.
  const froze = await stack.query(
    `mutation($a: ID!, $c: ID!) {
      freezeAccount(input: { accountId: $a, caseId: $c, legalProcessReference: "Seizure warrant 23-MJ-0042 (test)", idempotencyKey: "e2e-freeze-0001" }) {
        id status version
      }
      recordFreeze(input: { caseId: $c, accountId: $a, legalReference: "Seizure warrant 23-MJ-0042 (test)", idempotencyKey: "e2e-record-0001" }) {
        id version actions { __typename ... on Freeze { account { id status } } }
      }
    }`,
    { a: customer.id, c: caseId },
    ALICE,
  );
  expect(froze.body.errors).toBeUndefined();
  expect(froze.body.data.freezeAccount).toEqual({ id: customer.id, status: 'FROZEN', version: 2 });
  expect(froze.body.data.recordFreeze.actions).toEqual([{ __typename: 'Freeze', account: { id: customer.id, status: 'FROZEN' } }]);

  const seize = `mutation($c: ID!) { recordSeizure(input: { caseId: $c, amount: "125000.00", asset: "USDT", amountUsd: "125000.00", authority: "U.S. law enforcement (test)", idempotencyKey: "e2e-seize-0001" }) { version actions { __typename } } }`;
  const first = await stack.query(seize, { c: caseId }, ALICE);
  const retried = await stack.query(seize, { c: caseId }, ALICE);
  expect(retried.body).toEqual(first.body);
  expect(first.body.data.recordSeizure.actions).toEqual([{ __typename: 'Freeze' }, { __typename: 'Seizure' }]);

  // Both subgraphs now know the account and the case by id: the graph joins them.
  const joined = await stack.query(`query($a: ID!) { account(id: $a) { status cases { id } statusHistory { caseId } } }`, { a: customer.id });
  expect(joined.body.data.account).toEqual({ status: 'FROZEN', cases: [{ id: caseId }], statusHistory: [{ caseId }] });

  const stale = await stack.query(
    `mutation($c: ID!) { changeCaseStatus(input: { caseId: $c, status: UNDER_REVIEW, expectedVersion: 1 }) { version } }`,
    { c: caseId },
  );
  expect(stale.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'input.expectedVersion', serviceName: 'cases' });

  // A read of personal data through the gateway is on the record, with the principal.
  const read = await stack.query(`query($a: ID!) { account(id: $a) { holder { name nationality } } }`, { a: customer.id }, { 'x-principal': 'bob@northbridge.example' });
  expect(read.body.data.account.holder).toEqual({ name: customer.holder.name, nationality: customer.holder.nationality });

  const trail = await stack.query(
    `query($a: ID!) { auditTrail(subjectId: $a) {
        subjectId
        accounts { totalCount edges { node { chain principal operation fields } } }
        cases { totalCount edges { node { chain principal operation } } }
      } }`,
    { a: customer.id },
  );
  expect(trail.body.errors).toBeUndefined();
  expect(trail.body.data.auditTrail.accounts.edges.map((e: { node: unknown }) => e.node)).toEqual([
    { chain: 'accounts', principal: 'alice@northbridge.example', operation: 'proposeAccountLink', fields: ['link.status', 'link.score'] },
    { chain: 'accounts', principal: 'alice@northbridge.example', operation: 'confirmAccountLink', fields: ['link.status'] },
    { chain: 'accounts', principal: 'alice@northbridge.example', operation: 'freezeAccount', fields: ['status'] },
    { chain: 'accounts', principal: 'bob@northbridge.example', operation: 'read:Account.holder', fields: ['holder.name', 'holder.nationality'] },
  ]);
  expect(trail.body.data.auditTrail.cases).toEqual({
    totalCount: 1,
    edges: [{ node: { chain: 'cases', principal: 'alice@northbridge.example', operation: 'recordFreeze' } }],
  });

  const caseTrail = await stack.query(`query($c: ID!) { case(id: $c) { auditTrail { edges { node { operation } } } } }`, { c: caseId });
  expect(caseTrail.body.data.case.auditTrail.edges.map((e: { node: { operation: string } }) => e.node.operation)).toEqual([
    'openCase',
    'recordFreeze',
    'recordSeizure',
    'recordSeizure',
  ]);

  for (const name of ['accounts', 'cases'] as const) {
    expect(await verifyAuditChain(stack.databases[name].dataSource)).toMatchObject({ ok: true, problems: [] });
  }
});
