import { readFileSync } from 'node:fs';
import { graphql, type GraphQLError } from 'graphql';
import type { Database } from '../../common/database';
import { silentLogger } from '../../common/logger';
import { requestInfo } from '../../common/request-context';
import type { Subgraph } from '../../common/subgraph';
import { createTestDatabaseServer, type TestDatabaseServer } from '../../test/helpers/database';
import { sharedFile } from '../../test/helpers/shared-data';
import type { EntitiesContext } from './context';
import { createSubgraph, entitiesStorage, seedDemo } from './index';
import { importPublication } from './ofac/importer';
import { parsePublication } from './ofac/publication';

let server: TestDatabaseServer;
let db: Database;
let subgraph: Subgraph<EntitiesContext>;

beforeAll(async () => {
  server = await createTestDatabaseServer();
  db = await server.open('entities', entitiesStorage);
  await seedDemo(db.dataSource);
  subgraph = await createSubgraph({ database: db, log: silentLogger });
});
afterAll(() => server.close());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function run(source: string, variableValues?: Record<string, unknown>): Promise<{ data?: any; errors?: readonly GraphQLError[] }> {
  return graphql({ schema: subgraph.schema, source, variableValues, contextValue: subgraph.createContext(requestInfo({ headers: {} }, silentLogger)) });
}

