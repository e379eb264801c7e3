import {
  graphql,
  isEnumType,
  isInputObjectType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  type ExecutionResult,
} from 'graphql';
import { toChecksumAddress as checksum } from '../../common/chain';
import { buildDemoStory, type DemoStory } from '../../common/demo/story';
import type { Database } from '../../common/database';
import { silentLogger } from '../../common/logger';
import { requestInfo } from '../../common/request-context';
import type { Subgraph } from '../../common/subgraph';
import { createTestDatabaseServer, type TestDatabaseServer } from '../../test/helpers/database';
import type { AccountsContext } from './context';
import { accountsStorage, createSubgraph, seedDemo } from './index';

let server: TestDatabaseServer;
let database: Database;
let subgraph: Subgraph<AccountsContext>;
let story: DemoStory;

beforeAll(async () => {
  server = await createTestDatabaseServer();
  database = await server.open('accounts', accountsStorage);
  story = buildDemoStory();
  expect(await seedDemo(database.dataSource, { story })).toBe(true);
  subgraph = await createSubgraph({ database, log: silentLogger });
});

afterAll(async () => {
  await server?.close();
});

async function run(source: string, variableValues?: Record<string, unknown>): Promise<ExecutionResult> {
  return graphql({
    schema: subgraph.schema,
    source,
    variableValues,
    contextValue: subgraph.createContext(requestInfo({ headers: {} }, silentLogger)),
  });
}

const KIM = 'ofac-sdn:43377';
const kimAccounts = () => story.accounts.filter(a => a.linkedPartyIds.includes(KIM));

