import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportCommand } from '../../cli/export';
import type { AddressInfo } from 'node:net';
import { buildDemoStory } from '../../common/demo/story';
import { silentLogger } from '../../common/logger';
import { createApiKey, safelistEntry } from '../../gateway/auth/api-keys';
import { exportRoute } from '../../gateway/export/route';
import { transfersOf } from '../helpers/flagship';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let exportUrl: string;
beforeAll(async () => {
  stack = await startStack({ auth: { anonymousRole: null, identityCheck: true } });
  exportUrl = new URL('/export', stack.url).toString();
});
afterAll(async () => {
  await stack?.stop();
});

const story = buildDemoStory();
const account = story.accounts.find(a => a.linkedPartyIds.includes('ofac-sdn:43377'))!;
const expected = transfersOf(story, account.depositAddresses);
const holderNames = story.accounts.map(a => a.holder.name);

const QUERY = `query AccountTransfers($id: ID!, $after: String) {
  account(id: $id) {
    transfers(first: 3, after: $after) {
      edges { node { id txHash amount asset to { address account { id holder { name } } } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

async function post(body: Record<string, unknown>, headers: Record<string, string>) {
  const res = await fetch(exportUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}
const bearer = (role: Parameters<Stack['token']>[0]) => ({ authorization: `Bearer ${stack.token(role)}` });
const ndjson = (text: string) => text.trimEnd().split('\n').map(l => JSON.parse(l) as Record<string, any>);
const rowsOf = (records: Record<string, any>[]) => records.filter(r => !('@export' in r));
const marks = (records: Record<string, any>[], kind: string) => records.filter(r => r['@export'] === kind);

describe('POST /export', () => {
  it('exports every transfer of an account once, in pages of 3, with provenance, cursors and an end record (NDJSON)', async () => {
    expect(expected.length).toBeGreaterThan(6);
    stack.resetCounters();
    const chainHits = stack.subgraphs.chain.readAhead!.hits;
    const res = await post({ query: QUERY, variables: { id: account.id }, connection: 'account.transfers', format: 'ndjson' }, bearer('analyst'));
    expect(res.status).toBe(200);
    expect(res.type).toContain('application/x-ndjson');
    const records = ndjson(res.text);
    const [provenance] = records;
    expect(provenance).toMatchObject({ '@export': 'provenance', operation: 'AccountTransfers', connection: 'account.transfers', principal: 'analyst@test.example', role: 'analyst', withheld: [] });
    expect(Date.parse(provenance.generatedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(provenance.publications.length).toBeGreaterThan(0);
    expect(provenance.publications[0]).toEqual({ id: expect.any(String), list: expect.any(String), publishedOn: expect.any(String), files: expect.arrayContaining([{ sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]) });
    const rows = rowsOf(records);
    expect(rows.map(r => r.txHash)).toEqual(expected.map(t => t.txHash));
    expect(new Set(rows.map(r => r.id)).size).toBe(rows.length);
    expect(marks(records, 'cursor').map(c => c.rows)).toEqual(Array.from({ length: Math.ceil(expected.length / 3) }, (_, i) => Math.min(3 * (i + 1), expected.length)));
    expect(records.at(-1)).toEqual({ '@export': 'end', rows: expected.length, pages: Math.ceil(expected.length / 3) });
    // The chain subgraph is asked for each page once: a page read ahead (gateway/export/read-ahead.ts)
    // is the request the gateway would have sent, never an extra one; nothing is asked after the last.
    expect(stack.fetches.chain).toBe(Math.ceil(expected.length / 3));
    // And the chain subgraph answered every page after the first from the answer it had computed
    // ahead (common/read-ahead.ts).
    expect(stack.subgraphs.chain.readAhead!.hits - chainHits).toBe(Math.ceil(expected.length / 3) - 1);
    // An analyst sees the holders' names.
    expect(rows.some(r => typeof r.to.account?.holder?.name === 'string')).toBe(true);
  });

  it('resumes after a cursor: the rows after it, none twice', async () => {
    const full = ndjson((await post({ query: QUERY, variables: { id: account.id }, connection: 'account.transfers' }, bearer('analyst'))).text);
    const second = marks(full, 'cursor')[1];
    const resumed = ndjson((await post({ query: QUERY, variables: { id: account.id }, connection: 'account.transfers', after: second.after }, bearer('analyst'))).text);
    expect(resumed[0]).toMatchObject({ '@export': 'provenance', after: second.after });
    expect(rowsOf(resumed).map(r => r.id)).toEqual(expected.slice(6).map(t => t.id));
    expect(resumed.at(-1)).toMatchObject({ '@export': 'end', rows: expected.length - 6 });
  });

  it('exports CSV: a provenance comment, a header of flattened columns, one record per transfer', async () => {
    const res = await post({ query: QUERY, variables: { id: account.id }, connection: 'account.transfers', format: 'csv' }, bearer('analyst'));
    expect(res.type).toContain('text/csv');
    const lines = res.text.split('\r\n').filter(l => l !== '');
    expect(lines[0]).toMatch(/^# @export \{"@export":"provenance","operation":"AccountTransfers"/);
    expect(lines[1]).toBe('id,txHash,amount,asset,to.address,to.account.id,to.account.holder.name');
    const records = lines.slice(2).filter(l => !l.startsWith('#'));
    expect(records.map(l => l.split(',')[1])).toEqual(expected.map(t => t.txHash));
    expect(lines.filter(l => l.startsWith('# @export {"@export":"cursor"')).length).toBe(Math.ceil(expected.length / 3));
    expect(lines.at(-1)).toBe(`# @export {"@export":"end","rows":${expected.length},"pages":${Math.ceil(expected.length / 3)}}`);
  });

  it('never sends a partner personal data: holder is null in every row and withheld in the provenance', async () => {
    const { key } = createApiKey(stack.auth.apiKeysPath, { name: 'acme-exports', role: 'partner', scopes: [], operations: ['AccountTransfers'] });
    for (const format of ['ndjson', 'csv'] as const) {
      const res = await post({ query: QUERY, variables: { id: account.id }, connection: 'account.transfers', format }, { 'x-api-key': key });
      expect(res.status).toBe(200);
      for (const name of holderNames) {
        expect(res.text).not.toContain(name);
      }
      if (format === 'ndjson') {
        const records = ndjson(res.text);
        expect(records[0]).toMatchObject({ principal: 'api-key:acme-exports', partner: 'acme-exports', via: 'api-key', role: 'partner', withheld: ['Account.holder'] });
        const rows = rowsOf(records);
        expect(rows).toHaveLength(expected.length);
        for (const r of rows) {
          expect(r.to.account === null || r.to.account.holder === null).toBe(true);
        }
      }
    }
    // The key's safelist holds for exports as for queries.
    const other = await post({ query: QUERY.replace('AccountTransfers', 'Other'), variables: { id: account.id }, connection: 'account.transfers' }, { 'x-api-key': key });
    expect(other.status).toBe(403);
    expect(JSON.parse(other.text).errors[0].extensions.code).toBe('OPERATION_NOT_ALLOWED');
  });

  it('holds a safelist pinned by text: the listed document streams, the same name with another text is refused before any subgraph is called', async () => {
    const { key } = createApiKey(stack.auth.apiKeysPath, { name: 'acme-pinned', role: 'partner', scopes: [], operations: [safelistEntry(QUERY)] });
    const ok = await post({ query: QUERY, variables: { id: account.id }, connection: 'account.transfers' }, { 'x-api-key': key });
    expect(ok.status).toBe(200);
    expect(ndjson(ok.text).at(-1)).toEqual({ '@export': 'end', rows: expected.length, pages: Math.ceil(expected.length / 3) });
    stack.resetCounters();
    // The partner adds the holder's date of birth to the listed operation's text.
    const altered = QUERY.replace('holder { name }', 'holder { name dateOfBirth }');
    expect(altered).not.toBe(QUERY);
    const refused = await post({ query: altered, variables: { id: account.id }, connection: 'account.transfers' }, { 'x-api-key': key });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text).errors[0].extensions).toMatchObject({ code: 'OPERATION_NOT_ALLOWED', reason: 'OPERATION_TEXT_NOT_LISTED', operationName: 'AccountTransfers' });
    expect(stack.fetches).toEqual({});
  });

  it('counts a page against the cost budget once: 500 transfers a page (the chain subgraph\'s largest) pass the default budget', async () => {
    const res = await post({ query: QUERY.replace('first: 3', 'first: 500'), variables: { id: account.id }, connection: 'account.transfers' }, bearer('analyst'));
    expect(res.status).toBe(200);
    expect(ndjson(res.text).at(-1)).toEqual({ '@export': 'end', rows: expected.length, pages: 1 });
  });

  it('refuses before streaming with coded errors: no credential, bad body, no $after, over the cost budget', async () => {
    const none = await post({ query: QUERY, variables: { id: account.id }, connection: 'account.transfers' }, {});
    expect([none.status, JSON.parse(none.text).errors[0].extensions]).toEqual([401, expect.objectContaining({ code: 'UNAUTHENTICATED', reason: 'CREDENTIAL_MISSING' })]);
    const cases: [Record<string, unknown>, string][] = [
      [{ query: QUERY, connection: 'account.transfers', format: 'xml' }, 'format'],
      [{ query: QUERY, connection: 'account.nope' }, 'connection'],
      [{ query: QUERY.replace(', $after: String', '').replace('after: $after', ''), connection: 'account.transfers' }, 'query'],
    ];
    for (const [body, field] of cases) {
      const res = await post(body, bearer('analyst'));
      expect([res.status, JSON.parse(res.text).errors[0].extensions]).toEqual([400, expect.objectContaining({ code: 'BAD_USER_INPUT', field })]);
    }
    const costly = await post({ query: QUERY.replace('first: 3', 'first: 100000'), variables: { id: account.id }, connection: 'account.transfers' }, bearer('analyst'));
    expect([costly.status, JSON.parse(costly.text).errors[0].extensions.code]).toEqual([400, 'OPERATION_TOO_COSTLY']);
  });
});