describe('entities subgraph on the demo data', () => {
  it('answers KIM, Sang Man as OFAC published him, with his listed addresses', async () => {
    const r = await run(`{ sanctionedEntity(id: "ofac-sdn:43377") {
      id name kind list entryNumber programs listed designations { list program listedOn delistedOn }
      aliases { name type strength } postalAddresses { country } datesOfBirth placesOfBirth nationalities gender
      cryptoAddresses { chain address } } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data?.sanctionedEntity).toEqual({
      id: 'ofac-sdn:43377',
      name: 'KIM, Sang Man',
      kind: 'INDIVIDUAL',
      list: 'SDN',
      entryNumber: 43377,
      programs: ['DPRK4'],
      listed: true,
      designations: [{ list: 'SDN', program: 'DPRK4', listedOn: '2023-05-23', delistedOn: null }],
      aliases: [{ name: 'KIM, Sangman', type: 'AKA', strength: 'STRONG' }],
      postalAddresses: [{ country: 'Russia' }, { country: 'Korea, North' }],
      datesOfBirth: ['25 Apr 1965'],
      placesOfBirth: ['North Pyongan Province, North Korea'],
      nationalities: ['Korea, North'],
      gender: 'Male',
      cryptoAddresses: [
        { chain: 'BITCOIN', address: '1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ' },
        { chain: 'BITCOIN', address: '1FCNgfZWpYMeYhy9t18AAkTBu8AsdoAc1Z' },
        { chain: 'ETHEREUM', address: '0x97B1043ABD9E6FC31681635166d430a458D14F9C' },
        { chain: 'ETHEREUM', address: '0xb6f5ec1A0a9cd1526536D3F0426c429529471F40' },
      ],
    });
  });

  it('answers as of a date: not yet listed on 2023-05-20', async () => {
    const r = await run(`{ sanctionedEntity(id: "ofac-sdn:43377", asOf: "2023-05-20") { listed programs designations { program } asOf } }`);
    expect(r.data?.sanctionedEntity).toEqual({ listed: false, programs: [], designations: [], asOf: '2023-05-20' });
  });

  it('returns null for an unknown id and a coded error for a malformed one', async () => {
    expect((await run(`{ sanctionedEntity(id: "ofac-sdn:1") { id } }`)).data?.sanctionedEntity).toBeNull();
    const bad = await run(`{ sanctionedEntity(id: "43377") { id } }`);
    expect(bad.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'id', reason: 'must look like ofac-sdn:<ent_num> or ofac-cons:<ent_num>' });
  });

  it('pages through sanctionedEntities with cursors and filters', async () => {
    const first = await run(`{ sanctionedEntities(first: 4) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`);
    const page1 = first.data?.sanctionedEntities;
    expect(page1.totalCount).toBe(6);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await run(`query($after: String) { sanctionedEntities(first: 4, after: $after) { edges { node { id } } pageInfo { hasNextPage } } }`, { after: page1.pageInfo.endCursor });
    const ids = [...page1.edges, ...second.data?.sanctionedEntities.edges].map((e: { node: { id: string } }) => e.node.id);
    expect(new Set(ids).size).toBe(6);
    expect(second.data?.sanctionedEntities.pageInfo.hasNextPage).toBe(false);
    const dprk2 = await run(`{ sanctionedEntities(filter: { program: "DPRK2" }) { totalCount } }`);
    expect(dprk2.data?.sanctionedEntities.totalCount).toBe(4);
    const byAlias = await run(`{ sanctionedEntities(filter: { name: "hidden cobra" }) { edges { node { id } } } }`);
    expect(byAlias.data?.sanctionedEntities.edges).toEqual([{ node: { id: 'ofac-sdn:27307' } }]);
    const before = await run(`{ sanctionedEntities(filter: { asOf: "2023-05-20", listed: true }) { totalCount } }`);
    expect(before.data?.sanctionedEntities.totalCount).toBe(1);
    const badCursor = await run(`{ sanctionedEntities(after: "nope") { totalCount } }`);
    expect(badCursor.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('screens names: KIM, Sang Man and Lazarus Group under the names people type', async () => {
    for (const name of ['Kim Sang Man', 'Sang Man Kim', 'KIM Sang-man']) {
      const r = await run(`query($name: String!) { screen(input: { name: $name }) { score matchedName entity { id } } }`, { name });
      expect(r.data?.screen[0]).toEqual({ score: 100, matchedName: 'KIM, Sang Man', entity: { id: 'ofac-sdn:43377' } });
    }
    const cobra = await run(`{ screen(input: { name: "Hidden Cobra" }) { matchedName entity { id name } } }`);
    expect(cobra.data?.screen[0]).toEqual({ matchedName: 'HIDDEN COBRA', entity: { id: 'ofac-sdn:27307', name: 'LAZARUS GROUP' } });
  });

  it('resolves references in one batch', async () => {
    db.stats.reset();
    const r = await run(`{ _entities(representations: [
        { __typename: "SanctionedEntity", id: "ofac-sdn:43336" },
        { __typename: "SanctionedEntity", id: "ofac-sdn:43337" },
        { __typename: "SanctionedEntity", id: "ofac-sdn:99999" }]) { ... on SanctionedEntity { name programs aliases { name } } } }`);
    expect(r.data?._entities).toEqual([
      expect.objectContaining({ name: 'PYONGYANG UNIVERSITY OF AUTOMATION', programs: ['DPRK2'] }),
      expect.objectContaining({ name: 'TECHNICAL RECONNAISSANCE BUREAU' }),
      null,
    ]);
    // parties, designations, aliases: one statement each, whatever the number of references.
    expect(db.stats.statements).toBe(3);
  });

  it('lists its publications with their file hashes', async () => {
    const r = await run(`{ listPublications { list publishedOn parties added removed changed files { role } } }`);
    expect(r.data?.listPublications.map((p: { publishedOn: string; added: number }) => [p.publishedOn, p.added])).toEqual([
      ['2023-05-23', 5],
      ['2023-05-19', 1],
    ]);
  });
});

describe('OFAC import', () => {
  const dir = 'ofac/watchman_ofactest_small_2025-05';
  const file = (name: string) => ({ name, text: readFileSync(sharedFile(dir, name), 'latin1') });

  it('imports a real fixture, then the same publication again without change', async () => {
    const other = await createTestDatabaseServer();
    try {
      const odb = await other.open('entities', entitiesStorage);
      const files = { sdn: file('sdn.csv'), add: file('add.csv'), alt: file('alt.csv'), comments: file('sdn_comments.csv') };
      const parsed = parsePublication('sdn', files);
      const names = { sdn: 'sdn.csv', add: 'add.csv', alt: 'alt.csv', comments: 'sdn_comments.csv' };
      const first = await importPublication(odb.dataSource, parsed, '2025-05-01', names);
      expect(first).toMatchObject({ alreadyImported: false, parties: 17, added: 17, removed: 0, changed: 0 });
      const again = await importPublication(odb.dataSource, parsePublication('sdn', files), '2025-05-01', names);
      expect(again).toMatchObject({ alreadyImported: true, publicationId: first.publicationId });
      const [{ n }] = await odb.dataSource.query(`SELECT count(*)::int AS n FROM list_publication`);
      expect(n).toBe(1);

      // A later publication without two parties delists them on its date; nothing is deleted.
      const lines = files.sdn.text.split('\r\n');
      const shorter = { sdn: { name: 'sdn.csv', text: [...lines.slice(0, 5), ...lines.slice(7)].join('\r\n') } };
      const next = await importPublication(odb.dataSource, parsePublication('sdn', shorter), '2025-06-01', { sdn: 'sdn.csv' });
      expect(next).toMatchObject({ removed: 2, added: 0 });
      const delisted = await odb.dataSource.query(`SELECT count(DISTINCT party_id)::int AS n FROM designation WHERE delisted_on = '2025-06-01'`);
      expect(delisted[0].n).toBe(2);
      const [{ parties }] = await odb.dataSource.query(`SELECT count(*)::int AS parties FROM party`);
      expect(parties).toBe(17);

      // An older publication after a newer one is refused, and changes nothing.
      await expect(importPublication(odb.dataSource, parsePublication('sdn', files), '2025-01-01', names)).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
      const [{ pubs }] = await odb.dataSource.query(`SELECT count(*)::int AS pubs FROM list_publication`);
      expect(pubs).toBe(2);
    } finally {
      await other.close();
    }
  });

  it('imports the consolidated (non-SDN) list, same layout, into ofac-cons ids beside the SDN list', async () => {
    const other = await createTestDatabaseServer();
    try {
      const odb = await other.open('entities', entitiesStorage);
      const files = { sdn: file('sdn.csv'), alt: file('alt.csv') };
      await importPublication(odb.dataSource, parsePublication('sdn', files), '2025-05-01', { sdn: 'sdn.csv', alt: 'alt.csv' });
      const cons = await importPublication(odb.dataSource, parsePublication('consolidated', files), '2025-05-01', { sdn: 'cons_prim.csv', alt: 'cons_alt.csv' });
      expect(cons).toMatchObject({ list: 'consolidated', parties: 17, added: 17 });
      const ids: { id: string; list: string }[] = await odb.dataSource.query(`SELECT id, list FROM party WHERE ent_num = 10278 ORDER BY id`);
      expect(ids).toEqual([
        { id: 'ofac-cons:10278', list: 'consolidated' },
        { id: 'ofac-sdn:10278', list: 'sdn' },
      ]);
    } finally {
      await other.close();
    }
  });

  it('refuses a malformed file with file, line and reason', () => {
    const text = readFileSync(sharedFile(dir, 'sdn.csv'), 'latin1');
    const broken = text.replace(/\r\n([^\r\n]*)\r\n/, (_m, row: string) => `\r\n${row},"extra"\r\n`);
    expect(() => parsePublication('sdn', { sdn: { name: 'sdn.csv', text: broken } })).toThrow(/^sdn\.csv:2: expected 12 fields, found 13$/);
  });
});
