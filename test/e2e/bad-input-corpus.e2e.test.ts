import { FLAGSHIP } from '../helpers/flagship';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Hundreds of bad requests, hand-written and generated, against the gateway of the in-process
 * stack: malformed GraphQL, deep nesting, alias and fragment bombs, wrongly typed and huge
 * variables, invalid ids and addresses, injection strings in every string argument, oversized
 * bodies and wrong content types. None may crash a process or get a 5xx; every error is coded.
 */

interface BadRequest {
  readonly kind: string;
  readonly method?: 'GET' | 'POST';
  readonly contentType?: string | null;
  /** A raw body; else `{ query, variables }` as JSON. */
  readonly raw?: string;
  readonly query?: unknown;
  readonly variables?: unknown;
  readonly search?: string;
}

const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE party; --",
  '" OR ""="',
  '1; SELECT pg_sleep(5)',
  "') UNION SELECT * FROM pg_user --",
  '%27%20OR%201%3D1',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '${jndi:ldap://127.0.0.1/x}',
  '../../../../etc/passwd',
  '\u0000',
  'a\u0000b',
  '\\',
  '\ud800',
  '😀'.repeat(50),
  'x'.repeat(10_000),
  '%s%s%s%n',
  '$where: 1',
  '{"$gt": ""}',
  'ofac-sdn:' + '9'.repeat(40),
  'ofac-sdn:-1',
  '',
  ' ',
];

/** Root fields with their string arguments: each gets every injection string. */
const STRING_ARGUMENTS: ((s: string) => string)[] = [
  s => `{ sanctionedEntity(id: ${s}) { id name } }`,
  s => `{ sanctionedEntity(id: "ofac-sdn:43377", asOf: ${s}) { id } }`,
  s => `{ screen(input: { name: ${s} }) { score matchedName } }`,
  s => `{ sanctionedEntities(first: 2, after: ${s}) { totalCount } }`,
  s => `{ address(chain: ETHEREUM, address: ${s}) { address } }`,
  s => `{ account(id: ${s}) { id } }`,
  s => `{ transfer(id: ${s}) { id } }`,
  s => `{ case(id: ${s}) { id } }`,
  s => `{ cases(first: 2, after: ${s}) { totalCount } }`,
  s => `mutation { openCase(input: { title: ${s} }) { id title } }`,
  s => `mutation { openCase(input: { title: "Injection test", description: ${s} }) { id } }`,
  s => `mutation { openCase(input: { title: "Injection test", assignee: ${s} }) { id } }`,
];

const MALFORMED = [
  '',
  ' ',
  '{',
  '}',
  '{ sanctionedEntity(id: "x") { id }',
  'query { }',
  'query Q($id: ID!) { sanctionedEntity(id: $id) { id } } query Q { __typename }',
  'mutation { }',
  'subscription { x }',
  'fragment F on Nothing { id } { __typename }',
  '{ ...F }',
  '{ nope }',
  '{ sanctionedEntity }',
  '{ sanctionedEntity(id: 1) { id } }',
  '{ sanctionedEntity(id: "x", id: "y") { id } }',
  '{ sanctionedEntity(id: "x") }',
  '{ sanctionedEntity(id: "x") { nope } }',
  '{ sanctionedEntity(id: $undefined) { id } }',
  'query ($a: Nope) { __typename }',
  '{ __schema { types { name } } } }',
  '{ "string" }',
  '{ @skip }',
  '{ __typename @skip }',
  '{ __typename @nope(if: true) }',
  '{ __typename @skip(if: "yes") }',
  'query { __typename } extra',
  '\u0000',
  '{ a: __typename a: sanctionedEntity(id: "x") { id } }',
  '# only a comment',
  '{ sanctionedEntities(first: -1) { totalCount } }',
  '{ sanctionedEntities(first: 1000000000) { totalCount } }',
  '{ sanctionedEntities(first: 99999999999999999999) { totalCount } }',
  '{ sanctionedEntities(first: 1.5) { totalCount } }',
  '{ screen(input: { name: "KIM", minScore: 1000, limit: -5 }) { score } }',
  '{ screen(input: { name: "KIM", limit: 100000 }) { score } }',
  '{ address(chain: NOT_A_CHAIN, address: "x") { address } }',
  '{ sanctionedEntity(id: "ofac-sdn:43377") { cryptoAddresses { exposure(hops: 1000) { truncated } } } }',
  '{ sanctionedEntity(id: "ofac-sdn:43377") { cryptoAddresses { exposure(hops: -1) { truncated } } } }',
  '{ sanctionedEntity(id: "ofac-sdn:43377") { cryptoAddresses { transfers(first: -3) { totalCount } } } }',
  '{ sanctionedEntity(id: "ofac-sdn:43377", asOf: "2023-02-30") { id } }',
  '{ sanctionedEntity(id: "ofac-sdn:43377", asOf: "yesterday") { id } }',
  'mutation { openCase(input: { title: "" }) { id } }',
  'mutation { openCase(input: { title: "' + 'x'.repeat(5000) + '" }) { id } }',
  'mutation { openCase(input: {}) { id } }',
  'mutation { nope }',
];

