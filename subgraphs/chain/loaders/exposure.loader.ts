import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { addDecimals } from '../decimal';
import { addressKey, type StoredAddress } from './address-key';

/** The most addresses one exposure search visits before it stops and reports `truncated`. */
export const MAX_VISITED_ADDRESSES = 10_000;

/** Deepest search allowed: beyond six hops nearly every address reaches nearly every other. */
export const MAX_HOPS = 6;

/**
 * An address with more transfers than this is a hub (an exchange's hot wallet, a large service):
 * the search reaches it (it may be listed) but does not trace through it, as analysts do not
 * trace through a service that pools its customers' funds; the answer counts such stops. The
 * address the search starts from is always expanded.
 */
export const HUB_TRANSFERS = 2_000;

/** Paths kept per party. */
export const MAX_PATHS = 3;

/** A side of the search: IN follows where funds came from (upstream), OUT where they went. */
export type Side = 'IN' | 'OUT';

/** Sums per asset, exact decimal strings. */
export type AssetTotals = Map<string, string>;

/** Funds that moved between two addresses (in the order they moved), summed per asset. */
export interface Flow {
  readonly from: StoredAddress;
  readonly to: StoredAddress;
  readonly amounts: AssetTotals;
  transfers: number;
}

/** What reached listed addresses at one distance on one side. */
export interface HopTotal {
  readonly side: Side;
  readonly hops: number;
  readonly amounts: AssetTotals;
  transfers: number;
  /** Listed addresses reached at this distance on this side. */
  readonly addresses: Set<string>;
}

/** A chain of flows from a start address to a listed address (empty for a listed start). */
export interface ExposurePathResult {
  readonly side: Side;
  /** Search order: the start first, the listed address last. */
  readonly addresses: StoredAddress[];
  /** In search order; each flow in the order the funds moved. */
  readonly flows: Flow[];
}

/** A party reached, with the fewest hops and the listed address reached at that distance. */
export interface PartyReach {
  readonly partyId: string;
  readonly hops: number;
  readonly nearest: StoredAddress;
  /** Per side and distance at which its listed addresses were reached; nearest first. */
  readonly byHop: HopTotal[];
  readonly paths: ExposurePathResult[];
}

export interface ExposureResult {
  /** Nearest first, then by party id. */
  readonly parties: PartyReach[];
  /** Per side and distance, over every listed address reached (each counted once). */
  readonly byHop: HopTotal[];
  readonly truncated: boolean;
  readonly visitedAddresses: number;
  readonly hubsNotExpanded: number;
}

export interface ExposureOptions {
  /** Bound on visited addresses (default MAX_VISITED_ADDRESSES); the tests lower it. */
  readonly maxVisited?: number;
  /** Transfers above which an address is a hub (default HUB_TRANSFERS). */
  readonly hubTransfers?: number;
}

export interface ExposureQuery {
  /** One address, or an account's deposit addresses: searched together, all at distance 0. */
  readonly starts: readonly StoredAddress[];
  readonly hops: number;
  readonly direction: Side | 'ANY';
  /** Only transfers at or after this time (ISO 8601, microseconds); null: all. */
  readonly since: string | null;
  /** Only transfers of at least this amount; null: all. */
  readonly minAmount: string | null;
}

interface Node {
  readonly address: StoredAddress;
  readonly hops: number;
  readonly parent: string | null;
  /** The flow from the parent (null for a start). */
  readonly flow: Flow | null;
  readonly parties: readonly string[];
  readonly expand: boolean;
}

const START_SQL = `
  SELECT a.chain, a.address,
         coalesce(s.transfers_in, 0)::text AS "in", coalesce(s.transfers_out, 0)::text AS "out",
         coalesce((SELECT array_agg(sa.party_id ORDER BY sa.party_id) FROM sanctioned_address sa
                   WHERE sa.chain = a.chain AND sa.address = a.address), '{}') AS parties
  FROM unnest($1::text[], $2::text[]) AS a(chain, address)
  LEFT JOIN address_stats s ON s.chain = a.chain AND s.address = a.address`;

