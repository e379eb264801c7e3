import {
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLInterfaceType,
  GraphQLObjectType,
  graphql,
  type GraphQLError,
} from 'graphql';
import { Chain, normalizeAddress, toChecksumAddress } from '../../common/chain';
import type { Database } from '../../common/database';
import { buildDemoStory, type DemoStory } from '../../common/demo/story';
import { silentLogger } from '../../common/logger';
import { requestInfo } from '../../common/request-context';
import type { Subgraph } from '../../common/subgraph';
import { createTestDatabaseServer, type TestDatabaseServer } from '../../test/helpers/database';
import type { ChainContext } from './context';
import { chainStorage, createSubgraph, seedDemo } from './index';
import { createContext } from './context';
import { createTransferPageLoader, NO_FILTER, TransferPageReadAhead } from './loaders/transfer-page.loader';
import { addressSet, toStored } from './loaders/address-key';
import { insertTransfers, type NewTransfer } from './store/writes';
import { exploreExposure, HUB_TRANSFERS, MAX_LEGS, MAX_VISITED_ADDRESSES, NEIGHBOUR_LEGS, START_LEGS } from './loaders/exposure.loader';

const KIM = 'ofac-sdn:43377';
const KIM_ETH = '0x97b1043abd9e6fc31681635166d430a458d14f9c';
const KIM_ETH_EIP55 = '0x97B1043ABD9E6FC31681635166d430a458D14F9C';

let server: TestDatabaseServer;
let database: Database;
let subgraph: Subgraph<ChainContext>;
const story = buildDemoStory();

beforeAll(async () => {
  server = await createTestDatabaseServer();
  database = await server.open('chain', chainStorage);
  await seedDemo(database.dataSource, { reset: true, story });
  subgraph = await createSubgraph({ database, log: silentLogger });
});

afterAll(async () => {
  await server?.close();
});

interface Result {
  data?: any;
  errors?: readonly GraphQLError[];
}

async function run(source: string, variableValues?: Record<string, unknown>): Promise<Result> {
  return graphql({
    schema: subgraph.schema,
    source,
    variableValues,
    contextValue: subgraph.createContext(requestInfo({ headers: {} }, silentLogger)),
  });
}

async function ok(source: string, variableValues?: Record<string, unknown>): Promise<any> {
  const r = await run(source, variableValues);
  expect(r.errors).toBeUndefined();
  return r.data;
}

type Addr = { chain: Chain; address: string };

function stored(a: Addr): string {
  const c = normalizeAddress(a.chain, a.address);
  if (!c.ok) {
    throw new Error(c.reason);
  }
  return `${a.chain}:${c.address}`;
}

/** Ids of the story's transfers involving any of `addresses`, newest first: what the subgraph must return. */
function expectedTransferIds(s: DemoStory, addresses: Addr[]): string[] {
  const set = new Set(addresses.map(stored));
  return s.transfers
    .filter(t => set.has(stored({ chain: t.chain, address: t.from })) || set.has(stored({ chain: t.chain, address: t.to })))
    .sort((a, b) => b.timestamp.localeCompare(a.timestamp) || b.id.localeCompare(a.id))
    .map(t => t.id);
}

/**
 * A reference search over the story: party id to fewest hops, following funds one way only on
 * each side (downstream: from → to; upstream: to → from), both sides together as ANY does.
 */
function expectedExposure(s: DemoStory, start: Addr, hops: number, sides: ('IN' | 'OUT')[] = ['IN', 'OUT']): Record<string, number> {
  const out: Record<string, number> = {};
  for (const side of sides) {
    const adjacency = new Map<string, Set<string>>();
    for (const t of s.transfers) {
      const f = stored({ chain: t.chain, address: t.from });
      const to = stored({ chain: t.chain, address: t.to });
      const [a, b] = side === 'OUT' ? [f, to] : [to, f];
      if (!adjacency.has(a)) {
        adjacency.set(a, new Set());
      }
      adjacency.get(a)!.add(b);
    }
    const dist = new Map([[stored(start), 0]]);
    let frontier = [stored(start)];
    for (let d = 1; d <= hops; d++) {
      const next: string[] = [];
      for (const a of frontier) {
        for (const b of adjacency.get(a) ?? []) {
          if (!dist.has(b)) {
            dist.set(b, d);
            next.push(b);
          }
        }
      }
      frontier = next;
    }
    for (const l of s.sanctionedAddresses) {
      const d = dist.get(stored(l));
      if (d !== undefined && (out[l.partyId] === undefined || d < out[l.partyId])) {
        out[l.partyId] = d;
      }
    }
  }
  return out;
}

const lowerEq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function trimmed(decimal: string): string {
  return decimal.includes('.') ? decimal.replace(/0+$/, '').replace(/\.$/, '') : decimal;
}

