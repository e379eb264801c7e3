import { toSanctionedEntity } from '../resolvers/mappers';
import type { SanctionedEntity } from '../types/sanctioned-entity.type';

/**
 * Resolves `SanctionedEntity` representations without a query: the parties live in the entities
 * subgraph, and a party with no links here simply has no accounts.
 */
export function resolveSanctionedEntity(ref: { id: string }): SanctionedEntity {
  return toSanctionedEntity(String(ref.id));
}
