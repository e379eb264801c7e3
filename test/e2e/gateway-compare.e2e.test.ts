// Trap 1 of STACK.md: before any ApolloGateway is constructed.
process.env.APOLLO_TELEMETRY_DISABLED ??= '1';

import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildDemoStory } from '../../common/demo/story';
import { SUBGRAPH_NAMES } from '../../common/config';
import { ask, comparable, compareGateways, type ComparedRequest } from '../../bench/gateway/compare';
import { OPERATIONS, type OperationName } from '../../bench/gateway/operations';
import { startStack, SUPERGRAPH_PATH, type Stack } from '../helpers/stack';
import { withoutSecurityPurpose } from '../../gateway/security-links';

/**
 * Correctness of the gateway's own execution (issue 8: kept-alive connections, plans reshaped
 * into steps, merged fetches, deduplicated representations, cached checks): every operation of
 * the benchmark's mix, with several variable values each, answered exactly as plain
 * @apollo/gateway answers it over the same subgraphs: the same data, keys in the same order, and
 * no errors; and with fewer subgraph requests where the plan allows.
 */

let stack: Stack;
let plain: ApolloServer;
let plainUrl: string;
let plainFetches = 0;
const story = buildDemoStory();

beforeAll(async () => {
  stack = await startStack();
  const sdl = withoutSecurityPurpose(readFileSync(SUPERGRAPH_PATH, 'utf8'));
  const urls = Object.fromEntries(SUBGRAPH_NAMES.map(n => [n, stack.subgraphs[n].url]));
  plain = new ApolloServer({
    gateway: new ApolloGateway({
      supergraphSdl: sdl,
      buildService: ({ name, url }) => {
        const source = new RemoteGraphQLDataSource({ url: urls[name] ?? url });
        const send = source.process.bind(source);
        source.process = options => {
          plainFetches++;
          return send(options);
        };
        return source;
      },
    }),
    plugins: [ApolloServerPluginLandingPageDisabled()],
  });
  plainUrl = (await startStandaloneServer(plain, { listen: { host: '127.0.0.1', port: 0 } })).url;
}, 120_000);

afterAll(async () => {
  await plain?.stop();
  await stack?.stop();
});

/** The mix's operations with values from the demo story: parties, addresses, cases. */
function requests(): ComparedRequest[] {
  const listed = story.sanctionedAddresses.filter(a => a.chain === 'ETHEREUM').map(a => a.address);
  const deposit = story.accounts.flatMap(a => a.depositAddresses).filter(a => a.chain === 'ETHEREUM').map(a => a.address);
  // The busiest addresses of the story: most transfers first.
  const counts = new Map<string, number>();
  for (const t of story.transfers) {
    for (const a of [t.from, t.to]) {
      counts.set(a, (counts.get(a) ?? 0) + 1);
    }
  }
  const busy = [...counts.entries()].filter(([a]) => a.startsWith('0x')).sort((a, b) => b[1] - a[1]).map(([a]) => a).slice(0, 3);
  const variables: Record<OperationName, Record<string, unknown>[]> = {
    flagship: [{ id: 'ofac-sdn:43377' }, { id: 'ofac-sdn:27307' }],
    screen: [{ name: 'Sang Man Kim' }, { name: 'HIDDEN COBRA' }],
    case: story.cases.map(c => ({ id: c.id })),
    exposure: [...listed.slice(0, 2), ...deposit.slice(0, 2)].flatMap(address => [{ address, hops: 2 }, { address, hops: 3 }]),
    list: busy.map(address => ({ address })),
    export: busy.map(address => ({ address, first: 500, after: null })),
  };
  return (Object.keys(variables) as OperationName[]).flatMap(op => variables[op].map(v => ({ op, query: OPERATIONS[op].query, variables: v })));
}

test('every operation of the mix: the same answers as plain @apollo/gateway, with no more subgraph requests', async () => {
  const all = requests();
  expect(all.length).toBeGreaterThanOrEqual(20);
  const ours = { name: 'ours', url: stack.url };
  const differences = await compareGateways([{ name: 'plain', url: plainUrl }, ours], all, { concurrency: 1 });
  expect(differences).toEqual([]);
  // Key order too (compareGateways ignores it): clients may print answers as they come.
  for (const r of all) {
    stack.resetCounters();
    plainFetches = 0;
    const [a, b] = [await ask(plainUrl, r), await ask(stack.url, r)];
    const mine = Object.values(stack.fetches).reduce((s, n) => s + n, 0);
    expect({ op: r.op, variables: r.variables, data: JSON.stringify(comparable(b.body)) }).toEqual({ op: r.op, variables: r.variables, data: JSON.stringify(comparable(a.body)) });
    expect({ op: r.op, variables: r.variables, fetches: mine <= plainFetches }).toEqual({ op: r.op, variables: r.variables, fetches: true });
  }
}, 120_000);
