/**
 * The request for the next page of a paginated GraphQL answer: how the gateway's export read-ahead
 * (gateway/export/read-ahead.ts) and a subgraph's (common/read-ahead.ts) find it.
 */

/** A GraphQL request as the gateway sends it to a subgraph (the JSON body). */
export interface SubgraphRequest {
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  readonly operationName?: string;
  readonly extensions?: Record<string, unknown>;
}

/** The most levels of a subgraph answer searched for the connection's `pageInfo`. */
const MAX_DEPTH = 8;

/**
 * The request for the page after this one: the same request with `$after` set to the `endCursor`
 * of the one connection in the answer that has a next page. Null when the request has no
 * `after` variable, or the answer holds no such connection or more than one (lists of more than
 * one item, such as a connection's edges, are not searched: an exported connection never lies
 * below one).
 */
export function nextPageRequest(request: SubgraphRequest, data: unknown): SubgraphRequest | null {
  const variables = request.variables;
  if (!variables || !Object.prototype.hasOwnProperty.call(variables, 'after')) {
    return null;
  }
  let connections = 0;
  let cursor: string | null = null;
  const visit = (value: unknown, depth: number): void => {
    if (connections > 1 || depth > MAX_DEPTH || value === null || typeof value !== 'object') {
      return;
    }
    if (Array.isArray(value)) {
      if (value.length === 1) {
        visit(value[0], depth + 1);
      }
      return;
    }
    for (const key in value) {
      const v = (value as Record<string, unknown>)[key];
      if (key === 'pageInfo' && v !== null && typeof v === 'object' && !Array.isArray(v) && 'endCursor' in v) {
        connections += 1;
        const info = v as { hasNextPage?: unknown; endCursor?: unknown };
        cursor = info.hasNextPage === true && typeof info.endCursor === 'string' ? info.endCursor : null;
      } else {
        visit(v, depth + 1);
      }
    }
  };
  visit(data, 0);
  return connections === 1 ? withAfter(request, cursor) : null;
}

/**
 * The same request with `$after` set to `cursor`: the next page's. Null without a cursor, or when
 * the cursor is the one the request already had (a connection that does not move on).
 */
export function withAfter(request: SubgraphRequest, cursor: string | null): SubgraphRequest | null {
  if (cursor === null || cursor === request.variables?.after) {
    return null;
  }
  return { ...request, variables: { ...request.variables, after: cursor } };
}
