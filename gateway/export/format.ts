/**
 * The two export formats. Every record the export itself writes (as opposed to a row) carries
 * `"@export"`, a key no GraphQL response can have (names never start with `@`):
 * - NDJSON: one JSON object a line; rows are the nodes as the graph answered them.
 * - CSV (RFC 4180): the export's records are comment lines `# @export {json}`; then a header
 *   record of flattened columns (`from.account.id`), then one record per node. A list inside a
 *   node is written as JSON in its cell; null is an empty cell.
 */
export type ExportRecord =
  | { '@export': 'provenance'; [k: string]: unknown }
  | { '@export': 'cursor'; page: number; rows: number; after: string }
  | { '@export': 'end'; rows: number; pages: number }
  | { '@export': 'error'; code: string; message: string; rows: number; after: string | null; [k: string]: unknown };

export interface ExportFormat {
  readonly contentType: string;
  /** The export's own record (provenance, cursor, end, error). */
  record(r: ExportRecord): string;
  /** Written once after the provenance, before the first row (CSV: the header record). */
  header(): string;
  row(node: unknown): string;
  /** The same for a node given as its JSON text (a page passed through from a subgraph). */
  rowText(json: string): string;
}

export function ndjsonFormat(): ExportFormat {
  return {
    contentType: 'application/x-ndjson; charset=utf-8',
    record: r => `${JSON.stringify(r)}\n`,
    header: () => '',
    row: node => `${JSON.stringify(node)}\n`,
    // JSON.stringify's own output (checked on the export's first page): a line as it is.
    rowText: json => `${json}\n`,
  };
}

/** One CSV cell, quoted when it must be. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The value at a column's path; through a list, the list of the values below (as JSON). */
function at(value: unknown, keys: readonly string[], i = 0): unknown {
  let v = value;
  for (let k = i; k < keys.length; k++) {
    if (v === null || v === undefined) {
      return null;
    }
    if (Array.isArray(v)) {
      return v.map(e => at(e, keys, k));
    }
    v = (v as Record<string, unknown>)[keys[k]];
  }
  return v;
}

export function csvFormat(columns: readonly string[]): ExportFormat {
  const paths = columns.map(c => c.split('.'));
  return {
    contentType: 'text/csv; charset=utf-8; header=present',
    record: r => `# @export ${JSON.stringify(r)}\r\n`,
    header: () => `${columns.map(csvCell).join(',')}\r\n`,
    row: node => `${paths.map(p => csvCell(at(node, p))).join(',')}\r\n`,
    rowText(json) {
      return this.row(JSON.parse(json));
    },
  };
}
