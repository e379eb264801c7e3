/**
 * Our gateway against plain @apollo/gateway on general execution over a small two-subgraph
 * supergraph: mutations in order across subgraphs, variables, aliases, fragments, @skip/@include,
 * __typename, subgraph errors with their paths, and a subgraph that is down. Every query runs
 * through both gateways; both answers must equal the answer written here from the fixtures, and
 * ours must not make more subgraph fetches than the plain gateway.
 */
import { GraphQLError } from 'graphql';
import gql from 'graphql-tag';
import { errorCore, expectSame, startFederation, totalFetches, type Federation, type SubgraphDef } from '../helpers/federation-fixtures';

const LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@requires", "@provides", "@external", "@override", "@interfaceObject", "@inaccessible"])`;

type Ref = Record<string, any>;

interface LedgerState {
  balances: Record<string, number>;
  notes: Record<string, string[]>;
  /** Every mutation applied, in order, by either subgraph. */
  log: string[];
}

/** Two subgraphs over one shared, resettable in-memory state, so that mutation order is observable. */
function ledgerAndNotes(): { state: LedgerState; reset: () => void; defs: SubgraphDef[] } {
  const OWNERS: Record<string, string> = { a1: 'Ada', a2: 'Bob' };
  const state: LedgerState = { balances: {}, notes: {}, log: [] };
  const reset = () => {
    state.balances = { a1: 100, a2: 50 };
    state.notes = { a1: [], a2: ['vip'] };
    state.log = [];
  };
  reset();
  const account = (id: string) => (id in OWNERS ? { id } : null);
  const ledger: SubgraphDef = {
    name: 'ledger',
    typeDefs: gql`
      ${LINK}
      type Account @key(fields: "id") {
        id: ID!
        owner: String!
        balance: Int!
      }
      type Deposit {
        seq: Int!
        account: Account!
      }
      type Query {
        accounts: [Account!]!
        account(id: ID!): Account
        failing: String
      }
      type Mutation {
        deposit(id: ID!, amount: Int!): Deposit!
      }
    `,
    resolvers: {
      Query: {
        accounts: () => Object.keys(OWNERS).map(id => ({ id })),
        account: (_: unknown, { id }: { id: string }) => account(id),
        failing: () => {
          throw new GraphQLError('the ledger is closed', { extensions: { code: 'LEDGER_CLOSED' } });
        },
      },
      Mutation: {
        deposit: (_: unknown, { id, amount }: { id: string; amount: number }) => {
          state.balances[id] += amount;
          state.log.push(`deposit ${id} ${amount}`);
          return { seq: state.log.length, account: { id } };
        },
      },
      Account: {
        __resolveReference: (ref: Ref) => account(ref.id),
        owner: (a: Ref) => OWNERS[a.id],
        balance: (a: Ref) => state.balances[a.id],
      },
    },
  };
  const notes: SubgraphDef = {
    name: 'notes',
    typeDefs: gql`
      ${LINK}
      type Account @key(fields: "id") {
        id: ID!
        notes: [String!]!
        flagged: Boolean
      }
      type NoteResult {
        seq: Int!
        account: Account!
      }
      type Query {
        noteCount: Int
      }
      type Mutation {
        addNote(accountId: ID!, text: String!): NoteResult!
      }
    `,
    resolvers: {
      Query: { noteCount: () => Object.values(state.notes).reduce((n, l) => n + l.length, 0) },
      Mutation: {
        addNote: (_: unknown, { accountId, text }: { accountId: string; text: string }) => {
          if (!state.notes[accountId]) {
            throw new GraphQLError(`no account ${accountId}`, { extensions: { code: 'NO_SUCH_ACCOUNT' } });
          }
          state.notes[accountId].push(text);
          state.log.push(`note ${accountId} ${text}`);
          return { seq: state.log.length, account: { id: accountId } };
        },
      },
      Account: {
        __resolveReference: (ref: Ref) => account(ref.id),
        notes: (a: Ref) => state.notes[a.id],
        flagged: (a: Ref) => {
          if (a.id === 'a2') {
            throw new GraphQLError('flag check failed for a2', { extensions: { code: 'FLAG_CHECK_FAILED' } });
          }
          return false;
        },
      },
    },
  };
  return { state, reset, defs: [ledger, notes] };
}

