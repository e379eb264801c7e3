import { normalizeAddress, type Chain } from '../../../common/chain';

/** An address in the form it is stored and compared in (see `normalizeAddress`). */
export interface StoredAddress {
  readonly chain: Chain;
  readonly address: string;
}

/** A cache key for one address. Chain names hold no colon, so the key is unambiguous. */
export function addressKey(a: StoredAddress): string {
  return `${a.chain}:${a.address}`;
}

/** The stored form of a `{ chain, address }` as a client or another subgraph wrote it; null when invalid. */
export function toStored(chain: Chain, address: string): StoredAddress | null {
  const checked = normalizeAddress(chain, address);
  return checked.ok ? { chain, address: checked.address } : null;
}

/** Sorted and without duplicates, so that equal sets make equal DataLoader keys. */
export function addressSet(addresses: readonly StoredAddress[]): StoredAddress[] {
  const byKey = new Map(addresses.map(a => [addressKey(a), a]));
  return [...byKey.keys()].sort().map(k => byKey.get(k)!);
}