const kimAccounts = story.accounts.filter(a => a.linkedPartyIds.includes(KIM));
const ordinaryAccounts = story.accounts.filter(a => a.linkedPartyIds.length === 0);

describe('schema', () => {
  it('describes every type, field, argument and enum value it defines', () => {
    const missing: string[] = [];
    for (const type of Object.values(subgraph.schema.getTypeMap())) {
      if (/^(_|link__|federation__)/.test(type.name) || ['Query', 'String', 'Int', 'Boolean', 'ID', 'Float'].includes(type.name)) {
        continue;
      }
      if (!type.description) {
        missing.push(type.name);
      }
      if (type instanceof GraphQLObjectType || type instanceof GraphQLInterfaceType || type instanceof GraphQLInputObjectType) {
        for (const field of Object.values(type.getFields())) {
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
      if (type instanceof GraphQLEnumType) {
        for (const v of type.getValues()) {
          if (!v.description) {
            missing.push(`${type.name}.${v.name}`);
          }
        }
      }
    }
    for (const field of Object.values(subgraph.schema.getQueryType()!.getFields())) {
      if (!field.name.startsWith('_')) {
        if (!field.description) {
          missing.push(`Query.${field.name}`);
        }
        for (const arg of field.args) {
          if (!arg.description) {
            missing.push(`Query.${field.name}(${arg.name})`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('Query.address', () => {
  it('returns the EIP-55 form whatever the case of the input, and the same transfers', async () => {
    const q = `query($a: String!) { address(chain: ETHEREUM, address: $a) { chain address transfers(first: 500) { totalCount edges { node { id } } } } }`;
    const lower = await ok(q, { a: KIM_ETH });
    expect(lower.address.address).toBe(KIM_ETH_EIP55);
    expect(lower.address.chain).toBe('ETHEREUM');
    for (const a of [KIM_ETH_EIP55, KIM_ETH.toUpperCase().replace('0X', '0x')]) {
      expect(await ok(q, { a })).toEqual(lower);
    }
    const expected = expectedTransferIds(story, [{ chain: Chain.ETHEREUM, address: KIM_ETH }]);
    expect(expected.length).toBeGreaterThan(3);
    expect(lower.address.transfers.totalCount).toBe(expected.length);
    expect(lower.address.transfers.edges.map((e: any) => e.node.id)).toEqual(expected);
  });

  it('walks every page with first/after: in order, without overlap, with the right totals', async () => {
    const expected = expectedTransferIds(story, [{ chain: Chain.ETHEREUM, address: KIM_ETH }]);
    const q = `query($after: String) { address(chain: ETHEREUM, address: "${KIM_ETH}") {
      transfers(first: 2, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id timestamp } } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const data = await ok(q, { after });
      const c = data.address.transfers;
      expect(c.totalCount).toBe(expected.length);
      expect(c.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(c.edges.length).toBeLessThanOrEqual(2);
      expect(c.pageInfo.startCursor).toBe(c.edges[0]?.cursor ?? null);
      expect(c.pageInfo.endCursor).toBe(c.edges.at(-1)?.cursor ?? null);
      seen.push(...c.edges.map((e: any) => e.node.id));
      if (!c.pageInfo.hasNextPage) {
        break;
      }
      after = c.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expected);
  });

  it('reads the next page ahead for an export page: the same pages, each read once, the next one before it is asked for', async () => {
    const expected = expectedTransferIds(story, [{ chain: Chain.ETHEREUM, address: KIM_ETH }]);
    const q = `query($after: String) { address(chain: ETHEREUM, address: "${KIM_ETH}") {
      transfers(first: 2, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id } } } } }`;
    const readAhead = new TransferPageReadAhead(database.dataSource);
    const walk = async (headers: Record<string, string>) => {
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      database.stats.reset();
      for (; pages < 100; pages++) {
        const contextValue = createContext(requestInfo({ headers }, silentLogger), database.dataSource, {}, readAhead);
        const r: Result = await graphql({ schema: subgraph.schema, source: q, variableValues: { after }, contextValue });
        expect(r.errors).toBeUndefined();
        const c = r.data.address.transfers;
        seen.push(...c.edges.map((e: any) => e.node.id));
        if (!c.pageInfo.hasNextPage) {
          break;
        }
        after = c.pageInfo.endCursor;
      }
      return { seen, pages: pages + 1, statements: database.stats.statements };
    };
    const exported = await walk({ 'x-read-ahead': '1' });
    expect(exported.pages).toBeGreaterThan(2);
    expect(exported.seen).toEqual(expected);
    // Every page after the first came from the read-ahead, read two pages to a statement; no page
    // was read twice, none after the last.
    expect(readAhead.hits).toBe(exported.pages - 1);
    expect(readAhead.dropped).toBe(0);
    expect(exported.statements).toBe(1 + Math.ceil((exported.pages - 1) / 2));
    // Requests that are not export pages read only what they are asked for.
    const plain = await walk({});
    expect(plain.seen).toEqual(expected);
    expect(readAhead.hits).toBe(exported.pages - 1);
    expect(plain.statements).toBe(plain.pages);
  });

  it('reads an export\'s pages ahead two to a statement, one or two pages before they are asked for, each once', async () => {
    const q = `query($after: String) { address(chain: ETHEREUM, address: "${KIM_ETH}") {
      transfers(first: 1, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id } } } } }`;
    expect(expectedTransferIds(story, [{ chain: Chain.ETHEREUM, address: KIM_ETH }]).length).toBeGreaterThan(4);
    const readAhead = new TransferPageReadAhead(database.dataSource);
    const page = async (after: string | null) => {
      const contextValue = createContext(requestInfo({ headers: { 'x-read-ahead': '1' } }, silentLogger), database.dataSource, {}, readAhead);
      const r: Result = await graphql({ schema: subgraph.schema, source: q, variableValues: { after }, contextValue });
      expect(r.errors).toBeUndefined();
      return r.data.address.transfers.pageInfo.endCursor as string;
    };
    const settle = async (statements: number) => {
      for (let i = 0; i < 100 && database.stats.statements < statements; i++) {
        await new Promise(r => setTimeout(r, 5));
      }
      await new Promise(r => setTimeout(r, 30));
    };
    database.stats.reset();
    const c1 = await page(null);
    // Page 1 read; pages 2 and 3 read ahead in one statement.
    await settle(2);
    expect(database.stats.statements).toBe(2);
    const c2 = await page(c1);
    // Page 2 came from the read-ahead; pages 4 and 5 are read in one statement once page 3 has come.
    await settle(3);
    expect(database.stats.statements).toBe(3);
    await page(c2);
    // Page 3 was read already, and so were the two after it: nothing more.
    await settle(4);
    expect(database.stats.statements).toBe(3);
    expect(readAhead.hits).toBe(2);
    readAhead.clear();
  });

  it('keeps a page read ahead for one request of exactly that page, and not past its time', async () => {
    const readAhead = new TransferPageReadAhead(database.dataSource, 2, 50);
    const key = (after: [string, string] | null) => ({
      addresses: [{ chain: Chain.ETHEREUM, address: KIM_ETH }],
      filter: { direction: 'ANY' as const, since: null, until: null, asset: null, minAmount: null },
      first: 2,
      after,
    });
    const first = { rows: [{ cursorTime: '2024-01-02T00:00:00.000000Z', id: 't2' }], hasNextPage: true } as never;
    readAhead.readAfter(key(null), first);
    expect(readAhead.take(key(['2024-01-02T00:00:00.000000Z', 't3']))).toBeUndefined();
    expect(await readAhead.take(key(['2024-01-02T00:00:00.000000Z', 't2']))).toEqual(expect.objectContaining({ hasNextPage: expect.any(Boolean) }));
    expect(readAhead.take(key(['2024-01-02T00:00:00.000000Z', 't2']))).toBeUndefined();
    // Not past its time: a page older than ttlMs is read again.
    readAhead.readAfter(key(null), first);
    await new Promise(r => setTimeout(r, 80));
    expect(readAhead.take(key(['2024-01-02T00:00:00.000000Z', 't2']))).toBeUndefined();
    // At most maxPages kept: the oldest go.
    for (const id of ['a', 'b', 'c']) {
      readAhead.readAfter(key(null), { rows: [{ cursorTime: '2024-01-02T00:00:00.000000Z', id }], hasNextPage: true } as never);
    }
    expect(readAhead.take(key(['2024-01-02T00:00:00.000000Z', 'a']))).toBeUndefined();
    expect(readAhead.take(key(['2024-01-02T00:00:00.000000Z', 'c']))).toBeDefined();
    // The last page has no page after it.
    readAhead.readAfter(key(null), { rows: [{ cursorTime: '2024-01-02T00:00:00.000000Z', id: 'z' }], hasNextPage: false } as never);
    expect(readAhead.take(key(['2024-01-02T00:00:00.000000Z', 'z']))).toBeUndefined();
    readAhead.clear();
  });

  it('returns an address without transfers, and an empty page for first: 0', async () => {
    const fresh = '0x' + '12'.repeat(20);
    const data = await ok(`{ address(chain: ETHEREUM, address: "${fresh}") { address sanctionedEntities { id } transfers { totalCount edges { cursor } pageInfo { hasNextPage endCursor } } } }`);
    expect(data.address).toEqual({
      address: toChecksumAddress(fresh),
      sanctionedEntities: [],
      transfers: { totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } },
    });
    const zero = await ok(`{ address(chain: ETHEREUM, address: "${KIM_ETH}") { transfers(first: 0) { totalCount edges { cursor } pageInfo { hasNextPage } } } }`);
    expect(zero.address.transfers.edges).toEqual([]);
    expect(zero.address.transfers.pageInfo.hasNextPage).toBe(true);
  });

  it('rejects an address invalid for its chain, a foreign cursor and a page too large as BAD_USER_INPUT', async () => {
    const cases: [string, string][] = [
      [`{ address(chain: ETHEREUM, address: "0x123") { address } }`, 'address'],
      [`{ address(chain: BITCOIN, address: "${KIM_ETH}") { address } }`, 'address'],
      [`{ address(chain: ETHEREUM, address: "${KIM_ETH.replace('0x97b1', '0x97B1')}") { address } }`, 'address'],
      [`{ address(chain: ETHEREUM, address: "${KIM_ETH}") { transfers(after: "garbage") { totalCount } } }`, 'after'],
      [`{ address(chain: ETHEREUM, address: "${KIM_ETH}") { transfers(after: "WyJwYXJ0eSIsImEiLCJiIl0") { totalCount } } }`, 'after'],
      [`{ address(chain: ETHEREUM, address: "${KIM_ETH}") { transfers(first: 501) { totalCount } } }`, 'first'],
    ];
    for (const [q, field] of cases) {
      const r = await run(q);
      expect(r.errors).toHaveLength(1);
      expect(r.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  it('names the parties that list an address', async () => {
    const data = await ok(`{ a: address(chain: ETHEREUM, address: "${KIM_ETH}") { sanctionedEntities { id } }
      b: address(chain: BITCOIN, address: "1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ") { sanctionedEntities { id } }
      c: address(chain: ETHEREUM, address: "${ordinaryAccounts[0].depositAddresses[0].address}") { sanctionedEntities { id } } }`);
    expect(data).toEqual({ a: { sanctionedEntities: [{ id: KIM }] }, b: { sanctionedEntities: [{ id: KIM }] }, c: { sanctionedEntities: [] } });
  });
});

describe('Transfer', () => {
  it('returns a transfer by id with exact decimals, its time and EIP-55 addresses; null when unknown', async () => {
    const t = story.transfers.find(x => x.chain === Chain.ETHEREUM)!;
    const data = await ok(`query($id: ID!) { transfer(id: $id) { id chain txHash logIndex timestamp asset amount amountUsd from { chain address } to { address } }
      none: transfer(id: "demo-tx-none") { id } }`, { id: t.id });
    expect(data).toEqual({
      transfer: {
        id: t.id,
        chain: 'ETHEREUM',
        txHash: t.txHash,
        logIndex: t.logIndex,
        timestamp: t.timestamp,
        asset: t.asset,
        amount: trimmed(t.amount),
        amountUsd: t.amountUsd,
        from: { chain: 'ETHEREUM', address: toChecksumAddress(t.from) },
        to: { address: toChecksumAddress(t.to) },
      },
      none: null,
    });
  });

  it('resolves Transfer representations in one statement', async () => {
    const ids = story.transfers.slice(0, 7).map(t => t.id);
    database.stats.reset();
    const data = await ok(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Transfer { id amount } } }`, {
      r: [...ids, 'demo-tx-missing'].map(id => ({ __typename: 'Transfer', id })),
    });
    expect(database.stats.statements).toBe(1);
    expect(data._entities.map((e: any) => e?.id ?? null)).toEqual([...ids, null]);
    expect(data._entities[0].amount).toBe(trimmed(story.transfers[0].amount));
  });
});

describe('Account.transfers (over the deposit addresses in the representation)', () => {
  const q = `query($r: [_Any!]!, $first: Int, $after: String) { _entities(representations: $r) { ... on Account { id
    transfers(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } } }`;
  const rep = (a: { id: string; depositAddresses: Addr[] }) => ({ __typename: 'Account', id: a.id, depositAddresses: a.depositAddresses });

  it('gives every account of the story its transfers, newest first', async () => {
    // One of them in EIP-55 form, as the accounts subgraph may present it.
    const accounts = story.accounts.map((a, i) =>
      i === 0
        ? { ...a, depositAddresses: a.depositAddresses.map(d => (d.chain === Chain.ETHEREUM ? { ...d, address: toChecksumAddress(d.address) } : d)) }
        : a,
    );
    const data = await ok(q, { r: accounts.map(rep), first: 500 });
    expect(data._entities).toHaveLength(accounts.length);
    data._entities.forEach((e: any, i: number) => {
      const expected = expectedTransferIds(story, accounts[i].depositAddresses);
      expect(e.id).toBe(accounts[i].id);
      expect(e.transfers.totalCount).toBe(expected.length);
      expect(e.transfers.edges.map((x: any) => x.node.id)).toEqual(expected);
    });
    expect(data._entities[0].transfers.totalCount).toBeGreaterThan(10);
  });

  it('lists a transfer between two addresses of the same account once, and pages through it', async () => {
    const addresses = [{ chain: Chain.ETHEREUM, address: KIM_ETH }, ...kimAccounts[0].depositAddresses];
    const expected = expectedTransferIds(story, addresses);
    const separate = expectedTransferIds(story, [addresses[0]]).length + expectedTransferIds(story, addresses.slice(1)).length;
    expect(expected.length).toBeLessThan(separate); // the overlap exists in the data
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const data = await ok(q, { r: [rep({ id: 'demo-acct-x', depositAddresses: addresses })], first: 3, after });
      const c = data._entities[0].transfers;
      expect(c.totalCount).toBe(expected.length);
      seen.push(...c.edges.map((e: any) => e.node.id));
      if (!c.pageInfo.hasNextPage) {
        break;
      }
      after = c.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
  });

  it('needs the deposit addresses in the representation', async () => {
    const r = await run(q, { r: [{ __typename: 'Account', id: 'demo-acct-0001' }] });
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'representations' });
  });
});

describe('Address.exposure', () => {
  const q = `query($r: [_Any!]!, $hops: Int) { _entities(representations: $r) { ... on Address { address
    exposure(hops: $hops) { truncated visitedAddresses entities { hops entity { id } nearestAddress { chain address } } } } } }`;
  const reach = (e: any): Record<string, number> => Object.fromEntries(e.exposure.entities.map((x: any) => [x.entity.id, x.hops]));

  it('reaches KIM, Sang Man at 0 hops from his listed address and 1 hop from a linked deposit address', async () => {
    const linked = kimAccounts[0].depositAddresses;
    const data = await ok(q, {
      r: [{ chain: Chain.ETHEREUM, address: KIM_ETH }, ...linked].map(a => ({ __typename: 'Address', ...a })),
      hops: 3,
    });
    const [listed, eth, btc] = data._entities;
    expect(reach(listed)[KIM]).toBe(0);
    expect(listed.exposure.entities[0].nearestAddress).toEqual({ chain: 'ETHEREUM', address: KIM_ETH_EIP55 });
    expect(reach(eth)[KIM]).toBe(1);
    expect(reach(btc)[KIM]).toBe(1);
    for (const [i, a] of [{ chain: Chain.ETHEREUM, address: KIM_ETH }, ...linked].entries()) {
      expect(reach(data._entities[i])).toEqual(expectedExposure(story, a, 3));
      expect(data._entities[i].exposure.truncated).toBe(false);
    }
  });

  it('reaches KIM, Sang Man from ordinary customers only indirectly, exactly as the data says', async () => {
    const addresses = ordinaryAccounts.map(a => a.depositAddresses[0]);
    for (const hops of [1, 2, 3, 6]) {
      const data = await ok(q, { r: addresses.map(a => ({ __typename: 'Address', ...a })), hops });
      data._entities.forEach((e: any, i: number) => {
        const expected = expectedExposure(story, addresses[i], hops);
        expect(reach(e)).toEqual(expected);
        if (reach(e)[KIM] !== undefined) {
          expect(reach(e)[KIM]).toBeGreaterThanOrEqual(2);
        }
      });
    }
    const deep = await ok(q, { r: addresses.map(a => ({ __typename: 'Address', ...a })), hops: 3 });
    expect(deep._entities.some((e: any) => reach(e)[KIM] === 2)).toBe(true);
  });

  it('uses the default of 3 hops and costs one statement per level plus one', async () => {
    const a = ordinaryAccounts[0].depositAddresses[0];
    database.stats.reset();
    const data = await ok(`{ address(chain: ETHEREUM, address: "${a.address}") { exposure { visitedAddresses entities { hops entity { id } } } } }`);
    expect(database.stats.statements).toBeLessThanOrEqual(4);
    expect(Object.fromEntries(data.address.exposure.entities.map((x: any) => [x.entity.id, x.hops]))).toEqual(expectedExposure(story, a, 3));
    expect(data.address.exposure.visitedAddresses).toBeGreaterThan(1);
  });

  it('rejects hops outside 1..6 as BAD_USER_INPUT', async () => {
    for (const hops of [0, 7, -1]) {
      const r = await run(`{ address(chain: ETHEREUM, address: "${KIM_ETH}") { exposure(hops: ${hops}) { truncated } } }`);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'hops' });
    }
  });

  it('stops at the bound on visited addresses and says so', async () => {
    const start = { chain: Chain.ETHEREUM, address: ordinaryAccounts[0].depositAddresses[0].address };
    const search = { starts: [start], hops: 6, direction: 'ANY' as const, since: null, minAmount: null };
    const full = await exploreExposure(database.dataSource, search);
    expect(full.truncated).toBe(false);
    expect(full.visitedAddresses).toBeGreaterThan(4);
    const bounded = await exploreExposure(database.dataSource, search, { maxVisited: 4 });
    expect(bounded).toMatchObject({ truncated: true, visitedAddresses: 4 });
  });
});

describe('Address.exposure: bounded work, every cut reported', () => {
  const kimAccount = kimAccounts[0];
  const linkedEth = kimAccount.depositAddresses.find(d => d.chain === Chain.ETHEREUM)!;
  const customerEth = ordinaryAccounts[0].depositAddresses.find(d => d.chain === Chain.ETHEREUM)!;
  const search = (a: Addr, hops: number) => ({ starts: [{ chain: a.chain, address: stored(a).split(':')[1] }], hops, direction: 'ANY' as const, since: null, minAmount: null });
  const ethTransfers = (pred: (t: DemoStory['transfers'][number]) => boolean) => story.transfers.filter(t => t.chain === Chain.ETHEREUM && pred(t));
  const perAsset = (ts: DemoStory['transfers']) => {
    const sums = new Map<string, bigint>();
    for (const t of ts) {
      const [int, frac = ''] = t.amount.split('.');
      sums.set(t.asset, (sums.get(t.asset) ?? 0n) + BigInt(int + frac.padEnd(8, '0')));
    }
    return Object.fromEntries([...sums].sort(([a], [b]) => a.localeCompare(b)));
  };
  const amountsOf = (p: { byHop: { hops: number; amounts: Map<string, string> }[] } | undefined, hops: number) => {
    const sums = new Map<string, bigint>();
    for (const h of p?.byHop.filter(x => x.hops === hops) ?? []) {
      for (const [asset, amount] of h.amounts) {
        const [int, frac = ''] = amount.split('.');
        sums.set(asset, (sums.get(asset) ?? 0n) + BigInt(int + frac.padEnd(8, '0')));
      }
    }
    return Object.fromEntries([...sums].sort(([a], [b]) => a.localeCompare(b)));
  };

  it('answers the demo data whole, and says which bounds it ran under', async () => {
    const data = await ok(`{ address(chain: ETHEREUM, address: "${customerEth.address}") { exposure { truncated hubsNotExpanded limits {
      maxVisitedAddresses hubTransfers startTransfers neighbourTransfers maxTransfersRead transfersRead startsCapped neighboursCapped addressesNotExpanded visitedCapReached } } } }`);
    const e = data.address.exposure;
    expect(e.truncated).toBe(false);
    expect(e.hubsNotExpanded).toBe(0);
    expect(e.limits).toEqual({
      maxVisitedAddresses: MAX_VISITED_ADDRESSES,
      hubTransfers: HUB_TRANSFERS,
      startTransfers: START_LEGS,
      neighbourTransfers: NEIGHBOUR_LEGS,
      maxTransfersRead: MAX_LEGS,
      transfersRead: e.limits.transfersRead,
      startsCapped: 0,
      neighboursCapped: 0,
      addressesNotExpanded: 0,
      visitedCapReached: false,
    });
    expect(e.limits.transfersRead).toBeGreaterThan(0);
  });

  it('handles cycles: six hops around the ring of customers visit each address once', async () => {
    // Every address within six transfers on either side, from the story (the customers pay each other in a ring).
    const within = new Set<string>([stored(customerEth)]);
    for (const [a, b] of [['from', 'to'], ['to', 'from']] as const) {
      let frontier = [stored(customerEth)];
      const dist = new Set(frontier);
      for (let d = 1; d <= 6; d++) {
        const next = ethTransfers(t => frontier.includes(stored({ chain: t.chain, address: t[a] })))
          .map(t => stored({ chain: t.chain, address: t[b] }))
          .filter(k => !dist.has(k) && dist.add(k));
        next.forEach(k => within.add(k));
        frontier = next;
      }
    }
    database.stats.reset();
    const r = await exploreExposure(database.dataSource, search(customerEth, 6));
    expect(database.stats.statements).toBeLessThanOrEqual(6);
    expect(r.truncated).toBe(false);
    expect(r.visitedAddresses).toBe(within.size);
    expect(Object.fromEntries(r.parties.map(p => [p.partyId, p.hops]))).toEqual(expectedExposure(story, customerEth, 6));
  });

  it('reads a start that is not a hub whole, however small the cap on other addresses', async () => {
    const full = await exploreExposure(database.dataSource, search(linkedEth, 2));
    const capped = await exploreExposure(database.dataSource, search(linkedEth, 2), { neighbourLegs: 1 });
    expect(full.truncated).toBe(false);
    expect(capped.truncated).toBe(true);
    expect(capped.limits.neighboursCapped).toBeGreaterThan(0);
    expect(capped.limits.startsCapped).toBe(0);
    // Direct exposure is exact: every transfer between the start and KIM, Sang Man's addresses.
    const kimEth = new Set(story.sanctionedAddresses.filter(l => l.partyId === KIM && l.chain === Chain.ETHEREUM).map(l => l.address));
    const direct = perAsset(ethTransfers(t => (lowerEq(t.to, linkedEth.address) && kimEth.has(t.from.toLowerCase())) || (lowerEq(t.from, linkedEth.address) && kimEth.has(t.to.toLowerCase()))));
    expect(amountsOf(capped.parties.find(p => p.partyId === KIM), 1)).toEqual(direct);
    expect(amountsOf(full.parties.find(p => p.partyId === KIM), 1)).toEqual(direct);
  });

  it('reads only the newest transfers of a start that is a hub, and says so', async () => {
    // With hubs lowered to 5 transfers, the linked deposit address (9 on Ethereum) is a hub start.
    const r = await exploreExposure(database.dataSource, search(linkedEth, 1), { hubTransfers: 5, startLegs: 2 });
    expect(r.truncated).toBe(true);
    expect(r.limits).toMatchObject({ startsCapped: 2, legsRead: 4, neighboursCapped: 0 });
    // Hop 1 covers the two newest transfers it received (all from KIM, Sang Man) and none older.
    const received = ethTransfers(t => lowerEq(t.to, linkedEth.address)).sort((a, b) => b.timestamp.localeCompare(a.timestamp) || b.id.localeCompare(a.id));
    expect(amountsOf(r.parties.find(p => p.partyId === KIM), 1)).toEqual(perAsset(received.slice(0, 2)));
  });

  it('never reads more than its budget, and counts what it left out', async () => {
    database.stats.reset();
    const r = await exploreExposure(database.dataSource, search(linkedEth, 3), { maxLegs: 3 });
    expect(database.stats.statements).toBe(1); // nothing is left for the next levels
    expect(r.truncated).toBe(true);
    // The upstream side read 3 of its 6 transfers; the downstream side was not read at all.
    expect(r.limits).toMatchObject({ legsRead: 3, startsCapped: 1, addressesNotExpanded: 1 + 2 });
    const wider = await exploreExposure(database.dataSource, search(customerEth, 3), { maxLegs: 12 });
    expect(wider.limits.legsRead).toBeLessThanOrEqual(12);
    expect(wider.truncated).toBe(true);
    expect(wider.limits.addressesNotExpanded + wider.limits.neighboursCapped).toBeGreaterThan(0);
  });

  it('names a listed start at 0 hops even when the budget ran out before its transfers', async () => {
    const starts = [linkedEth, { chain: Chain.ETHEREUM, address: KIM_ETH }].map(a => ({ chain: a.chain, address: stored(a).split(':')[1] }));
    const r = await exploreExposure(database.dataSource, { starts, hops: 2, direction: 'ANY', since: null, minAmount: null }, { maxLegs: 1 });
    expect(r.truncated).toBe(true);
    expect(r.limits.legsRead).toBe(1);
    expect(r.parties.find(p => p.partyId === KIM)).toMatchObject({ hops: 0, nearest: { chain: Chain.ETHEREUM, address: KIM_ETH } });
  });
});

describe('batching: a constant number of statements per batch, not per parent', () => {
  const accountQuery = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Account { id
    transfers(first: 10) { totalCount edges { node { amount } } } } } }`;

  async function statementsFor(s: DemoStory, accountCount: number): Promise<{ statements: number; data: any }> {
    await seedDemo(database.dataSource, { reset: true, story: s });
    const accounts = s.accounts.filter(a => a.linkedPartyIds.includes(KIM));
    expect(accounts).toHaveLength(accountCount);
    const r = accounts.map(a => ({ __typename: 'Account', id: a.id, depositAddresses: a.depositAddresses }));
    database.stats.reset();
    database.stats.keep = 20;
    const data = await ok(accountQuery, { r });
    const statements = database.stats.statements;
    database.stats.keep = 0;
    data._entities.forEach((e: any, i: number) => {
      expect(e.transfers.totalCount).toBe(expectedTransferIds(s, accounts[i].depositAddresses).length);
      expect(e.transfers.edges).toHaveLength(10);
    });
    return { statements, data };
  }

  it('Account.transfers costs the same for 1 and for 20 accounts', async () => {
    const one = await statementsFor(buildDemoStory({ kimAccounts: 1 }), 1);
    const twenty = await statementsFor(buildDemoStory({ kimAccounts: 20 }), 20);
    // eslint-disable-next-line no-console
    console.log(`Account.transfers statements: 1 account ${one.statements}, 20 accounts ${twenty.statements}`);
    expect(twenty.statements).toBe(one.statements);
    expect(one.statements).toBe(2); // one for all pages, one for all totals
  });

  it('Address.transfers and sanctionedEntities cost the same for 1 and for 20 addresses', async () => {
    const s = buildDemoStory({ kimAccounts: 20 });
    const all = s.accounts.flatMap(a => a.depositAddresses).slice(0, 20);
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Address { address sanctionedEntities { id }
      transfers(first: 10) { totalCount pageInfo { hasNextPage } edges { cursor node { amount from { address } to { address } } } } } } }`;
    const counts: number[] = [];
    for (const addresses of [all.slice(0, 1), all]) {
      database.stats.reset();
      const data = await ok(q, { r: addresses.map(a => ({ __typename: 'Address', ...a })) });
      counts.push(database.stats.statements);
      data._entities.forEach((e: any, i: number) => {
        expect(e.transfers.totalCount).toBe(expectedTransferIds(s, [addresses[i]]).length);
      });
    }
    // eslint-disable-next-line no-console
    console.log(`Address.transfers + sanctionedEntities statements: 1 address ${counts[0]}, 20 addresses ${counts[1]}`);
    expect(counts[1]).toBe(counts[0]);
    expect(counts[0]).toBe(3);
  });
});

