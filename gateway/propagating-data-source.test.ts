import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { silentLogger } from '../common/logger';
import type { GatewayContext } from './context';
import { ExportReadAhead } from './export/read-ahead';
import { readRawPage } from './export/raw-page';
import { PropagatingDataSource } from './propagating-data-source';

/**
 * The data source against a real HTTP server that records what it receives and answers as told:
 * fetches of one step merged into one request, the answer cut back, the fallbacks when a merged
 * request fails, and each entity asked once.
 */

interface Received {
  readonly query: string;
  readonly variables: Record<string, unknown>;
  /** The `x-request-id` and `x-read-ahead` headers it came with. */
  readonly requestId?: string;
  readonly readAhead?: string;
}

let server: Server;
let url: string;
let received: Received[] = [];
let answer: (body: Received) => { status: number; json: unknown } = () => ({ status: 200, json: { data: {} } });

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', c => (text += c));
    req.on('end', () => {
      const body = JSON.parse(text) as Received;
      received.push({ ...body, requestId: req.headers['x-request-id'] as string | undefined, readAhead: req.headers['x-read-ahead'] as string | undefined });
      const { status, json } = answer(body);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  await new Promise(r => server.close(r));
});

beforeEach(() => {
  received = [];
});

const ENTITIES = (type: string) => `query Q__${type}($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${type} { name } } }`;

function context(): GatewayContext {
  return { requestId: 'req-1', principal: null, log: silentLogger, authorization: null };
}

function options(query: string, variables: Record<string, unknown>, ctx: GatewayContext): GraphQLDataSourceProcessOptions<GatewayContext> {
  return { kind: 'incoming operation', request: { query, variables }, context: ctx } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>;
}

/** Answers each `m<i>__entities` (or `_entities`) field with one `{ name }` per representation. */
function echoNames(body: Received): { status: number; json: unknown } {
  const data: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body.variables)) {
    const field = name === 'representations' ? '_entities' : name.replace(/representations$/, '_entities');
    data[field] = (value as { id: string }[]).map(r => ({ name: `name of ${r.id}` }));
  }
  return { status: 200, json: { data } };
}

test('fetches issued together for one request go as one merged request, and each gets its own answer', async () => {
  answer = echoNames;
  const source = new PropagatingDataSource('accounts', url);
  const ctx = context();
  const [a, b] = await Promise.all([
    source.process(options(ENTITIES('Account'), { representations: [{ __typename: 'Account', id: 'a1' }] }, ctx)),
    source.process(options(ENTITIES('Holder'), { representations: [{ __typename: 'Holder', id: 'h1' }, { __typename: 'Holder', id: 'h2' }] }, ctx)),
  ]);
  expect(received).toHaveLength(1);
  expect(received[0].query).toContain('m0__entities: _entities(representations: $m0_representations)');
  expect(a).toEqual({ data: { _entities: [{ name: 'name of a1' }] } });
  expect(b).toEqual({ data: { _entities: [{ name: 'name of h1' }, { name: 'name of h2' }] } });
  // Another request's fetches are never merged with these.
  received = [];
  await Promise.all([
    source.process(options(ENTITIES('Account'), { representations: [{ __typename: 'Account', id: 'a1' }] }, context())),
    source.process(options(ENTITIES('Account'), { representations: [{ __typename: 'Account', id: 'a2' }] }, context())),
  ]);
  expect(received).toHaveLength(2);
  source.close();
});

test('a merged request answered without data is asked again fetch by fetch, so that each keeps its own data and errors', async () => {
  answer = body => (Object.keys(body.variables).some(v => v.startsWith('m')) ? { status: 200, json: { data: null, errors: [{ message: 'root error' }] } } : echoNames(body));
  const source = new PropagatingDataSource('accounts', url);
  const ctx = context();
  const [a, b] = await Promise.all([
    source.process(options(ENTITIES('Account'), { representations: [{ __typename: 'Account', id: 'a1' }] }, ctx)),
    source.process(options(ENTITIES('Holder'), { representations: [{ __typename: 'Holder', id: 'h1' }] }, ctx)),
  ]);
  expect(received).toHaveLength(3);
  expect(a).toEqual({ data: { _entities: [{ name: 'name of a1' }] } });
  expect(b).toEqual({ data: { _entities: [{ name: 'name of h1' }] } });
  source.close();
});

test('a merged request that cannot reach the subgraph: each fetch gets coded errors at its own entities', async () => {
  const source = new PropagatingDataSource('accounts', 'http://127.0.0.1:9/graphql', undefined, { resilience: { retries: 0 } });
  const ctx = context();
  const [a, b] = await Promise.all([
    source.process(options(ENTITIES('Account'), { representations: [{ __typename: 'Account', id: 'a1' }] }, ctx)),
    source.process(options(ENTITIES('Holder'), { representations: [{ __typename: 'Holder', id: 'h1' }, { __typename: 'Holder', id: 'h2' }] }, ctx)),
  ]);
  const summary = (r: typeof a) => (r.errors ?? []).map(e => ({ path: e.path, code: e.extensions?.code, serviceName: e.extensions?.serviceName }));
  expect(summary(a)).toEqual([{ path: ['_entities', 0, 'name'], code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'accounts' }]);
  expect(summary(b)).toEqual([
    { path: ['_entities', 0, 'name'], code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'accounts' },
    { path: ['_entities', 1, 'name'], code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'accounts' },
  ]);
  source.close();
});