describe('npm run cli -- export', () => {
  it('writes the whole export to a file and exits 0', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-export-'));
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      writeFileSync(path.join(dir, 'q.graphql'), QUERY);
      const args = ['--query-file', path.join(dir, 'q.graphql'), '--connection', 'account.transfers', '--format', 'csv', '--out', path.join(dir, 'out.csv')];
      const code = await exportCommand([...args, '--url', stack.url, '--token', stack.token('partner'), '--variables', JSON.stringify({ id: account.id })]);
      expect(code).toBe(0);
      const lines = readFileSync(path.join(dir, 'out.csv'), 'utf8').split('\r\n').filter(l => l !== '' && !l.startsWith('#'));
      expect(lines).toHaveLength(expected.length + 1);
      expect(await exportCommand([...args, '--url', stack.url])).toBe(1);
    } finally {
      stderr.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** The gateway's count of export pages by path (GET /metrics). */
async function exportPages(): Promise<{ direct: number; gateway: number }> {
  const text = await (await fetch(new URL('/metrics', stack.url))).text();
  const count = (path: string) => Number(new RegExp(`^export_pages_total\\{[^}]*path="${path}"[^}]*\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { direct: count('direct'), gateway: count('gateway') };
}

describe('POST /export, pages passed through', () => {
  // Every field of this operation is the chain subgraph's: one fetch per page, the caller's own
  // selection, so the pages after the first pass straight through (gateway/export/route.ts).
  const ADDRESS_QUERY = `query AddressTransfers($chain: Chain!, $address: String!, $after: String) {
  address(chain: $chain, address: $address) {
    transfers(first: 3, after: $after) {
      edges { node { id txHash timestamp amount asset amountUsd logIndex from { address } to { address } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;
  const busiest = account.depositAddresses
    .map(a => ({ ...a, n: transfersOf(story, [a]).length }))
    .sort((a, b) => b.n - a.n)[0];
  const variables = { chain: busiest.chain, address: busiest.address };

  it('gives, byte for byte, the rows the gateway answers page by page, with every page after the first passed through', async () => {
    expect(busiest.n).toBeGreaterThan(6);
    const pages = Math.ceil(busiest.n / 3);
    // What the gateway answers at /graphql, page after page: each node as JSON.stringify writes it.
    const lines: string[] = [];
    let after: string | null = null;
    do {
      const r = await stack.query(ADDRESS_QUERY, { ...variables, after }, { authorization: `Bearer ${stack.token('analyst')}` });
      expect(r.body.errors).toBeUndefined();
      const conn = r.body.data.address.transfers;
      lines.push(...conn.edges.map((e: { node: unknown }) => JSON.stringify(e.node)));
      after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null;
    } while (after);
    expect(lines).toHaveLength(busiest.n);

    stack.resetCounters();
    const before = await exportPages();
    const chainHits = stack.subgraphs.chain.readAhead!.hits;
    const res = await post({ query: ADDRESS_QUERY, variables, connection: 'address.transfers' }, bearer('analyst'));
    expect(res.status).toBe(200);
    const exported = res.text.trimEnd().split('\n').filter(l => !l.startsWith('{"@export"'));
    expect(exported).toEqual(lines);
    expect(ndjson(res.text).at(-1)).toEqual({ '@export': 'end', rows: busiest.n, pages });
    const after2 = await exportPages();
    expect(after2.direct - before.direct).toBe(pages - 1);
    // The first page went through the gateway's execution.
    expect(after2.gateway - before.gateway).toBe(1);
    // Still one request to the chain subgraph per page, and every page after the first answered
    // from the chain subgraph's read-ahead: a page sent straight is the very request it expected.
    expect(stack.fetches.chain).toBe(pages);
    expect(stack.subgraphs.chain.readAhead!.hits - chainHits).toBe(pages - 1);
  });

  it('writes CSV from pages passed through exactly as from pages executed', async () => {
    const res = await post({ query: ADDRESS_QUERY, variables, connection: 'address.transfers', format: 'csv' }, bearer('analyst'));
    expect(res.status).toBe(200);
    const records = res.text.split('\r\n').filter(l => l !== '' && !l.startsWith('#'));
    const [header, ...rows] = records;
    expect(header).toBe('id,txHash,timestamp,amount,asset,amountUsd,logIndex,from.address,to.address');
    const expected = transfersOf(story, [busiest]);
    expect(rows.map(r => r.split(',')[0])).toEqual(expected.map(t => t.id));
  });

  it('goes through the gateway for every page when the operation needs more than one subgraph', async () => {
    const before = await exportPages();
    const res = await post({ query: QUERY, variables: { id: account.id }, connection: 'account.transfers' }, bearer('analyst'));
    expect(res.status).toBe(200);
    const after2 = await exportPages();
    expect(after2.direct - before.direct).toBe(0);
    expect(after2.gateway - before.gateway).toBe(Math.ceil(expected.length / 3));
  });
});

describe('an export that fails mid-stream', () => {
  it('ends with a coded error record carrying the last cursor to resume from', async () => {
    // A gateway stand-in whose second page fails: deterministic, unlike stopping a subgraph.
    let calls = 0;
    const apollo = {
      executeOperation: async (req: { operationName?: string; variables?: { after?: string | null } }) => {
        if (req.operationName === 'ExportProvenance') {
          return { http: { status: 200 }, body: { kind: 'single', singleResult: { data: { listPublications: [] } } } };
        }
        calls++;
        if (req.variables?.after === 'c1') {
          return { http: { status: 200 }, body: { kind: 'single', singleResult: { data: { account: null }, errors: [{ message: 'The chain subgraph did not answer', extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'chain' } }] } } };
        }
        const edges = [{ node: { id: 'a' } }, { node: { id: 'b' } }];
        return { http: { status: 200 }, body: { kind: 'single', singleResult: { data: { account: { transfers: { edges, pageInfo: { hasNextPage: true, endCursor: 'c1' } } } } } } };
      },
    };
    const res = await exportThrough(apollo);
    expect(res.status).toBe(200);
    const records = ndjson(res.text);
    expect(rowsOf(records)).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(records.at(-1)).toEqual({
      '@export': 'error',
      code: 'DOWNSTREAM_SERVICE_ERROR',
      message: 'The chain subgraph did not answer',
      serviceName: 'chain',
      rows: 2,
      after: 'c1',
    });
    expect(calls).toBe(2);
  });
});

/** POST /export of QUERY to a route over a gateway stand-in, on a server of its own. */
async function exportThrough(apollo: object): Promise<{ status: number; text: string }> {
  const route = exportRoute({ apollo: apollo as never, context: async () => ({ requestId: 'r', principal: 'p', log: silentLogger, authorization: null }), log: silentLogger });
  const server: Server = createServer((req, res) => void route(req, res));
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY, variables: { id: 'x' }, connection: 'account.transfers' }),
    });
    return { status: res.status, text: await res.text() };
  } finally {
    await new Promise(r => server.close(r));
  }
}

describe('pages passed through, against a gateway stand-in', () => {
  const SUBGRAPH_QUERY = 'query AccountTransfers__chain__0($id:ID!$after:String){account(id:$id){transfers(first:3 after:$after){edges{node{id txHash amount asset to{address account{id holder{name}}}}}pageInfo{hasNextPage endCursor}}}}';
  const answer = (ids: string[], next: string | null) => ({
    data: { account: { transfers: { edges: ids.map(id => ({ node: { id } })), pageInfo: { hasNextPage: next !== null, endCursor: next ?? ids.at(-1) } } } },
  });

  /**
   * A stand-in gateway whose page fetches record, as the data source does, one fetch of the first
   * page to a stand-in subgraph source: `text` is what that subgraph answered.
   */
  async function run(text: (data: unknown) => string, pagesOfSource: (after: string) => object) {
    const gatewayPages: (string | null)[] = [];
    const sourcePages: string[] = [];
    const source = {
      exportPage: async (request: { variables: { after: string } }, context: { requestId: string }) => {
        sourcePages.push(`${context.requestId}:${request.variables.after}`);
        return pagesOfSource(request.variables.after);
      },
    };
    const apollo = {
      executeOperation: async (req: { operationName?: string; variables?: { after?: string | null } }, { contextValue }: { contextValue: any }) => {
        if (req.operationName === 'ExportProvenance') {
          return { http: { status: 200 }, body: { kind: 'single', singleResult: { data: { listPublications: [] } } } };
        }
        const after = req.variables?.after ?? null;
        gatewayPages.push(after);
        if (after === null) {
          const first = answer(['a', 'b'], 'c1');
          contextValue.readAhead.pages.record({ service: 'chain', source, request: { query: SUBGRAPH_QUERY, variables: { id: 'x', after: null } }, text: text(first), clean: true });
          return { http: { status: 200 }, body: { kind: 'single', singleResult: first } };
        }
        return { http: { status: 200 }, body: { kind: 'single', singleResult: { data: { account: null }, errors: [{ message: 'The chain subgraph did not answer', extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'chain' } }] } } };
      },
    };
    const res = await exportThrough(apollo);
    return { records: ndjson(res.text), gatewayPages, sourcePages };
  }

  it('passes pages through until one is not clean, then fetches that page through the gateway and stops there with its error', async () => {
    const { records, gatewayPages, sourcePages } = await run(
      data => JSON.stringify(data),
      after => (after === 'c1' ? { page: { rows: ['{"id":"c"}', '{"id":"d"}'], hasNextPage: true, endCursor: 'c2' } } : { response: { errors: [{ message: 'no' }] } }),
    );
    expect(rowsOf(records)).toEqual([{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }]);
    // Pages 2 and 3 went to the subgraph source, each with its own request id; page 3 was then
    // fetched again through the gateway, whose error ends the export at page 2's cursor.
    expect(sourcePages).toEqual(['r.2:c1', 'r.3:c2']);
    expect(gatewayPages).toEqual([null, 'c2']);
    expect(records.at(-1)).toMatchObject({ '@export': 'error', code: 'DOWNSTREAM_SERVICE_ERROR', rows: 4, after: 'c2' });
  });

  it('passes nothing through when the subgraph text does not give the rows the gateway gave', async () => {
    const { records, gatewayPages, sourcePages } = await run(
      // The subgraph's answer names its fields in another order than the operation.
      () => '{"data":{"account":{"transfers":{"pageInfo":{"hasNextPage":true,"endCursor":"c1"},"edges":[{"node":{"id":"a","x":1}},{"node":{"id":"b"}}]}}}}',
      () => {
        throw new Error('not to be called');
      },
    );
    expect(sourcePages).toEqual([]);
    expect(gatewayPages).toEqual([null, 'c1']);
    expect(rowsOf(records)).toEqual([{ id: 'a' }, { id: 'b' }]);
  });
});
