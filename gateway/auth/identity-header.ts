import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { IDENTITY_HEADER, signIdentity } from '../../common/identity/signed-header';
import type { GatewayContext } from '../context';

/**
 * Makes a subgraph data source send the caller's identity, signed with the shared secret, in
 * `x-identity` (after whatever headers the data source sets itself), and stop forwarding an
 * `x-principal` the client may have sent: the principal is the authenticated one.
 */
export function withSignedIdentity<T extends RemoteGraphQLDataSource<GatewayContext>>(source: T, secret: string): T {
  const original = source.willSendRequest?.bind(source);
  source.willSendRequest = (options: GraphQLDataSourceProcessOptions<GatewayContext>) => {
    const result = original?.(options);
    const headers = options.request.http?.headers;
    const context = options.context as Partial<GatewayContext> | undefined;
    if (headers && context?.identity && typeof context.requestId === 'string') {
      headers.set(IDENTITY_HEADER, signIdentity(context.identity, context.requestId, secret));
      headers.set('x-principal', context.identity.sub);
    }
    return result;
  };
  return source;
}
