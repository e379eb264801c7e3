import {
  getNamedType,
  isObjectType,
  isInterfaceType,
  Kind,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Identity } from './roles';

/**
 * One access rule from the schema: `@authenticated` and/or `@requiresScopes(scopes: [[a, b], [c]])`
 * (any one inner list, all of its scopes).
 */
export interface Requirement {
  readonly authenticated: boolean;
  /** Alternatives, each a set of scopes that must all be held; null when no scopes are needed. */
  readonly scopes: readonly (readonly string[])[] | null;
}

/** Rules by `Type.field` and by `Type` (a type's rule applies to every field that returns it). */
export interface AccessRules {
  readonly fields: ReadonlyMap<string, Requirement>;
  readonly types: ReadonlyMap<string, Requirement>;
}

function fromDirectives(directives: readonly ConstDirectiveNode[] | undefined): Requirement | null {
  let authenticated = false;
  let scopes: string[][] | null = null;
  for (const d of directives ?? []) {
    const name = d.name.value.replace(/^federation__/, '');
    if (name === 'authenticated') {
      authenticated = true;
    } else if (name === 'requiresScopes') {
      const arg = d.arguments?.find(a => a.name.value === 'scopes');
      if (arg && arg.value.kind === Kind.LIST) {
        const alternatives = arg.value.values.map(v => (v.kind === Kind.LIST ? v.values.flatMap(s => (s.kind === Kind.STRING ? [s.value] : [])) : []));
        scopes = [...(scopes ?? []), ...alternatives];
      }
    }
  }
  return authenticated || scopes ? { authenticated: authenticated || scopes !== null, scopes } : null;
}

/**
 * Reads the access rules from SDL (the supergraph, or a subgraph's printed schema): every
 * `@authenticated` and `@requiresScopes` on object and interface types and their fields.
 */
export function accessRulesFromSdl(sdl: string): AccessRules {
  const fields = new Map<string, Requirement>();
  const types = new Map<string, Requirement>();
  for (const def of parse(sdl).definitions) {
    if (
      def.kind === Kind.OBJECT_TYPE_DEFINITION ||
      def.kind === Kind.OBJECT_TYPE_EXTENSION ||
      def.kind === Kind.INTERFACE_TYPE_DEFINITION ||
      def.kind === Kind.INTERFACE_TYPE_EXTENSION
    ) {
      const t = fromDirectives(def.directives);
      if (t) {
        types.set(def.name.value, t);
      }
      for (const f of def.fields ?? []) {
        const r = fromDirectives(f.directives);
        if (r) {
          fields.set(`${def.name.value}.${f.name.value}`, r);
        }
      }
    }
  }
  return { fields, types };
}

/** Does the identity satisfy the requirement? */
export function satisfies(req: Requirement, identity: Identity): boolean {
  if (req.authenticated && !identity.authenticated) {
    return false;
  }
  if (!req.scopes) {
    return true;
  }
  return req.scopes.some(all => all.every(s => identity.scopes.includes(s)));
}

/** Describes a requirement for an error message: `scope read:pii`, `an authenticated caller`. */
export function describeRequirement(req: Requirement): string {
  if (!req.scopes) {
    return 'an authenticated caller';
  }
  return req.scopes.map(all => (all.length === 1 ? `scope ${all[0]}` : `scopes ${all.join(' and ')}`)).join(' or ');
}

/** The rules that apply to one field: the field's own and its return type's. */
export function rulesFor(rules: AccessRules, parentType: string, fieldName: string, returnType: string | null): Requirement[] {
  const out: Requirement[] = [];
  const own = rules.fields.get(`${parentType}.${fieldName}`);
  if (own) {
    out.push(own);
  }
  const t = returnType ? rules.types.get(returnType) : undefined;
  if (t) {
    out.push(t);
  }
  return out;
}

/** A field the caller may not see, where the answer has it. */
export interface DeniedField {
  /** Response keys from the root (aliases where given), without list indexes. */
  readonly path: readonly string[];
  /** `Type.field` as the schema names it. */
  readonly coordinate: string;
  /** What it needs, in words. */
  readonly needs: string;
}

