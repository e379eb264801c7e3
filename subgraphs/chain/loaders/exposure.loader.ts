import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { addressKey, type StoredAddress } from './address-key';

/** The most addresses one exposure search visits before it stops and reports `truncated`. */
export const MAX_VISITED_ADDRESSES = 10_000;

/** Deepest search allowed: beyond six hops nearly every address reaches nearly every other. */
export const MAX_HOPS = 6;

/** A party reached, with the fewest hops and the listed address reached at that distance. */
export interface PartyReach {
  readonly partyId: string;
  readonly hops: number;
  readonly nearest: StoredAddress;
}

export interface ExposureResult {
  /** Nearest first, then by party id. */
  readonly parties: PartyReach[];
  readonly truncated: boolean;
  readonly visitedAddresses: number;
}

export interface ExposureOptions {
  /** Bound on visited addresses (default MAX_VISITED_ADDRESSES); the tests lower it. */
  readonly maxVisited?: number;
}

/**
 * Breadth-first search from `start` over transfers in both directions (funds received and
 * sent both expose an address), up to `hops` levels. Costs one statement per level, whatever
 * the size of the frontier, and one more for the listed addresses among all visited ones.
 * A visited set handles cycles and keeps the first (fewest-hop) distance of every address.
 * Transfers never cross chains, so the search stays on the chain of `start`.
 */
export async function exploreExposure(
  dataSource: DataSource,
  start: StoredAddress,
  hops: number,
  opts: ExposureOptions = {},
): Promise<ExposureResult> {
  const maxVisited = opts.maxVisited ?? MAX_VISITED_ADDRESSES;
  const visited = new Map<string, number>([[start.address, 0]]);
  let frontier = [start.address];
  let truncated = false;
  for (let depth = 1; depth <= hops && frontier.length > 0 && !truncated; depth++) {
    // LIMIT maxVisited + 1 bounds the work on hub addresses and is safe: if the limit cuts the
    // answer, at most visited.size of the rows returned are known, so more than the remaining
    // capacity are new and the bound is reached (and reported) anyway.
    const rows: { address: string }[] = await dataSource.query(
      `SELECT DISTINCT l.counterparty AS address
       FROM transfer_leg l
       WHERE l.chain = $1 AND l.address = ANY($2::text[])
       LIMIT $3`,
      [start.chain, frontier, maxVisited + 1],
    );
    const next: string[] = [];
    for (const { address } of rows) {
      if (visited.has(address)) {
        continue;
      }
      if (visited.size >= maxVisited) {
        truncated = true;
        break;
      }
      visited.set(address, depth);
      next.push(address);
    }
    frontier = next;
  }

  const listed: { address: string; partyId: string }[] = await dataSource.query(
    `SELECT address, party_id AS "partyId" FROM sanctioned_address WHERE chain = $1 AND address = ANY($2::text[])`,
    [start.chain, [...visited.keys()]],
  );
  const best = new Map<string, PartyReach>();
  for (const { address, partyId } of listed) {
    const h = visited.get(address)!;
    const seen = best.get(partyId);
    if (!seen || h < seen.hops || (h === seen.hops && address < seen.nearest.address)) {
      best.set(partyId, { partyId, hops: h, nearest: { chain: start.chain, address } });
    }
  }
  const parties = [...best.values()].sort((a, b) => a.hops - b.hops || a.partyId.localeCompare(b.partyId));
  return { parties, truncated, visitedAddresses: visited.size };
}

export interface ExposureKey {
  readonly address: StoredAddress;
  readonly hops: number;
}

/**
 * Exposure per request, cached so that asking twice for the same address and depth searches
 * once. Each search costs `hops + 1` statements at most; searches are not merged across
 * addresses (their visited sets and bounds are per address).
 */
export function createExposureLoader(dataSource: DataSource, opts: ExposureOptions = {}): DataLoader<ExposureKey, ExposureResult, string> {
  return new DataLoader<ExposureKey, ExposureResult, string>(
    keys => Promise.all(keys.map(k => exploreExposure(dataSource, k.address, k.hops, opts))),
    { cacheKeyFn: k => `${addressKey(k.address)}/${k.hops}` },
  );
}
