import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from '@apollo/server';
import type { Logger } from './logger';
import type { ServiceTracing } from './tracing';

/** A plain route: answers a GET (or any method it checks itself) outside GraphQL. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpServerOptions<TContext extends BaseContext> {
  /** A started Apollo Server. */
  readonly apollo: ApolloServer<TContext>;
  /** Builds the per-request context from the incoming request. */
  readonly context: (req: IncomingMessage) => Promise<TContext>;
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly log: Logger;
  /** Extra routes by path, e.g. `/health`. */
  readonly routes?: Readonly<Record<string, RouteHandler>>;
  /** Largest request body accepted, in bytes (default 1 MiB); larger is a 413. */
  readonly maxBodyBytes?: number;
  /** The service's tracing (null or absent: off): GraphQL and export requests get a span. */
  readonly tracing?: ServiceTracing | null;
  /**
   * Executes a GraphQL request instead of Apollo Server's `executeHTTPGraphQLRequest` with
   * `context` (a subgraph's read-ahead, common/read-ahead.ts); `undefined`: execute as usual.
   */
  readonly execute?: (req: IncomingMessage, request: HTTPGraphQLRequest) => Promise<HTTPGraphQLResponse | undefined>;
}

export interface RunningHttpServer {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

/** Writes a JSON answer. */
/** A request's headers as Apollo Server takes them (repeated headers joined with ", "). */
export function headerMapOf(req: Pick<IncomingMessage, 'headers'>): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) {
      headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
  }
  return headers;
}

/** Writes what Apollo Server's executeHTTPGraphQLRequest answered: headers, status, body (whole or streamed). */
export async function sendApolloResponse(res: ServerResponse, response: HTTPGraphQLResponse): Promise<void> {
  for (const [key, value] of response.headers) {
    res.setHeader(key, value);
  }
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) {
    res.write(chunk);
  }
  res.end();
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function graphQLErrorBody(message: string, code: string, extra: Record<string, unknown> = {}) {
  return { errors: [{ message, extensions: { code, ...extra } }] };
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    throw new BodyTooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      throw new BodyTooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Serves GraphQL at `/graphql` (POST, and GET for queries) through Apollo Server's
 * framework-neutral entry point, plus the given plain routes. No web framework: the surface is
 * small and every byte of it is ours to test.
 */
export async function startHttpServer<TContext extends BaseContext>(
  opts: HttpServerOptions<TContext>,
): Promise<RunningHttpServer> {
  const limit = opts.maxBodyBytes ?? 1024 * 1024;
  const routes = opts.routes ?? {};

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = routes[url.pathname];
    if (route) {
      await route(req, res);
      return;
    }
    if (url.pathname !== '/graphql') {
      sendJson(res, 404, graphQLErrorBody(`No route ${url.pathname}; GraphQL is served at /graphql`, 'NOT_FOUND'));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'POST') {
      sendJson(res, 405, graphQLErrorBody('GraphQL accepts GET and POST only', 'METHOD_NOT_ALLOWED'), { allow: 'GET, POST' });
      return;
    }
    let body: unknown = undefined;
    if (req.method === 'POST') {
      let text: string;
      try {
        text = await readBody(req, limit);
      } catch (err) {
        if (err instanceof BodyTooLarge) {
          sendJson(res, 413, graphQLErrorBody(`Request body exceeds ${limit} bytes`, 'PAYLOAD_TOO_LARGE', { limit }));
          return;
        }
        throw err;
      }
      const type = String(req.headers['content-type'] ?? '');
      if (type.includes('application/json') || type.includes('application/graphql-response+json')) {
        try {
          body = text.length > 0 ? JSON.parse(text) : undefined;
        } catch {
          sendJson(res, 400, graphQLErrorBody('The request body is not valid JSON', 'BAD_REQUEST'));
          return;
        }
      } else {
        body = text;
      }
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = { method: req.method.toUpperCase(), headers: headerMapOf(req), search: url.search, body };
    const response =
      (await opts.execute?.(req, httpGraphQLRequest)) ?? (await opts.apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: () => opts.context(req) }));
    await sendApolloResponse(res, response);
  };

  const serve = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((err: unknown) => {
      opts.log.error({ err }, 'unhandled error while serving a request');
      if (!res.headersSent) {
        sendJson(res, 500, graphQLErrorBody('Internal server error', 'INTERNAL_SERVER_ERROR'));
      } else {
        res.end();
      }
    });
  };
  const tracing = opts.tracing ?? null;
  const server = createServer(
    tracing
      ? (req, res) => {
          const path = (req.url ?? '/').split('?', 1)[0];
          if (path === '/graphql' || path === '/export') {
            tracing.serve(req, res, path, () => serve(req, res));
          } else {
            serve(req, res);
          }
        }
      : serve,
  );
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
  return {
    url: `http://${host}:${port}/graphql`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Requests in flight finish; a keep-alive connection is closed as soon as its last answer
        // is sent (not after keepAliveTimeout), so that a drain ends when the work does.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        server.on('request', (_req: IncomingMessage, res: ServerResponse) => res.setHeader('connection', 'close'));
        server.close(err => {
          clearInterval(sweep);
          if (err) {
            reject(err);
          } else {
            // The last requests' spans leave before the process may end.
            (tracing ? tracing.flush().catch(() => undefined) : Promise.resolve()).then(() => resolve());
          }
        });
        server.closeIdleConnections();
      }),
  };
}
