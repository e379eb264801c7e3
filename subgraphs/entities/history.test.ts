import { createHash } from 'node:crypto';
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
import { importPublication, type ImportSummary } from './ofac/importer';
import { parsePublication } from './ofac/publication';

/**
 * Three consecutive real publications of OFAC's sdn.csv, imported in order: the deltas must be
 * exactly OFAC's, delisted parties keep their rows, changed parties keep their earlier versions,
 * and `asOf` answers as the list stood.
 */
const DATES = ['2023-05-16', '2023-05-19', '2023-05-23'] as const;
let server: TestDatabaseServer;
let db: Database;
let subgraph: Subgraph<EntitiesContext>;
const summaries: ImportSummary[] = [];
const texts: string[] = [];

beforeAll(async () => {
  server = await createTestDatabaseServer();
  db = await server.open('entities', entitiesStorage);
  for (const date of DATES) {
    const text = readFileSync(sharedFile('ofac', 'snapshots', `sdn_${date}.csv`), 'latin1');
    texts.push(text);
    const parsed = parsePublication('sdn', { sdn: { name: `sdn_${date}.csv`, text } });
    summaries.push(await importPublication(db.dataSource, parsed, date, { sdn: `sdn_${date}.csv` }));
  }
  subgraph = await createSubgraph({ database: db, log: silentLogger });
}, 120_000);
afterAll(() => server.close());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function run(source: string): Promise<{ data?: any; errors?: readonly GraphQLError[] }> {
  return graphql({ schema: subgraph.schema, source, contextValue: subgraph.createContext(requestInfo({ headers: {} }, silentLogger)) });
}

it("counts exactly OFAC's changes between publications", () => {
  expect(summaries.map(s => [s.parties, s.added, s.removed, s.changed])).toEqual([
    [12218, 12218, 0, 0],
    [12538, 323, 3, 2],
    [12543, 5, 0, 0],
  ]);
});

it('keeps the earlier version of a changed party, and answers it asOf a date before the change', async () => {
  const r = await run(`{
    now: sanctionedEntity(id: "ofac-sdn:17255") { name programs versions { validFrom validTo name } designations { program listedOn delistedOn } }
    then: sanctionedEntity(id: "ofac-sdn:17255", asOf: "2023-05-17") { name programs remarks asOf } }`);
  expect(r.errors).toBeUndefined();
  expect(r.data.now).toEqual({
    name: 'MYTISHCHI MACHINE BUILDING PLANT',
    programs: ['RUSSIA-EO14024', 'UKRAINE-EO13661'],
    versions: [
      { validFrom: '2023-05-16', validTo: '2023-05-19', name: 'MYTISHCHINSKI MASHINOSTROITELNY ZAVOD, OAO' },
      { validFrom: '2023-05-19', validTo: null, name: 'MYTISHCHI MACHINE BUILDING PLANT' },
    ],
    designations: [
      { program: 'UKRAINE-EO13661', listedOn: '2023-05-16', delistedOn: null },
      { program: 'RUSSIA-EO14024', listedOn: '2023-05-19', delistedOn: null },
    ],
  });
  expect(r.data.then.name).toBe('MYTISHCHINSKI MASHINOSTROITELNY ZAVOD, OAO');
  expect(r.data.then.programs).toEqual(['UKRAINE-EO13661']);
  expect(r.data.then.remarks).toMatch(/^Website www\.mmzavod\.ru/);
});

it('delists a party missing from a newer publication, and keeps it', async () => {
  const r = await run(`{
    now: sanctionedEntity(id: "ofac-sdn:38237") { name kind listed programs designations { program listedOn delistedOn } }
    then: sanctionedEntity(id: "ofac-sdn:38237", asOf: "2023-05-18") { listed programs } }`);
  expect(r.data).toEqual({
    now: { name: 'AXIOMA', kind: 'VESSEL', listed: false, programs: [], designations: [{ program: 'RUSSIA-EO14024', listedOn: '2023-05-16', delistedOn: '2023-05-19' }] },
    then: { listed: true, programs: ['RUSSIA-EO14024'] },
  });
});

it('answers the whole list as it stood on each date', async () => {
  const r = await run(`{
    a: sanctionedEntities(filter: { listed: true, asOf: "2023-05-16" }) { totalCount }
    b: sanctionedEntities(filter: { listed: true, asOf: "2023-05-20" }) { totalCount }
    c: sanctionedEntities(filter: { listed: true }) { totalCount }
    d: sanctionedEntities(filter: { listed: false }) { totalCount }
    kim: sanctionedEntity(id: "ofac-sdn:43377", asOf: "2023-05-22") { listed } }`);
  expect(r.data).toEqual({
    a: { totalCount: 12218 },
    b: { totalCount: 12538 },
    c: { totalCount: 12543 },
    d: { totalCount: 3 },
    kim: { listed: false },
  });
});

it('traces every answer to its source files by SHA-256', async () => {
  const r = await run(`{ listPublications { publishedOn parties files { role name sha256 } } }`);
  expect(r.data.listPublications).toEqual(
    [...DATES].reverse().map(date => ({
      publishedOn: date,
      parties: summaries[DATES.indexOf(date)].parties,
      files: [{ role: 'sdn', name: `sdn_${date}.csv`, sha256: createHash('sha256').update(texts[DATES.indexOf(date)], 'latin1').digest('hex') }],
    })),
  );
});
