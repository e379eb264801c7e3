import { Directive, Field, ObjectType } from 'type-graphql';
import { InputError } from './errors';

/** Relay page information. Defined identically by every subgraph that paginates, hence shareable. */
@Directive('@shareable')
@ObjectType({ description: 'Where a page stands in its connection (Relay cursor connections).' })
export class PageInfo {
  @Field({ description: 'True when more items follow this page.' })
  hasNextPage!: boolean;

  @Field({ description: 'True when items precede this page (known only when paginating with `after`).' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item of this page.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of this page; pass it as `after` for the next page.' })
  endCursor!: string | null;
}

/** The page information of a page of `edges` (cursors already encoded). */
export function pageInfoOf(edges: readonly { cursor: string }[], hasNextPage: boolean, hasPreviousPage: boolean): PageInfo {
  return {
    hasNextPage,
    hasPreviousPage,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges.at(-1)?.cursor ?? null,
  };
}

/** Default and largest page sizes for every connection. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 500;

/** Validates `first`: 0 to MAX_PAGE_SIZE, default DEFAULT_PAGE_SIZE. */
export function pageSize(first: number | null | undefined, field = 'first'): number {
  if (first === null || first === undefined) {
    return DEFAULT_PAGE_SIZE;
  }
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new InputError(field, `must be an integer from 0 to ${MAX_PAGE_SIZE}`);
  }
  return first;
}

/** Encodes a keyset position (e.g. `[timestamp, id]`) as an opaque cursor. */
export function encodeCursor(kind: string, parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify([kind, ...parts]), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by `encodeCursor` for the same kind of connection; anything else is a
 * BAD_USER_INPUT error naming the argument, never a silent first page.
 */
export function decodeCursor(kind: string, cursor: string | null | undefined, arity: number, field = 'after'): (string | number)[] | null {
  if (cursor === null || cursor === undefined) {
    return null;
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed[0] === kind &&
      parsed.length === arity + 1 &&
      parsed.slice(1).every(p => typeof p === 'string' || typeof p === 'number')
    ) {
      return parsed.slice(1) as (string | number)[];
    }
  } catch {
    // fall through to the coded error
  }
  throw new InputError(field, 'is not a cursor of this connection; pass an endCursor or edge cursor from an earlier page');
}