describe('a page read from the legs alone', () => {
  it('shows every transfer as the transfer itself reads: to itself, between two addresses of the set, with nulls, filtered by direction', async () => {
    const a = '0x' + 'a1'.repeat(20);
    const b = '0x' + 'b2'.repeat(20);
    const c = '0x' + 'c3'.repeat(20);
    const t = (n: number, from: string, to: string, extra: Partial<NewTransfer> = {}): NewTransfer => ({
      id: `ethereum:0x${String(n).padStart(64, '0')}:${n}`,
      chain: Chain.ETHEREUM,
      txHash: `0x${String(n).padStart(64, '0')}`,
      logIndex: n,
      timestamp: `2021-06-0${n}T10:00:00.123456Z`,
      from,
      to,
      asset: 'USDT',
      amount: `${n}.50`,
      amountUsd: `${n * 2}.01`,
      ...extra,
    });
    await insertTransfers(database.dataSource, [
      t(1, a, c),
      t(2, a, a),
      t(3, a, b),
      t(4, c, b, { txHash: null, logIndex: null, amountUsd: null }),
      t(5, b, a, { amount: '0.000000000000000001' }),
    ]);
    const loader = createTransferPageLoader(database.dataSource);
    const page = async (addresses: string[], direction: 'IN' | 'OUT' | 'ANY') => {
      const set = addressSet(addresses.map(x => toStored(Chain.ETHEREUM, x)!));
      const p = await loader.load({ addresses: set, filter: { ...NO_FILTER, direction }, first: 10, after: null });
      return p.rows.map(({ k: _k, ...row }: any) => row);
    };
    // Each transfer as `transfer` holds it.
    const truth = async (ids: string[]) => {
      const rows = await database.dataSource.query(
        `SELECT id, chain, tx_hash AS "txHash", log_index AS "logIndex", to_char(block_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorTime",
                from_address AS "fromAddress", to_address AS "toAddress", asset, amount, amount_usd AS "amountUsd"
         FROM transfer WHERE id = ANY($1)`,
        [ids],
      );
      const byId = new Map(rows.map((r: { id: string }) => [r.id, r]));
      return ids.map(id => byId.get(id));
    };
    const ids = (rows: { id: string }[]) => rows.map(r => r.id);
    const n = (...ks: number[]) => ks.map(k => t(k, a, a).id);
    // Newest first; the transfer to itself and the one between a and b (both in the set) once each.
    const ab = await page([a, b], 'ANY');
    expect(ids(ab)).toEqual(n(5, 4, 3, 2, 1));
    expect(ab).toEqual(await truth(ids(ab)));
    const onlyA = await page([a], 'ANY');
    expect(ids(onlyA)).toEqual(n(5, 3, 2, 1));
    expect(onlyA).toEqual(await truth(ids(onlyA)));
    const inA = await page([a], 'IN');
    expect(ids(inA)).toEqual(n(5, 2));
    expect(inA).toEqual(await truth(ids(inA)));
    const outB = await page([b], 'OUT');
    expect(ids(outB)).toEqual(n(5));
    expect(outB).toEqual(await truth(ids(outB)));
  });
});
