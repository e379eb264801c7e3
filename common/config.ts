import path from 'node:path';
import { ConfigError } from './errors';
import { isRole, ROLE_NAMES, type RoleName } from './identity/roles';
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

/** How the gateway guards its calls to one subgraph (see gateway/propagating-data-source.ts). */
export interface SubgraphResilience {
  /** `SUBGRAPH_TIMEOUT_MS` (default 10000), or `<NAME>_TIMEOUT_MS` for one subgraph. */
  readonly timeoutMs: number;
  /** `SUBGRAPH_RETRIES` (default 2): further attempts of a query after a connection failure. */
  readonly retries: number;
  /** `CIRCUIT_BREAKER_FAILURES` (default 5): consecutive failures that open the circuit. */
  readonly breakerFailures: number;
  /** `CIRCUIT_BREAKER_RESET_MS` (default 2000): how long an open circuit fails fast. */
  readonly breakerResetMs: number;
}

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
  /** The gateway's timeouts, retries and circuit breaker, per subgraph. */
  readonly resilience: Readonly<Record<SubgraphName, SubgraphResilience>>;
  /** Authentication and the identity header (issue 6). */
  readonly auth: AuthConfig;
  /** Operation limits at the gateway (issue 6). */
  readonly limits: LimitsConfig;
  /** OpenTelemetry traces (issue 7): off unless an OTLP endpoint is set. */
  readonly tracing: TracingConfig;
}

/**
 * Where spans go. Off by default: no tracer is created and nothing is sent anywhere. On when
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (the full URL, used as given) or
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (a collector's base URL; `/v1/traces` is appended) is set, unless
 * `OTEL_SDK_DISABLED=true`. Spans are sent as OTLP/HTTP JSON (`OTEL_EXPORTER_OTLP_PROTOCOL`, if
 * set, must be `http/json`); `OTEL_EXPORTER_OTLP_HEADERS` is honoured by the exporter.
 */
export interface TracingConfig {
  /** The OTLP/HTTP traces URL; null: tracing off. */
  readonly endpoint: string | null;
}

/** Who may call, and how the gateway vouches for callers to the subgraphs. */
export interface AuthConfig {
  /** `JWT_SECRET`: HS256 key; unset: the development key under DATA_DIR. */
  readonly jwtSecret: string | null;
  /** `JWT_JWKS_PATH`: a JWKS file of RS256/ES256 public keys. */
  readonly jwksPath: string | null;
  /** `JWT_ISSUER` and `JWT_AUDIENCE`, both `compliance-graph` by default. */
  readonly issuer: string;
  readonly audience: string;
  /** `API_KEYS_PATH`, default `DATA_DIR/secrets/api-keys.json`: partners' keys, hashed. */
  readonly apiKeysPath: string;
  /** `IDENTITY_SECRET`: HMAC key of the identity header; unset: the development key under DATA_DIR. */
  readonly identitySecret: string | null;
  /** `IDENTITY_CHECK` (subgraphs): `on` (default) refuses calls without a valid identity header. */
  readonly identityCheck: boolean;
  /** `ANONYMOUS_ROLE`: development mode, requests without a credential act with this role. */
  readonly anonymousRole: RoleName | null;
  /** `INTROSPECTION` (default true): introspection for callers other than partners. */
  readonly introspection: boolean;
}

/** `LIMIT_*`: what one operation may ask for. */
export interface LimitsConfig {
  readonly depth: number;
  readonly aliases: number;
  readonly rootFields: number;
  readonly tokens: number;
  /** Budget of the cost estimate (objects the operation may fetch at most). */
  readonly cost: number;
  /** List size assumed for a list field without a `first` argument. */
  readonly defaultListSize: number;
  /**
   * `REDIS_URL` (gateway): the rate limit's token buckets live in this Redis, shared by every
   * gateway replica given the same URL; unset: in each gateway's memory. If Redis cannot be
   * reached the gateway fails open to its in-memory buckets (gateway/limits/rate-limit.ts).
   */
  readonly redisUrl?: string | null;
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

