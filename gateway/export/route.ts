import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { GraphQLError, Kind, parse, print, type GraphQLFormattedError } from 'graphql';
import { AppError } from '../../common/errors';
import type { RouteHandler } from '../../common/http';
import type { Logger } from '../../common/logger';
import type { GatewayContext } from '../context';
import { csvFormat, ndjsonFormat, type ExportFormat } from './format';
import { parseExportRequest, planExport, type ExportPlan, type ExportRequest } from './plan';
import { ExportReadAhead, type DirectPageSource, type PageFetch, type PageReader } from './read-ahead';
import { readRawPage, type RawConnectionPage } from './raw-page';
import type { Metrics } from '../../common/metrics';
import type { SubgraphRequest } from '../../common/next-page';

/** The list publications the data rests on, asked once per export (public data, no safelist). */
export const PROVENANCE_QUERY = 'query ExportProvenance { listPublications { id list publishedOn files { sha256 } } }';

export interface ExportRouteOptions {
  readonly apollo: ApolloServer<GatewayContext>;
  /** The gateway's own context function: authentication and the rate limit (one token per export). */
  readonly context: (req: IncomingMessage) => Promise<GatewayContext>;
  readonly log: Logger;
  readonly maxBodyBytes?: number;
  /** Counts pages by path (direct or through the gateway's execution). */
  readonly metrics?: Metrics;
}

interface Page {
  readonly status: number;
  readonly data: Record<string, unknown> | null;
  readonly errors: readonly GraphQLFormattedError[];
}

/** A page read: its rows (objects, or JSON texts when passed through), its cursor and the next one. */
interface Read {
  nodes: unknown[];
  texts: string[] | null;
  readonly end: string | null;
  readonly next: string | null;
}

/** A page as fetched: executed by the gateway (to be read), or passed through (read already). */
type Fetched = { readonly page: Page } | { readonly read: Read };

/** Errors that do not stop an export: fields the caller may not see, answered null. */
const WITHHELD = 'FORBIDDEN';
/**
 * Output is handed to the socket in strings of about this many characters. Small on purpose:
 * V8 allocates a string over about 128 KB straight into the old generation, where it stays
 * until the next full collection, so page-sized strings (a page of 500 rows is about 150 KB)
 * would make the gateway's heap grow by a page per page. Strings of 32 K characters die young.
 */
const CHUNK = 32 * 1024;

class ExportFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

function statusOfCode(code: string): number {
  switch (code) {
    case 'BAD_USER_INPUT':
    case 'GRAPHQL_VALIDATION_FAILED':
    case 'GRAPHQL_PARSE_FAILED':
      return 400;
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'INTERNAL_SERVER_ERROR':
      return 500;
    default:
      return 502;
  }
}

function failureOf(page: Page): ExportFailure {
  const first = page.errors.find(e => e.extensions?.code !== WITHHELD) ?? page.errors[0];
  const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : 'INTERNAL_SERVER_ERROR';
  const { http: _http, code: _code, ...extra } = (first?.extensions ?? {}) as Record<string, unknown>;
  return new ExportFailure(page.status >= 400 ? page.status : statusOfCode(code), code, first?.message ?? 'The page could not be fetched', {
    ...extra,
    ...(first?.path ? { path: first.path } : {}),
  });
}

