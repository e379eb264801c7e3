import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScratchDatabase } from '../../common/dev/scratch';
import type { SubgraphName } from '../../common/config';
import { openDatabase, type Database, type OpenDatabaseOptions } from '../../common/database';
import { silentLogger } from '../../common/logger';

/**
 * Which database the tests run on: PostgreSQL when DATABASE_URL is set (a fresh database per
 * test file, created here and dropped at the end), else an in-memory PGlite per subgraph.
 */
export const TEST_DATABASE_URL = process.env.DATABASE_URL || null;

export interface TestDatabaseServer {
  /** Opens (and migrates) the named subgraph's database in this server. */
  open(name: SubgraphName, storage: Pick<OpenDatabaseOptions, 'entities' | 'migrations'>): Promise<Database>;
  /** Closes every database opened here, and drops the PostgreSQL test database. */
  close(): Promise<void>;
  readonly kind: 'postgres' | 'pglite';
}

/**
 * A dump of a freshly migrated embedded database for the subgraph, made once and kept in the
 * temporary folder under a hash of the migrations' code: a new PGlite loads it in about 0.5 s
 * instead of initialising and migrating in 2 s or more (STACK.md trap 5).
 */
async function migratedDump(name: SubgraphName, storage: Pick<OpenDatabaseOptions, 'entities' | 'migrations'>): Promise<Blob> {
  const code = (storage.migrations as { name: string; prototype: { up: () => unknown } }[]).map(m => `${m.name}:${m.prototype.up.toString()}`).join('\n');
  const key = createHash('sha256').update(`${name}\n${code}`).digest('hex').slice(0, 16);
  const dir = path.join(tmpdir(), 'cg-test-pglite');
  const file = path.join(dir, `${name}-${key}.tar`);
  if (existsSync(file)) {
    return new Blob([readFileSync(file)]);
  }
  const db = await openDatabase({ config: { kind: 'pglite', dataDir: 'memory://', schema: name }, ...storage, log: silentLogger });
  try {
    const dump = await db.dump();
    mkdirSync(dir, { recursive: true });
    // Written aside and renamed, so that a parallel test never reads half a file.
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
    return dump;
  } finally {
    await db.close();
  }
}

/** A throwaway database server for one test file. */
export async function createTestDatabaseServer(): Promise<TestDatabaseServer> {
  const opened: Database[] = [];
  if (!TEST_DATABASE_URL) {
    return {
      kind: 'pglite',
      async open(name, storage) {
        const loadDataDir = await migratedDump(name, storage);
        const db = await openDatabase({ config: { kind: 'pglite', dataDir: 'memory://', schema: name }, ...storage, log: silentLogger, loadDataDir });
        opened.push(db);
        return db;
      },
      async close() {
        await Promise.all(opened.map(db => db.close()));
      },
    };
  }
  const scratch = await createScratchDatabase('cg_test', TEST_DATABASE_URL);
  return {
    kind: 'postgres',
    async open(name, storage) {
      const db = await openDatabase({ config: { kind: 'postgres', url: scratch.url, schema: name }, ...storage, log: silentLogger });
      opened.push(db);
      return db;
    },
    async close() {
      await Promise.all(opened.map(db => db.close()));
      await scratch.drop();
    },
  };
}
