import { addressFromInput, isChain } from '../resolvers/mappers';
import type { Address } from '../types/address.type';

/**
 * Resolves `Address` representations without a query: the key is all this subgraph needs, and
 * `account` is loaded (batched) only when asked for. An address that is not valid for its chain
 * resolves with a null account, never an error; an unknown chain cannot be an Address here.
 */
export function resolveAddress(ref: { chain?: unknown; address?: unknown }): Address | null {
  if (!isChain(ref.chain) || typeof ref.address !== 'string') {
    return null;
  }
  return addressFromInput(ref.chain, ref.address);
}