function failureOfThrown(err: unknown): ExportFailure {
  if (err instanceof ExportFailure) {
    return err;
  }
  if (err instanceof GraphQLError) {
    const { http, code, ...extra } = err.extensions as { http?: { status?: number; headers?: Map<string, string> }; code?: string };
    const c = typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
    const headers = http?.headers ? Object.fromEntries(http.headers) : {};
    return new ExportFailure(http?.status ?? statusOfCode(c), c, err.message, { ...extra, ...(Object.keys(headers).length ? { headers } : {}) });
  }
  return new ExportFailure(500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
}

function refuse(res: ServerResponse, f: ExportFailure): void {
  const { headers, ...extra } = f.extra as { headers?: Record<string, string> };
  const text = JSON.stringify({ errors: [{ message: f.message, extensions: { code: f.code, ...extra } }] });
  res.writeHead(f.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...(headers ?? {}) });
  res.end(text);
}

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = String(req.headers['content-type'] ?? '');
  if (!type.includes('application/json')) {
    throw new ExportFailure(400, 'BAD_USER_INPUT', 'POST /export takes a JSON body (content-type: application/json)', { field: 'content-type' });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      throw new ExportFailure(413, 'PAYLOAD_TOO_LARGE', `Request body exceeds ${limit} bytes`, { limit });
    }
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ExportFailure(400, 'BAD_REQUEST', 'The request body is not valid JSON');
  }
}

/** The connection object at the path, or null; a list on the way is the operation's mistake. */
function connectionAt(data: Record<string, unknown> | null, path: readonly string[]): Record<string, unknown> | null {
  let v: unknown = data;
  for (const key of path) {
    if (v === null || v === undefined) {
      return null;
    }
    if (Array.isArray(v) || typeof v !== 'object') {
      throw new ExportFailure(400, 'BAD_USER_INPUT', `connection: ${path.join('.')} passes through a list; export one connection`, { field: 'connection' });
    }
    v = (v as Record<string, unknown>)[key];
  }
  return (v as Record<string, unknown> | null | undefined) ?? null;
}

/**
 * `POST /export`: runs a query page by page through the gateway's own execution (authentication,
 * safelist, limits and field-level access exactly as for `/graphql`), following
 * `pageInfo.endCursor` into `$after`, and streams each node as an NDJSON line or a CSV record,
 * with backpressure: one page in memory (and the next one being fetched), whatever the size.
 *
 * The stream: a provenance record; rows; after each page a `cursor` record (resume point: send
 * the same body again with `"after"` set to it, and drop the rows received after it); then an
 * `end` record, or an `error` record (coded, with the last cursor) if a page fails mid-stream.
 * A failure before the first row is an ordinary coded JSON error with its HTTP status.
 */
export function exportRoute(opts: ExportRouteOptions): RouteHandler {
  const limit = opts.maxBodyBytes ?? 1024 * 1024;
  return async (req, res) => {
    if (req.method !== 'POST') {
      refuse(res, new ExportFailure(405, 'METHOD_NOT_ALLOWED', 'POST only', { headers: { allow: 'POST' } }));
      return;
    }
    let request: ExportRequest;
    let plan: ExportPlan;
    let context: GatewayContext;
    try {
      request = parseExportRequest(await readJson(req, limit));
      plan = planExport(request);
      context = await opts.context(req);
    } catch (err) {
      if (err instanceof AppError) {
        const { code, ...extra } = err.extensions;
        refuse(res, new ExportFailure(400, String(code), err.message, extra));
      } else {
        refuse(res, failureOfThrown(err));
      }
      return;
    }
    await streamExport(opts, request, plan, context, res);
  };
}

async function execute(opts: ExportRouteOptions, context: GatewayContext, query: string, operationName: string | null, variables: Record<string, unknown>): Promise<Page> {
  const response = await opts.apollo.executeOperation({ query, operationName: operationName ?? undefined, variables }, { contextValue: context });
  const body = response.body.kind === 'single' ? response.body.singleResult : null;
  if (!body) {
    return { status: 500, data: null, errors: [{ message: 'Incremental delivery is not supported by exports', extensions: { code: 'BAD_USER_INPUT', field: 'query' } }] };
  }
  return { status: response.http.status ?? 200, data: (body.data as Record<string, unknown> | null | undefined) ?? null, errors: body.errors ?? [] };
}

