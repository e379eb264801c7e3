import path from 'node:path';
import { ConfigError } from './errors';
import { LOG_LEVELS, type LoggerLevel } from './logger';

/** The four subgraphs, in the order the gateway composes them. */
export const SUBGRAPH_NAMES = ['entities', 'accounts', 'chain', 'cases'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];
export type ServiceName = 'gateway' | SubgraphName;

/** Default ports, as in the product contract. */
export const DEFAULT_PORTS: Readonly<Record<ServiceName, number>> = {
  gateway: 4000,
  entities: 4001,
  accounts: 4002,
  chain: 4003,
  cases: 4004,
};

/** Where a subgraph keeps its tables: its own schema in a PostgreSQL database, or embedded PGlite. */
export type DatabaseConfig =
  | { readonly kind: 'postgres'; readonly url: string; readonly schema: string }
  | { readonly kind: 'pglite'; readonly dataDir: string; readonly schema: string };

export interface Config {
  readonly service: ServiceName;
  /** Interface to listen on (`HOST`, default 127.0.0.1; 0.0.0.0 in containers). */
  readonly host: string;
  readonly port: number;
  readonly logLevel: LoggerLevel;
  /** `DATA_DIR`, default `.data`: the embedded databases live below it. */
  readonly dataDir: string;
  /** The service's own database (meaningless for the gateway). */
  readonly database: DatabaseConfig;
  /** `SUPERGRAPH_PATH`, default `schema/supergraph.graphql`. */
  readonly supergraphPath: string;
  /** `<NAME>_URL` for each subgraph: where the gateway reaches it. */
  readonly subgraphUrls: Readonly<Record<SubgraphName, string>>;
  /**
   * `SEED_DEMO`: load the demo data set into an empty database at start. Default: true on the
   * embedded database (so `npm start` shows something), false on PostgreSQL (production).
   */
  readonly seedDemo: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads and validates every variable a service uses. Pure: call it once in `main.ts` and pass the
 * result down. Collects every problem and throws one `ConfigError` that lists them all.
 */
export function loadConfig(service: ServiceName, env: Env = process.env): Readonly<Config> {
  const problems: string[] = [];

  const port = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') {
      return fallback;
    }
    const n = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(n) || n < 0 || n > 65535) {
      problems.push(`${name} must be a port number from 0 to 65535, got "${raw}"`);
      return fallback;
    }
    return n;
  };
  const url = (name: string, fallback: string, protocols: string[]): string => {
    const raw = env[name];
    if (raw === undefined || raw === '') {
      return fallback;
    }
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) {
        problems.push(`${name} must be a ${protocols.join(' or ')} URL, got "${raw}"`);
      }
    } catch {
      problems.push(`${name} is not a URL: "${raw}"`);
    }
    return raw;
  };

  const subgraphUrls = Object.fromEntries(
    SUBGRAPH_NAMES.map(name => {
      const variable = `${name.toUpperCase()}_URL`;
      return [name, url(variable, `http://127.0.0.1:${DEFAULT_PORTS[name]}/graphql`, ['http:', 'https:'])];
    }),
  ) as Record<SubgraphName, string>;

  // A subgraph listens on <NAME>_PORT, else on the port of its <NAME>_URL, else its default, so
  // that one variable moves both the process and the gateway's view of it.
  let listenPort: number;
  if (service === 'gateway') {
    listenPort = port('PORT', DEFAULT_PORTS.gateway);
  } else {
    const fromUrl = safePort(subgraphUrls[service]);
    listenPort = port(`${service.toUpperCase()}_PORT`, fromUrl ?? DEFAULT_PORTS[service]);
  }

  const logLevel = (env.LOG_LEVEL ?? 'info') as LoggerLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }

  const seedRaw = (env.SEED_DEMO || (env.DATABASE_URL ? 'false' : 'true')).toLowerCase();
  if (!['true', 'false', '1', '0'].includes(seedRaw)) {
    problems.push(`SEED_DEMO must be true or false, got "${env.SEED_DEMO}"`);
  }

  const dataDir = path.resolve(env.DATA_DIR || '.data');
  const databaseUrl = url('DATABASE_URL', '', ['postgres:', 'postgresql:']);
  const schema = service === 'gateway' ? 'public' : service;
  const database: DatabaseConfig = databaseUrl
    ? { kind: 'postgres', url: databaseUrl, schema }
    : { kind: 'pglite', dataDir: path.join(dataDir, service), schema };

  const host = env.HOST || '127.0.0.1';

  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return Object.freeze({
    service,
    host,
    port: listenPort,
    logLevel,
    dataDir,
    database,
    supergraphPath: path.resolve(env.SUPERGRAPH_PATH || 'schema/supergraph.graphql'),
    subgraphUrls: Object.freeze(subgraphUrls),
    seedDemo: seedRaw === 'true' || seedRaw === '1',
  });
}

function safePort(raw: string): number | undefined {
  try {
    const u = new URL(raw);
    return u.port ? Number(u.port) : undefined;
  } catch {
    return undefined;
  }
}
