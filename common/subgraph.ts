import type { IncomingMessage } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { SubgraphName } from './config';
import type { Database } from './database';
import { AppError } from './errors';
import { sendJson, startHttpServer, type RunningHttpServer } from './http';
import type { Logger } from './logger';
import { Metrics, metricsRoute } from './metrics';
import { serviceTracing } from './tracing';
import { printSubgraphSchema } from '@apollo/subgraph';
import { accessClassOf, accessRulesFromSdl, checkOperation, PerDocumentCache, type DeniedField } from './identity/access';
import { isRequestBody, exportPageResults, SubgraphReadAhead } from './read-ahead';
import { READ_AHEAD_HEADER, requestInfo, verifiedRequestInfo, type BaseRequestContext, type IdentityCheck } from './request-context';

/** What a subgraph's factory receives: its open database and a logger. */
export interface SubgraphDeps {
  readonly database: Database;
  readonly log: Logger;
}

/** What a subgraph's factory returns: a federated schema and how to build a request's context. */
export interface Subgraph<TContext extends BaseRequestContext = BaseRequestContext> {
  readonly name: SubgraphName;
  readonly schema: GraphQLSchema;
  /** A fresh context (with fresh DataLoaders) for every request. */
  createContext(base: BaseRequestContext): TContext;
  /**
   * Its reads have no effects (no read audit), so the answers to export pages may be computed
   * ahead (common/read-ahead.ts). Default false.
   */
  readonly readAhead?: boolean;
}

/** Codes raised by Apollo Server itself (parsing, validation, variables): passed through as they are. */
const APOLLO_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  // The identity check and the scope re-check (issue 6).
  'UNAUTHENTICATED',
  'FORBIDDEN',
]);

/**
 * Keeps coded errors and masks everything else as INTERNAL_SERVER_ERROR, so that no stack,
 * SQL text or personal data leaves a subgraph by accident.
 */
export function maskError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof AppError) {
    return formatted;
  }
  const code = formatted.extensions?.code;
  if (original instanceof GraphQLError && typeof code === 'string' && APOLLO_CODES.has(code)) {
    return formatted;
  }
  return {
    message: 'Internal server error',
    ...(formatted.path ? { path: formatted.path } : {}),
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/** Logs every error a request met, at the level its class asks for, with the request id. */
function errorLogging(): ApolloServerPlugin<BaseRequestContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors, operationName }) {
          for (const e of errors) {
            const original = unwrapResolverError(e);
            if (original instanceof AppError) {
              contextValue.log[original.logLevel]({ code: original.extensions.code, path: e.path, operationName }, original.message);
            } else if (original instanceof GraphQLError && original.extensions?.code && original.extensions.code !== 'INTERNAL_SERVER_ERROR') {
              contextValue.log.info({ code: original.extensions.code, operationName }, original.message);
            } else {
              contextValue.log.error({ err: original, path: e.path, operationName }, 'unexpected error');
            }
          }
        },
      };
    },
  };
}

/**
 * Defence in depth: a subgraph enforces the schema's `@authenticated` and `@requiresScopes` again,
 * from the identity the gateway signed. An operation that asks for a field the identity may not
 * see is refused whole (the gateway never sends one; a direct caller gets FORBIDDEN).
 */
function accessCheck(schema: GraphQLSchema): ApolloServerPlugin<BaseRequestContext> {
  const rules = accessRulesFromSdl(printSubgraphSchema(schema));
  // The fields denied, per operation and identity class: the same few operations come from the gateway again and again.
  const denials = new PerDocumentCache<DeniedField[]>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, operationName }) {
          if (!contextValue.identity) {
            return;
          }
          const identity = contextValue.identity;
          const denied = denials.get(document, `${operationName ?? ''}\u0000${accessClassOf(identity)}`, () => checkOperation(schema, rules, document, operationName, identity).denied);
          if (denied.length > 0) {
            throw new GraphQLError(`Forbidden: ${denied.map(d => `${d.coordinate} needs ${d.needs}`).join('; ')}.`, {
              extensions: { code: 'FORBIDDEN', fields: denied.map(d => d.coordinate), http: { status: 403 } },
            });
          }
        },
      };
    },
  };
}