/** A connection's rows (its nodes), its end cursor, and the cursor of the next page if there is one. */
function readConnection(conn: Record<string, unknown>, plan: ExportPlan): Read {
  const nodes = plan.rows === 'edges' ? ((conn.edges as { node: unknown }[] | null) ?? []).map(e => e?.node) : ((conn.nodes as unknown[] | null) ?? []);
  const info = (conn.pageInfo ?? {}) as { hasNextPage?: boolean; endCursor?: string | null };
  const end = info.endCursor ?? null;
  return { nodes, texts: null, end, next: info.hasNextPage && end ? end : null };
}

/** A page passed through: its rows as JSON texts, its cursor and the next one. */
function readRaw(page: RawConnectionPage): Read {
  return { nodes: [], texts: page.rows, end: page.endCursor, next: page.hasNextPage && page.endCursor ? page.endCursor : null };
}

/** Where an export's pages after the first can be fetched straight from, and with what request. */
interface DirectExport {
  readonly source: DirectPageSource;
  readonly service: string;
  /** The first page's request to that subgraph, exactly as the gateway sent it. */
  readonly request: SubgraphRequest;
}

/**
 * Whether the rest of an export can pass straight through from one subgraph, skipping the
 * gateway's execution of each page (its JSON.parse, result shaping and a JSON.stringify per row,
 * most of its CPU on an export): the first page, executed the ordinary way, must have
 * - come back without any error, so nothing was withheld from the caller (a forbidden field is
 *   answered null with an error) and nothing failed;
 * - been answered by ONE fetch to one subgraph, a root query (no entities), not merged with others;
 * - sent that subgraph the caller's own selection set, printed the same (the planner added
 *   nothing, such as `__typename` or key fields, and left nothing out), with `$after` among its
 *   variables;
 * - given, read from the subgraph's answer text, exactly the rows, bytes included, and the page
 *   info the gateway's execution gave.
 * Later pages differ from the first only in `$after`: the same document, so the same access
 * verdict, the same limits and the same plan. Each is sent as that same request with the next
 * cursor, the request the gateway would have sent, with the page's own request id and signed
 * identity; the subgraph checks the identity and access again as for any request. A page whose
 * answer is anything but a clean page (errors, a failure) is fetched again the ordinary way, and
 * the export stays on that way from there.
 */
function directSource(fetches: readonly PageFetch[], plan: ExportPlan, request: ExportRequest, page: Page, reader: PageReader): DirectExport | null {
  if (fetches.length !== 1 || page.status !== 200 || page.errors.length > 0) {
    return null;
  }
  const [f] = fetches;
  const variables = f.request?.variables;
  if (!f.source || !f.request || !f.clean || f.text === undefined || !variables || !Object.prototype.hasOwnProperty.call(variables, 'after') || 'representations' in variables) {
    return null;
  }
  let sameSelection = false;
  try {
    const document = parse(f.request.query);
    const operation = document.definitions.length === 1 ? document.definitions[0] : undefined;
    sameSelection = operation?.kind === Kind.OPERATION_DEFINITION && operation.operation === 'query' && print(operation.selectionSet) === plan.selection;
  } catch {
    return null;
  }
  if (!sameSelection) {
    return null;
  }
  const raw = reader(f.text);
  const conn = connectionAt(page.data, request.connection);
  if (!raw || !conn) {
    return null;
  }
  const executed = readConnection(conn, plan);
  const passed = readRaw(raw);
  const same =
    raw.rows.length === executed.nodes.length &&
    raw.rows.every((row, i) => row === JSON.stringify(executed.nodes[i])) &&
    passed.end === executed.end &&
    passed.next === executed.next;
  return same ? { source: f.source, service: f.service, request: f.request } : null;
}