  const bool = (name: string, fallback: boolean, yes = ['true', '1', 'on'], no = ['false', '0', 'off']): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') {
      return fallback;
    }
    if (yes.includes(raw.toLowerCase())) {
      return true;
    }
    if (no.includes(raw.toLowerCase())) {
      return false;
    }
    problems.push(`${name} must be one of ${[...yes, ...no].join(', ')}, got "${raw}"`);
    return fallback;
  };
  const positive = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') {
      return fallback;
    }
    if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1) {
      problems.push(`${name} must be a positive integer, got "${raw}"`);
      return fallback;
    }
    return Number(raw);
  };
  const secret = (name: string): string | null => {
    const raw = env[name];
    if (raw === undefined || raw === '') {
      return null;
    }
    if (raw.length < 32) {
      problems.push(`${name} must be at least 32 characters long`);
    }
    return raw;
  };
  const anonymousRaw = env.ANONYMOUS_ROLE ?? '';
  let anonymousRole: RoleName | null = null;
  if (anonymousRaw !== '' && anonymousRaw !== 'none') {
    if (isRole(anonymousRaw)) {
      anonymousRole = anonymousRaw;
    } else {
      problems.push(`ANONYMOUS_ROLE must be none or one of ${ROLE_NAMES.join(', ')}, got "${anonymousRaw}"`);
    }
  }
  const auth: AuthConfig = Object.freeze({
    jwtSecret: secret('JWT_SECRET'),
    jwksPath: env.JWT_JWKS_PATH ? path.resolve(env.JWT_JWKS_PATH) : null,
    issuer: env.JWT_ISSUER || 'compliance-graph',
    audience: env.JWT_AUDIENCE || 'compliance-graph',
    apiKeysPath: path.resolve(env.API_KEYS_PATH || path.join(env.DATA_DIR || '.data', 'secrets', 'api-keys.json')),
    identitySecret: secret('IDENTITY_SECRET'),
    identityCheck: bool('IDENTITY_CHECK', true),
    anonymousRole,
    introspection: bool('INTROSPECTION', true),
  });
  const limits: LimitsConfig = Object.freeze({
    depth: positive('LIMIT_DEPTH', 15),
    aliases: positive('LIMIT_ALIASES', 30),
    rootFields: positive('LIMIT_ROOT_FIELDS', 10),
    tokens: positive('LIMIT_TOKENS', 3000),
    cost: positive('LIMIT_COST', 50000),
    defaultListSize: positive('LIMIT_DEFAULT_LIST_SIZE', 20),
    redisUrl: url('REDIS_URL', '', ['redis:', 'rediss:']) || undefined,
  });

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') {
      return fallback;
    }
    const n = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || n < min || n > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return n;
  };
  const timeoutMs = integer('SUBGRAPH_TIMEOUT_MS', 10_000, 1, 600_000);
  const retries = integer('SUBGRAPH_RETRIES', 2, 0, 10);
  const breakerFailures = integer('CIRCUIT_BREAKER_FAILURES', 5, 1, 1000);
  const breakerResetMs = integer('CIRCUIT_BREAKER_RESET_MS', 2_000, 1, 600_000);
  const resilience = Object.fromEntries(
    SUBGRAPH_NAMES.map(name => [
      name,
      Object.freeze({ timeoutMs: integer(`${name.toUpperCase()}_TIMEOUT_MS`, timeoutMs, 1, 600_000), retries, breakerFailures, breakerResetMs }),
    ]),
  ) as Record<SubgraphName, SubgraphResilience>;

  const tracing = readTracingConfig(env, problems);

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
    resilience: Object.freeze(resilience),
    auth,
    limits,
    tracing,
  });
}

/** The tracing part of the configuration alone (see {@link TracingConfig}); throws a ConfigError. */
export function loadTracingConfig(env: Env = process.env): TracingConfig {
  const problems: string[] = [];
  const tracing = readTracingConfig(env, problems);
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return tracing;
}

function readTracingConfig(env: Env, problems: string[]): TracingConfig {
  const off = Object.freeze({ endpoint: null });
  const disabled = (env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase();
  if (disabled !== '' && disabled !== 'true' && disabled !== 'false') {
    problems.push(`OTEL_SDK_DISABLED must be true or false, got "${env.OTEL_SDK_DISABLED}"`);
  }
  for (const name of ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL']) {
    const protocol = env[name];
    if (protocol !== undefined && protocol !== '' && protocol !== 'http/json') {
      problems.push(`${name} must be http/json (the only protocol this build sends), got "${protocol}"`);
    }
  }
  const http = (name: string): URL | null => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') {
      return null;
    }
    try {
      const u = new URL(raw.trim());
      if (u.protocol === 'http:' || u.protocol === 'https:') {
        return u;
      }
      problems.push(`${name} must be an http or https URL, got "${raw}"`);
    } catch {
      problems.push(`${name} is not a URL: "${raw}"`);
    }
    return null;
  };
  const traces = http('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const base = http('OTEL_EXPORTER_OTLP_ENDPOINT');
  if (disabled === 'true') {
    return off;
  }
  if (traces) {
    return Object.freeze({ endpoint: traces.href });
  }
  if (base) {
    // The base URL of a collector: the signal's path is appended (OTLP exporter specification).
    return Object.freeze({ endpoint: new URL(`${base.pathname.replace(/\/+$/, '')}/v1/traces`, base).href });
  }
  return off;
}

function safePort(raw: string): number | undefined {
  try {
    const u = new URL(raw);
    return u.port ? Number(u.port) : undefined;
  } catch {
    return undefined;
  }
}