/**
 * One level of the search for every frontier address of both sides at once. Per frontier address
 * its legs on that side (after the filters, at most $6 of them), grouped by counterparty and
 * asset; per counterparty its transfer count (is it a hub?) and the parties that list it. The
 * whole statement returns at most $7 rows: reaching that bound stops the search (`truncated`).
 */
const LEVEL_SQL = `
  SELECT f.dir, f.chain, f.address AS "from", e.counterparty AS "to", e.asset, e.amount::text AS amount, e.transfers::int AS transfers,
         coalesce(s.transfers_in + s.transfers_out - s.transfers_self, 0)::text AS degree,
         coalesce(p.parties, '{}') AS parties
  FROM unnest($1::text[], $2::text[], $3::text[]) AS f(dir, chain, address)
  CROSS JOIN LATERAL (
    SELECT l.counterparty, l.asset, sum(l.amount) AS amount, count(*) AS transfers
    FROM (
      SELECT x.counterparty, x.asset, x.amount FROM transfer_leg x
      WHERE x.chain = f.chain AND x.address = f.address AND x.direction = f.dir
        AND x.block_time >= $4 AND ($5::numeric IS NULL OR x.amount >= $5::numeric)
      LIMIT $6
    ) l
    GROUP BY l.counterparty, l.asset
  ) e
  LEFT JOIN address_stats s ON s.chain = f.chain AND s.address = e.counterparty
  LEFT JOIN LATERAL (
    SELECT array_agg(sa.party_id ORDER BY sa.party_id) AS parties FROM sanctioned_address sa
    WHERE sa.chain = f.chain AND sa.address = e.counterparty
  ) p ON true
  LIMIT $7`;

function addTotals(into: AssetTotals, asset: string, amount: string): void {
  const seen = into.get(asset);
  into.set(asset, seen === undefined ? amount : addDecimals(seen, amount));
}

/**
 * Direct and indirect exposure: a breadth-first search from `starts` up to `hops` levels, on
 * the chosen side(s) (ANY runs the upstream and downstream searches together, each following
 * funds one way only). Costs one statement for the starts and one per level, whatever the size
 * of the frontier. Visited sets per side handle cycles and keep each address's first (fewest-hop)
 * distance, with the flow it was first reached by (the largest by transfers), which gives the
 * paths. Amounts at a distance are the flows into listed addresses from the addresses one hop
 * nearer: at hop 1, the transfers between the start and the listed address.
 */
