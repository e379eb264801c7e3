import { accountRef, entityRef, receivedAddressRef } from '../resolvers/mappers';
import type { Account, Address, SanctionedEntity } from '../types/references.type';

/*
 * The entities of other subgraphs need no query to resolve here: their key is all this subgraph
 * knows of them, and `cases` reads through a loader keyed by it.
 */

export function resolveSanctionedEntity(ref: { id: string }): SanctionedEntity {
  return entityRef(ref.id);
}

export function resolveAccount(ref: { id: string }): Account {
  return accountRef(ref.id);
}

/** Normalizes the received address (so any spelling finds the cases) and answers it EIP-55 where due. */
export function resolveAddress(ref: { chain: string; address: string }): Address {
  return receivedAddressRef(ref.chain, ref.address);
}
