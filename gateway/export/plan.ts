import {
  Kind,
  parse,
  print,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type FieldNode,
} from 'graphql';
import { InputError } from '../../common/errors';

/** What `POST /export` asks for, checked. */
export interface ExportRequest {
  readonly query: string;
  readonly operationName: string | null;
  readonly variables: Record<string, unknown>;
  /** Response keys from the root to the connection, e.g. `["account", "transfers"]`. */
  readonly connection: readonly string[];
  readonly format: 'ndjson' | 'csv';
  /** Resume after this cursor (an earlier export's last `cursor` record). */
  readonly after: string | null;
}

/** What the export learnt from the operation: its name, how to read rows and the CSV columns. */
export interface ExportPlan {
  readonly operationName: string | null;
  /** `edges { node }` or `nodes`. */
  readonly rows: 'edges' | 'nodes';
  /** Flattened CSV columns of a node: response keys joined with dots (`from.account.id`). */
  readonly columns: readonly string[];
  /** The operation's selection set as printed by graphql-js (to compare with a subgraph fetch's). */
  readonly selection: string;
}

/** Checks the body of `POST /export`; throws a coded BAD_USER_INPUT naming the field. */
export function parseExportRequest(body: unknown): ExportRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new InputError('body', 'must be a JSON object { query, variables, connection, format, after }');
  }
  const b = body as Record<string, unknown>;
  if (typeof b.query !== 'string' || b.query.trim() === '') {
    throw new InputError('query', 'must be the text of the operation');
  }
  if (b.variables !== undefined && b.variables !== null && (typeof b.variables !== 'object' || Array.isArray(b.variables))) {
    throw new InputError('variables', 'must be an object');
  }
  if (typeof b.connection !== 'string' || !/^[_A-Za-z][_0-9A-Za-z]*(\.[_A-Za-z][_0-9A-Za-z]*)*$/.test(b.connection)) {
    throw new InputError('connection', 'must be the dotted path of response keys to the connection, e.g. account.transfers');
  }
  const format = b.format ?? 'ndjson';
  if (format !== 'ndjson' && format !== 'csv') {
    throw new InputError('format', 'must be ndjson or csv');
  }
  if (b.after !== undefined && b.after !== null && typeof b.after !== 'string') {
    throw new InputError('after', 'must be a cursor string');
  }
  if (b.operationName !== undefined && b.operationName !== null && typeof b.operationName !== 'string') {
    throw new InputError('operationName', 'must be a string');
  }
  return {
    query: b.query,
    operationName: (b.operationName as string | undefined) ?? null,
    variables: { ...((b.variables as Record<string, unknown> | null | undefined) ?? {}) },
    connection: b.connection.split('.'),
    format,
    after: (b.after as string | undefined) ?? null,
  };
}

/**
 * Reads the operation: it must be a query declaring `$after`, the connection path must lead to a
 * field selecting `pageInfo { hasNextPage endCursor }` and `edges { node { … } }` (or `nodes`).
 * Only the text is looked at here; validation, access and limits are the gateway's, per page.
 */
export function planExport(req: ExportRequest): ExportPlan {
  let document: DocumentNode;
  try {
    document = parse(req.query);
  } catch (err) {
    throw new InputError('query', `does not parse: ${(err as Error).message}`);
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = req.operationName ? operations.find(o => o.name?.value === req.operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) {
    throw new InputError('operationName', req.operationName ? `no operation named ${req.operationName}` : 'the query has several operations: name one');
  }
  if (operation.operation !== 'query') {
    throw new InputError('query', 'only a query can be exported');
  }
  if (!operation.variableDefinitions?.some(v => v.variable.name.value === 'after')) {
    throw new InputError('query', 'the operation must declare $after: String and pass it to the connection (after: $after)');
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(d.name.value, d);
    }
  }
  let set: SelectionSetNode | undefined = operation.selectionSet;
  for (const key of req.connection) {
    const field: FieldNode | undefined = fieldsOf(set, fragments).find(f => (f.alias ?? f.name).value === key);
    if (!field?.selectionSet) {
      throw new InputError('connection', `the operation selects no object at ${req.connection.join('.')} (missing: ${key})`);
    }
    set = field.selectionSet;
  }
  const conn = fieldsOf(set, fragments);
  const pageInfo = conn.find(f => f.name.value === 'pageInfo' && !f.alias);
  const pageKeys = new Set(fieldsOf(pageInfo?.selectionSet, fragments).filter(f => !f.alias).map(f => f.name.value));
  if (!pageKeys.has('hasNextPage') || !pageKeys.has('endCursor')) {
    throw new InputError('query', `the connection ${req.connection.join('.')} must select pageInfo { hasNextPage endCursor }`);
  }
  const edges = conn.find(f => f.name.value === 'edges' && !f.alias);
  const node = fieldsOf(edges?.selectionSet, fragments).find(f => f.name.value === 'node' && !f.alias);
  const nodes = conn.find(f => f.name.value === 'nodes' && !f.alias);
  const rowSet = node?.selectionSet ?? nodes?.selectionSet;
  if (!rowSet) {
    throw new InputError('query', `the connection ${req.connection.join('.')} must select edges { node { … } } or nodes { … }`);
  }
  const columns: string[] = [];
  const flatten = (s: SelectionSetNode, prefix: string): void => {
    for (const f of fieldsOf(s, fragments)) {
      const name = prefix + (f.alias ?? f.name).value;
      if (f.selectionSet) {
        flatten(f.selectionSet, `${name}.`);
      } else if (!columns.includes(name)) {
        columns.push(name);
      }
    }
  };
  flatten(rowSet, '');
  return { operationName: operation.name?.value ?? null, rows: node ? 'edges' : 'nodes', columns, selection: print(operation.selectionSet) };
}

/** The fields of a selection set, fragments (inline and named) spread in place. */
function fieldsOf(set: SelectionSetNode | undefined, fragments: ReadonlyMap<string, FragmentDefinitionNode>, seen: ReadonlySet<string> = new Set()): FieldNode[] {
  if (!set) {
    return [];
  }
  const out: FieldNode[] = [];
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      out.push(sel);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      out.push(...fieldsOf(sel.selectionSet, fragments, seen));
    } else if (!seen.has(sel.name.value)) {
      out.push(...fieldsOf(fragments.get(sel.name.value)?.selectionSet, fragments, new Set([...seen, sel.name.value])));
    }
  }
  return out;
}
