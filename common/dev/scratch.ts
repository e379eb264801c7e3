import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Client } from 'pg';

/** The machine's PostgreSQL, as tests and benchmarks reach it when DATABASE_URL is not set. */
export const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';

/** A database made for one test file or one benchmark run, and dropped afterwards. */
export interface ScratchDatabase {
  readonly name: string;
  /** The server URL with the scratch database as its path. */
  readonly url: string;
  drop(): Promise<void>;
}

async function onServer(server: string, sql: string): Promise<void> {
  const c = new Client({ connectionString: server });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * Creates a fresh database `<prefix>_<time>_<random>` on the server (tests and benchmarks own
 * what they touch: never the server's own databases). `drop` removes it, connections and all.
 */
export async function createScratchDatabase(
  prefix: string,
  server: string = LOCAL_POSTGRES,
  /** Database-level settings, e.g. `{ synchronous_commit: 'off' }` for bulk loads that are dropped anyway. */
  settings: Readonly<Record<string, string>> = {},
): Promise<ScratchDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await onServer(server, `CREATE DATABASE ${name}`);
  for (const [key, value] of Object.entries(settings)) {
    if (!/^[a-z_]+$/.test(key) || !/^[A-Za-z0-9_.]+$/.test(value)) {
      throw new Error(`not a database setting: ${key} = ${value}`);
    }
    await onServer(server, `ALTER DATABASE ${name} SET ${key} = ${value}`);
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => onServer(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** A TCP port free on the loopback interface right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