describe('accounts subgraph', () => {
  it('does not seed twice, and reseeds on reset', async () => {
    expect(await seedDemo(database.dataSource, { story })).toBe(false);
    expect(await seedDemo(database.dataSource, { story, reset: true })).toBe(true);
  });

  it('answers an account by id in full', async () => {
    const a = story.accounts[0];
    const result = await run(
      `query ($id: ID!) {
        account(id: $id) {
          id exchange status openedAt
          holder { name dateOfBirth nationality kycLevel documents { type number country } }
          balances { asset amount }
          depositAddresses { chain address account { id } }
          linkedEntities { id }
        }
      }`,
      { id: a.id },
    );
    expect(result).toEqual({
      data: {
        account: {
          id: a.id,
          exchange: 'Northbridge Digital Exchange (demo)',
          status: 'FROZEN',
          openedAt: new Date(a.openedAt).toISOString(),
          holder: {
            name: a.holder.name,
            dateOfBirth: a.holder.dateOfBirth,
            nationality: a.holder.nationality,
            kycLevel: a.holder.kycLevel,
            documents: a.holder.documents,
          },
          // Ordered by asset code; numeric(38,18) padding dropped, the value exact.
          balances: [...a.balances]
            .sort((x, y) => x.asset.localeCompare(y.asset))
            .map(b => ({ asset: b.asset, amount: b.amount.replace(/\.?0+$/, '') })),
          depositAddresses: [
            { chain: 'ETHEREUM', address: expect.stringMatching(/^0x[0-9a-fA-F]{40}$/), account: { id: a.id } },
            { chain: 'BITCOIN', address: a.depositAddresses[1].address, account: { id: a.id } },
          ],
          linkedEntities: [{ id: KIM }],
        },
      },
    });
    const eth = (result.data as { account: { depositAddresses: { address: string }[] } }).account.depositAddresses[0].address;
    expect(eth.toLowerCase()).toBe(a.depositAddresses[0].address);
    expect(eth).not.toBe(eth.toLowerCase()); // EIP-55 display form
  });

  it('answers null for an unknown account', async () => {
    expect(await run(`{ account(id: "no-such-account") { id } }`)).toEqual({ data: { account: null } });
  });

  it('pages through accounts by id with cursors and a total count', async () => {
    const ids = story.accounts.map(a => a.id).sort();
    const first = await run(`{ accounts(first: 4) { totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage endCursor } } }`);
    type Page = { accounts: { totalCount: number; edges: { cursor: string; node: { id: string } }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string } } };
    const p1 = (first.data as Page).accounts;
    expect(first.errors).toBeUndefined();
    expect(p1.totalCount).toBe(ids.length);
    expect(p1.edges.map(e => e.node.id)).toEqual(ids.slice(0, 4));
    expect(p1.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, endCursor: p1.edges[3].cursor });

    const rest = await run(`query ($after: String) { accounts(first: 100, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage hasPreviousPage } } }`, {
      after: p1.pageInfo.endCursor,
    });
    expect(rest).toEqual({
      data: {
        accounts: {
          totalCount: ids.length,
          edges: ids.slice(4).map(id => ({ node: { id } })),
          pageInfo: { hasNextPage: false, hasPreviousPage: true },
        },
      },
    });
  });

  it('filters accounts by status and exchange', async () => {
    const active = story.accounts.filter(a => a.status === 'ACTIVE').map(a => a.id).sort();
    expect(await run(`{ accounts(filter: { status: ACTIVE, exchange: "Northbridge Digital Exchange (demo)" }) { totalCount edges { node { id status } } } }`)).toEqual({
      data: { accounts: { totalCount: active.length, edges: active.map(id => ({ node: { id, status: 'ACTIVE' } })) } },
    });
    expect(await run(`{ accounts(filter: { exchange: "Elsewhere" }) { totalCount edges { node { id } } } }`)).toEqual({
      data: { accounts: { totalCount: 0, edges: [] } },
    });
  });

  it('rejects a cursor it did not make, and a page size out of range, as BAD_USER_INPUT', async () => {
    const bad = await run(`{ accounts(after: "not-a-cursor") { totalCount } }`);
    expect(bad.data).toBeNull();
    expect(bad.errors?.map(e => [e.extensions.code, e.extensions.field])).toEqual([['BAD_USER_INPUT', 'after']]);
    const big = await run(`{ accounts(first: 5000) { totalCount } }`);
    expect(big.errors?.map(e => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('resolves Account, Address and SanctionedEntity representations', async () => {
    const kim = kimAccounts()[0];
    const ethLower = kim.depositAddresses[0].address;
    const result = await run(
      `query ($reps: [_Any!]!) {
        _entities(representations: $reps) {
          __typename
          ... on Account { id status }
          ... on Address { chain address account { id } }
          ... on SanctionedEntity { id accounts { id } }
        }
      }`,
      {
        reps: [
          { __typename: 'Account', id: kim.id },
          { __typename: 'Account', id: 'no-such-account' },
          { __typename: 'Address', chain: 'ETHEREUM', address: checksum(ethLower) },
          { __typename: 'Address', chain: 'ETHEREUM', address: ethLower },
          { __typename: 'Address', chain: 'BITCOIN', address: kim.depositAddresses[1].address },
          { __typename: 'Address', chain: 'ETHEREUM', address: '0x97b1043abd9e6fc31681635166d430a458d14f9c' }, // listed, no account
          { __typename: 'Address', chain: 'ETHEREUM', address: 'not-an-address' },
          { __typename: 'SanctionedEntity', id: KIM },
          { __typename: 'SanctionedEntity', id: 'ofac-sdn:1' },
        ],
      },
    );
    expect(result).toEqual({
      data: {
        _entities: [
          { __typename: 'Account', id: kim.id, status: 'FROZEN' },
          null,
          { __typename: 'Address', chain: 'ETHEREUM', address: checksum(ethLower), account: { id: kim.id } },
          { __typename: 'Address', chain: 'ETHEREUM', address: checksum(ethLower), account: { id: kim.id } },
          { __typename: 'Address', chain: 'BITCOIN', address: kim.depositAddresses[1].address, account: { id: kim.id } },
          { __typename: 'Address', chain: 'ETHEREUM', address: checksum('0x97b1043abd9e6fc31681635166d430a458d14f9c'), account: null },
          { __typename: 'Address', chain: 'ETHEREUM', address: 'not-an-address', account: null },
          { __typename: 'SanctionedEntity', id: KIM, accounts: kimAccounts().map(a => ({ id: a.id })) },
          { __typename: 'SanctionedEntity', id: 'ofac-sdn:1', accounts: [] },
        ],
      },
    });
  });

  it('lists candidate links only when asked', async () => {
    const [first, second] = story.accounts.filter(a => a.linkedPartyIds.length === 0);
    await database.dataSource.query(
      `INSERT INTO account_link (account_id, party_id, status, score) VALUES ($1, $3, 'CANDIDATE', 91.5), ($2, $3, 'DISMISSED', 88)`,
      [first.id, second.id, KIM],
    );
    try {
      const result = await run(`{
        _entities(representations: [{ __typename: "SanctionedEntity", id: "${KIM}" }]) {
          ... on SanctionedEntity { confirmed: accounts { id } all: accounts(includeCandidates: true) { id } }
        }
      }`);
      const kimIds = kimAccounts().map(a => a.id);
      expect(result).toEqual({ data: { _entities: [{ confirmed: kimIds.map(id => ({ id })), all: [...kimIds, first.id].sort().map(id => ({ id })) }] } });
    } finally {
      await database.dataSource.query(`DELETE FROM account_link WHERE status <> 'CONFIRMED'`);
    }
  });

  it('prints a federated SDL with the three keys', async () => {
    const result = await run(`{ _service { sdl } }`);
    const sdl = (result.data as { _service: { sdl: string } })._service.sdl;
    expect(sdl).toMatch(/type Account\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Address\s+@key\(fields: "chain address"\)/);
    expect(sdl).toMatch(/type SanctionedEntity\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/includeCandidates: Boolean! = false/);
  });

  it('describes every type, field, argument and enum value of its own', () => {
    const missing: string[] = [];
    const federation = /^(_|link__|federation__)/;
    for (const type of Object.values(subgraph.schema.getTypeMap())) {
      if (isIntrospectionType(type) || isSpecifiedScalarType(type) || federation.test(type.name)) {
        continue;
      }
      // Root operation types carry no description of their own in type-graphql's output.
      if (!type.description && type !== subgraph.schema.getQueryType() && type !== subgraph.schema.getMutationType()) {
        missing.push(type.name);
      }
      if (isObjectType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (federation.test(field.name)) {
            continue;
          }
          if (!field.description) {
            missing.push(`${type.name}.${field.name}`);
          }
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) {
              missing.push(`${type.name}.${field.name}(${arg.name})`);
            }
          }
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) {
          if (!value.description) {
            missing.push(`${type.name}.${value.name}`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });
});


describe('accounts subgraph batching', () => {
  const QUERY = `query ($reps: [_Any!]!) {
    _entities(representations: $reps) {
      ... on SanctionedEntity {
        id
        accounts { id holder { name documents { number } } balances { amount } depositAddresses { address account { id } } linkedEntities { id } }
      }
    }
  }`;

  /** Statements for one request over the story's parties, after seeding a story of that size. */
  async function statementsFor(kim: number): Promise<{ statements: number; accounts: number }> {
    const s = buildDemoStory({ kimAccounts: kim });
    await seedDemo(database.dataSource, { story: s, reset: true });
    const parties = [...new Set(s.accounts.flatMap(a => a.linkedPartyIds)), 'ofac-sdn:1'];
    database.stats.reset();
    const result = await run(QUERY, { reps: parties.map(id => ({ __typename: 'SanctionedEntity', id })) });
    const statements = database.stats.statements;
    expect(result.errors).toBeUndefined();
    const entities = (result.data as { _entities: { accounts: unknown[] }[] })._entities;
    return { statements, accounts: entities.reduce((n, e) => n + e.accounts.length, 0) };
  }

  afterAll(async () => {
    await seedDemo(database.dataSource, { story, reset: true });
  });

  it('uses the same number of SQL statements for 1 and for 20 linked accounts', async () => {
    const small = await statementsFor(1);
    const large = await statementsFor(20);
    expect(small.accounts).toBe(3);
    expect(large.accounts).toBe(22);
    expect(large.statements).toBe(small.statements);
    // Links by party, accounts, documents, balances, deposit addresses, confirmed links: Address.account
    // of a deposit address finds its row and its account already loaded. Plus ONE statement that
    // appends the audit record of the holders' personal data read, for 3 accounts as for 22.
    expect(small.statements).toBe(7);
  });
});
