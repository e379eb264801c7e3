import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

/**
 * Hive's packages are loaded untyped: their type declarations (graphql-yoga's) augment graphql's
 * GraphQLErrorExtensions with `http.headers` as a plain record, which conflicts with Apollo
 * Server's (a Map) and would break the type check of the whole project. This file only needs
 * the two calls below.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const hive = require('@graphql-hive/gateway') as {
  createGatewayRuntime(config: Record<string, unknown>): ((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void) & { dispose(): unknown };
};

/**
 * The `hive` and `hive-rust` gateways of `npm run bench -- gateway`: Hive Gateway's runtime
 * (`createGatewayRuntime`, the library the `hive-gateway` CLI wraps) served by node:http in ONE
 * process: no `fork` workers (forking is a CLI option; the runtime never forks), no usage
 * reporting (none configured), no GraphiQL or landing page (they load assets from a CDN), over
 * the same supergraph file, forwarding the caller's `authorization` header to the subgraphs.
 * `HIVE_PLANNER=rust`: the Rust query planner of @graphql-hive/router-runtime
 * (`unifiedGraphHandler`); otherwise the default JavaScript planner.
 * Env: SUPERGRAPH_PATH, PORT, HIVE_PLANNER, and <NAME>_URL for each subgraph (the supergraph's
 * join__graph URLs are rewritten to them).
 */

function withSubgraphUrls(sdl: string): string {
  // join__Graph enum values: NAME @join__graph(name: "name", url: "http://…")
  return sdl.replace(/@join__graph\(name: "([^"]+)", url: "([^"]*)"\)/g, (whole, name: string) => {
    const url = process.env[`${name.toUpperCase()}_URL`];
    return url ? `@join__graph(name: "${name}", url: "${url}")` : whole;
  });
}

async function main(): Promise<void> {
  const rust = process.env.HIVE_PLANNER === 'rust';
  const supergraph = withSubgraphUrls(readFileSync(process.env.SUPERGRAPH_PATH ?? 'schema/supergraph.graphql', 'utf8'));
  const runtime = hive.createGatewayRuntime({
    supergraph,
    logging: 'warn',
    graphiql: false,
    landingPage: false,
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }: { request: { headers: { get(name: string): string | null } } }) => ({ authorization: request.headers.get('authorization') ?? undefined }),
    },
    ...(rust ? { unifiedGraphHandler: (require('@graphql-hive/router-runtime') as { unifiedGraphHandler: unknown }).unifiedGraphHandler } : {}),
  });
  const server = createServer(runtime);
  const port = Number(process.env.PORT ?? 4200);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  process.stdout.write(`hive${rust ? ' (rust planner)' : ''} ready at http://127.0.0.1:${port}/graphql\n`);
  const stop = () => {
    server.close();
    void Promise.resolve(runtime.dispose()).finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`hive: cannot start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