const BAD_ADDRESSES = [
  '0x',
  '0x123',
  '0xZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ',
  '0x' + 'a'.repeat(41),
  '0x' + 'a'.repeat(39),
  '0x098B716B8Aaf21512996dC57EB0615e2383E2f96'.replace('B', 'b'),
  '1BoatSLRHtKNngkdXEeobR76b53LETtpyT',
  'bc1' + 'q'.repeat(100),
  'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx',
  'T' + '1'.repeat(33),
  'ltc1',
  'not an address',
];

function deep(depth: number): string {
  return '{ ' + 'sanctionedEntity(id: "ofac-sdn:43377") { accounts { '.repeat(1) + 'cases { id '.repeat(0) + 'transfers(first: 1) { edges { node { from { account { '.repeat(depth) + 'id' + ' } } } } }'.repeat(depth) + ' } } }';
}

function corpus(): BadRequest[] {
  const out: BadRequest[] = [];
  for (const q of MALFORMED) {
    out.push({ kind: 'malformed GraphQL', query: q });
  }
  for (let cut = 5; cut < FLAGSHIP.length; cut += Math.ceil(FLAGSHIP.length / 40)) {
    out.push({ kind: 'truncated flagship', query: FLAGSHIP.slice(0, cut), variables: { id: 'ofac-sdn:43377' } });
  }
  for (const make of STRING_ARGUMENTS) {
    for (const s of INJECTIONS) {
      out.push({ kind: 'injection in a string argument', query: make(JSON.stringify(s)) });
    }
  }
  for (const s of INJECTIONS) {
    out.push({ kind: 'injection in a variable', query: 'query Q($id: ID!) { sanctionedEntity(id: $id) { id } }', variables: { id: s } });
  }
  for (const a of BAD_ADDRESSES) {
    for (const chain of ['ETHEREUM', 'BITCOIN', 'TRON']) {
      out.push({ kind: 'invalid address', query: `query A($c: Chain!, $a: String!) { address(chain: $c, address: $a) { address cases { id } } }`, variables: { c: chain, a } });
    }
  }
  for (const d of [5, 10, 20, 40, 80, 200]) {
    out.push({ kind: 'deep nesting', query: deep(d) });
  }
  out.push({ kind: 'deep nesting', query: '{'.repeat(5000) + '}'.repeat(5000) });
  out.push({ kind: 'deep nesting', query: '{ a' + ' { a'.repeat(3000) + ' }'.repeat(3001) });
  out.push({ kind: 'deep nesting', query: '{ screen(input: ' + '{ name: '.repeat(2000) + '"x"' + ' }'.repeat(2000) + ') { score } }' });
  out.push({ kind: 'deep nesting', query: 'query Q($v: [[ID]]) { __typename }', variables: { v: JSON.parse('['.repeat(3000) + ']'.repeat(3000)) } });
  for (const n of [31, 100, 1000, 5000]) {
    out.push({ kind: 'alias bomb', query: '{ ' + Array.from({ length: n }, (_x, i) => `a${i}: sanctionedEntity(id: "ofac-sdn:43377") { accounts { transfers(first: 10) { totalCount } } }`).join(' ') + ' }' });
    out.push({ kind: 'alias bomb', query: '{ ' + Array.from({ length: n }, (_x, i) => `t${i}: __typename`).join(' ') + ' }' });
  }
  out.push({ kind: 'fragment bomb', query: '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }' });
  out.push({ kind: 'fragment bomb', query: '{ ...A } fragment A on Query { ...A }' });
  const levels = 20;
  let bomb = `{ ...F0 } fragment F${levels} on SanctionedEntity { id }`;
  bomb = '{ sanctionedEntity(id: "ofac-sdn:43377") { ...F0 } } ';
  for (let i = 0; i < levels; i++) {
    bomb += `fragment F${i} on SanctionedEntity { ...F${i + 1} ...F${i + 1} aliases { name } } `;
  }
  bomb += `fragment F${levels} on SanctionedEntity { id name }`;
  out.push({ kind: 'fragment bomb', query: bomb });
  out.push({ kind: 'fragment bomb', query: '{ __typename } ' + Array.from({ length: 2000 }, (_x, i) => `fragment U${i} on Query { __typename }`).join(' ') });
  const wrongVariables: unknown[] = [1, 1.5, true, null, [], ['ofac-sdn:43377'], {}, { id: 'x' }, 'x'.repeat(200_000), Array.from({ length: 10_000 }, (_x, i) => i)];
  for (const v of wrongVariables) {
    out.push({ kind: 'wrongly typed variable', query: 'query Q($id: ID!) { sanctionedEntity(id: $id) { id } }', variables: { id: v } });
    out.push({ kind: 'wrongly typed variable', query: 'query Q($n: Int) { sanctionedEntities(first: $n) { totalCount } }', variables: { n: v } });
    out.push({ kind: 'wrongly typed variable', query: 'query Q($i: ScreenInput!) { screen(input: $i) { score } }', variables: { i: v } });
  }
  out.push({ kind: 'wrongly typed variable', query: 'query Q($id: ID!) { sanctionedEntity(id: $id) { id } }', variables: 'not an object' });
  out.push({ kind: 'wrongly typed variable', query: 'query Q($id: ID!) { sanctionedEntity(id: $id) { id } }', variables: [1, 2] });
  out.push({ kind: 'wrongly typed variable', query: 'query Q($n: Int) { sanctionedEntities(first: $n) { totalCount } }', variables: { n: 2 ** 40 } });
  out.push({ kind: 'wrongly typed variable', query: 'query Q($i: ScreenInput!) { screen(input: $i) { score } }', variables: { i: { name: 'KIM', minScore: 'high' } } });
  out.push({ kind: 'wrongly typed variable', query: 'query Q($i: ScreenInput!) { screen(input: $i) { score } }', variables: { i: { name: 'KIM', extra: 1 } } });
  const notQueries: unknown[] = [1, null, true, [], {}, ['{ __typename }'], { kind: 'Document' }];
  for (const q of notQueries) {
    out.push({ kind: 'query not a string', query: q });
  }
  const rawBodies = ['', '{', 'null', '[]', '[{"query":"{ __typename }"}]', '"{ __typename }"', '42', '{"query": "{ __typename }", "variables": "x"}', '{"query": "{ __typename }", "operationName": 5}', '{"query": "{ __typename }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}}', '\u0000\u0001', '{"query": "{ __typename }"'];
  for (const raw of rawBodies) {
    out.push({ kind: 'malformed JSON body', raw });
  }
  out.push({ kind: 'oversized body', raw: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(2 * 1024 * 1024) } }) });
  out.push({ kind: 'oversized body', raw: JSON.stringify({ query: '{ __typename }' + ' '.repeat(3 * 1024 * 1024) }) });
  const body = JSON.stringify({ query: '{ __typename }' });
  for (const contentType of [null, 'text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/graphql', 'application/octet-stream', 'image/png', 'application/json; charset=utf-16']) {
    out.push({ kind: 'wrong content type', contentType, raw: body });
  }
  for (const search of ['?query=%7B', '?query=mutation%20%7B%20openCase(input%3A%20%7Btitle%3A%20%22x%22%7D)%20%7B%20id%20%7D%20%7D', '?variables=%7B', '?query=%7B__typename%7D&variables=%5B', '?', '?query=' + 'a'.repeat(6000), '?query=%7B__typename%7D&extensions=x']) {
    out.push({ kind: 'bad GET', method: 'GET', search, contentType: null });
  }
  return out;
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

