import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import {
  Kind,
  parse,
  print,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
} from 'graphql';

/** One fetch the query plan sends to a subgraph. */
export interface PlannedFetch {
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  readonly operationName?: string;
}

/** Several fetches to one subgraph as one operation, and how to split its answer. */
export interface MergedFetch {
  readonly query: string;
  readonly operationName: string;
  readonly variables: Record<string, unknown>;
  /** The merged answer, cut back into one answer per fetch, in the order given. */
  split(response: GatewayGraphQLResponse): GatewayGraphQLResponse[];
}

interface Template {
  readonly query: string;
  readonly operationName: string;
  /** Per fetch: its variables' names in the merged operation, and its root response keys. */
  readonly parts: readonly { readonly variables: ReadonlyMap<string, string>; readonly keys: ReadonlyMap<string, string> }[];
  /** Merged root response key → [fetch index, original key]. */
  readonly owner: ReadonlyMap<string, readonly [number, string]>;
}

/** Templates by the fetches' query texts; plans are cached, so the same few combinations repeat. */
const templates = new Map<string, Template | null>();
const MAX_TEMPLATES = 2000;

const prefix = (i: number) => `m${i}_`;

/**
 * Fetches that run at the same step of a plan and go to the same subgraph, merged into one
 * operation: each fetch's root fields are aliased `m<i>_<key>`, its variables renamed
 * `m<i>_<name>` and its fragments `<name>_m<i>`; the subgraph executes them together (one
 * request, one context, its DataLoaders shared), and the answer's data and errors are cut back
 * into one answer per fetch with the original keys and paths.
 *
 * Null when the fetches cannot be merged (not all queries, a root selection that is not a
 * field, a name that would collide): they are then sent one by one.
 */
export function mergeFetches(fetches: readonly PlannedFetch[]): MergedFetch | null {
  const key = fetches.map(f => f.query).join('\u0000');
  let template = templates.get(key);
  if (template === undefined) {
    template = buildTemplate(fetches);
    if (templates.size >= MAX_TEMPLATES) {
      templates.clear();
    }
    templates.set(key, template);
  }
  if (template === null) {
    return null;
  }
  const t = template;
  const variables: Record<string, unknown> = {};
  fetches.forEach((f, i) => {
    for (const [name, value] of Object.entries(f.variables ?? {})) {
      const renamed = t.parts[i].variables.get(name);
      if (renamed !== undefined) {
        variables[renamed] = value;
      }
    }
  });
  return { query: t.query, operationName: t.operationName, variables, split: response => splitResponse(t, fetches.length, response) };
}

function operationAndFragments(doc: DocumentNode): { operation: OperationDefinitionNode; fragments: FragmentDefinitionNode[] } | null {
  let operation: OperationDefinitionNode | null = null;
  const fragments: FragmentDefinitionNode[] = [];
  for (const d of doc.definitions) {
    if (d.kind === Kind.OPERATION_DEFINITION) {
      if (operation) {
        return null;
      }
      operation = d;
    } else if (d.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.push(d);
    } else {
      return null;
    }
  }
  return operation ? { operation, fragments } : null;
}

function buildTemplate(fetches: readonly PlannedFetch[]): Template | null {
  const selections: FieldNode[] = [];
  const variableDefinitions: VariableDefinitionNode[] = [];
  const fragments: FragmentDefinitionNode[] = [];
  const parts: Template['parts'][number][] = [];
  const owner = new Map<string, readonly [number, string]>();
  const names: string[] = [];
  for (let i = 0; i < fetches.length; i++) {
    let doc: DocumentNode;
    try {
      doc = parse(fetches[i].query, { noLocation: true });
    } catch {
      return null;
    }
    const found = operationAndFragments(doc);
    if (!found || found.operation.operation !== 'query' || found.operation.directives?.length) {
      return null;
    }
    const p = prefix(i);
    const fragmentNames = new Set(found.fragments.map(f => f.name.value));
    const renamed = visit(doc, {
      Variable: node => ({ ...node, name: { ...node.name, value: p + node.name.value } }),
      FragmentSpread: node => (fragmentNames.has(node.name.value) ? { ...node, name: { ...node.name, value: `${node.name.value}_m${i}` } } : node),
      FragmentDefinition: node => ({ ...node, name: { ...node.name, value: `${node.name.value}_m${i}` } }),
    });
    const mine = operationAndFragments(renamed)!;
    const vars = new Map<string, string>();
    for (const v of found.operation.variableDefinitions ?? []) {
      vars.set(v.variable.name.value, p + v.variable.name.value);
    }
    variableDefinitions.push(...(mine.operation.variableDefinitions ?? []));
    fragments.push(...mine.fragments);
    const keys = new Map<string, string>();
    for (const s of mine.operation.selectionSet.selections) {
      if (s.kind !== Kind.FIELD) {
        return null;
      }
      const original = s.alias?.value ?? s.name.value;
      const alias = p + original;
      if (owner.has(alias)) {
        return null;
      }
      owner.set(alias, [i, original]);
      keys.set(original, alias);
      selections.push({ ...s, alias: { kind: Kind.NAME, value: alias } });
    }
    parts.push({ variables: vars, keys });
    names.push(found.operation.name?.value ?? `op${i}`);
  }
  // A name used twice (a variable or fragment the renaming could not keep apart) would change meaning.
  const varNames = variableDefinitions.map(v => v.variable.name.value);
  const fragNames = fragments.map(f => f.name.value);
  if (new Set(varNames).size !== varNames.length || new Set(fragNames).size !== fragNames.length) {
    return null;
  }
  const operationName = names.join('__');
  const merged: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: 'query' as OperationDefinitionNode['operation'],
        name: { kind: Kind.NAME, value: operationName },
        variableDefinitions,
        directives: [],
        selectionSet: { kind: Kind.SELECTION_SET, selections },
      },
      ...fragments,
    ],
  };
  return { query: print(merged), operationName, parts, owner };
}

function splitResponse(t: Template, count: number, response: GatewayGraphQLResponse): GatewayGraphQLResponse[] {
  const data = response.data as Record<string, unknown> | null | undefined;
  const datas: (Record<string, unknown> | null | undefined)[] = Array.from({ length: count }, () => (data === null ? null : data === undefined ? undefined : {}));
  if (data) {
    for (const [alias, value] of Object.entries(data)) {
      const o = t.owner.get(alias);
      if (o) {
        datas[o[0]]![o[1]] = value;
      }
    }
  }
  const errors: GraphQLFormattedError[][] = Array.from({ length: count }, () => []);
  for (const e of (response.errors ?? []) as GraphQLFormattedError[]) {
    const head = e.path?.[0];
    const o = typeof head === 'string' ? t.owner.get(head) : undefined;
    if (o) {
      errors[o[0]].push({ ...e, path: [o[1], ...e.path!.slice(1)] });
    } else {
      // Not at a field of one fetch (the whole operation failed): every fetch gets it, as each
      // would have had it sent alone.
      for (const list of errors) {
        list.push(e);
      }
    }
  }
  return datas.map((d, i) => ({
    ...(d !== undefined ? { data: d } : {}),
    ...(errors[i].length > 0 ? { errors: errors[i] } : {}),
    ...(response.extensions ? { extensions: response.extensions } : {}),
  })) as GatewayGraphQLResponse[];
}
