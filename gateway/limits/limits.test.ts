import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse } from 'graphql';
import { ROUTER_SUPPORTED_SUPERGRAPH_FEATURES, Supergraph } from '@apollo/federation-internals';
import { normalizedDocumentHash, compileSafelist } from '../auth/api-keys';
import type { GatewayIdentity } from '../auth/authenticate';
import { assumedListSizes, checkLimits, checkSafelist, MeasureCache, measureOperation } from './limits';

const schema = buildSchema(`
  type Query { account(id: ID!): Account  accounts(first: Int): [Account!]! }
  type Account { id: ID!  transfers(first: Int, after: String): TransferConnection!  tags: [String!]! }
  type TransferConnection { edges: [TransferEdge!]!  nodes: [Transfer!]!  pageInfo: PageInfo! }
  type TransferEdge { cursor: String!  node: Transfer! }
  type Transfer { id: ID!  to: Address!  legs: [Leg!]! }
  type Address { address: String! }
  type Leg { id: ID! }
  type PageInfo { hasNextPage: Boolean!  endCursor: String }
`);
const limits = { depth: 15, aliases: 30, rootFields: 10, tokens: 3000, cost: 50000, defaultListSize: 20 };
const measure = (q: string, variables: Record<string, unknown> = {}) => measureOperation(schema, parse(q), undefined, variables, 20, q);

describe('the measure cache', () => {
  it('answers again from memory per document, and measures again when a variable it read changes', () => {
    const cache = new MeasureCache();
    const q = 'query Q($n: Int, $id: ID!) { account(id: $id) { transfers(first: $n) { edges { node { id } } } } }';
    const doc = parse(q);
    const a = cache.measure(schema, doc, undefined, { n: 10, id: 'a' }, 20, q);
    // $id is not read by the measure: another id is the same measure, the same object.
    expect(cache.measure(schema, doc, undefined, { n: 10, id: 'b' }, 20, q)).toBe(a);
    expect(a.variablesRead).toEqual(['n']);
    const b = cache.measure(schema, doc, undefined, { n: 400, id: 'a' }, 20, q);
    expect(b.cost).toBe(1 + 3 * 400);
    expect(a.cost).toBe(1 + 3 * 10);
    expect(b).toEqual(measureOperation(schema, doc, undefined, { n: 400, id: 'a' }, 20, q));
  });
});

describe('the cost estimate', () => {
  it("counts a connection's page once: its edges (or nodes) are the connection's `first` objects, not a further list", () => {
    const page = 'query P($after: String) { account(id: "a") { transfers(first: 500, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id to { address } } } } } }';
    // account 1, transfers 500, pageInfo 500, edges 500, node 500, to 500.
    expect(measure(page).cost).toBe(2501);
    expect(checkLimits(measure(page), limits, true)).toBeNull();
    expect(measure('{ account(id: "a") { transfers(first: 500) { nodes { id } } } }').cost).toBe(1001);
  });

  it('still multiplies lists below the page, and pages by their `first` (literal or variable)', () => {
    // account 1, transfers 100, edges 100, node 100, legs 100 × 20 (no first: the default size).
    expect(measure('{ account(id: "a") { transfers(first: 100) { edges { node { legs { id } } } } } }').cost).toBe(2301);
    const byVariable = measure('query Q($n: Int) { accounts(first: $n) { transfers(first: $n) { edges { node { id } } } } }', { n: 300 });
    // accounts 300, transfers 300 × 300 = 90000, edges 90000, node 90000.
    expect(byVariable.cost).toBe(270300);
    expect(checkLimits(byVariable, limits, true)?.extensions.code).toBe('OPERATION_TOO_COSTLY');
  });
});

describe('declared list sizes (@listSize in the supergraph)', () => {
  const sdl = readFileSync(join(__dirname, '../../schema/supergraph.graphql'), 'utf8');
  const api = Supergraph.build(sdl, { supportedFeatures: ROUTER_SUPPORTED_SUPERGRAPH_FEATURES }).apiSchema().toGraphQLJSSchema();
  const sizes = assumedListSizes(sdl);
  // A natural exposure question: each party reached, its paths, each hop's account and cases.
  const exposure = `{ address(chain: ETHEREUM, address: "0x") { exposure(hops: 3) {
    entities { entity { id } paths { steps { amounts { amount } } addresses { address account { id cases { id } } cases { id } } } }
  } } }`;

  it('reads the sizes the chain subgraph declares for the exposure lists', () => {
    expect(sizes.get('ExposurePath.addresses')).toBe(7);
    expect(sizes.get('ExposurePath.steps')).toBe(6);
    expect(sizes.get('EntityExposure.paths')).toBe(3);
    expect(sizes.get('Exposure.entities')).toBeUndefined();
  });

  it('costs an exposure query as what it can fetch, within the default budget; without them it was refused', () => {
    const withSizes = measureOperation(api, parse(exposure), undefined, {}, 20, exposure, sizes);
    const without = measureOperation(api, parse(exposure), undefined, {}, 20, exposure);
    // entities 20 × paths 3 × (steps 6 × amounts 3 + addresses 7 × (account, cases 20 each...)).
    expect(withSizes.cost).toBeLessThan(limits.cost);
    expect(checkLimits(withSizes, limits, true)).toBeNull();
    expect(without.cost).toBeGreaterThan(limits.cost);
    expect(checkLimits(without, limits, true)?.extensions.code).toBe('OPERATION_TOO_COSTLY');
  });
});

describe('the partner safelist', () => {
  const PARTY = 'query Party { account(id: "a") { id } }';
  const identity = (operations: Parameters<typeof compileSafelist>[0]): GatewayIdentity => {
    const pinned = compileSafelist(operations);
    return { sub: 'api-key:p', role: 'partner', scopes: [], via: 'api-key', authenticated: true, safelist: [...pinned.keys()], pinnedSafelist: pinned };
  };

  it('admits a pinned operation in any layout, and refuses another text under its name or another name', () => {
    const id = identity([{ name: 'Party', sha256: normalizedDocumentHash(PARTY) }]);
    expect(checkSafelist(id, 'Party', parse('query Party {\n  account(id: "a") {\n    id\n  }\n}  # same'))).toBeNull();
    const altered = checkSafelist(id, 'Party', parse('query Party { account(id: "a") { id tags } }'));
    expect(altered?.extensions).toMatchObject({ code: 'OPERATION_NOT_ALLOWED', reason: 'OPERATION_TEXT_NOT_LISTED' });
    expect(checkSafelist(id, 'Other', parse('query Other { account(id: "a") { id } }'))?.extensions.reason).toBe('OPERATION_NOT_LISTED');
    expect(checkSafelist(id, null, parse('{ account(id: "a") { id } }'))?.extensions.reason).toBe('OPERATION_NOT_LISTED');
  });

  it('keeps a bare name (keys made before pinning) admitting any text under it; a malformed pin admits nothing', () => {
    expect(checkSafelist(identity(['Party']), 'Party', parse('query Party { account(id: "a") { id tags } }'))).toBeNull();
    expect(checkSafelist(identity([{ name: 'Party' } as never]), 'Party', parse(PARTY))?.extensions.reason).toBe('OPERATION_TEXT_NOT_LISTED');
  });

  it('does not apply to callers without a safelist', () => {
    expect(checkSafelist({ sub: 'a', role: 'analyst', scopes: [], via: 'jwt', authenticated: true }, null, parse(PARTY))).toBeNull();
  });
});
