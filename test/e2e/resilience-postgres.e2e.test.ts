import { openDatabase, type Database } from '../../common/database';
import { silentLogger } from '../../common/logger';
import { serveSubgraph, type RunningSubgraph } from '../../common/subgraph';
import { buildDemoStory } from '../../common/demo/story';
import * as entities from '../../subgraphs/entities';
import { canCreateCluster, PgCluster } from '../helpers/pg-cluster';

/**
 * PostgreSQL stopped and started under a running subgraph, on a throwaway cluster the test owns:
 * while it is down the subgraph answers coded errors and /ready says 503; when it is back the
 * subgraph serves again, without a restart, and nothing was lost.
 */

const maybe = canCreateCluster() ? describe : describe.skip;
let cluster: PgCluster;
let db: Database;
let running: RunningSubgraph;

maybe('PostgreSQL restarts under a running subgraph', () => {
  beforeAll(async () => {
    cluster = await PgCluster.create();
    db = await openDatabase({ config: { kind: 'postgres', url: cluster.url, schema: 'entities' }, ...entities.entitiesStorage, log: silentLogger });
    await entities.seedDemo(db.dataSource, { story: buildDemoStory() } as never);
    const subgraph = await entities.createSubgraph({ database: db, log: silentLogger });
    running = await serveSubgraph(subgraph as never, { database: db, log: silentLogger }, { host: '127.0.0.1', port: 0 } as never);
  }, 120_000);
  afterAll(async () => {
    await running?.close();
    await db?.close().catch(() => undefined);
    await cluster?.destroy();
  });

  const query = async () => {
    const res = await fetch(running.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ sanctionedEntity(id: "ofac-sdn:43377") { id name programs } }' }),
    });
    return { status: res.status, body: (await res.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
  };
  const ready = async () => (await fetch(running.url.replace(/graphql$/, 'ready'))).status;

  it('answers coded errors and /ready 503 while the database is down, and recovers by itself', async () => {
    const before = await query();
    expect(before.body).toEqual({ data: { sanctionedEntity: { id: 'ofac-sdn:43377', name: 'KIM, Sang Man', programs: ['DPRK4'] } } });
    expect(await ready()).toBe(200);

    await cluster.stop();
    const down = await query();
    expect(down.status).toBe(200);
    expect(down.body).toEqual({
      data: { sanctionedEntity: null },
      errors: [{ message: 'Internal server error', path: ['sanctionedEntity'], locations: [{ line: 1, column: 3 }], extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
    });
    expect(await ready()).toBe(503);
    expect(await (await fetch(running.url.replace(/graphql$/, 'health'))).json()).toMatchObject({ status: 'ok' });

    await cluster.start();
    let answer = await query();
    for (let i = 0; i < 50 && answer.body.errors; i++) {
      await new Promise(r => setTimeout(r, 100));
      answer = await query();
    }
    expect(answer.body).toEqual(before.body);
    expect(await ready()).toBe(200);
  }, 60_000);
});
