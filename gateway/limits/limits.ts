import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  GraphQLError,
  isListType,
  isNonNullType,
  isCompositeType,
  Kind,
  Lexer,
  parse,
  Source,
  TokenKind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
  isObjectType,
  isInterfaceType,
} from 'graphql';
import type { LimitsConfig } from '../../common/config';
import { normalizedDocumentHash } from '../auth/api-keys';
import type { GatewayIdentity } from '../auth/authenticate';
import { PerDocumentCache, pickOperation } from '../../common/identity/access';
import type { GatewayContext } from '../context';

/** What one operation asks for, as the limits see it. */
export interface OperationMeasure {
  readonly depth: number;
  readonly aliases: number;
  readonly rootFields: number;
  readonly tokens: number;
  /** Estimated objects fetched: each list multiplies what is below it by its `first` or the default size. */
  readonly cost: number;
  readonly introspection: boolean;
  /** The variables the measure read (list sizes given as `first: $n`): it depends on nothing else. */
  readonly variablesRead: readonly string[];
}

/** Counts the lexical tokens of an operation (stops counting past `max`). */
export function countTokens(source: string, max = Number.MAX_SAFE_INTEGER): number {
  const lexer = new Lexer(new Source(source));
  let n = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF && n <= max) {
      n++;
    }
  } catch {
    // A lexical error: parsing reports it.
  }
  return n;
}

function isListOutput(type: GraphQLOutputType): boolean {
  const t = isNonNullType(type) ? type.ofType : type;
  return isListType(t);
}

/** Measures an operation against the schema (fragments followed; a cycle is not followed twice). */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Readonly<Record<string, unknown>>,
  defaultListSize: number,
  source: string,
  listSizes: ReadonlyMap<string, number> = new Map(),
): OperationMeasure {
  const operation = pickOperation(document, operationName);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(d.name.value, d);
    }
  }
  let aliases = 0;
  let introspection = false;
  let depth = 0;
  let cost = 0;
  const variablesRead = new Set<string>();
  const fieldOf = (parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined =>
    isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
  const sizeOf = (args: readonly { name: { value: string }; value: any }[] | undefined, coordinate: string): number => {
    const assumed = listSizes.get(coordinate) ?? defaultListSize;
    const first = args?.find(a => a.name.value === 'first' || a.name.value === 'limit');
    if (!first) {
      return assumed;
    }
    if (first.value.kind === Kind.VARIABLE) {
      variablesRead.add(first.value.name.value);
    }
    const v = first.value.kind === Kind.VARIABLE ? variables[first.value.name.value] : first.value.kind === Kind.INT ? Number(first.value.value) : undefined;
    return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : assumed;
  };
  const walk = (set: SelectionSetNode, parent: GraphQLCompositeType, level: number, multiplier: number, seen: ReadonlySet<string>): void => {
    // A connection's `edges` (or `nodes`) list holds the connection's page: the connection
    // already counted its `first`, so the list does not multiply again by the default size.
    const inConnection = parent.name.endsWith('Connection');
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.alias) {
          aliases++;
        }
        if (sel.name.value === '__schema' || sel.name.value === '__type') {
          introspection = true;
          continue;
        }
        depth = Math.max(depth, level);
        const def = fieldOf(parent, sel.name.value);
        if (!def || !sel.selectionSet) {
          continue;
        }
        const named = getNamedType(def.type);
        const pageList = inConnection && (sel.name.value === 'edges' || sel.name.value === 'nodes') && !sel.arguments?.length;
        const factor = pageList ? 1 : isListOutput(def.type) || named.name.endsWith('Connection') ? sizeOf(sel.arguments, `${parent.name}.${def.name}`) : 1;
        const below = multiplier * Math.max(1, factor);
        cost += below;
        if (isCompositeType(named)) {
          walk(sel.selectionSet, named, level + 1, below, seen);
        }
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const t = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
        walk(sel.selectionSet, t && isCompositeType(t) ? t : parent, level, multiplier, seen);
      } else {
        const frag = fragments.get(sel.name.value);
        if (frag && !seen.has(frag.name.value)) {
          const t = schema.getType(frag.typeCondition.name.value);
          walk(frag.selectionSet, t && isCompositeType(t) ? t : parent, level, multiplier, new Set([...seen, frag.name.value]));
        }
      }
    }
  };
  let rootFields = 0;
  if (operation) {
    const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
    if (root) {
      walk(operation.selectionSet, root, 1, 1, new Set());
    }
    rootFields = operation.selectionSet.selections.length;
  }
  return { depth, aliases, rootFields, tokens: countTokens(source), cost, introspection, variablesRead: [...variablesRead] };
}

/**
 * measureOperation, remembered per parsed document (Apollo Server keeps one object per query
 * text) and operation name, and per value of the variables it read: lexing and walking the
 * operation again on every request would cost more than the gateway's other checks together.
 */
export class MeasureCache {
  /** Per document and operation name: the variables the measure reads, and a measure per value of them. */
  private readonly byOperation = new PerDocumentCache<{ variablesRead: readonly string[] | null; byValues: Map<string, OperationMeasure> }>();

  measure(
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: Readonly<Record<string, unknown>>,
    defaultListSize: number,
    source: string,
    listSizes?: ReadonlyMap<string, number>,
  ): OperationMeasure {
    const entry = this.byOperation.get(document, operationName ?? '', () => ({ variablesRead: null, byValues: new Map() }));
    const valuesKey = (read: readonly string[]) => (read.length === 0 ? '' : JSON.stringify(read.map(v => variables[v] ?? null)));
    const hit = entry.variablesRead && entry.byValues.get(valuesKey(entry.variablesRead));
    if (hit) {
      return hit;
    }
    const m = measureOperation(schema, document, operationName, variables, defaultListSize, source, listSizes);
    entry.variablesRead ??= m.variablesRead;
    if (entry.byValues.size < 256) {
      entry.byValues.set(valuesKey(entry.variablesRead), m);
    }
    return m;
  }
}