export async function exploreExposure(dataSource: DataSource, query: ExposureQuery, opts: ExposureOptions = {}): Promise<ExposureResult> {
  const maxVisited = opts.maxVisited ?? MAX_VISITED_ADDRESSES;
  const hubTransfers = opts.hubTransfers ?? HUB_TRANSFERS;
  const sides: Side[] = query.direction === 'ANY' ? ['IN', 'OUT'] : [query.direction];
  const visited: Record<Side, Map<string, Node>> = { IN: new Map(), OUT: new Map() };
  const seen = new Set<string>();
  let truncated = false;
  const hubs = new Set<string>();
  let startCut = false;

  const starts: { chain: string; address: string; in: string; out: string; parties: string[] }[] = query.starts.length
    ? await dataSource.query(START_SQL, [query.starts.map(s => s.chain), query.starts.map(s => s.address)])
    : [];
  for (const s of starts) {
    const address = { chain: s.chain, address: s.address } as StoredAddress;
    const key = addressKey(address);
    seen.add(key);
    for (const side of sides) {
      visited[side].set(key, { address, hops: 0, parent: null, flow: null, parties: s.parties, expand: true });
      // The start's own legs are read up to the bound: more makes a truncated (partial) answer.
      if (Number(side === 'IN' ? s.in : s.out) > maxVisited) {
        startCut = true;
      }
    }
  }

  const listedFlows: { side: Side; hops: number; to: string; flow: { asset: string; amount: string; transfers: number } }[] = [];
  for (let depth = 1; depth <= query.hops && !truncated; depth++) {
    const frontier = sides.flatMap(side => [...visited[side].values()].filter(n => n.hops === depth - 1 && n.expand).map(n => ({ side, n })));
    if (frontier.length === 0) {
      break;
    }
    const rowLimit = 2 * maxVisited + 1;
    const rows: { dir: Side; chain: string; from: string; to: string; asset: string; amount: string; transfers: number; degree: string; parties: string[] }[] =
      await dataSource.query(LEVEL_SQL, [
        frontier.map(f => f.side),
        frontier.map(f => f.n.address.chain),
        frontier.map(f => f.n.address.address),
        query.since ?? '-infinity',
        query.minAmount,
        maxVisited + 1,
        rowLimit,
      ]);
    if (rows.length >= rowLimit) {
      truncated = true;
    }
    // Pass 1: the flows of this level between address pairs; new addresses, reached by their largest flow.
    const flows = new Map<string, Flow>();
    for (const r of rows) {
      const here = { chain: r.chain, address: r.from } as StoredAddress;
      const there = { chain: r.chain, address: r.to } as StoredAddress;
      const k = `${r.dir}|${addressKey(here)}|${addressKey(there)}`;
      let flow = flows.get(k);
      if (!flow) {
        flow = r.dir === 'OUT' ? { from: here, to: there, amounts: new Map(), transfers: 0 } : { from: there, to: here, amounts: new Map(), transfers: 0 };
        flows.set(k, flow);
      }
      addTotals(flow.amounts, r.asset, r.amount);
      flow.transfers += r.transfers;
    }
    const candidates = new Map<string, { side: Side; parent: string; flow: Flow; degree: number; parties: string[]; address: StoredAddress }>();
    for (const r of rows) {
      const toKey = addressKey({ chain: r.chain, address: r.to } as StoredAddress);
      if (visited[r.dir].has(toKey)) {
        continue;
      }
      const parent = addressKey({ chain: r.chain, address: r.from } as StoredAddress);
      const flow = flows.get(`${r.dir}|${parent}|${toKey}`)!;
      const ck = `${r.dir}|${toKey}`;
      const best = candidates.get(ck);
      if (!best || flow.transfers > best.flow.transfers || (flow.transfers === best.flow.transfers && parent < best.parent)) {
        candidates.set(ck, { side: r.dir, parent, flow, degree: Number(r.degree), parties: r.parties, address: { chain: r.chain, address: r.to } as StoredAddress });
      }
    }
    for (const c of [...candidates.values()].sort((a, b) => (a.side + addressKey(a.address)).localeCompare(b.side + addressKey(b.address)))) {
      const key = addressKey(c.address);
      if (!seen.has(key)) {
        if (seen.size >= maxVisited) {
          truncated = true;
          break;
        }
        seen.add(key);
      }
      const hub = c.degree > hubTransfers;
      if (hub && depth < query.hops) {
        hubs.add(key);
      }
      visited[c.side].set(key, { address: c.address, hops: depth, parent: c.parent, flow: c.flow, parties: c.parties, expand: !hub });
    }
    // Pass 2: flows into listed addresses first reached at this distance.
    for (const r of rows) {
      if (r.parties.length === 0) {
        continue;
      }
      const toKey = addressKey({ chain: r.chain, address: r.to } as StoredAddress);
      if (visited[r.dir].get(toKey)?.hops === depth) {
        listedFlows.push({ side: r.dir, hops: depth, to: toKey, flow: { asset: r.asset, amount: r.amount, transfers: r.transfers } });
      }
    }
  }

  return summarize(visited, sides, listedFlows, truncated || startCut, seen.size, hubs.size);
}

function pathTo(nodes: Map<string, Node>, key: string, side: Side): ExposurePathResult {
  const addresses: StoredAddress[] = [];
  const flows: Flow[] = [];
  for (let k: string | null = key; k !== null; ) {
    const n: Node = nodes.get(k)!;
    addresses.unshift(n.address);
    if (n.flow) {
      flows.unshift(n.flow);
    }
    k = n.parent;
  }
  return { side, addresses, flows };
}

