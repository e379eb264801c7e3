import { loadConfig, type SubgraphName } from './config';
import { ensureDevSecrets } from './identity/dev-secrets';
import { openDatabase, type OpenDatabaseOptions } from './database';
import { createLogger, type Logger } from './logger';
import { closeOnSignals } from './shutdown';
import { serveSubgraph, type Subgraph, type SubgraphDeps } from './subgraph';
import type { DataSource } from 'typeorm';

export interface SubgraphProgram {
  readonly name: SubgraphName;
  readonly storage: Pick<OpenDatabaseOptions, 'entities' | 'migrations'>;
  readonly createSubgraph: (deps: SubgraphDeps) => Promise<Subgraph<any>>;
  /** Loads the demo data into an empty database; returns whether it loaded anything. */
  readonly seedDemo?: (dataSource: DataSource, log: Logger) => Promise<boolean>;
}

/**
 * Runs one subgraph as a process: reads the configuration, opens and migrates its database,
 * loads the demo data on first start, serves HTTP, and stops cleanly on SIGINT or SIGTERM
 * (in-flight requests finish first). Rejects on any start-up failure; `main.ts` exits on it.
 */
export async function runSubgraph(program: SubgraphProgram): Promise<void> {
  const config = loadConfig(program.name);
  const log = createLogger(config.logLevel, { service: program.name });
  const started = Date.now();
  const database = await openDatabase({ config: config.database, ...program.storage, log });
  try {
    if (config.seedDemo && program.seedDemo) {
      if (await program.seedDemo(database.dataSource, log)) {
        log.info({}, 'demo data loaded');
      }
    }
    const subgraph = await program.createSubgraph({ database, log });
    const running = await serveSubgraph(subgraph, { database, log }, {
      host: config.host,
      port: config.port,
      identity: { secret: config.auth.identitySecret ?? ensureDevSecrets(config.dataDir).identitySecret, required: config.auth.identityCheck },
    });
    log.info({ url: running.url, database: database.kind, ms: Date.now() - started }, `${program.name} subgraph ready`);
    closeOnSignals(log, async () => {
      await running.close();
      await database.close();
    });
  } catch (err) {
    await database.close().catch(() => undefined);
    throw err;
  }
}

/** Prints a start-up failure (a ConfigError lists every problem) in one message. */
export function reportStartFailure(service: string, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`${service}: cannot start: ${message}\n`);
}
