/**
 * Small, self-contained federations for the federation-feature tests: tiny subgraphs built in
 * process with `buildSubgraphSchema`, composed with `@apollo/composition`, and the same supergraph
 * served twice: by OUR gateway (gateway/server.ts) and by a PLAIN `@apollo/gateway` inside an
 * `ApolloServer`. Every query of a test runs through both, one after the other, and the fetches
 * each made are counted where they land: at the subgraphs' HTTP handlers.
 */
// Trap 1 of STACK.md: before any ApolloGateway is constructed.
process.env.APOLLO_TELEMETRY_DISABLED ??= '1';

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { DocumentNode } from 'graphql';
import { headerMapOf, sendApolloResponse, type RunningHttpServer } from '../../common/http';
import { silentLogger } from '../../common/logger';
import { startGatewayServer } from '../../gateway/server';

/** The resolver map `buildSubgraphSchema` takes. */
export type SubgraphResolvers = NonNullable<Parameters<typeof buildSubgraphSchema>[0] extends infer M ? (M extends readonly (infer E)[] ? (E extends { resolvers?: infer R } ? R : never) : never) : never>;

export interface SubgraphDef {
  /** The subgraph's name in composition (and the key of `subgraphUrls`). */
  readonly name: string;
  readonly typeDefs: DocumentNode;
  /** Resolver map (with `__resolveReference` for entities) over fixed in-memory fixtures. */
  readonly resolvers: SubgraphResolvers;
}

/** What one subgraph received: one entry per HTTP request to its GraphQL endpoint. */
export interface ReceivedFetch {
  readonly query: string;
  readonly variables: Record<string, unknown> | undefined;
}

export interface RunningSubgraph {
  readonly name: string;
  readonly url: string;
  readonly received: ReceivedFetch[];
  close(): Promise<void>;
}

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

export interface GatewayAnswer {
  readonly status: number;
  readonly body: GraphQLBody;
  /** Subgraph fetches this request caused, by subgraph name (absent: none). */
  readonly fetches: Record<string, number>;
  /** The queries each subgraph received for this request. */
  readonly queries: Record<string, string[]>;
  /** Our gateway only: fetches its `onFetch` observer saw for this request, by subgraph. */
  readonly observed?: Record<string, number>;
}

export interface Comparison {
  readonly ours: GatewayAnswer;
  readonly plain: GatewayAnswer;
}

export interface RunOptions {
  readonly variables?: Record<string, unknown>;
  /** Called before each gateway's run, e.g. to reset fixture state a mutation changes. */
  readonly reset?: () => void;
}

export interface Federation {
  readonly supergraphSdl: string;
  readonly subgraphs: readonly RunningSubgraph[];
  readonly ours: RunningHttpServer;
  readonly plainUrl: string;
  /** Our gateway's own count (its `onFetch` observer), for cross-checking the subgraphs' count. */
  readonly oursObserved: { serviceName: string; query: string }[];
  /** Runs the query through our gateway, then through the plain one. */
  run(query: string, opts?: RunOptions): Promise<Comparison>;
  close(): Promise<void>;
}

/** Serves one subgraph over HTTP on a free loopback port, counting the requests it receives. */
export async function startSubgraph(def: SubgraphDef): Promise<RunningSubgraph> {
  const apollo = new ApolloServer({
    schema: buildSubgraphSchema([{ typeDefs: def.typeDefs, resolvers: def.resolvers }]),
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();
  const received: ReceivedFetch[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = undefined;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"errors":[{"message":"bad JSON"}]}');
        return;
      }
    }
    const b = body as { query?: unknown; variables?: Record<string, unknown> } | undefined;
    received.push({ query: typeof b?.query === 'string' ? b.query : '', variables: b?.variables });
    const headers = headerMapOf(req);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (req.method ?? 'POST').toUpperCase(), headers, search: url.search, body },
      context: async () => ({}),
    });
    await sendApolloResponse(res, response);
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) {
        res.writeHead(500);
      }
      res.end();
    });
  });
  const port = await listen(server);
  return {
    name: def.name,
    url: `http://127.0.0.1:${port}/graphql`,
    received,
    close: async () => {
      await closeServer(server);
      await apollo.stop();
    },
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close(err => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}

/** A loopback URL where nothing listens (a port just freed). */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  const port = await listen(server);
  await closeServer(server);
  return `http://127.0.0.1:${port}/graphql`;
}