/** An Apollo Server for a subgraph: masked errors, no inline traces, no CDN landing page. */
export function createSubgraphServer<TContext extends BaseRequestContext>(subgraph: Subgraph<TContext>, log: Logger, metrics?: Metrics): ApolloServer<TContext> {
  return new ApolloServer<TContext>({
    schema: subgraph.schema,
    logger: log,
    formatError: maskError,
    includeStacktraceInErrorResponses: false,
    // Our main.ts drains and closes on SIGINT/SIGTERM; Apollo's own handler would re-raise the
    // signal and kill the process before the database is closed.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      // The default cache-control plugin wraps every field's resolver to compute a cache policy
      // that nothing here uses (no response cache): about a fifth of the chain subgraph's CPU
      // on a page of transfers.
      ApolloServerPluginCacheControlDisabled(),
      errorLogging() as ApolloServerPlugin<TContext>,
      accessCheck(subgraph.schema) as ApolloServerPlugin<TContext>,
      ...(subgraph.readAhead ? [exportPageResults() as ApolloServerPlugin<TContext>] : []),
      ...(metrics ? [metrics.graphqlPlugin<TContext>()] : []),
    ],
  });
}

export interface ServeSubgraphOptions {
  readonly host: string;
  readonly port: number;
  /** The check of the gateway's signed identity header; absent: no check (tests of one subgraph). */
  readonly identity?: IdentityCheck;
}

/** A subgraph listening on HTTP, with what it needs to stop. */
export interface RunningSubgraph extends RunningHttpServer {
  readonly name: SubgraphName;
  readonly apollo: ApolloServer<BaseRequestContext>;
  /** Its read-ahead of export pages, when the subgraph has one (`Subgraph.readAhead`). */
  readonly readAhead: SubgraphReadAhead<BaseRequestContext> | null;
}

/**
 * Starts a subgraph on HTTP: GraphQL at `/graphql`, `GET /health` (the process is up) and
 * `GET /ready` (its database answers).
 */
export async function serveSubgraph<TContext extends BaseRequestContext>(
  subgraph: Subgraph<TContext>,
  deps: SubgraphDeps,
  opts: ServeSubgraphOptions,
): Promise<RunningSubgraph> {
  const log = deps.log.child({ service: subgraph.name });
  const metrics = new Metrics(subgraph.name);
  metrics.instrumentDatabase(deps.database.dataSource);
  const apollo = createSubgraphServer(subgraph, log, metrics);
  await apollo.start();
  const identity = opts.identity;
  const context = async (req: IncomingMessage) => subgraph.createContext(identity ? verifiedRequestInfo(req, log, identity) : requestInfo(req, log));
  const readAhead = subgraph.readAhead ? new SubgraphReadAhead(apollo, base => subgraph.createContext(base)) : null;
  const running = await startHttpServer({
    apollo,
    context,
    // An export page (marked by the gateway) is answered through the read-ahead, once the
    // request's identity has been checked; a request that fails the check is left to Apollo
    // Server, which answers it with the coded error.
    execute: readAhead
      ? async (req, request) => {
          if (req.headers[READ_AHEAD_HEADER] !== '1' || request.method !== 'POST' || !isRequestBody(request.body)) {
            return undefined;
          }
          const checked = await context(req).catch(() => null);
          return checked?.exportPage ? readAhead.execute({ ...request, body: request.body }, checked) : undefined;
        }
      : undefined,
    host: opts.host,
    port: opts.port,
    log,
    tracing: serviceTracing(subgraph.name),
    routes: {
      '/health': (_req, res) => sendJson(res, 200, { status: 'ok', service: subgraph.name }),
      '/metrics': metricsRoute(metrics),
      '/ready': async (_req, res) => {
        try {
          await deps.database.dataSource.query('SELECT 1');
          sendJson(res, 200, { status: 'ready', service: subgraph.name, database: deps.database.kind });
        } catch (err) {
          log.warn({ err }, 'database not reachable');
          sendJson(res, 503, { status: 'unavailable', service: subgraph.name, reason: 'database not reachable' });
        }
      },
    },
  });
  return {
    ...running,
    name: subgraph.name,
    apollo: apollo as unknown as ApolloServer<BaseRequestContext>,
    readAhead: readAhead as SubgraphReadAhead<BaseRequestContext> | null,
    close: async () => {
      readAhead?.clear();
      await running.close();
      await apollo.stop();
    },
  };
}