describe('general execution', () => {
  const fixture = ledgerAndNotes();
  let fed: Federation;
  beforeAll(async () => {
    fed = await startFederation(fixture.defs);
  });
  afterAll(() => fed?.close());
  beforeEach(() => fixture.reset());

  it('mutations: root fields of two subgraphs run in order, each with its nested fetches before the next', async () => {
    const m = `mutation ($id: ID!) {
      first: deposit(id: $id, amount: 10) { seq account { balance notes } }
      note: addNote(accountId: $id, text: "checked") { seq account { balance notes } }
      second: deposit(id: $id, amount: 5) { seq account { balance notes } }
    }`;
    const logs: string[][] = [];
    const r = await expectSame(
      fed,
      m,
      {
        data: {
          first: { seq: 1, account: { balance: 110, notes: [] } },
          note: { seq: 2, account: { balance: 110, notes: ['checked'] } },
          second: { seq: 3, account: { balance: 115, notes: ['checked'] } },
        },
      },
      {
        variables: { id: 'a1' },
        // Each gateway starts from the same state; the log of the previous run is kept to check.
        reset: () => {
          if (fixture.state.log.length > 0) {
            logs.push([...fixture.state.log]);
          }
          fixture.reset();
        },
      },
    );
    logs.push([...fixture.state.log]);
    expect(logs).toEqual([
      ['deposit a1 10', 'note a1 checked', 'deposit a1 5'],
      ['deposit a1 10', 'note a1 checked', 'deposit a1 5'],
    ]);
    // In order: deposit (ledger), its account's notes (notes), addNote (notes), its account's
    // balance (ledger), deposit (ledger), its account's notes (notes).
    expect(r.plain.fetches).toEqual({ ledger: 3, notes: 3 });
    expect(r.ours.fetches).toEqual({ ledger: 3, notes: 3 });
    expect(r.ours.queries.ledger.map(q => q.includes('deposit'))).toEqual([true, false, true]);
    expect(r.ours.queries.notes.map(q => q.includes('addNote'))).toEqual([false, true, false]);
  });

  it('mutations: an error in a mutation leaves the earlier ones applied and stops at the non-null root', async () => {
    const r = await fed.run('mutation { d: deposit(id: "a2", amount: 7) { seq } n: addNote(accountId: "zz", text: "x") { seq } }', {
      reset: fixture.reset,
    });
    expect(fixture.state.log).toEqual(['deposit a2 7']);
    expect(r.plain.body.data).toBeNull();
    expect(r.ours.body.data).toBeNull();
    expect(r.plain.body.errors?.map(errorCore)).toEqual([{ message: 'no account zz', path: ['n'], code: 'NO_SUCH_ACCOUNT' }]);
    expect(r.ours.body.errors?.map(errorCore)).toEqual(r.plain.body.errors?.map(errorCore));
  });

  it('variables and aliases, the same field twice with different arguments', async () => {
    await expectSame(
      fed,
      'query Acct($id: ID!) { acct: account(id: $id) { key: id who: owner funds: balance remarks: notes } other: account(id: "a1") { who: owner } missing: account(id: "zz") { id } }',
      {
        data: {
          acct: { key: 'a2', who: 'Bob', funds: 50, remarks: ['vip'] },
          other: { who: 'Ada' },
          missing: null,
        },
      },
      { variables: { id: 'a2' } },
    );
  });

  it('named fragments, inline fragments with and without a type condition', async () => {
    await expectSame(
      fed,
      `query { accounts { ...Who ... on Account { notes } ... @include(if: true) { balance } } }
       fragment Who on Account { id owner }`,
      {
        data: {
          accounts: [
            { id: 'a1', owner: 'Ada', notes: [], balance: 100 },
            { id: 'a2', owner: 'Bob', notes: ['vip'], balance: 50 },
          ],
        },
      },
    );
  });

  it('@skip and @include with variables, on fields and on a fragment spread', async () => {
    const q = `query ($withNotes: Boolean!, $skipOwner: Boolean!) {
      accounts { id owner @skip(if: $skipOwner) notes @include(if: $withNotes) ...B @skip(if: $withNotes) }
    }
    fragment B on Account { balance }`;
    const on = await expectSame(
      fed,
      q,
      {
        data: {
          accounts: [
            { id: 'a1', owner: 'Ada', notes: [] },
            { id: 'a2', owner: 'Bob', notes: ['vip'] },
          ],
        },
      },
      { variables: { withNotes: true, skipOwner: false } },
    );
    expect(on.ours.fetches).toEqual({ ledger: 1, notes: 1 });
    const off = await expectSame(
      fed,
      q,
      {
        data: {
          accounts: [
            { id: 'a1', balance: 100 },
            { id: 'a2', balance: 50 },
          ],
        },
      },
      { variables: { withNotes: false, skipOwner: true } },
    );
    // The notes subgraph is not asked when its only field is excluded.
    expect(off.ours.fetches).toEqual({ ledger: 1 });
  });

  it('__typename at the root and nested, and alone', async () => {
    await expectSame(fed, '{ __typename accounts { __typename id } account(id: "a1") { __typename notes } }', {
      data: {
        __typename: 'Query',
        accounts: [
          { __typename: 'Account', id: 'a1' },
          { __typename: 'Account', id: 'a2' },
        ],
        account: { __typename: 'Account', notes: [] },
      },
    });
    const alone = await expectSame(fed, '{ __typename t: __typename }', { data: { __typename: 'Query', t: 'Query' } });
    expect(totalFetches(alone.ours)).toBe(0);
    await expectSame(fed, 'mutation { __typename }', { data: { __typename: 'Mutation' } });
  });

  it('an error of an entity field in another subgraph, at its path; the rest of the data served', async () => {
    const r = await fed.run('{ accounts { id flagged } }');
    const data = {
      accounts: [
        { id: 'a1', flagged: false },
        { id: 'a2', flagged: null },
      ],
    };
    expect(r.plain.body.data).toEqual(data);
    expect(r.ours.body.data).toEqual(data);
    const expected = [{ message: 'flag check failed for a2', path: ['accounts', 1, 'flagged'], code: 'FLAG_CHECK_FAILED' }];
    expect(r.plain.body.errors?.map(errorCore)).toEqual(expected);
    expect(r.ours.body.errors?.map(errorCore)).toEqual(expected);
    // Both name the subgraph the error came from.
    expect(r.plain.body.errors?.[0].extensions).toEqual({ code: 'FLAG_CHECK_FAILED', serviceName: 'notes' });
    expect(r.ours.body.errors?.[0].extensions).toEqual(r.plain.body.errors?.[0].extensions);
    expect(totalFetches(r.ours)).toBeLessThanOrEqual(totalFetches(r.plain));
  });

  it('an error of a root field, at its path; the other root field served', async () => {
    const r = await fed.run('{ failing accounts { id } }');
    const data = { failing: null, accounts: [{ id: 'a1' }, { id: 'a2' }] };
    expect(r.plain.body.data).toEqual(data);
    expect(r.ours.body.data).toEqual(data);
    const expected = [{ message: 'the ledger is closed', path: ['failing'], code: 'LEDGER_CLOSED' }];
    expect(r.plain.body.errors?.map(errorCore)).toEqual(expected);
    expect(r.ours.body.errors?.map(errorCore)).toEqual(expected);
    expect(r.ours.body.errors?.[0].extensions).toEqual(r.plain.body.errors?.[0].extensions);
    expect(totalFetches(r.ours)).toBeLessThanOrEqual(totalFetches(r.plain));
  });
});