it('refuses every bad input with a coded error: no crash, no 5xx', async () => {
  const requests = corpus();
  expect(requests.length).toBeGreaterThanOrEqual(500);
  const counts: Record<string, { sent: number; status: Record<number, number> }> = {};
  const problems: string[] = [];
  let errors = 0;
  const send = async (r: BadRequest): Promise<void> => {
    const headers: Record<string, string> = {};
    const contentType = r.contentType === undefined ? 'application/json' : r.contentType;
    if (contentType) {
      headers['content-type'] = contentType;
    }
    const res = await fetch(stack.url + (r.search ?? ''), {
      method: r.method ?? 'POST',
      headers,
      body: (r.method ?? 'POST') === 'GET' ? undefined : (r.raw ?? JSON.stringify({ query: r.query, variables: r.variables })),
    });
    const text = await res.text();
    const c = (counts[r.kind] ??= { sent: 0, status: {} });
    c.sent += 1;
    c.status[res.status] = (c.status[res.status] ?? 0) + 1;
    const where = `${r.kind} ${String(r.raw ?? r.query ?? r.search).slice(0, 80)}`;
    if (res.status >= 500) {
      problems.push(`${res.status} for ${where}: ${text.slice(0, 200)}`);
      return;
    }
    let json: { errors?: { extensions?: { code?: unknown } }[] };
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      problems.push(`not JSON (${res.status}) for ${where}: ${text.slice(0, 200)}`);
      return;
    }
    for (const e of json.errors ?? []) {
      errors += 1;
      if (typeof e.extensions?.code !== 'string') {
        problems.push(`uncoded error for ${where}: ${JSON.stringify(e).slice(0, 200)}`);
      }
    }
  };
  // Eight at a time: enough to overlap, bounded.
  for (let i = 0; i < requests.length; i += 8) {
    await Promise.all(requests.slice(i, i + 8).map(send));
  }
  const lines = Object.entries(counts).map(([k, v]) => `${k.padEnd(32)} ${String(v.sent).padStart(4)}  ${JSON.stringify(v.status)}`);
  process.stdout.write(`bad-input corpus: ${requests.length} requests, ${errors} errors, ${problems.length} problems\n${lines.join('\n')}\n`);
  expect(problems).toEqual([]);
  // Every process still serves.
  const health = await Promise.all([stack.url, ...Object.values(stack.subgraphs).map(s => s.url)].map(u => fetch(u.replace(/graphql$/, 'health')).then(r => r.status)));
  expect(health).toEqual([200, 200, 200, 200, 200]);
  const flagship = await stack.query(FLAGSHIP, { id: 'ofac-sdn:43377' });
  expect(flagship.body.errors).toBeUndefined();
}, 120_000);
