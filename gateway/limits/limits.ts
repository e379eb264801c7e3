import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  GraphQLError,
  isListType,
  isNonNullType,
  isCompositeType,
  Kind,
  Lexer,
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
import { pickOperation } from '../../common/identity/access';
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
  const fieldOf = (parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined =>
    isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
  const sizeOf = (args: readonly { name: { value: string }; value: any }[] | undefined): number => {
    const first = args?.find(a => a.name.value === 'first' || a.name.value === 'limit');
    if (!first) {
      return defaultListSize;
    }
    const v = first.value.kind === Kind.VARIABLE ? variables[first.value.name.value] : first.value.kind === Kind.INT ? Number(first.value.value) : undefined;
    return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : defaultListSize;
  };
  const walk = (set: SelectionSetNode, parent: GraphQLCompositeType, level: number, multiplier: number, seen: ReadonlySet<string>): void => {
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
        const factor = isListOutput(def.type) || named.name.endsWith('Connection') ? sizeOf(sel.arguments) : 1;
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
  return { depth, aliases, rootFields, tokens: countTokens(source), cost, introspection };
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
 * Apollo Server plugin: measures every operation once it is parsed and validated, before the
 * gateway plans or fetches anything, and refuses one over a limit with a coded 400.
 */
export function operationLimitsPlugin(schema: () => GraphQLSchema | null, limits: LimitsConfig, introspection: boolean): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(ctx) {
          const s = schema() ?? ctx.schema;
          const m = measureOperation(s, ctx.document, ctx.operationName, ctx.request.variables ?? {}, limits.defaultListSize, ctx.source);
          const safelist = ctx.contextValue.identity?.safelist;
          if (safelist && !(ctx.operationName && safelist.includes(ctx.operationName))) {
            throw refuse('OPERATION_NOT_ALLOWED', `This API key may run only its listed operations (${safelist.join(', ')}).`, { operationName: ctx.operationName }, 403);
          }
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