/** Composes the subgraphs; throws with every composition error if there is any. */
export function compose(defs: readonly { name: string; typeDefs: DocumentNode; url: string }[]): string {
  const result = composeServices(defs.map(d => ({ name: d.name, typeDefs: d.typeDefs, url: d.url })));
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map(e => e.message).join('\n')}`);
  }
  return result.supergraphSdl;
}

async function postGraphQL(url: string, query: string, variables?: Record<string, unknown>): Promise<{ status: number; body: GraphQLBody }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
  });
  return { status: res.status, body: (await res.json()) as GraphQLBody };
}

export interface FederationOptions {
  /** Subgraphs composed into the supergraph but not started: their URL is a dead port. */
  readonly down?: readonly string[];
}

/**
 * Starts the subgraphs, composes them (asserting there is no composition error), and starts our
 * gateway and a plain @apollo/gateway over the same supergraph.
 */
export async function startFederation(defs: readonly SubgraphDef[], opts: FederationOptions = {}): Promise<Federation> {
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) {
      await close();
    }
    closers.length = 0;
  };
  try {
    const subgraphs: RunningSubgraph[] = [];
    const urls: Record<string, string> = {};
    for (const def of defs) {
      if (opts.down?.includes(def.name)) {
        urls[def.name] = await deadUrl();
        continue;
      }
      const sg = await startSubgraph(def);
      closers.push(() => sg.close());
      subgraphs.push(sg);
      urls[def.name] = sg.url;
    }
    const supergraphSdl = compose(defs.map(d => ({ name: d.name, typeDefs: d.typeDefs, url: urls[d.name] })));

    const oursObserved: { serviceName: string; query: string }[] = [];
    const ours = await startGatewayServer({
      supergraphSdl,
      subgraphUrls: urls,
      host: '127.0.0.1',
      port: 0,
      log: silentLogger,
      onFetch: (serviceName, fetch) => oursObserved.push({ serviceName, query: fetch.query }),
    });
    closers.push(() => ours.close());

    const plain = new ApolloServer({
      gateway: new ApolloGateway({
        supergraphSdl,
        logger: silentLogger,
        buildService: ({ url }) => new RemoteGraphQLDataSource({ url }),
      }),
      includeStacktraceInErrorResponses: false,
      stopOnTerminationSignals: false,
      plugins: [ApolloServerPluginLandingPageDisabled()],
    });
    await plain.start();
    closers.push(() => plain.stop());
    const plainServer = createServer((req, res) => {
      void (async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of req) {
          chunks.push(chunk as Buffer);
        }
        const text = Buffer.concat(chunks).toString('utf8');
        const response = await plain.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method: (req.method ?? 'POST').toUpperCase(), headers: headerMapOf(req), search: '', body: text ? JSON.parse(text) : undefined },
          context: async () => ({}),
        });
        await sendApolloResponse(res, response);
      })().catch(() => {
        if (!res.headersSent) {
          res.writeHead(500);
        }
        res.end();
      });
    });
    const plainPort = await listen(plainServer);
    closers.push(() => closeServer(plainServer));
    const plainUrl = `http://127.0.0.1:${plainPort}/graphql`;

    const measure = async (url: string, query: string, ro: RunOptions): Promise<GatewayAnswer> => {
      ro.reset?.();
      const before = subgraphs.map(s => s.received.length);
      const observedBefore = oursObserved.length;
      const { status, body } = await postGraphQL(url, query, ro.variables);
      const fetches: Record<string, number> = {};
      const queries: Record<string, string[]> = {};
      subgraphs.forEach((s, i) => {
        const got = s.received.slice(before[i]);
        if (got.length > 0) {
          fetches[s.name] = got.length;
          queries[s.name] = got.map(g => g.query);
        }
      });
      const observed: Record<string, number> = {};
      for (const o of oursObserved.slice(observedBefore)) {
        observed[o.serviceName] = (observed[o.serviceName] ?? 0) + 1;
      }
      return { status, body, fetches, queries, ...(url === ours.url ? { observed } : {}) };
    };

    return {
      supergraphSdl,
      subgraphs,
      ours,
      plainUrl,
      oursObserved,
      run: async (query, ro = {}) => {
        const oursAnswer = await measure(ours.url, query, ro);
        const plainAnswer = await measure(plainUrl, query, ro);
        return { ours: oursAnswer, plain: plainAnswer };
      },
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

/** Total fetches of one answer. */
export function totalFetches(a: GatewayAnswer): number {
  return Object.values(a.fetches).reduce((n, x) => n + x, 0);
}

/** The part of an error both gateways are expected to agree on. */
export function errorCore(e: NonNullable<GraphQLBody['errors']>[number]): { message: string; path: (string | number)[] | undefined; code: unknown } {
  return { message: e.message, path: e.path, code: e.extensions?.code };
}

/**
 * The common assertions of a query without errors: both gateways answer exactly `expected`
 * (the test's own reading of the fixtures), and ours fetches no more than the plain gateway.
 */
export async function expectSame(fed: Federation, query: string, expected: GraphQLBody, ro: RunOptions = {}): Promise<Comparison> {
  const r = await fed.run(query, ro);
  expect(r.plain.body).toEqual(expected);
  expect(r.ours.body).toEqual(expected);
  expect(r.ours.body).toEqual(r.plain.body);
  expect(r.ours.status).toBe(r.plain.status);
  expect(totalFetches(r.ours)).toBeLessThanOrEqual(totalFetches(r.plain));
  // What our gateway says it fetched is what the subgraphs received.
  expect(r.ours.observed).toEqual(r.ours.fetches);
  return r;
}
