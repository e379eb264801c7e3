import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GatewayContext } from './context';

/** What the gateway sent to a subgraph. */
export interface SubgraphFetch {
  readonly query: string;
  readonly variables: Record<string, unknown> | undefined;
}

/** Called once per subgraph fetch; tests count fetches with it, the benchmark records them. */
export type FetchObserver = (serviceName: string, fetch: SubgraphFetch) => void;

/**
 * Sends the gateway's fetches to one subgraph, forwarding the request id, the principal and the
 * authorization header, and turns a subgraph that cannot be reached into a coded error
 * (DOWNSTREAM_SERVICE_ERROR with `serviceName`) so that the gateway answers with partial data
 * instead of failing the whole request.
 */
export class PropagatingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly serviceName: string,
    url: string,
    private readonly onFetch?: FetchObserver,
  ) {
    super({ url });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    this.onFetch?.(this.serviceName, { query: request.query ?? '', variables: request.variables });
    const headers = request.http?.headers;
    if (!headers || !context || !('requestId' in context) || typeof context.requestId !== 'string') {
      return;
    }
    headers.set('x-request-id', context.requestId);
    if (context.principal) {
      headers.set('x-principal', context.principal);
    }
    if (context.authorization) {
      headers.set('authorization', context.authorization);
    }
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    try {
      return await super.process(options);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const context = options.context as Partial<GatewayContext> | undefined;
      context?.log?.warn({ serviceName: this.serviceName, reason }, 'subgraph fetch failed');
      return {
        errors: [
          {
            message: `The ${this.serviceName} subgraph could not be reached; the fields it serves are null.`,
            extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: this.serviceName, reason: summarise(reason) },
          },
        ],
      };
    }
  }
}

/** A short, safe reason (no URLs with credentials, no stack). */
function summarise(reason: string): string {
  const m = /(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|socket hang up|aborted)/i.exec(reason);
  return m ? m[1] : 'fetch failed';
}
