import { readFileSync } from 'node:fs';
import { graphql, type GraphQLError } from 'graphql';
import type { Database } from '../../common/database';
import { silentLogger } from '../../common/logger';
import { requestInfo } from '../../common/request-context';
import type { Subgraph } from '../../common/subgraph';
import { createTestDatabaseServer, type TestDatabaseServer } from '../../test/helpers/database';
import { sharedFile } from '../../test/helpers/shared-data';
import type { EntitiesContext } from './context';
import { createSubgraph, entitiesStorage } from './index';
import { importPublication } from './ofac/importer';
import { parsePublication } from './ofac/publication';

/** Screening over the whole SDN list of 2024-05-03 with its aliases, as a compliance team uses it. */
let server: TestDatabaseServer;
let db: Database;
let subgraph: Subgraph<EntitiesContext>;

beforeAll(async () => {
  server = await createTestDatabaseServer();
  db = await server.open('entities', entitiesStorage);
  const read = (name: string) => ({ name, text: readFileSync(sharedFile('ofac', name), 'latin1') });
  const files = { sdn: read('ofac_sdn_2024-05-03.csv'), alt: read('ofac_alt_2025-01.csv'), comments: read('ofac_sdn_comments_2025-01.csv') };
  await importPublication(db.dataSource, parsePublication('sdn', files), '2024-05-03', { sdn: files.sdn.name, alt: files.alt.name, comments: files.comments.name });
  subgraph = await createSubgraph({ database: db, log: silentLogger });
}, 120_000);
afterAll(() => server.close());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function run(source: string, variableValues?: Record<string, unknown>): Promise<{ data?: any; errors?: readonly GraphQLError[] }> {
  return graphql({ schema: subgraph.schema, source, variableValues, contextValue: subgraph.createContext(requestInfo({ headers: {} }, silentLogger)) });
}

const SCREEN = `query($input: ScreenInput!) { screen(input: $input) { score matchedName matchedOn method explanation entity { id name } } }`;

it.each(['Kim Sang Man', 'Sang Man Kim', 'KIM Sang-man', 'kim sangman', 'Kim, Sang-Man'])('finds KIM, Sang Man for "%s"', async name => {
  const r = await run(SCREEN, { input: { name } });
  expect(r.errors).toBeUndefined();
  expect(r.data.screen[0]).toMatchObject({ entity: { id: 'ofac-sdn:43377' } });
  expect(r.data.screen[0].score).toBeGreaterThanOrEqual(95);
});

it('finds Lazarus Group under its weak alias HIDDEN COBRA, and says why', async () => {
  const r = await run(SCREEN, { input: { name: 'Hidden Cobra' } });
  expect(r.data.screen[0]).toEqual({
    score: 100,
    matchedName: 'HIDDEN COBRA',
    matchedOn: 'ALIAS',
    method: 'EXACT',
    explanation: 'Equals the alias "HIDDEN COBRA" once case, punctuation, diacritics, company forms, spacing and word order are set aside.',
    entity: { id: 'ofac-sdn:27307', name: 'LAZARUS GROUP' },
  });
});

it('tolerates misspellings, and explains a phonetic match', async () => {
  const typo = await run(SCREEN, { input: { name: 'Lazarous Groupe' } });
  expect(typo.data.screen[0].entity.id).toBe('ofac-sdn:27307');
  expect(typo.data.screen[0].score).toBeGreaterThan(90);
});

it('filters by kind, program and list', async () => {
  const individuals = await run(SCREEN, { input: { name: 'Kim Sang Man', kinds: ['ENTITY'] } });
  expect(individuals.data.screen.map((m: { entity: { id: string } }) => m.entity.id)).not.toContain('ofac-sdn:43377');
  const dprk4 = await run(SCREEN, { input: { name: 'Kim Sang Man', programs: ['DPRK4'], minScore: 50, limit: 100 } });
  expect(dprk4.data.screen.length).toBeGreaterThan(0);
  const ids: string[] = dprk4.data.screen.map((m: { entity: { id: string } }) => m.entity.id);
  const { data } = await run(`query($ids: [ID!]!) { ${ids.map((id, i) => `p${i}: sanctionedEntity(id: "${id}") { programs }`).join(' ')} }`.replace('query($ids: [ID!]!)', 'query'), {});
  for (const v of Object.values(data as Record<string, { programs: string[] }>)) {
    expect(v.programs).toContain('DPRK4');
  }
  const consolidated = await run(SCREEN, { input: { name: 'Kim Sang Man', lists: ['CONSOLIDATED'] } });
  expect(consolidated.data.screen).toEqual([]);
});

it('does not match a lone common word to a full name', async () => {
  const r = await run(SCREEN, { input: { name: 'Kim' } });
  expect(r.data.screen.map((m: { entity: { id: string } }) => m.entity.id)).not.toContain('ofac-sdn:43377');
});

it('screens a batch in the order given, and refuses a bad entry naming it', async () => {
  const r = await run(`query($inputs: [ScreenInput!]!) { screenBatch(inputs: $inputs) { name matches { entity { id } } } }`, {
    inputs: [{ name: 'Sang Man Kim', minScore: 90 }, { name: 'Jane Q. Nobody-Unlisted' }, { name: 'HIDDEN COBRA', minScore: 90 }],
  });
  expect(r.data.screenBatch).toEqual([
    { name: 'Sang Man Kim', matches: [{ entity: { id: 'ofac-sdn:43377' } }] },
    { name: 'Jane Q. Nobody-Unlisted', matches: [] },
    { name: 'HIDDEN COBRA', matches: [{ entity: { id: 'ofac-sdn:27307' } }] },
  ]);
  const bad = await run(`query($inputs: [ScreenInput!]!) { screenBatch(inputs: $inputs) { name } }`, { inputs: [{ name: 'ok' }, { name: '  ' }] });
  expect(bad.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'inputs[1].name', reason: 'must have 1 to 300 characters' });
});

it('screens addresses per chain: any case for Ethereum, exact for Bitcoin, a coded error when invalid', async () => {
  const q = `query($chain: Chain!, $address: String!) { screenAddress(chain: $chain, address: $address) { chain address listed listings { asset listedAs listedSince inForce entity { id } } } }`;
  const eth = await run(q, { chain: 'ETHEREUM', address: '0xB6F5EC1A0A9CD1526536D3F0426C429529471F40' });
  expect(eth.data.screenAddress).toEqual({
    chain: 'ETHEREUM',
    address: '0xb6f5ec1A0a9cd1526536D3F0426c429529471F40',
    listed: true,
    listings: ['ETH', 'USDT', 'USDC'].map(asset => ({
      asset,
      listedAs: '0xb6f5ec1a0a9cd1526536d3f0426c429529471f40',
      listedSince: '2024-05-03',
      inForce: true,
      entity: { id: 'ofac-sdn:43377' },
    })),
  });
  const btc = await run(q, { chain: 'BITCOIN', address: '1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ' });
  expect(btc.data.screenAddress.listed).toBe(true);
  const clean = await run(q, { chain: 'BITCOIN', address: '1BoatSLRHtKNngkdXEeobR76b53LETtpyT' });
  expect(clean.data.screenAddress).toEqual({ chain: 'BITCOIN', address: '1BoatSLRHtKNngkdXEeobR76b53LETtpyT', listed: false, listings: [] });
  const invalid = await run(q, { chain: 'BITCOIN', address: '1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfj' });
  expect(invalid.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'address', reason: 'not a valid base58check Bitcoin address' });
});
