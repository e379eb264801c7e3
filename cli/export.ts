import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { parseOptions, RefusedError, UsageError } from './options';

/** Where the gateway's `/export` is, from `--url` (a base URL, or its `/graphql` URL). */
export function exportUrl(url: string): string {
  const u = new URL(url);
  u.pathname = u.pathname.replace(/\/graphql\/?$/, '').replace(/\/$/, '') + '/export';
  return u.toString();
}

/**
 * `export --query-file F --connection PATH [--format ndjson|csv] [--variables JSON] [--after C]
 * [--out FILE] [--url URL] [--token T]`: calls the gateway's `POST /export` and writes the stream
 * as it arrives (to FILE or standard output). Exit 0 when the stream ends with its `end` record;
 * 1 when it ends with an `error` record (the code and the cursor to resume from go to stderr) or
 * is cut; 1 for a refused request (its coded error goes to stderr).
 */
export async function exportCommand(args: string[]): Promise<number> {
  const o = parseOptions(args, ['query-file', 'connection', 'format', 'out', 'url', 'token', 'variables', 'after', 'operation-name']);
  if (!o['query-file'] || !o.connection) {
    throw new UsageError('export needs --query-file FILE and --connection PATH (e.g. account.transfers)');
  }
  const format = o.format ?? 'ndjson';
  if (format !== 'ndjson' && format !== 'csv') {
    throw new UsageError('--format must be ndjson or csv');
  }
  const query = await readFile(o['query-file'], 'utf8').catch(() => {
    throw new UsageError(`cannot read --query-file ${o['query-file']}`);
  });
  let variables: unknown = {};
  if (o.variables) {
    try {
      variables = JSON.parse(o.variables);
    } catch {
      throw new UsageError('--variables must be a JSON object');
    }
  }
  const token = o.token ?? process.env.GATEWAY_TOKEN;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) {
    if (token.startsWith('cgk_')) {
      headers['x-api-key'] = token;
    } else {
      headers.authorization = `Bearer ${token}`;
    }
  }
  const res = await fetch(exportUrl(o.url ?? process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000'), {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables, connection: o.connection, format, after: o.after ?? null, operationName: o['operation-name'] ?? null }),
  }).catch((err: unknown) => {
    throw new RefusedError(`cannot reach the gateway: ${(err as Error).message}`);
  });
  if (res.status !== 200 || !res.body) {
    const text = await res.text();
    let detail = text;
    try {
      const e = (JSON.parse(text) as { errors: { message: string; extensions?: { code?: string } }[] }).errors[0];
      detail = `${e.extensions?.code ?? 'ERROR'}: ${e.message}`;
    } catch {
      // Not JSON: print it as it is.
    }
    process.stderr.write(`refused (HTTP ${res.status}) ${detail}\n`);
    return 1;
  }
  // Keep the last few kilobytes only, to read the final record: the export itself is never held.
  let tail = '';
  const watch = new Transform({
    transform(chunk: Buffer, _enc, done) {
      tail = (tail + chunk.toString('utf8')).slice(-16384);
      done(null, chunk);
    },
  });
  const out = o.out ? createWriteStream(o.out) : process.stdout;
  try {
    await pipeline(Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>), watch, out, { end: Boolean(o.out) });
  } catch (err) {
    process.stderr.write(`export cut: ${(err as Error).message}\n`);
  }
  const last = tail.trimEnd().split(/\r?\n/).at(-1) ?? '';
  const json = last.startsWith('# @export ') ? last.slice('# @export '.length) : last;
  let record: { '@export'?: string; code?: string; message?: string; rows?: number; after?: string | null } = {};
  try {
    record = JSON.parse(json) as typeof record;
  } catch {
    // Cut mid-line: handled below.
  }
  if (record['@export'] === 'end') {
    process.stderr.write(`exported ${record.rows} rows\n`);
    return 0;
  }
  if (record['@export'] === 'error') {
    process.stderr.write(`export stopped after ${record.rows} rows: ${record.code}: ${record.message}\nresume with --after ${JSON.stringify(record.after)}\n`);
    return 1;
  }
  process.stderr.write('export cut before its end record: resume with --after set to the last cursor record\'s "after", and drop the rows after that record\n');
  return 1;
}
