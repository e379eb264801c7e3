import { createHash } from 'node:crypto';
import type { ApolloGateway } from '@apollo/gateway';
import type { GatewayExecutor, GatewayGraphQLRequestContext, GatewayInterface, GatewayLoadResult } from '@apollo/server-gateway-interface';
import { GraphQLError, print, type GraphQLSchema } from 'graphql';
import { checkOperation, pickOperation, type AccessRules } from '../../common/identity/access';
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
      const { denied, document } = checkOperation(this.schema, this.rules, requestContext.document, requestContext.operationName, identity);
      if (denied.length === 0) {
        return executor(requestContext);
      }
      const source = print(document);
      const rewritten = {
        ...requestContext,
        document,
        source,
        operation: pickOperation(document, requestContext.operationName) ?? requestContext.operation,
        queryHash: createHash('sha256').update(source).digest('hex'),
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
