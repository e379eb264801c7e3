import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GraphQLFormattedError } from 'graphql';
import type { PlannedFetch } from './merge-fetches';

/** An entity fetch asked once per distinct representation, and how to give each position its answer. */
export interface DedupedFetch {
  readonly request: PlannedFetch;
  /** The subgraph's answer for the distinct representations, spread back over every position. */
  expand(response: GatewayGraphQLResponse): GatewayGraphQLResponse;
}

/**
 * @apollo/gateway sends one representation per position in the result, so an entity that occurs
 * many times (the same counterparty on every transfer of a page) is resolved by the subgraph as
 * many times. Sent once per distinct representation instead; each position gets its own copy of
 * the answer (the gateway merges into entities in place), and an error at a distinct entity is
 * reported at every position it stands for, as it would have been.
 *
 * Null when there is nothing to gain (not an entity fetch, or no representation repeats).
 */
export function dedupeRepresentations(request: PlannedFetch): DedupedFetch | null {
  const representations = request.variables?.representations;
  if (!Array.isArray(representations) || representations.length < 2) {
    return null;
  }
  const indexOf = new Map<string, number>();
  const distinct: unknown[] = [];
  const positions: number[] = new Array(representations.length);
  for (let i = 0; i < representations.length; i++) {
    const key = JSON.stringify(representations[i]);
    let at = indexOf.get(key);
    if (at === undefined) {
      at = distinct.length;
      indexOf.set(key, at);
      distinct.push(representations[i]);
    }
    positions[i] = at;
  }
  if (distinct.length === representations.length) {
    return null;
  }
  return {
    request: { ...request, variables: { ...request.variables, representations: distinct } },
    expand: response => expand(response, positions, distinct.length),
  };
}

function expand(response: GatewayGraphQLResponse, positions: readonly number[], distinctCount: number): GatewayGraphQLResponse {
  const data = response.data as { _entities?: unknown } | null | undefined;
  const entities = data?._entities;
  if (!Array.isArray(entities) || entities.length !== distinctCount) {
    // Not the answer asked for: passed on as it is, and the gateway reports it.
    return response;
  }
  const used = new Array<boolean>(distinctCount).fill(false);
  const spread = positions.map(at => {
    const entity = entities[at];
    if (!used[at]) {
      used[at] = true;
      return entity;
    }
    return entity === null || typeof entity !== 'object' ? entity : structuredClone(entity);
  });
  let errors = response.errors as GraphQLFormattedError[] | undefined;
  if (errors?.length) {
    const where = new Map<number, number[]>();
    positions.forEach((at, i) => {
      const list = where.get(at);
      if (list) {
        list.push(i);
      } else {
        where.set(at, [i]);
      }
    });
    errors = errors.flatMap(e => {
      const [head, index, ...rest] = e.path ?? [];
      if (head !== '_entities' || typeof index !== 'number' || !where.has(index)) {
        return [e];
      }
      return where.get(index)!.map(i => ({ ...e, path: ['_entities', i, ...rest] }));
    });
  }
  return { ...response, data: { ...data, _entities: spread }, ...(errors ? { errors } : {}) } as GatewayGraphQLResponse;
}
