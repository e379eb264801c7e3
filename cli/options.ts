import { loadConfig, type SubgraphName } from '../common/config';
import { openDatabase, type Database } from '../common/database';
import { createLogger } from '../common/logger';
import * as accounts from '../subgraphs/accounts';
import * as cases from '../subgraphs/cases';
import * as chain from '../subgraphs/chain';
import * as entities from '../subgraphs/entities';

/** A command was called with the wrong words: the message and the usage are printed, exit 2. */
export class UsageError extends Error {}

/** A command refused its input (a bad file, a conflict): the message is printed, exit 1. */
export class RefusedError extends Error {}

/** Parses `--key value` and `--key=value` options; only `allowed` keys; flags in `flags` take no value. */
export function parseOptions(args: readonly string[], allowed: readonly string[], flags: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) {
      throw new UsageError(`unexpected argument "${a}"`);
    }
    const [key, inline] = a.slice(2).split('=', 2);
    if (flags.includes(key)) {
      out[key] = 'true';
      continue;
    }
    if (!allowed.includes(key)) {
      throw new UsageError(`unknown option --${key}`);
    }
    const value = inline ?? args[++i];
    if (value === undefined || value.startsWith('--')) {
      throw new UsageError(`--${key} needs a value`);
    }
    out[key] = value;
  }
  return out;
}

export const STORAGE = {
  entities: entities.entitiesStorage,
  accounts: accounts.accountsStorage,
  chain: chain.chainStorage,
  cases: cases.casesStorage,
} as const;

/**
 * Opens (and migrates) a subgraph's database as the running service would: DATABASE_URL, or the
 * embedded database under DATA_DIR (refused while `npm start` holds it).
 */
export async function openSubgraphDatabase(name: SubgraphName): Promise<Database> {
  const config = loadConfig(name, { LOG_LEVEL: 'warn', ...process.env });
  // Bulk imports run long statements by design: only a statement over a minute is worth a warning.
  return openDatabase({ config: config.database, ...STORAGE[name], log: createLogger(config.logLevel, { service: name }), slowQueryMs: 60_000 });
}

/** Runs `fn` on an open database and closes it, whatever happens. */
export async function withDatabase<T>(name: SubgraphName, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openSubgraphDatabase(name);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
