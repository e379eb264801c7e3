import { Chain } from '../../../common/chain';
import { toStored } from '../loaders/address-key';
import { toAddress } from '../resolvers/mappers';
import type { Address } from '../types/address.type';

/**
 * Resolves `Address` representations without a query: every valid address exists (with or
 * without transfers), and its fields load through batched loaders. Null when the address is
 * not valid for its chain.
 */
export function resolveAddress(ref: { chain: Chain; address: string }): Address | null {
  if (!Object.values(Chain).includes(ref.chain) || typeof ref.address !== 'string') {
    return null;
  }
  const stored = toStored(ref.chain, ref.address);
  return stored ? toAddress(stored.chain, stored.address) : null;
}
