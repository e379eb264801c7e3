process.env.APOLLO_TELEMETRY_DISABLED ??= '1';
import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { withoutSecurityPurpose } from '../../gateway/security-links';

/**
 * The `apollo` gateway of `npm run bench -- gateway`: plain @apollo/gateway with its defaults
 * inside @apollo/server's standalone server, over the same supergraph as ours. Two changes only,
 * both needed for it to serve this supergraph at all:
 * - `for: SECURITY` is stripped from the @authenticated/@requiresScopes @link lines (plain
 *   @apollo/gateway refuses such links: it does not enforce them; gateway/security-links.ts, a
 *   module with nothing of our gateway in it);
 * - the caller's `authorization` header is forwarded to the subgraphs.
 * Env: SUPERGRAPH_PATH, PORT, and <NAME>_URL for each subgraph (the supergraph's own URLs otherwise).
 */

interface Ctx {
  authorization?: string;
}

async function main(): Promise<void> {
  const supergraphSdl = withoutSecurityPurpose(readFileSync(process.env.SUPERGRAPH_PATH ?? 'schema/supergraph.graphql', 'utf8'));
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<Ctx>({
        url: process.env[`${name.toUpperCase()}_URL`] ?? url,
        willSendRequest({ request, context }) {
          if (context.authorization) {
            request.http?.headers.set('authorization', context.authorization);
          }
        },
      }),
  });
  const server = new ApolloServer<Ctx>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { host: '127.0.0.1', port: Number(process.env.PORT ?? 4100) },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  process.stdout.write(`apollo-plain ready at ${url}\n`);
  const stop = () => {
    void server.stop().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`apollo-plain: cannot start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