describe('a subgraph that is down', () => {
  const fixture = ledgerAndNotes();
  let fed: Federation;
  beforeAll(async () => {
    // The notes subgraph is composed into the supergraph but nothing listens at its URL.
    fed = await startFederation(fixture.defs, { down: ['notes'] });
  });
  afterAll(() => fed?.close());

  const codes = (errors: { extensions?: Record<string, unknown> }[] | undefined) => [...new Set((errors ?? []).map(e => e.extensions?.code))];

  it('its nullable entity fields are null with an error; the rest is served', async () => {
    const r = await fed.run('{ accounts { id owner flagged } }');
    const data = {
      accounts: [
        { id: 'a1', owner: 'Ada', flagged: null },
        { id: 'a2', owner: 'Bob', flagged: null },
      ],
    };
    expect(r.plain.body.data).toEqual(data);
    expect(r.ours.body.data).toEqual(data);
    expect(r.plain.body.errors?.length).toBeGreaterThan(0);
    expect(r.ours.body.errors?.length).toBeGreaterThan(0);
    for (const e of r.ours.body.errors ?? []) {
      expect(e.extensions).toMatchObject({ code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'notes' });
    }
    // Ours places one error at each entity's field; the plain gateway has one uncoded
    // (INTERNAL_SERVER_ERROR) error without a path or serviceName (reported as a difference).
    expect(r.plain.body.errors?.map(e => ({ code: e.extensions?.code, path: e.path, serviceName: e.extensions?.serviceName }))).toEqual([
      { code: 'INTERNAL_SERVER_ERROR', path: undefined, serviceName: undefined },
    ]);
    expect(r.ours.body.errors?.map(e => e.path)).toEqual([
      ['accounts', 0, 'flagged'],
      ['accounts', 1, 'flagged'],
    ]);
    expect(r.ours.fetches).toEqual({ ledger: 1 });
    expect(r.plain.fetches).toEqual({ ledger: 1 });
  });

  it('its root field is null with an error; the other root field is served', async () => {
    const r = await fed.run('{ noteCount accounts { id } }');
    const data = { noteCount: null, accounts: [{ id: 'a1' }, { id: 'a2' }] };
    expect(r.plain.body.data).toEqual(data);
    expect(r.ours.body.data).toEqual(data);
    expect(r.plain.body.errors?.length).toBeGreaterThan(0);
    expect(codes(r.ours.body.errors)).toEqual(['DOWNSTREAM_SERVICE_ERROR']);
    expect(r.ours.body.errors?.map(e => e.path)).toEqual([['noteCount']]);
  });

  it('a non-null field it serves nulls its parent, the same from both', async () => {
    const r = await fed.run('{ account(id: "a1") { owner notes } }');
    expect(r.plain.body.data).toEqual({ account: null });
    expect(r.ours.body.data).toEqual({ account: null });
    expect(r.plain.body.extensions).toEqual(r.ours.body.extensions);
    expect(codes(r.ours.body.errors)).toEqual(['DOWNSTREAM_SERVICE_ERROR']);
  });

  it('a mutation of it fails with an error from both, and nothing is applied', async () => {
    fixture.reset();
    const r = await fed.run('mutation { addNote(accountId: "a1", text: "x") { seq } }');
    expect(r.plain.body.data).toBeNull();
    expect(r.ours.body.data).toBeNull();
    expect(r.plain.body.errors?.length).toBeGreaterThan(0);
    expect(codes(r.ours.body.errors)).toEqual(['DOWNSTREAM_SERVICE_ERROR']);
    expect(r.ours.body.errors?.[0].message).toContain('The mutation was not applied');
    expect(fixture.state.log).toEqual([]);
  });
});
