import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RoleName } from '../../common/identity/roles';
import { ApiKeyStore } from '../../gateway/auth/api-keys';
import { signHs256 } from '../../gateway/auth/jwt';
import type { GatewaySecurity } from '../../gateway/auth/security';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../common/config';
import type { Database } from '../../common/database';
import type { DemoOptions } from '../../common/demo/story';
import { buildDemoStory } from '../../common/demo/story';
import type { RunningHttpServer } from '../../common/http';
import { silentLogger } from '../../common/logger';
import { serveSubgraph, type RunningSubgraph } from '../../common/subgraph';
import { startGatewayServer } from '../../gateway/server';
import * as accounts from '../../subgraphs/accounts';
import * as cases from '../../subgraphs/cases';
import * as chain from '../../subgraphs/chain';
import * as entities from '../../subgraphs/entities';
import { createTestDatabaseServer, type TestDatabaseServer } from './database';

export const SUPERGRAPH_PATH = path.resolve(__dirname, '..', '..', 'schema', 'supergraph.graphql');

export interface StackOptions {
  /** The demo story's size (the batching tests scale the number of accounts). */
  readonly story?: DemoOptions;
  /**
   * Authentication and limits. Default: development mode, where a request without a credential
   * acts as `admin` (and may name its principal in `x-principal`) and tokens from
   * `stack.token()` work.
   */
  readonly auth?: {
    readonly anonymousRole?: RoleName | null;
    readonly limits?: Partial<GatewaySecurity['limits']>;
    readonly introspection?: boolean;
    readonly rateLimit?: GatewaySecurity['rateLimit'];
    /**
     * True: subgraphs refuse calls without the gateway's signed identity header, as in
     * production. Default false, so that tests may put their own gateway or proxy in front of
     * the stack's subgraphs; a signed header is still checked and enforced whenever present.
     */
    readonly identityCheck?: boolean;
  };
}

/** The stack's test credentials. */
export interface StackAuth {
  readonly jwtSecret: string;
  readonly identitySecret: string;
  readonly issuer: string;
  readonly audience: string;
  /** The partners' API keys file (a temporary directory of the stack). */
  readonly apiKeysPath: string;
  readonly apiKeys: ApiKeyStore;
}

export interface GraphQLResponse {
  readonly status: number;
  readonly body: { data?: any; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] };
}

