import type { IncomingMessage } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLFormattedError } from 'graphql';
import type { SubgraphName } from '../common/config';
import { sendJson, startHttpServer, type RunningHttpServer } from '../common/http';
import type { Logger } from '../common/logger';
import { requestInfo } from '../common/request-context';
import type { GatewayContext } from './context';
import { createGateway } from './create-gateway';
import { renderIde } from './ide';
import type { FetchObserver } from './propagating-data-source';

export interface GatewayServerOptions {
  readonly supergraphSdl: string;
  readonly subgraphUrls: Readonly<Record<SubgraphName, string>>;
  readonly host: string;
  readonly port: number;
  readonly log: Logger;
  readonly onFetch?: FetchObserver;
}

/**
 * Errors from subgraphs arrive coded (each subgraph masks its own) and the gateway has added
 * `serviceName`: they pass as they are. Errors of the gateway's own making pass when coded;
 * anything else is masked, so that no internal detail reaches the client.
 */
export function gatewayFormatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
    return formatted;
  }
  if (typeof formatted.extensions?.serviceName === 'string') {
    return { ...formatted, extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: formatted.extensions.serviceName } };
  }
  return {
    message: 'Internal server error',
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/** Is a subgraph answering its health check? One second at most. */
async function reachable(graphqlUrl: string): Promise<boolean> {
  try {
    const res = await fetch(new URL('/health', graphqlUrl), { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * The gateway as an HTTP server: GraphQL at `/graphql`, the IDE at `/`, `GET /health` (alive)
 * and `GET /ready` (supergraph loaded, and which subgraphs answer).
 */
export async function startGatewayServer(opts: GatewayServerOptions): Promise<RunningHttpServer> {
  const log = opts.log.child({ service: 'gateway' });
  const gateway = createGateway({ supergraphSdl: opts.supergraphSdl, subgraphUrls: opts.subgraphUrls, log, onFetch: opts.onFetch });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    logger: log,
    formatError: gatewayFormatError,
    includeStacktraceInErrorResponses: false,
    // Our main.ts drains and closes on SIGINT/SIGTERM; Apollo's own handler would re-raise the
    // signal and kill the process before the database is closed.
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();
  const ide = renderIde('/graphql');
  const context = async (req: IncomingMessage): Promise<GatewayContext> => {
    const auth = req.headers.authorization;
    return { ...requestInfo(req, log), authorization: typeof auth === 'string' ? auth : null };
  };
  const running = await startHttpServer({
    apollo,
    context,
    host: opts.host,
    port: opts.port,
    log,
    routes: {
      '/': (req, res) => {
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          sendJson(res, 405, { errors: [{ message: 'GET only', extensions: { code: 'METHOD_NOT_ALLOWED' } }] });
          return;
        }
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          // The page may talk to this origin only: nothing from the internet.
          'content-security-policy': "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:",
        });
        res.end(ide);
      },
      '/health': (_req, res) => sendJson(res, 200, { status: 'ok', service: 'gateway' }),
      '/ready': async (_req, res) => {
        const names = Object.keys(opts.subgraphUrls) as SubgraphName[];
        const states = await Promise.all(names.map(async n => [n, (await reachable(opts.subgraphUrls[n])) ? 'up' : 'down'] as const));
        sendJson(res, 200, { status: 'ready', service: 'gateway', supergraph: 'loaded', subgraphs: Object.fromEntries(states) });
      },
    },
  });
  return {
    ...running,
    close: async () => {
      await running.close();
      await apollo.stop();
    },
  };
}
