import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DataSource, EventSubscriber, type Logger as OrmLogger, type MixedList, type EntitySchema } from 'typeorm';
import type { DatabaseConfig } from './config';
import type { Logger } from './logger';
import { recordQuery } from './tracing';

/** Counts SQL statements per data source: the tests prove batching with it. */
export class QueryStats {
  statements = 0;
  readonly recent: string[] = [];
  /** Keep the text of the last N statements when set above 0 (tests use it to explain a count). */
  keep = 0;

  record(sql: string): void {
    this.statements += 1;
    if (this.keep > 0) {
      this.recent.push(sql);
      if (this.recent.length > this.keep) {
        this.recent.shift();
      }
    }
  }

  reset(): void {
    this.statements = 0;
    this.recent.length = 0;
  }
}

class OrmLogBridge implements OrmLogger {
  constructor(
    private readonly appLog: Logger,
    private readonly stats: QueryStats,
  ) {}
  logQuery(query: string): void {
    this.stats.record(query);
  }
  logQueryError(error: string | Error, query: string): void {
    this.appLog.warn({ err: error instanceof Error ? error.message : error, query: query.slice(0, 500) }, 'query failed');
  }
  logQuerySlow(time: number, query: string): void {
    this.appLog.warn({ ms: time, query: query.slice(0, 500) }, 'slow query');
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.appLog.info({ migration: message }, 'migration');
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') {
      this.appLog.warn({ detail: String(message) }, 'database warning');
    }
  }
}

/**
 * Told of every statement with its outcome and execution time: a `db.query` span under the
 * request being served, when tracing is on (common/tracing.ts; one null check otherwise).
 */
@EventSubscriber()
class QueryTracing {
  afterQuery(event: { query: string; success: boolean; executionTime?: number; error?: unknown }): void {
    recordQuery(event.query, event.success, event.executionTime, event.error);
  }
}

export interface OpenDatabaseOptions {
  readonly config: DatabaseConfig;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly migrations: MixedList<Function | string>;
  readonly log: Logger;
  /** Statements slower than this are logged as warnings (default 1000 ms; bulk tools raise it). */
  readonly slowQueryMs?: number;
  /** PGlite only: start from this dump of a data directory (tests start in about 0.5 s with it). */
  readonly loadDataDir?: Blob | File;
}

/** A subgraph's open database: the TypeORM data source, its statement counter and how to close it. */
export interface Database {
  readonly dataSource: DataSource;
  readonly stats: QueryStats;
  readonly kind: DatabaseConfig['kind'];
  /** PGlite only: a dump of the data directory that `loadDataDir` accepts. */
  dump(): Promise<Blob>;
  close(): Promise<void>;
}

/**
 * Opens a subgraph's database, creates its schema if missing, and applies pending migrations.
 * The same entities and migrations run on PostgreSQL and on the embedded PGlite (whose pg
 * adapter stands in for a connection, STACK.md trap 5). Every statement is counted in `stats`.
 */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  const { config } = opts;
  const stats = new QueryStats();
  const common = {
    type: 'postgres' as const,
    schema: config.schema,
    entities: opts.entities,
    migrations: opts.migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    uuidExtension: 'pgcrypto' as const,
    installExtensions: false,
    logger: new OrmLogBridge(opts.log, stats),
    subscribers: [QueryTracing],
    maxQueryExecutionTime: opts.slowQueryMs ?? 1000,
  };
  const schemaIdent = quoteIdent(config.schema);

  if (config.kind === 'postgres') {
    const dataSource = new DataSource({
      ...common,
      url: config.url,
      poolSize: 10,
      // Unqualified names in migrations and raw SQL resolve to the subgraph's own schema.
      extra: { options: `-c search_path=${schemaIdent},public`, application_name: `compliance-${config.schema}` },
    });
    await dataSource.initialize();
    try {
      await dataSource.query(`CREATE SCHEMA IF NOT EXISTS ${schemaIdent}`);
      await dataSource.runMigrations({ transaction: 'each' });
    } catch (err) {
      await dataSource.destroy();
      throw err;
    }
    return {
      dataSource,
      stats,
      kind: 'postgres',
      dump: () => Promise.reject(new Error('dump() is for the embedded database only')),
      close: () => dataSource.destroy(),
    };
  }

  // Embedded PGlite: one instance is one session, so one connection (poolSize 1).
  const { PGlite } = await import('@electric-sql/pglite');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  const inMemory = config.dataDir.startsWith('memory://');
  let unlock = async () => {};
  if (!inMemory) {
    await mkdir(path.dirname(config.dataDir), { recursive: true });
    unlock = await lockDataDir(config.dataDir);
  }
  const pglite = await PGlite.create({
    ...(inMemory ? {} : { dataDir: config.dataDir }),
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
  });
  await pglite.exec(`CREATE SCHEMA IF NOT EXISTS ${schemaIdent}; SET search_path TO ${schemaIdent}, public;`);
  const dataSource = new DataSource({
    ...common,
    poolSize: 1,
    extra: { ...createPgConfig(pglite), max: 1 },
  });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (err) {
    await dataSource.destroy().catch(() => undefined);
    await pglite.close();
    await unlock();
    throw err;
  }
  return {
    dataSource,
    stats,
    kind: 'pglite',
    dump: () => pglite.dumpDataDir('none'),
    close: async () => {
      await dataSource.destroy();
      await pglite.close();
      await unlock();
    },
  };
}

/**
 * One process at a time may open an embedded database (PGlite is a single session): a lock file
 * beside the data directory names the owner; a lock left by a dead process is taken over.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockFile = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lockFile, String(process.pid), { flag: 'wx' });
      return () => rm(lockFile, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw err;
      }
      const owner = Number(await readFile(lockFile, 'utf8').catch(() => '0'));
      if (owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new Error(
          `the embedded database ${dataDir} is in use by process ${owner} (is npm start running? stop it first, or point DATA_DIR elsewhere)`,
        );
      }
      await rm(lockFile, { force: true });
    }
  }
  throw new Error(`cannot lock ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Quotes an SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