async function streamExport(opts: ExportRouteOptions, request: ExportRequest, plan: ExportPlan, context: GatewayContext, res: ServerResponse): Promise<void> {
  const started = Date.now();
  const log = context.log;
  const format: ExportFormat = request.format === 'csv' ? csvFormat(plan.columns) : ndjsonFormat();
  let closed = false;
  res.on('close', () => {
    closed = !res.writableFinished;
  });
  let page = 0;
  // Each page is fetched with a context of its own (its request id); the read-ahead sends a
  // page's subgraph requests as soon as the previous page's answers name its cursor.
  const readAhead: ExportReadAhead = new ExportReadAhead(n => ({ ...context, requestId: `${context.requestId}.${n}`, log, readAhead: readAhead.slot(n) }));
  res.on('close', () => readAhead.close());
  /** Page n executed the ordinary way: a GraphQL request through the gateway's own execution. */
  const executePage = (n: number, after: string | null): Promise<Page> => {
    opts.metrics?.exportPages.inc({ path: 'gateway' });
    return execute(opts, readAhead.contextOf(n), request.query, plan.operationName, { ...request.variables, after }).catch(err => {
      const f = failureOfThrown(err);
      return { status: f.status, data: null, errors: [{ message: f.message, extensions: { code: f.code } }] };
    });
  };
  const fetchPage = (after: string | null): Promise<Page> => executePage(++page, after);
  const reader: PageReader = text => readRawPage(text, request.connection, plan.rows);
  let direct: DirectExport | null = null;
  let directPages = 0;
  /** The next page: passed straight through while the export can (see `directSource`), else executed. */
  const fetchNext = (after: string): Promise<Fetched> => {
    const d = direct;
    if (!d) {
      return fetchPage(after).then(p => ({ page: p }));
    }
    const n = ++page;
    const sent: SubgraphRequest = { ...d.request, variables: { ...d.request.variables, after } };
    const fallback = (): Promise<Fetched> => {
      direct = null;
      return executePage(n, after).then(p => ({ page: p }));
    };
    return d.source.exportPage(sent, readAhead.contextOf(n), reader).then(answer => {
      if (!('page' in answer)) {
        log.info({ page: n, service: d.service }, 'export: a page passed through was not clean; the export goes on through the gateway');
        return fallback();
      }
      directPages += 1;
      opts.metrics?.exportPages.inc({ path: 'direct' });
      return { read: readRaw(answer.page) };
    }, fallback);
  };
  /** Checks a page: its connection, rows and next cursor; throws an ExportFailure. */
  const read = (p: Page): Read => {
    if (p.status >= 400 || p.errors.some(e => e.extensions?.code !== WITHHELD)) {
      throw failureOf(p);
    }
    const conn = connectionAt(p.data, request.connection);
    return conn ? readConnection(conn, plan) : { nodes: [], texts: null, next: null, end: null };
  };

  // The first page; once the gateway has let it through (credential, safelist, limits), the
  // publications, while the second page is already being fetched. A failure here is an ordinary
  // JSON error, and an export the gateway refuses has called no subgraph at all.
  const identity = context.identity ?? null;
  const provenanceContext: GatewayContext = { ...context, requestId: `${context.requestId}.provenance`, identity: identity ? { ...identity, safelist: undefined } : identity };
  let first: Read;
  let withheld: string[];
  let publications: unknown;
  let nextPage: Promise<Fetched> | null = null;
  try {
    const firstPage = await fetchPage(request.after);
    first = read(firstPage);
    withheld = [...new Set(firstPage.errors.map(e => e.extensions?.field).filter((f): f is string => typeof f === 'string'))];
    direct = directSource(readAhead.takeFirstPage(), plan, request, firstPage, reader);
    nextPage = first.next ? fetchNext(first.next) : null;
    const pubs = await execute(opts, provenanceContext, PROVENANCE_QUERY, 'ExportProvenance', {});
    if (pubs.status >= 400 || pubs.errors.length > 0 || !pubs.data) {
      throw failureOf(pubs);
    }
    publications = pubs.data.listPublications;
  } catch (err) {
    readAhead.close();
    refuse(res, failureOfThrown(err));
    return;
  }
  res.writeHead(200, { 'content-type': format.contentType, 'cache-control': 'no-store', 'x-request-id': context.requestId });

  let pending = '';
  /** Queues text; hands it to the socket whenever a chunk's worth has gathered (no waiting). */
  // The chunks of a page are held (cork) and go to the socket together at `flush`: one system
  // call per page rather than one per chunk.
  let corked = false;
  const emit = (text: string): void => {
    pending += text;
    if (pending.length >= CHUNK) {
      if (!closed) {
        if (!corked) {
          res.cork();
          corked = true;
        }
        res.write(pending);
      }
      pending = '';
    }
  };
  /** Hands what is queued to the socket, then waits while the client is behind (backpressure). */
  const flush = async (): Promise<void> => {
    if (pending.length > 0 && !closed) {
      res.write(pending);
    }
    pending = '';
    if (corked) {
      corked = false;
      res.uncork();
    }
    if (res.writableNeedDrain && !closed) {
      await new Promise<void>(resolve => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  };
  let rows = 0;
  let pages = 0;
  let resumeAt: string | null = request.after;
  emit(
    format.record({
      '@export': 'provenance',
      operation: plan.operationName,
      connection: request.connection.join('.'),
      format: request.format,
      generatedAt: new Date().toISOString(),
      principal: identity?.sub ?? context.principal,
      role: identity?.role ?? null,
      via: identity?.via ?? null,
      partner: identity?.via === 'api-key' ? identity.sub.replace(/^api-key:/, '') : null,
      requestId: context.requestId,
      variables: request.variables,
      after: request.after,
      publications,
      withheld,
      columns: request.format === 'csv' ? plan.columns : undefined,
    }),
  );
  emit(format.header());
  let current = first;
  // Where an export's time goes, for the log: waiting for the next page (the gateway's execution
  // and the subgraphs), and formatting and writing (with the client's backpressure).
  let waitMs = 0;
  let writeMs = 0;
  try {
    for (;;) {
      // The next page is being fetched while this one is written: at most two pages in memory.
      const t0 = performance.now();
      // A page is formatted and handed to the socket in chunks, without a promise per row; the
      // export then waits, once per page, while the client is behind.
      if (current.texts) {
        for (const text of current.texts) {
          emit(format.rowText(text));
        }
        rows += current.texts.length;
      } else {
        for (const node of current.nodes) {
          emit(format.row(node));
        }
        rows += current.nodes.length;
      }
      pages += 1;
      // The page's objects are done with: let them go before waiting for the socket and the next page.
      current.nodes = [];
      current.texts = null;
      if (current.end) {
        resumeAt = current.end;
        emit(format.record({ '@export': 'cursor', page: pages, rows, after: current.end }));
      }
      await flush();
      const t1 = performance.now();
      writeMs += t1 - t0;
      if (closed) {
        log.info({ rows, pages }, 'export: the client went away');
        return;
      }
      if (!nextPage) {
        break;
      }
      const fetched = await nextPage;
      const r = 'read' in fetched ? fetched.read : read(fetched.page);
      waitMs += performance.now() - t1;
      if (r.end !== null && r.end === current.end) {
        throw new ExportFailure(502, 'INTERNAL_SERVER_ERROR', 'The connection returned the same endCursor twice; the export stops rather than loop');
      }
      current = r;
      nextPage = r.next ? fetchNext(r.next) : null;
    }
    emit(format.record({ '@export': 'end', rows, pages }));
    readAhead.close();
    log.info(
      { rows, pages, ms: Date.now() - started, waitMs: Math.round(waitMs), writeMs: Math.round(writeMs), readAhead: { hits: readAhead.hits, misses: readAhead.misses }, direct: direct ? (direct as DirectExport).service : null, directPages },
      'export done',
    );
  } catch (err) {
    const f = failureOfThrown(err);
    const { headers: _h, ...extra } = f.extra as { headers?: unknown };
    emit(format.record({ ...extra, '@export': 'error', code: f.code, message: f.message, rows, after: resumeAt }));
    log.warn({ rows, pages, code: f.code }, 'export stopped by an error');
  }
  readAhead.close();
  await flush();
  res.end();
}
