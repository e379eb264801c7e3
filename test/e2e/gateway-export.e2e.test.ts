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
    const route = exportRoute({ apollo: apollo as never, context: async () => ({ requestId: 'r', principal: 'p', log: silentLogger, authorization: null }), log: silentLogger });
    const server: Server = createServer((req, res) => void route(req, res));
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/export`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: QUERY, variables: { id: 'x' }, connection: 'account.transfers' }),
      });
      expect(res.status).toBe(200);
      const records = ndjson(await res.text());
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
    } finally {
      await new Promise(r => server.close(r));
    }
  });
});
