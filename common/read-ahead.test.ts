import { ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Identity } from './identity/roles';
import { silentLogger } from './logger';
import type { SubgraphRequest } from './next-page';
import { exportPageResults, SubgraphReadAhead } from './read-ahead';
import type { BaseRequestContext } from './request-context';

/**
 * The read-ahead against a real Apollo Server over a connection of 5 items in pages of 2: which
 * answers are computed ahead, for whom, and when one is handed out.
 */

const typeDefs = `
  type Query { items(first: Int!, after: String): ItemConnection! }
  type ItemConnection { pageInfo: PageInfo! edges: [ItemEdge!]! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type ItemEdge { node: Item! }
  type Item { id: ID! seenBy: String! }
`;

/** Executions per `after`, to tell an answer computed ahead from one computed on demand. */
let executions: (string | null)[] = [];
let failAfter: string | null = null;

const resolvers = {
  Query: {
    items: (_: unknown, args: { first: number; after?: string | null }, ctx: BaseRequestContext) => {
      executions.push(args.after ?? null);
      if (failAfter !== null && args.after === failAfter) {
        throw new GraphQLError('failed on purpose', { extensions: { code: 'TEST' } });
      }
      const start = args.after ? Number(args.after.slice(1)) : 0;
      const ids = [1, 2, 3, 4, 5].slice(start, start + args.first);
      const end = start + ids.length;
      return {
        pageInfo: { hasNextPage: end < 5, endCursor: ids.length ? `c${end}` : null },
        edges: ids.map(i => ({ node: { id: `i${i}`, seenBy: ctx.identity?.sub ?? 'nobody' } })),
      };
    },
  },
};

const QUERY = 'query P($after: String) { items(first: 2, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id seenBy } } } }';

let apollo: ApolloServer<BaseRequestContext>;
beforeAll(async () => {
  apollo = new ApolloServer<BaseRequestContext>({ typeDefs, resolvers, plugins: [exportPageResults()] });
  await apollo.start();
});
afterAll(async () => {
  await apollo.stop();
});
beforeEach(() => {
  executions = [];
  failAfter = null;
});

const partner: Identity = { sub: 'partner-1', role: 'partner', scopes: [], via: 'api-key', authenticated: true };
const analyst: Identity = { sub: 'analyst-1', role: 'analyst', scopes: ['read:pii', 'read:notes'], via: 'jwt', authenticated: true };

function context(identity: Identity, requestId: string): BaseRequestContext {
  return { requestId, principal: identity.sub, log: silentLogger, identity, exportPage: {} };
}

function request(after: string | null): HTTPGraphQLRequest & { body: SubgraphRequest } {
  const headers = new HeaderMap([['content-type', 'application/json']]);
  return { method: 'POST', headers, search: '', body: { query: QUERY, variables: { after } } };
}

async function page(readAhead: SubgraphReadAhead<BaseRequestContext>, identity: Identity, after: string | null) {
  const response = await readAhead.execute(request(after), context(identity, `r-${after}`));
  expect(response.body.kind).toBe('complete');
  return JSON.parse((response.body as { string: string }).string);
}

const settle = () => new Promise(r => setTimeout(r, 20));

test('each page after the first is computed ahead, once, and handed to the request for exactly it', async () => {
  const readAhead = new SubgraphReadAhead(apollo, base => base);
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const body = await page(readAhead, partner, after);
    ids.push(...body.data.items.edges.map((e: { node: { id: string } }) => e.node.id));
    await settle();
    if (!body.data.items.pageInfo.hasNextPage) {
      break;
    }
    after = body.data.items.pageInfo.endCursor;
  }
  expect(ids).toEqual(['i1', 'i2', 'i3', 'i4', 'i5']);
  // Every page executed once: the first on demand, the others ahead; nothing after the last.
  expect(executions).toEqual([null, 'c2', 'c4']);
  expect(readAhead.hits).toBe(2);
  expect(readAhead.dropped).toBe(0);
});

test('an answer computed for one identity is never handed to another', async () => {
  const readAhead = new SubgraphReadAhead(apollo, base => base);
  await page(readAhead, partner, null);
  await settle();
  const second = await page(readAhead, analyst, 'c2');
  expect(readAhead.hits).toBe(0);
  expect(second.data.items.edges[0].node).toEqual({ id: 'i3', seenBy: 'analyst-1' });
  // Page 2 was computed twice: ahead for the partner, then for the analyst who asked.
  expect(executions.filter(a => a === 'c2')).toHaveLength(2);
});

test('a request other than the next pages, or a page asked too late, is executed afresh', async () => {
  const readAhead = new SubgraphReadAhead(apollo, base => base, 16, 30);
  await page(readAhead, partner, null);
  await settle();
  // Pages after c2 and c4 were computed ahead; a page after c1 was not.
  await page(readAhead, partner, 'c1');
  expect(readAhead.hits).toBe(0);
  await new Promise(r => setTimeout(r, 60));
  await page(readAhead, partner, 'c2');
  expect(readAhead.hits).toBe(0);
  expect(readAhead.dropped).toBe(1);
});

test('an answer with errors is not kept: the page is executed again when asked for', async () => {
  const readAhead = new SubgraphReadAhead(apollo, base => base);
  failAfter = 'c2';
  await page(readAhead, partner, null);
  await settle();
  failAfter = null;
  const second = await page(readAhead, partner, 'c2');
  expect(second.errors).toBeUndefined();
  expect(second.data.items.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(['i3', 'i4']);
  expect(readAhead.hits).toBe(0);
  await settle();
  expect(executions).toEqual([null, 'c2', 'c2', 'c4']);
});

test('two pages are computed ahead, each as soon as the one before; at most maxPages kept, the oldest go first', async () => {
  const readAhead = new SubgraphReadAhead(apollo, base => base, 1);
  await page(readAhead, partner, null);
  await settle();
  // Pages 2 and 3 computed before anyone asked; with room for one answer, page 3's pushed page 2's out.
  expect(executions).toEqual([null, 'c2', 'c4']);
  expect(readAhead.dropped).toBe(1);
  await page(readAhead, partner, 'c2');
  expect(readAhead.hits).toBe(0);
  await page(readAhead, partner, 'c4');
  expect(readAhead.hits).toBe(1);
  // Page 2 was executed again on demand, page 3 never again.
  expect(executions).toEqual([null, 'c2', 'c4', 'c2']);
  readAhead.clear();
});