test('mutations are never merged: each goes alone', async () => {
  answer = body => ({ status: 200, json: { data: { done: body.query } } });
  const source = new PropagatingDataSource('cases', url);
  const ctx = context();
  await Promise.all([source.process(options('mutation A { a }', {}, ctx)), source.process(options('mutation B { b }', {}, ctx))]);
  expect(received.map(r => r.query).sort()).toEqual(['mutation A { a }', 'mutation B { b }']);
  source.close();
});

test('an entity that occurs several times is asked once, and every position gets the answer', async () => {
  answer = echoNames;
  const source = new PropagatingDataSource('accounts', url);
  const reps = [{ __typename: 'Account', id: 'a1' }, { __typename: 'Account', id: 'a2' }, { __typename: 'Account', id: 'a1' }];
  const r = await source.process(options(ENTITIES('Account'), { representations: reps }, context()));
  expect(received[0].variables.representations).toEqual([reps[0], reps[1]]);
  expect(r).toEqual({ data: { _entities: [{ name: 'name of a1' }, { name: 'name of a2' }, { name: 'name of a1' }] } });
  source.close();
});

describe('export pages (read-ahead)', () => {
  const PAGES = 'query P($a: String!, $after: String) { transfers(a: $a, first: 1, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id } } } }';
  /** Page n of 3 of a connection whose cursors are c1, c2, c3. */
  const pageOf = (body: Received) => {
    const n = body.variables.after === null ? 1 : Number(String(body.variables.after).slice(1)) + 1;
    return { status: 200, json: { data: { transfers: { pageInfo: { hasNextPage: n < 3, endCursor: `c${n}` }, edges: [{ node: { id: `t${n}` } }] } } } };
  };
  const exportOf = () => {
    const pages: ExportReadAhead = new ExportReadAhead(n => ({ ...context(), requestId: `export.${n}`, readAhead: pages.slot(n) }));
    return pages;
  };
  const until = async (done: () => boolean) => {
    for (let i = 0; i < 200 && !done(); i++) {
      await new Promise(r => setTimeout(r, 5));
    }
  };
  const idOf = (r: { data?: Record<string, unknown> | null }) => (r.data as { transfers: { edges: { node: { id: string } }[] } }).transfers.edges[0].node.id;

  test('the next page is asked as soon as a page is answered, and the request for it takes that answer', async () => {
    answer = pageOf;
    const source = new PropagatingDataSource('chain', url);
    const pages = exportOf();
    expect(idOf(await source.process(options(PAGES, { a: '0xa', after: null }, pages.contextOf(1))))).toBe('t1');
    await until(() => received.length === 2);
    // Page 2 went out with its own request id, marked as an export page, before anyone asked for it.
    expect(received.map(r => [r.variables.after, r.requestId, r.readAhead])).toEqual([
      [null, 'export.1', '1'],
      ['c1', 'export.2', '1'],
    ]);
    expect(idOf(await source.process(options(PAGES, { a: '0xa', after: 'c1' }, pages.contextOf(2))))).toBe('t2');
    await until(() => received.length === 3);
    expect(idOf(await source.process(options(PAGES, { a: '0xa', after: 'c2' }, pages.contextOf(3))))).toBe('t3');
    await new Promise(r => setTimeout(r, 20));
    // Three pages, three requests: none sent twice, nothing asked after the last page.
    expect(received.map(r => r.variables.after)).toEqual([null, 'c1', 'c2']);
    expect(pages.hits).toBe(2);
    expect(pages.misses).toBe(0);
    source.close();
  });

  test('a request other than the one sent early is sent as usual, and the early answer is dropped', async () => {
    answer = pageOf;
    const source = new PropagatingDataSource('chain', url);
    const pages = exportOf();
    await source.process(options(PAGES, { a: '0xa', after: null }, pages.contextOf(1)));
    await until(() => received.length === 2);
    // Another address: not the request sent early.
    const other = await source.process(options(PAGES, { a: '0xb', after: 'c1' }, pages.contextOf(2)));
    expect(idOf(other)).toBe('t2');
    expect(received.map(r => [r.variables.a, r.variables.after])).toEqual([
      ['0xa', null],
      ['0xa', 'c1'],
      ['0xb', 'c1'],
    ]);
    expect(pages.misses).toBe(1);
    // Page 3 of 0xb was asked ahead in turn; let it land before the next test counts requests.
    await until(() => received.length === 4);
    expect(received[3].variables).toEqual({ a: '0xb', after: 'c2' });
    pages.close();
    source.close();
  });

  test('without an export, or for a mutation, nothing is asked ahead', async () => {
    answer = pageOf;
    const source = new PropagatingDataSource('chain', url);
    await source.process(options(PAGES, { a: '0xa', after: null }, context()));
    const pages = exportOf();
    answer = () => ({ status: 200, json: { data: { transfers: { pageInfo: { hasNextPage: true, endCursor: 'c1' } } } } });
    await source.process(options('mutation M($after: String) { transfers(after: $after) { pageInfo { hasNextPage endCursor } } }', { after: null }, pages.contextOf(1)));
    await new Promise(r => setTimeout(r, 20));
    expect(received).toHaveLength(2);
    expect(received[0].readAhead).toBeUndefined();
    source.close();
  });

  test('records the first page\'s fetch, then sends pages straight, read raw, each taking the one read ahead', async () => {
    answer = pageOf;
    const source = new PropagatingDataSource('chain', url);
    const pages = exportOf();
    const reader = (text: string) => readRawPage(text, ['transfers'], 'edges');
    // This test's requests only (its address): a late request of an earlier test, still being
    // read by the server on a loaded machine, is not one of them.
    const mine = () => received.filter(r => r.variables.a === '0xd');
    await source.process(options(PAGES, { a: '0xd', after: null }, pages.contextOf(1)));
    // What the export needs to send the next pages itself: the request exactly as sent, and the answer's text.
    expect(pages.takeFirstPage()).toEqual([
      {
        service: 'chain',
        source,
        request: { query: PAGES, variables: { a: '0xd', after: null } },
        text: JSON.stringify(pageOf(mine()[0]).json),
        clean: true,
      },
    ]);
    await until(() => mine().length === 2);
    // Page 2 was asked ahead by the ordinary path (parsed); sent straight, it is read raw all the same.
    const two = await source.exportPage({ query: PAGES, variables: { a: '0xd', after: 'c1' } }, pages.contextOf(2), reader);
    expect(two).toEqual({ page: { rows: ['{"id":"t2"}'], hasNextPage: true, endCursor: 'c2' } });
    await until(() => mine().length === 3);
    // Page 3 was asked ahead from the raw page's cursor, with page 3's request id.
    expect(mine().map(r => [r.variables.after, r.requestId])).toEqual([
      [null, 'export.1'],
      ['c1', 'export.2'],
      ['c2', 'export.3'],
    ]);
    // A page read ahead raw, taken by the ordinary path, is parsed for it.
    expect(idOf(await source.process(options(PAGES, { a: '0xd', after: 'c2' }, pages.contextOf(3))))).toBe('t3');
    await new Promise(r => setTimeout(r, 20));
    expect(mine()).toHaveLength(3);
    expect(pages.hits).toBe(2);
    source.close();
  });

  test('a page sent straight whose answer is not a clean page comes back as the answer, or as coded errors', async () => {
    answer = () => ({ status: 200, json: { data: { transfers: null }, errors: [{ message: 'forbidden', extensions: { code: 'FORBIDDEN' } }] } });
    const source = new PropagatingDataSource('chain', url, undefined, { resilience: { retries: 0 } });
    const pages = exportOf();
    const reader = (text: string) => readRawPage(text, ['transfers'], 'edges');
    expect(await source.exportPage({ query: PAGES, variables: { a: '0xa', after: 'c1' } }, pages.contextOf(2), reader)).toEqual({
      response: { data: { transfers: null }, errors: [{ message: 'forbidden', extensions: { code: 'FORBIDDEN' } }] },
    });
    answer = () => ({ status: 503, json: {} });
    const failed = await source.exportPage({ query: PAGES, variables: { a: '0xa', after: 'c1' } }, pages.contextOf(2), reader);
    expect('response' in failed && failed.response.errors?.[0]?.extensions).toMatchObject({ code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'chain', reason: 'UNAVAILABLE' });
    pages.close();
    source.close();
  });

  test('an early request that fails is asked again when the gateway asks for the page', async () => {
    let failed = false;
    // The first request for page 2 (the early one) fails; every other request is answered.
    answer = body => {
      if (body.variables.after === 'c1' && !failed) {
        failed = true;
        return { status: 503, json: { errors: [{ message: 'busy' }] } };
      }
      return pageOf(body);
    };
    const source = new PropagatingDataSource('chain', url, undefined, { resilience: { retries: 0 } });
    const pages = exportOf();
    await source.process(options(PAGES, { a: '0xa', after: null }, pages.contextOf(1)));
    await until(() => received.length === 2);
    expect(idOf(await source.process(options(PAGES, { a: '0xa', after: 'c1' }, pages.contextOf(2))))).toBe('t2');
    expect(received.map(r => r.variables.after).slice(0, 3)).toEqual([null, 'c1', 'c1']);
    await until(() => received.length === 4);
    pages.close();
    source.close();
  });
});
