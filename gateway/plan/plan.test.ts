import { readFileSync } from 'node:fs';
import path from 'node:path';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner, type FetchNode, type PlanNode, type QueryPlan } from '@apollo/query-planner';
import { parse } from 'graphql';
import { FLAGSHIP_QUERY } from '../ide';
import { levelPlan } from './level-plan';
import { mergeFetches } from './merge-fetches';
import { dedupeRepresentations } from './dedupe';
import { withoutSecurityPurpose } from '../security-links';

/** A fetch leaf, optionally under a Flatten, with a recognisable operation text. */
function fetch(service: string, label: string, flatten = true): PlanNode {
  const node = { kind: 'Fetch', serviceName: service, operation: `query ${label} { x }`, operationKind: 'query', variableUsages: [] } as unknown as FetchNode;
  return flatten ? ({ kind: 'Flatten', path: [label], node } as PlanNode) : node;
}
const seq = (...nodes: PlanNode[]): PlanNode => ({ kind: 'Sequence', nodes }) as PlanNode;
const par = (...nodes: PlanNode[]): PlanNode => ({ kind: 'Parallel', nodes }) as PlanNode;
const plan = (node: PlanNode): QueryPlan => ({ kind: 'QueryPlan', node });

/** The plan as steps of "service:label" names, for readable assertions. */
function steps(p: QueryPlan): string[][] {
  const name = (n: PlanNode): string => {
    const f = (n.kind === 'Flatten' ? n.node : n) as FetchNode;
    return `${f.serviceName}:${/query (\w+)/.exec(f.operation)![1]}`;
  };
  const level = (n: PlanNode): string[] => (n.kind === 'Parallel' ? n.nodes.map(name) : [name(n)]);
  const root = p.node as PlanNode;
  return root.kind === 'Sequence' ? root.nodes.map(level) : [level(root)];
}

describe('levelPlan', () => {
  test('the flagship shape: fetches to chain and cases started early join the later step, in as many steps', () => {
    const original = plan(
      seq(
        fetch('entities', 'root', false),
        par(fetch('cases', 'partyCases'), seq(fetch('accounts', 'accounts'), par(fetch('cases', 'accountCases'), fetch('chain', 'accountTransfers'))), fetch('chain', 'addressTransfers')),
      ),
    );
    expect(steps(levelPlan(original, false))).toEqual([['entities:root'], ['accounts:accounts'], ['cases:partyCases', 'cases:accountCases', 'chain:accountTransfers', 'chain:addressTransfers']]);
  });

  test('a fetch no other can join stays as early as planned', () => {
    const original = plan(seq(fetch('a', 'root', false), par(fetch('b', 'early'), seq(fetch('c', 'mid'), fetch('d', 'late')))));
    expect(steps(levelPlan(original, false))).toEqual([['a:root'], ['b:early', 'c:mid'], ['d:late']]);
  });

  test('never adds a step, and keeps every dependency after what it depends on', () => {
    // b2 depends on b1 (same subgraph): they cannot share a step.
    const original = plan(seq(fetch('a', 'root', false), par(seq(fetch('b', 'b1'), fetch('b', 'b2')), fetch('b', 'b3'))));
    const out = steps(levelPlan(original, false));
    expect(out).toHaveLength(3);
    expect(out).toEqual([['a:root'], ['b:b1', 'b:b3'], ['b:b2']]);
  });

  test('mutations and plans with other node kinds are left as they are', () => {
    const original = plan(seq(fetch('a', 'm1', false), fetch('a', 'm2', false)));
    expect(levelPlan(original, true)).toBe(original);
    const conditional = plan(seq(fetch('a', 'root', false), { kind: 'Condition', condition: 'x', ifClause: fetch('b', 'c') } as unknown as PlanNode));
    expect(levelPlan(conditional, false)).toBe(conditional);
  });

  test('on the real supergraph, the flagship plan asks each subgraph once, in three steps', () => {
    const sdl = withoutSecurityPurpose(readFileSync(path.resolve(__dirname, '../../schema/supergraph.graphql'), 'utf8'));
    const supergraph = Supergraph.build(sdl);
    const planner = new QueryPlanner(supergraph);
    const original = planner.buildQueryPlan(operationFromDocument(supergraph.schema, parse(FLAGSHIP_QUERY)));
    const shaped = levelPlan(original, false);
    const services = steps(shaped).map(s => s.map(n => n.split(':')[0]).sort());
    expect(services).toEqual([['entities'], ['accounts'], ['cases', 'cases', 'chain', 'chain']]);
  });
});