export interface Stack {
  /** The gateway's GraphQL URL. */
  readonly url: string;
  readonly subgraphs: Record<SubgraphName, RunningSubgraph>;
  readonly databases: Record<SubgraphName, Database>;
  readonly databaseKind: TestDatabaseServer['kind'];
  readonly auth: StackAuth;
  /** A valid HS256 token for a role (claims may be overridden, e.g. `exp`, `aud`). */
  token(role: RoleName, claims?: Record<string, unknown>): string;
  /** Subgraph fetches made by the gateway since the last reset, by subgraph. */
  readonly fetches: Record<string, number>;
  /** Zeroes the fetch and SQL statement counters. */
  resetCounters(): void;
  /** SQL statements per subgraph since the last reset. */
  statements(): Record<SubgraphName, number>;
  query(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse>;
  /** Stops one subgraph's HTTP server (its database stays), to test partial failure. */
  stopSubgraph(name: SubgraphName): Promise<void>;
  stop(): Promise<void>;
}

const MODULES = { entities, accounts, chain, cases } as const;

/**
 * Starts the whole system in this process, as `npm start` does in five: four subgraphs on their
 * own fresh databases (PGlite, or PostgreSQL when DATABASE_URL is set) seeded with the demo story,
 * each on a random port, and the gateway on the committed supergraph, also on a random port.
 */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const server = await createTestDatabaseServer();
  const story = buildDemoStory(opts.story);
  const databases = {} as Record<SubgraphName, Database>;
  const subgraphs = {} as Record<SubgraphName, RunningSubgraph>;
  const fetches: Record<string, number> = {};
  const secretsDir = mkdtempSync(path.join(tmpdir(), 'stack-auth-'));
  const apiKeysPath = path.join(secretsDir, 'api-keys.json');
  const auth: StackAuth = {
    jwtSecret: randomBytes(32).toString('base64url'),
    identitySecret: randomBytes(32).toString('base64url'),
    issuer: 'compliance-graph',
    audience: 'compliance-graph',
    apiKeysPath,
    apiKeys: new ApiKeyStore(apiKeysPath, 0),
  };
  const o = opts.auth ?? {};
  const security: GatewaySecurity = {
    auth: {
      jwt: { hs256Secret: auth.jwtSecret, publicKeys: new Map(), issuer: auth.issuer, audience: auth.audience },
      apiKeys: auth.apiKeys,
      anonymousRole: o.anonymousRole === undefined ? 'admin' : o.anonymousRole,
    },
    identitySecret: auth.identitySecret,
    limits: { depth: 15, aliases: 30, rootFields: 10, tokens: 3000, cost: 50000, defaultListSize: 20, ...o.limits },
    introspection: o.introspection ?? true,
    rateLimit: o.rateLimit ?? null,
  };
  let gateway: RunningHttpServer | null = null;
  try {
    // One at a time: each PGlite instance takes a core for a second or two to start.
    for (const name of SUBGRAPH_NAMES) {
      const m = MODULES[name];
      const storage = 'entitiesStorage' in m ? m.entitiesStorage : 'accountsStorage' in m ? m.accountsStorage : 'chainStorage' in m ? m.chainStorage : m.casesStorage;
      const db = await server.open(name, storage);
      databases[name] = db;
      await m.seedDemo(db.dataSource, { story } as never);
      const subgraph = await m.createSubgraph({ database: db, log: silentLogger });
      subgraphs[name] = await serveSubgraph(subgraph as never, { database: db, log: silentLogger }, {
        host: '127.0.0.1',
        port: 0,
        identity: { secret: auth.identitySecret, required: o.identityCheck ?? false },
      });
    }
    gateway = await startGatewayServer({
      supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
      subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map(n => [n, subgraphs[n].url])) as Record<SubgraphName, string>,
      host: '127.0.0.1',
      port: 0,
      log: silentLogger,
      security,
      onFetch: name => {
        fetches[name] = (fetches[name] ?? 0) + 1;
      },
    });
  } catch (err) {
    for (const s of Object.values(subgraphs)) {
      await s.close().catch(() => undefined);
    }
    await server.close();
    rmSync(secretsDir, { recursive: true, force: true });
    throw err;
  }
  const gatewayServer = gateway;
  const stopped = new Set<SubgraphName>();
  return {
    url: gatewayServer.url,
    subgraphs,
    databases,
    databaseKind: server.kind,
    auth,
    token(role, claims = {}) {
      const now = Math.floor(Date.now() / 1000);
      return signHs256({ sub: `${role}@test.example`, role, iss: auth.issuer, aud: auth.audience, iat: now, exp: now + 600, ...claims }, auth.jwtSecret);
    },
    fetches,
    resetCounters() {
      for (const k of Object.keys(fetches)) {
        delete fetches[k];
      }
      for (const db of Object.values(databases)) {
        db.stats.reset();
      }
    },
    statements() {
      return Object.fromEntries(SUBGRAPH_NAMES.map(n => [n, databases[n].stats.statements])) as Record<SubgraphName, number>;
    },
    async query(query, variables = {}, headers = {}) {
      const res = await fetch(gatewayServer.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: (await res.json()) as GraphQLResponse['body'] };
    },
    async stopSubgraph(name) {
      stopped.add(name);
      await subgraphs[name].close();
    },
    async stop() {
      await gatewayServer.close();
      for (const name of SUBGRAPH_NAMES) {
        if (!stopped.has(name)) {
          await subgraphs[name].close();
        }
      }
      await server.close();
      rmSync(secretsDir, { recursive: true, force: true });
    },
  };
}
