import type { IncomingMessage } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { SubgraphName } from '../common/config';
import { sendJson, startHttpServer, type RunningHttpServer } from '../common/http';
import type { Logger } from '../common/logger';
import { clientAddressOf, requestInfo } from '../common/request-context';
import type { GatewayContext } from './context';
import { accessRulesFromSdl } from '../common/identity/access';
import { authenticate } from './auth/authenticate';
import { GuardedGateway } from './auth/guarded-gateway';
import type { GatewaySecurity } from './auth/security';
import { closeGatewayConnections, createGateway } from './create-gateway';
import { withoutSecurityPurpose } from './security-links';
import { assumedListSizes, operationLimitsPlugin } from './limits/limits';
import { createRateLimiter, rateLimited } from './limits/rate-limit';
import { idePage } from './ide/page';
import { exportRoute } from './export/route';
import { Metrics, metricsRoute } from '../common/metrics';
import { serviceTracing } from '../common/tracing';
import type { FetchObserver, ResilienceOptions } from './propagating-data-source';

export interface GatewayServerOptions {
  readonly supergraphSdl: string;
  /** Where each subgraph of the supergraph is reached, by its name in the supergraph. */
  readonly subgraphUrls: Readonly<Record<SubgraphName, string>> | Readonly<Record<string, string>>;
  readonly host: string;
  readonly port: number;
  readonly log: Logger;
  readonly onFetch?: FetchObserver;
  /**
   * Authentication, field-level access, operation limits and rate limits (issue 6). Absent: none
   * of them (only for code that embeds the gateway; every configuration sets it).
   */
  readonly security?: GatewaySecurity;
  /** Timeouts, retries and circuit breaker per subgraph (from config; defaults otherwise). */
  readonly resilience?: Partial<Record<SubgraphName, Partial<ResilienceOptions>>>;
}

/**
 * Errors from subgraphs arrive coded (each subgraph masks its own) and the gateway has added
 * `serviceName`: they pass as they are. Errors of the gateway's own making pass when coded;
 * anything else is masked, so that no internal detail reaches the client.
 */
export function gatewayFormatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  // Apollo Server answers an APQ whose hash is not the query's with an uncoded error: code it
  // as Apollo Router does, rather than mask it.
  if (formatted.message === 'provided sha does not match query' && !formatted.path && formatted.extensions?.serviceName === undefined) {
    return { ...formatted, extensions: { ...formatted.extensions, code: 'PERSISTED_QUERY_HASH_MISMATCH' } };
  }
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

/**
 * The supergraph has no subscription root: graphql-js validation lets `subscription { x }`
 * through and the query planner then throws, which Apollo answers with a 500. Refuse it as the
 * client's mistake instead (found by the bad-input corpus).
 */
function noSubscriptions(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation === 'subscription') {
            throw new GraphQLError('This graph has no subscriptions', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } } });
          }
        },
      };
    },
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
  const metrics = new Metrics('gateway');
  const security = opts.security;
  // @apollo/gateway refuses `for: SECURITY` links; our GuardedGateway enforces them.
  const gatewaySdl = withoutSecurityPurpose(opts.supergraphSdl);
  const inner = createGateway({
    supergraphSdl: gatewaySdl,
    subgraphUrls: opts.subgraphUrls,
    log,
    onFetch: opts.onFetch,
    resilience: opts.resilience,
    metrics,
    identitySecret: security?.identitySecret,
  });
  const gateway = security ? new GuardedGateway(inner, accessRulesFromSdl(opts.supergraphSdl)) : inner;
  // In memory, or in Redis shared by the replicas when REDIS_URL is set (fails open if it is down).
  const limiter = security?.rateLimit ? await createRateLimiter({ ...security.rateLimit, redisUrl: security.limits.redisUrl, log, metrics }) : null;
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    logger: log,
    formatError: gatewayFormatError,
    includeStacktraceInErrorResponses: false,
    // Explicit, whatever NODE_ENV says (Apollo turns it off under production): who may
    // introspect is decided by INTROSPECTION and the caller's role, in the limits plugin.
    introspection: security?.introspection ?? true,
    // Our main.ts drains and closes on SIGINT/SIGTERM; Apollo's own handler would re-raise the
    // signal and kill the process before the database is closed.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      metrics.graphqlPlugin<GatewayContext>(),
      noSubscriptions(),
      ...(security ? [operationLimitsPlugin(() => null, security.limits, security.introspection, assumedListSizes(opts.supergraphSdl))] : []),
    ],
  });
  await apollo.start();
  const context = async (req: IncomingMessage): Promise<GatewayContext> => {
    const auth = req.headers.authorization;
    const base = requestInfo(req, log);
    if (!security) {
      return { ...base, authorization: typeof auth === 'string' ? auth : null };
    }
    // Throws a coded 401 without a valid credential (unless anonymous access is configured).
    const identity = { ...authenticate(req.headers, security.auth), address: clientAddressOf(req) };
    const wait = limiter ? await limiter.take(identity.sub) : 0;
    if (wait > 0) {
      throw rateLimited(wait);
    }
    // The credential stops here: subgraphs get the signed identity, never the caller's token.
    return { ...base, principal: identity.sub, authorization: null, identity };
  };
  const running = await startHttpServer({
    apollo,
    context,
    host: opts.host,
    port: opts.port,
    log,
    tracing: serviceTracing('gateway'),
    routes: {
      // The IDE (GraphiQL, gateway/ide): one prebuilt page that loads nothing from elsewhere.
      '/': async (req, res) => {
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          sendJson(res, 405, { errors: [{ message: 'GET only', extensions: { code: 'METHOD_NOT_ALLOWED' } }] }, { allow: 'GET, HEAD' });
          return;
        }
        let page;
        try {
          page = await idePage();
        } catch (err) {
          log.error({ err }, 'the IDE page is unavailable');
          sendJson(res, 500, { errors: [{ message: `The IDE is unavailable: ${(err as Error).message}`, extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
          return;
        }
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-length': Buffer.byteLength(page.html),
          // Its own inline script only (by hash), styles with this response's nonce, requests to this origin only.
          'content-security-policy': page.csp,
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
          'cache-control': 'no-cache',
        });
        res.end(req.method === 'HEAD' ? undefined : page.html);
      },
      '/health': (_req, res) => sendJson(res, 200, { status: 'ok', service: 'gateway' }),
      // Partner exports (gateway/export): the same execution, page by page, streamed.
      '/export': exportRoute({ apollo, context, log, metrics }),
      '/metrics': metricsRoute(metrics),
      '/ready': async (_req, res) => {
        const urls: Readonly<Record<string, string>> = opts.subgraphUrls;
        const states = await Promise.all(Object.keys(urls).map(async n => [n, (await reachable(urls[n])) ? 'up' : 'down'] as const));
        sendJson(res, 200, { status: 'ready', service: 'gateway', supergraph: 'loaded', subgraphs: Object.fromEntries(states) });
      },
    },
  });
  return {
    ...running,
    close: async () => {
      await running.close();
      await apollo.stop();
      closeGatewayConnections(inner);
      await limiter?.close();
    },
  };
}