describe('mergeFetches', () => {
  const entitiesQuery = (type: string, field: string) =>
    `query Op__${type}($representations: [_Any!]!, $first: Int) { _entities(representations: $representations) { ... on ${type} { ${field}(first: $first) { ...F } } } } fragment F on Page { total }`;

  test('merges two entity fetches with renamed variables, aliases and fragments, and splits the answer back', () => {
    const a = { query: entitiesQuery('Account', 'transfers'), variables: { representations: [{ __typename: 'Account', id: '1' }], first: 10 } };
    const b = { query: entitiesQuery('Address', 'transfers'), variables: { representations: [{ __typename: 'Address', id: 'x' }, { __typename: 'Address', id: 'y' }], first: 5 } };
    const merged = mergeFetches([a, b])!;
    expect(merged).not.toBeNull();
    expect(merged.query).toContain('m0__entities: _entities(representations: $m0_representations)');
    expect(merged.query).toContain('m1__entities: _entities(representations: $m1_representations)');
    expect(merged.query).toContain('fragment F_m0 on Page');
    expect(merged.query).toContain('fragment F_m1 on Page');
    expect(merged.variables).toEqual({ m0_representations: a.variables.representations, m0_first: 10, m1_representations: b.variables.representations, m1_first: 5 });
    // The merged text is a valid document.
    expect(() => parse(merged.query)).not.toThrow();
    const [ra, rb] = merged.split({
      data: { m0__entities: [{ transfers: { total: 1 } }], m1__entities: [null, { transfers: { total: 2 } }] },
      errors: [
        { message: 'gone', path: ['m1__entities', 0], extensions: { code: 'NOT_FOUND' } },
        { message: 'whole request', extensions: { code: 'X' } },
      ],
    });
    expect(ra).toEqual({ data: { _entities: [{ transfers: { total: 1 } }] }, errors: [{ message: 'whole request', extensions: { code: 'X' } }] });
    expect(rb).toEqual({
      data: { _entities: [null, { transfers: { total: 2 } }] },
      errors: [
        { message: 'gone', path: ['_entities', 0], extensions: { code: 'NOT_FOUND' } },
        { message: 'whole request', extensions: { code: 'X' } },
      ],
    });
  });

  test('keeps names apart whatever they are called', () => {
    const merged = mergeFetches([
      { query: 'query A($m1_x: Int) { a(x: $m1_x) ...on Query { z } } ', variables: { m1_x: 1 } },
      { query: 'query B($x: Int) { a(x: $x) }', variables: { x: 2 } },
    ]);
    // A root inline fragment is not merged (its fields could not be told apart).
    expect(merged).toBeNull();
    const ok = mergeFetches([
      { query: 'query A($m1_x: Int) { a(x: $m1_x) }', variables: { m1_x: 1 } },
      { query: 'query B($x: Int) { a(x: $x) }', variables: { x: 2 } },
    ])!;
    expect(ok.variables).toEqual({ m0_m1_x: 1, m1_x: 2 });
    expect(ok.query).toContain('m0_a: a(x: $m0_m1_x)');
    expect(ok.query).toContain('m1_a: a(x: $m1_x)');
  });

  test('refuses what it cannot merge faithfully: mutations, root fragments, text that is not one operation', () => {
    expect(mergeFetches([{ query: 'mutation A { a }' }, { query: 'mutation B { b }' }])).toBeNull();
    expect(mergeFetches([{ query: 'query A { ...R } fragment R on Query { a }' }, { query: 'query B { b }' }])).toBeNull();
    expect(mergeFetches([{ query: 'not graphql' }, { query: 'query B { b }' }])).toBeNull();
  });
});

describe('dedupeRepresentations', () => {
  test('asks once per distinct entity and gives every position its own copy and its errors', () => {
    const reps = [
      { __typename: 'Address', chain: 'ETHEREUM', address: '0xa' },
      { __typename: 'Address', chain: 'ETHEREUM', address: '0xb' },
      { __typename: 'Address', chain: 'ETHEREUM', address: '0xa' },
      { __typename: 'Address', chain: 'ETHEREUM', address: '0xa' },
    ];
    const d = dedupeRepresentations({ query: 'query Q($representations: [_Any!]!) { _entities(representations: $representations) { ... on Address { account { id } } } }', variables: { representations: reps, n: 1 } })!;
    expect(d.request.variables).toEqual({ representations: [reps[0], reps[1]], n: 1 });
    const out = d.expand({
      data: { _entities: [{ account: { id: 'acc-a' } }, null] },
      errors: [{ message: 'no such address', path: ['_entities', 1, 'account'] }, { message: 'a', path: ['_entities', 0] }],
    });
    const entities = (out.data as { _entities: unknown[] })._entities;
    expect(entities).toEqual([{ account: { id: 'acc-a' } }, null, { account: { id: 'acc-a' } }, { account: { id: 'acc-a' } }]);
    // Copies, not one object: the gateway merges further fetches into each position in place.
    expect(entities[2]).not.toBe(entities[0]);
    expect(out.errors).toEqual([
      { message: 'no such address', path: ['_entities', 1, 'account'] },
      { message: 'a', path: ['_entities', 0] },
      { message: 'a', path: ['_entities', 2] },
      { message: 'a', path: ['_entities', 3] },
    ]);
  });

  test('leaves fetches without repeats, and answers of the wrong length, as they are', () => {
    expect(dedupeRepresentations({ query: 'q', variables: { representations: [{ id: 1 }, { id: 2 }] } })).toBeNull();
    expect(dedupeRepresentations({ query: 'q', variables: { id: 1 } })).toBeNull();
    const d = dedupeRepresentations({ query: 'q', variables: { representations: [{ id: 1 }, { id: 1 }] } })!;
    const wrong = { data: { _entities: [] } };
    expect(d.expand(wrong)).toBe(wrong);
  });
});
