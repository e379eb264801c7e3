import { createHash } from 'node:crypto';
import type { ApolloGateway } from '@apollo/gateway';
import type { GatewayExecutor, GatewayGraphQLRequestContext, GatewayInterface, GatewayLoadResult } from '@apollo/server-gateway-interface';
import { GraphQLError, print, type DocumentNode, type GraphQLSchema } from 'graphql';
import { accessClassOf, checkOperation, PerDocumentCache, pickOperation, type AccessRules, type DeniedField } from '../../common/identity/access';
import type { Identity } from '../../common/identity/roles';
import type { GatewayContext } from '../context';

/**
 * Wraps the Apollo gateway so that field-level access is enforced before anything is fetched:
 * the fields the caller may not see are taken out of the operation the gateway plans (so no
 * subgraph is asked for them), come back `null`, and each has a `FORBIDDEN` error at its path
 * while the rest of the answer is served, as Apollo Router does. Query plans are cached by the
 * rewritten operation, so that callers with different scopes never share a plan.
 */
export class GuardedGateway implements GatewayInterface {
  private schema: GraphQLSchema | null = null;
  /**
   * The check's outcome per parsed document (Apollo Server keeps one object per query text) and
   * per operation name and scopes: the walk with type information costs more than the rest of
   * the gateway's own work on a request, and its answer depends on nothing else.
   */
  private readonly checked = new PerDocumentCache<Checked | null>();

  constructor(
    private readonly inner: ApolloGateway,
    private readonly rules: AccessRules,
  ) {}

  async load(options: Parameters<GatewayInterface['load']>[0]): Promise<GatewayLoadResult> {
    const loaded = await this.inner.load(options);
    const executor = loaded.executor;
    if (!executor) {
      return loaded;
    }
    return { executor: this.guard(executor) };
  }

  onSchemaLoadOrUpdate(callback: Parameters<GatewayInterface['onSchemaLoadOrUpdate']>[0]): () => void {
    return this.inner.onSchemaLoadOrUpdate(update => {
      this.schema = update.apiSchema;
      this.checked.clear();
      callback(update);
    });
  }

  stop(): Promise<void> {
    return this.inner.stop();
  }

  private guard(executor: GatewayExecutor): GatewayExecutor {
    return async (requestContext: GatewayGraphQLRequestContext) => {
      const identity = (requestContext.context as Partial<GatewayContext>).identity;
      if (!identity || !this.schema) {
        return executor(requestContext);
      }
      const checked = this.check(requestContext, identity);
      if (!checked) {
        return executor(requestContext);
      }
      const { denied, document, source, queryHash } = checked;
      const rewritten = {
        ...requestContext,
        document,
        source,
        operation: pickOperation(document, requestContext.operationName) ?? requestContext.operation,
        queryHash,
      } as GatewayGraphQLRequestContext;
      const result = await executor(rewritten);
      const errors = denied.map(
        d =>
          new GraphQLError(`Forbidden: ${d.coordinate} needs ${d.needs}.`, {
            path: [...d.path],
            extensions: { code: 'FORBIDDEN', field: d.coordinate },
          }),
      );
      const data = result.data as Record<string, unknown> | null | undefined;
      if (data) {
        nullAt(data, denied.map(d => d.path));
      }
      return { ...result, errors: [...(result.errors ?? []), ...errors] };
    };
  }

  /** The fields this caller may not see and the operation without them; null: nothing denied. */
  private check(requestContext: GatewayGraphQLRequestContext, identity: Identity): Checked | null {
    return this.checked.get(requestContext.document, `${requestContext.operationName ?? ''}\u0000${accessClassOf(identity)}`, () => {
      const { denied, document } = checkOperation(this.schema!, this.rules, requestContext.document, requestContext.operationName, identity);
      if (denied.length === 0) {
        return null;
      }
      const source = print(document);
      return { denied, document, source, queryHash: createHash('sha256').update(source).digest('hex') };
    });
  }
}

interface Checked {
  readonly denied: DeniedField[];
  readonly document: DocumentNode;
  readonly source: string;
  readonly queryHash: string;
}

function nullAt(data: Record<string, unknown>, paths: readonly (readonly string[])[]): void {
  const walk = (value: unknown, keys: readonly string[]): void => {
    if (Array.isArray(value)) {
      value.forEach(v => walk(v, keys));
      return;
    }
    if (value === null || typeof value !== 'object' || !(keys[0] in value)) {
      return;
    }
    const obj = value as Record<string, unknown>;
    if (keys.length === 1) {
      obj[keys[0]] = null;
    } else {
      walk(obj[keys[0]], keys.slice(1));
    }
  };
  for (const p of paths) {
    walk(data, p);
  }
}
