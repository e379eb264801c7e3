import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import type { GraphQLSchema } from 'graphql';
import gql from 'graphql-tag';
import { buildSchema, createResolversMap, getMetadataStorage, type BuildSchemaOptions } from 'type-graphql';

/** The Federation 2 directives our subgraphs may use. */
const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag", "@authenticated", "@requiresScopes", "@listSize"])`;

/** `__resolveReference` functions by type name. Each must read through a per-request DataLoader. */
export type ReferenceResolvers = Record<string, { __resolveReference: (...args: any[]) => unknown }>;

/**
 * Builds a Federation 2 subgraph schema from type-graphql classes: type-graphql builds the
 * executable schema, its SDL (with `@key` and friends) is printed and handed to
 * `buildSubgraphSchema` together with type-graphql's resolvers and the reference resolvers.
 */
export async function buildFederatedSchema(
  options: Omit<BuildSchemaOptions, 'skipCheck'>,
  referenceResolvers: ReferenceResolvers = {},
): Promise<GraphQLSchema> {
  // TypeScript runs parameter decorators last-first, so type-graphql 2.0-rc.4 records `@Arg`s in
  // reverse and prints `(after, first, filter)` for `(filter, first, after)`. Resolvers match
  // arguments by index, so putting the records in index order only fixes the printed order.
  getMetadataStorage().params.sort((a, b) => a.index - b.index);
  const schema = await buildSchema({ ...options, skipCheck: true });
  const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  for (const [typeName, reference] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...(resolvers[typeName] ?? {}), ...reference };
  }
  return buildSubgraphSchema([
    {
      typeDefs: gql(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`),
      resolvers: resolvers as GraphQLResolverMap<unknown>,
    },
  ]);
}