function summarize(
  visited: Record<Side, Map<string, Node>>,
  sides: Side[],
  listedFlows: { side: Side; hops: number; to: string; flow: { asset: string; amount: string; transfers: number } }[],
  truncated: boolean,
  visitedAddresses: number,
  hubsNotExpanded: number,
): ExposureResult {
  const hopKey = (side: Side, hops: number) => `${side}|${hops}`;
  const newHop = (side: Side, hops: number): HopTotal => ({ side, hops, amounts: new Map(), transfers: 0, addresses: new Set() });
  const overall = new Map<string, HopTotal>();
  const perParty = new Map<string, { hops: number; nearest: StoredAddress; byHop: Map<string, HopTotal>; reached: { side: Side; key: string; hops: number }[] }>();
  for (const side of sides) {
    for (const [key, n] of visited[side]) {
      if (n.hops === 0 && side !== sides[0]) {
        continue; // a listed start is reached once, not once per side
      }
      for (const partyId of n.parties) {
        let p = perParty.get(partyId);
        if (!p) {
          p = { hops: n.hops, nearest: n.address, byHop: new Map(), reached: [] };
          perParty.set(partyId, p);
        }
        if (n.hops < p.hops || (n.hops === p.hops && addressKey(n.address) < addressKey(p.nearest))) {
          p.hops = n.hops;
          p.nearest = n.address;
        }
        p.reached.push({ side, key, hops: n.hops });
        const hk = hopKey(side, n.hops);
        if (!p.byHop.has(hk)) {
          p.byHop.set(hk, newHop(side, n.hops));
        }
        p.byHop.get(hk)!.addresses.add(key);
        if (!overall.has(hk)) {
          overall.set(hk, newHop(side, n.hops));
        }
        overall.get(hk)!.addresses.add(key);
      }
    }
  }
  // Amounts: each flow into a listed address counts once overall, and once for each party listing it.
  const partiesOf = (side: Side, key: string) => visited[side].get(key)!.parties;
  for (const { side, hops, to, flow } of listedFlows) {
    const hk = hopKey(side, hops);
    for (const total of [overall.get(hk)!, ...partiesOf(side, to).map(id => perParty.get(id)!.byHop.get(hk)!)]) {
      addTotals(total.amounts, flow.asset, flow.amount);
      total.transfers += flow.transfers;
    }
  }
  const order = (a: HopTotal, b: HopTotal) => a.hops - b.hops || a.side.localeCompare(b.side);
  const parties: PartyReach[] = [...perParty.entries()].map(([partyId, p]) => ({
    partyId,
    hops: p.hops,
    nearest: p.nearest,
    byHop: [...p.byHop.values()].sort(order),
    paths: p.reached
      .sort((a, b) => a.hops - b.hops || a.side.localeCompare(b.side) || a.key.localeCompare(b.key))
      .slice(0, MAX_PATHS)
      .map(r => pathTo(visited[r.side], r.key, r.side)),
  }));
  parties.sort((a, b) => a.hops - b.hops || a.partyId.localeCompare(b.partyId));
  return { parties, byHop: [...overall.values()].sort(order), truncated, visitedAddresses, hubsNotExpanded };
}

function queryKey(q: ExposureQuery): string {
  return JSON.stringify([q.starts.map(addressKey), q.hops, q.direction, q.since, q.minAmount]);
}

/**
 * Exposure per request, cached so that asking twice for the same search runs it once. Each
 * search costs `hops + 1` statements at most; searches are not merged across addresses (their
 * visited sets and bounds are their own).
 */
export function createExposureLoader(dataSource: DataSource, opts: ExposureOptions = {}): DataLoader<ExposureQuery, ExposureResult, string> {
  return new DataLoader<ExposureQuery, ExposureResult, string>(keys => Promise.all(keys.map(k => exploreExposure(dataSource, k, opts))), {
    cacheKeyFn: queryKey,
  });
}