function refuse(code: string, message: string, extra: Record<string, unknown>, status = 400): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra, http: { status } } });
}

/** Checks a measure against the limits; answers the first limit exceeded as a coded error. */
export function checkLimits(m: OperationMeasure, limits: LimitsConfig, introspectionAllowed: boolean): GraphQLError | null {
  if (m.tokens > limits.tokens) {
    return refuse('TOO_MANY_TOKENS', `The operation has ${m.tokens} tokens; at most ${limits.tokens} are allowed.`, { limit: limits.tokens, actual: m.tokens });
  }
  if (m.depth > limits.depth) {
    return refuse('OPERATION_TOO_DEEP', `The operation is ${m.depth} fields deep; at most ${limits.depth} are allowed.`, { limit: limits.depth, actual: m.depth });
  }
  if (m.aliases > limits.aliases) {
    return refuse('TOO_MANY_ALIASES', `The operation has ${m.aliases} aliases; at most ${limits.aliases} are allowed.`, { limit: limits.aliases, actual: m.aliases });
  }
  if (m.rootFields > limits.rootFields) {
    return refuse('TOO_MANY_ROOT_FIELDS', `The operation has ${m.rootFields} root fields; at most ${limits.rootFields} are allowed.`, { limit: limits.rootFields, actual: m.rootFields });
  }
  if (m.cost > limits.cost) {
    return refuse('OPERATION_TOO_COSTLY', `The operation may fetch about ${m.cost} objects; the budget is ${limits.cost}. Ask for smaller pages (first).`, { limit: limits.cost, actual: m.cost });
  }
  if (m.introspection && !introspectionAllowed) {
    return refuse('INTROSPECTION_DISABLED', 'Introspection is not available to this caller.', {}, 403);
  }
  return null;
}

/**
 * A partner key's safelist (before anything is planned or fetched, for `/graphql`, APQ and
 * exports alike): the operation must be named, its name listed, and where the listed name is
 * pinned, the SHA-256 of the normalized document must be one of the hashes listed under it.
 * Answers 403 `OPERATION_NOT_ALLOWED` with `reason` `OPERATION_NOT_LISTED` (no name, or a name
 * not on the list) or `OPERATION_TEXT_NOT_LISTED` (a listed name with another text; `sha256`
 * says which text was sent, so that the partner can compare with what was agreed).
 */
export function checkSafelist(identity: GatewayIdentity | null | undefined, operationName: string | null | undefined, document: DocumentNode): GraphQLError | null {
  const safelist = identity?.safelist;
  if (!safelist) {
    return null;
  }
  if (!operationName || !safelist.includes(operationName)) {
    return refuse('OPERATION_NOT_ALLOWED', `This API key may run only its listed operations (${safelist.join(', ')}).`, { reason: 'OPERATION_NOT_LISTED', operationName: operationName ?? null }, 403);
  }
  const pinned = identity.pinnedSafelist?.get(operationName);
  if (pinned) {
    const sha256 = normalizedDocumentHash(document);
    if (!pinned.has(sha256)) {
      return refuse('OPERATION_NOT_ALLOWED', `The operation ${operationName} is listed for this API key with another text; send the document as agreed.`, { reason: 'OPERATION_TEXT_NOT_LISTED', operationName, sha256 }, 403);
    }
  }
  return null;
}

/**
 * The sizes the subgraphs declare for lists that take no `first` (`@listSize(assumedSize: n)`
 * from the cost spec, composed into the supergraph), by schema coordinate (`Type.field`): an
 * exposure path has at most seven addresses, not the default twenty, so a natural exposure
 * query is costed as what it can fetch.
 */
export function assumedListSizes(supergraphSdl: string): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const def of parse(supergraphSdl).definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.INTERFACE_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION) {
      continue;
    }
    for (const field of def.fields ?? []) {
      const directive = field.directives?.find(d => d.name.value === 'listSize' || d.name.value === 'cost__listSize');
      const assumed = directive?.arguments?.find(a => a.name.value === 'assumedSize')?.value;
      if (assumed?.kind === Kind.INT) {
        sizes.set(`${def.name.value}.${field.name.value}`, Number(assumed.value));
      }
    }
  }
  return sizes;
}

/**
 * Apollo Server plugin: measures every operation once it is parsed and validated, before the
 * gateway plans or fetches anything, and refuses one over a limit with a coded 400.
 */
export function operationLimitsPlugin(
  schema: () => GraphQLSchema | null,
  limits: LimitsConfig,
  introspection: boolean,
  listSizes: ReadonlyMap<string, number> = new Map(),
): ApolloServerPlugin<GatewayContext> {
  const measures = new MeasureCache();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(ctx) {
          const refused = checkSafelist(ctx.contextValue.identity as GatewayIdentity | null | undefined, ctx.operationName, ctx.document);
          if (refused) {
            throw refused;
          }
          const s = schema() ?? ctx.schema;
          const m = measures.measure(s, ctx.document, ctx.operationName, ctx.request.variables ?? {}, limits.defaultListSize, ctx.source, listSizes);
          const role = ctx.contextValue.identity?.role;
          const error = checkLimits(m, limits, introspection && role !== 'partner');
          if (error) {
            throw error;
          }
        },
      };
    },
  };
}