/** Replaces fragment spreads by inline fragments, so that each field has one path from the root. */
function inlineFragments(document: DocumentNode, operation: OperationDefinitionNode): OperationDefinitionNode {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(d.name.value, d);
    }
  }
  const inline = (set: SelectionSetNode, seen: ReadonlySet<string>): SelectionSetNode => ({
    ...set,
    selections: set.selections.map(sel => {
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const frag = fragments.get(sel.name.value);
        if (!frag || seen.has(frag.name.value)) {
          return sel;
        }
        return {
          kind: Kind.INLINE_FRAGMENT,
          typeCondition: frag.typeCondition,
          directives: sel.directives,
          selectionSet: inline(frag.selectionSet, new Set([...seen, frag.name.value])),
        };
      }
      if (sel.selectionSet) {
        return { ...sel, selectionSet: inline(sel.selectionSet, seen) } as typeof sel;
      }
      return sel;
    }),
  });
  return { ...operation, selectionSet: inline(operation.selectionSet, new Set()) };
}

/** Picks the operation a request runs (by name, or the only one). */
export function pickOperation(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operationName ? ops.find(o => o.name?.value === operationName) : ops.length === 1 ? ops[0] : undefined;
}

/**
 * Finds every field of an operation the identity may not see. With `rewrite`, also answers the
 * operation without them: each denied field becomes `<its response key>: __typename`, so that the
 * answer keeps the key exactly where the field would have been (type conditions included) and
 * the gateway sets it to null, while no subgraph is asked for the field.
 */
export function checkOperation(
  schema: GraphQLSchema,
  rules: AccessRules,
  document: DocumentNode,
  operationName: string | null | undefined,
  identity: Identity,
): { denied: DeniedField[]; document: DocumentNode } {
  const operation = pickOperation(document, operationName);
  if (!operation || (rules.fields.size === 0 && rules.types.size === 0)) {
    return { denied: [], document };
  }
  const inlined = inlineFragments(document, operation);
  const typeInfo = new TypeInfo(schema);
  const path: string[] = [];
  const denied: DeniedField[] = [];
  const replacements = new WeakSet<FieldNode>();
  const rewritten = visit(
    inlined,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter(node: FieldNode) {
          const parent = typeInfo.getParentType();
          const def = typeInfo.getFieldDef();
          const key = node.alias?.value ?? node.name.value;
          if (parent && def && !node.name.value.startsWith('__') && (isObjectType(parent) || isInterfaceType(parent))) {
            const needs = rulesFor(rules, parent.name, node.name.value, getNamedType(def.type).name).filter(r => !satisfies(r, identity));
            if (needs.length > 0) {
              denied.push({ path: [...path, key], coordinate: `${parent.name}.${node.name.value}`, needs: needs.map(describeRequirement).join(' and ') });
              const replacement: FieldNode = { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: key }, name: { kind: Kind.NAME, value: '__typename' } };
              replacements.add(replacement);
              return replacement;
            }
          }
          path.push(key);
          return undefined;
        },
        leave(node: FieldNode) {
          // A replacement is left without having been entered into the path.
          if (!replacements.has(node)) {
            path.pop();
          }
          return undefined;
        },
      },
    }),
  );
  if (denied.length === 0) {
    return { denied, document };
  }
  const others = document.definitions.filter(d => d.kind === Kind.OPERATION_DEFINITION && d !== operation);
  return { denied, document: { ...document, definitions: [...others, rewritten] } };
}

/** What an access check depends on besides the operation: authenticated or not, and the scopes. */
export function accessClassOf(identity: Identity): string {
  return `${identity.authenticated ? 1 : 0}\u0000${[...identity.scopes].sort().join(' ')}`;
}

/**
 * Answers remembered per parsed document (Apollo Server keeps one document object per query
 * text) and a key: for checks that depend only on the operation and on what the key names, and
 * cost more to compute again than to look up.
 */
export class PerDocumentCache<T> {
  private byDocument = new WeakMap<DocumentNode, Map<string, T>>();

  constructor(private readonly maxKeysPerDocument = 64) {}

  get(document: DocumentNode, key: string, compute: () => T): T {
    let perDocument = this.byDocument.get(document);
    if (perDocument?.has(key)) {
      return perDocument.get(key)!;
    }
    const value = compute();
    if (!perDocument) {
      perDocument = new Map();
      this.byDocument.set(document, perDocument);
    }
    if (perDocument.size < this.maxKeysPerDocument) {
      perDocument.set(key, value);
    }
    return value;
  }

  clear(): void {
    this.byDocument = new WeakMap();
  }
}
