import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { addDecimals } from '../decimal';
import { addressKey, type StoredAddress } from './address-key';

/** The most addresses one exposure search visits before it stops and reports `truncated` (MAX_LEGS keeps it out of reach by default). */
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

/**
 * Transfer legs read per side (IN, OUT) from a start that is itself a hub, newest first; the
 * answer says so (`limits.startsCapped`). A start that is not a hub (at most HUB_TRANSFERS
 * transfers) is always read whole, so its direct (hop 1) exposure is exact.
 */
export const START_LEGS = 1_000;

/**
 * Transfer legs read per side from an address beyond the starts, newest first
 * (`limits.neighboursCapped` counts the addresses that had more): one busy intermediate address
 * does not eat the budget of its level.
 */
export const NEIGHBOUR_LEGS = 200;

/**
 * Transfer legs read by one search, all levels together: the hard bound on its work, whatever the
 * size of the data (with MAX_VISITED_ADDRESSES, which it keeps out of reach by default). The starts
 * may use all of it; each further level gets an equal share of what is left for the levels still
 * to go. Frontier addresses past their level's share are reached but not traced through
 * (`limits.addressesNotExpanded`); those reached by the largest flows go first.
 */
export const MAX_LEGS = 5_000;

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

/** The bounds a search ran under, and how much each one cut. */
export interface ExposureLimitsResult {
  readonly maxVisited: number;
  readonly hubTransfers: number;
  readonly startLegs: number;
  readonly neighbourLegs: number;
  readonly maxLegs: number;
  /** Legs actually read, all levels together (at most `maxLegs`). */
  readonly legsRead: number;
  /** Starts (per side) with more legs than `startLegs`: only their newest were read. */
  readonly startsCapped: number;
  /** Addresses beyond the starts (per side) with more legs than `neighbourLegs`: only their newest were read. */
  readonly neighboursCapped: number;
  /** Addresses (per side) reached before the last hop but not traced through: the leg budget of their level ran out. */
  readonly addressesNotExpanded: number;
  /** The bound on visited addresses was reached: the search stopped at that level. */
  readonly visitedCapReached: boolean;
}

export interface ExposureResult {
  /** Nearest first, then by party id. */
  readonly parties: PartyReach[];
  /** Per side and distance, over every listed address reached (each counted once). */
  readonly byHop: HopTotal[];
  /** True when any bound in `limits` cut the search: the answer is partial. */
  readonly truncated: boolean;
  readonly visitedAddresses: number;
  readonly hubsNotExpanded: number;
  readonly limits: ExposureLimitsResult;
}

export interface ExposureOptions {
  /** Bound on visited addresses (default MAX_VISITED_ADDRESSES); the tests lower it. */
  readonly maxVisited?: number;
  /** Transfers above which an address is a hub (default HUB_TRANSFERS). */
  readonly hubTransfers?: number;
  /** Legs read per start and side (default START_LEGS). */
  readonly startLegs?: number;
  /** Legs read per other address and side (default NEIGHBOUR_LEGS). */
  readonly neighbourLegs?: number;
  /** Legs read per search (default MAX_LEGS). */
  readonly maxLegs?: number;
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
  parties: readonly string[];
}

/**
 * One level of the search: one statement for the frontier addresses of both sides at once,
 * given in priority order ($1..$5: side, chain, address, cap on legs, is a start).
 *
 * `legs`: per frontier address, in that order, its transfer counts (one index lookup in
 * address_stats: is it a hub?) and, unless it is a hub that is not a start, its newest legs on
 * that side since $8, from the primary key alone (a backward index-only scan): at most its cap,
 * except for a start that is not a hub, which is read whole (it has at most $6 transfers). The
 * level stops at $7 rows, its share of the search's budget: the nested loop runs the frontier in
 * order, so the addresses past that point are neither looked up nor read, and the one at that
 * point may be cut. The amount filter ($9) applies to the legs read, so the caps bound the work
 * whatever the filter.
 *
 * Rows: 'F', one per frontier address processed (hub, transfers, legs on that side, legs read);
 * 'S', on the first level ($10), one per listed start with the parties listing it; 'E', per
 * frontier address, counterparty and asset, the sum and count of the legs that passed the filter,
 * and the parties listing the counterparty. On the last level ($11) only listed counterparties get
 * 'E' rows; the others, which are only counted as visited (nothing is traced from them), come as
 * one 'V' row per side and chain with their addresses in an array.
 */
const LEVEL_SQL = `
  WITH legs AS MATERIALIZED (
    SELECT f.ord, f.dir, f.chain, f.start,
           coalesce(st.transfers_in + st.transfers_out - st.transfers_self, 0) AS degree,
           coalesce(CASE f.dir WHEN 'IN' THEN st.transfers_in ELSE st.transfers_out END, 0) AS side_legs,
           x.counterparty, x.asset, x.amount
    FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::bool[]) WITH ORDINALITY AS f(dir, chain, address, cap, start, ord)
    LEFT JOIN LATERAL (
      -- LIMIT 1 keeps this one index probe per address processed, never a join over the whole table.
      SELECT s.transfers_in, s.transfers_out, s.transfers_self FROM address_stats s WHERE s.chain = f.chain AND s.address = f.address LIMIT 1
    ) st ON true
    LEFT JOIN LATERAL (
      SELECT x.counterparty, x.asset, x.amount FROM transfer_leg x
      WHERE (f.start OR coalesce(st.transfers_in + st.transfers_out - st.transfers_self, 0) <= $6)
        AND x.chain = f.chain AND x.address = f.address AND x.direction = f.dir AND x.block_time >= $8
      ORDER BY x.block_time DESC, x.transfer_id DESC
      LIMIT CASE WHEN f.start AND coalesce(st.transfers_in + st.transfers_out - st.transfers_self, 0) <= $6 THEN NULL ELSE f.cap END
    ) x ON true
    LIMIT $7
  ), listed AS MATERIALIZED (
    SELECT sa.chain, sa.address, array_agg(sa.party_id ORDER BY sa.party_id) AS parties FROM sanctioned_address sa GROUP BY sa.chain, sa.address
  ), kept AS MATERIALIZED (
    SELECT l.ord, l.dir, l.chain, l.counterparty, l.asset, l.amount, p.parties
    FROM legs l LEFT JOIN listed p ON p.chain = l.chain AND p.address = l.counterparty
    WHERE l.counterparty IS NOT NULL AND ($9::numeric IS NULL OR l.amount >= $9::numeric)
  )
  SELECT 'F' AS kind, l.ord::int AS ord, l.degree::text AS a, l.side_legs::text AS b, (NOT l.start AND l.degree > $6)::text AS c,
         count(l.asset)::int AS n, NULL::text[] AS parties
  FROM legs l GROUP BY l.ord, l.start, l.degree, l.side_legs
  UNION ALL
  SELECT 'S', s.ord::int, NULL, NULL, NULL, NULL, p.parties
  FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS s(chain, address, ord)
  JOIN listed p ON p.chain = s.chain AND p.address = s.address
  WHERE $10::boolean
  UNION ALL
  SELECT 'E', k.ord::int, k.counterparty, k.asset, sum(k.amount)::text, count(*)::int, k.parties
  FROM kept k WHERE NOT $11::boolean OR k.parties IS NOT NULL
  GROUP BY k.ord, k.counterparty, k.asset, k.parties
  UNION ALL
  SELECT 'V', NULL, k.dir, k.chain, NULL, NULL, array_agg(DISTINCT k.counterparty)
  FROM kept k WHERE $11::boolean AND k.parties IS NULL
  GROUP BY k.dir, k.chain`;

/**
 * A row of LEVEL_SQL, few columns (they are parsed for every row):
 * - 'F': a = transfers (in + out - self), b = legs on the frontier side, c = 'true' for a hub
 *   (not traced through), n = legs read;
 * - 'S': parties = the parties listing the start;
 * - 'E': a = counterparty, b = asset, c = sum, n = transfers, parties = those listing the
 *   counterparty (null when none);
 * - 'V': a = side, b = chain, parties = the addresses (not parties) reached on that side.
 */
interface LevelRow {
  kind: 'F' | 'S' | 'E' | 'V';
  ord: number | null;
  a: string | null;
  b: string | null;
  c: string | null;
  n: number | null;
  parties: string[] | null;
}

interface FrontierEntry {
  readonly side: Side;
  readonly key: string;
  readonly node: Node;
  readonly start: boolean;
}

/** A new address reached at a level, by the largest of the flows into it (on its side). */
interface Candidate {
  readonly side: Side;
  readonly key: string;
  parent: FrontierEntry;
  flow: Flow;
  readonly parties: string[];
}

const NO_PARTIES: string[] = [];

function addTotals(into: AssetTotals, asset: string, amount: string): void {
  const seen = into.get(asset);
  into.set(asset, seen === undefined ? amount : addDecimals(seen, amount));
}

/** Plain string order (not locale order: it is only for determinism, and much cheaper). */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The order in which the addresses reached at a level are admitted (under the bound on visited
 * addresses) and then traced (under the leg budget): listed ones first, then by the largest flow
 * that reached them (in transfers), then by side and address.
 */
function byPriority(a: Candidate, b: Candidate): number {
  return (
    Number(b.parties.length > 0) - Number(a.parties.length > 0) || b.flow.transfers - a.flow.transfers || cmp(a.side, b.side) || cmp(a.key, b.key)
  );
}

/**
 * Direct and indirect exposure: a breadth-first search from `starts` up to `hops` levels, on
 * the chosen side(s) (ANY runs the upstream and downstream searches together, each following
 * funds one way only). Costs one statement per level, whatever the size of the frontier. Visited
 * sets per side handle cycles and keep each address's first (fewest-hop) distance, with the
 * flow it was first reached by (the largest by transfers), which gives the paths. Amounts at a
 * distance are the flows into listed addresses from the addresses one hop nearer: at hop 1, the
 * transfers between the start and the listed address.
 *
 * Bounded whatever the size of the data: at most `maxLegs` transfer legs read in all (the starts
 * may use all of it, each further level an equal share of what is left); each address's newest
 * legs only, at most `neighbourLegs` per side beyond the starts and `startLegs` for a start that
 * is a hub (a start that is not a hub is read whole: its direct exposure is exact); at most
 * `maxVisited` addresses; hubs are not traced through. Every bound that cut the search is
 * counted in `limits` and makes the answer `truncated`.
 */
export async function exploreExposure(dataSource: DataSource, query: ExposureQuery, opts: ExposureOptions = {}): Promise<ExposureResult> {
  const maxVisited = opts.maxVisited ?? MAX_VISITED_ADDRESSES;
  const hubTransfers = opts.hubTransfers ?? HUB_TRANSFERS;
  const startLegs = opts.startLegs ?? START_LEGS;
  const neighbourLegs = opts.neighbourLegs ?? NEIGHBOUR_LEGS;
  const maxLegs = opts.maxLegs ?? MAX_LEGS;
  const sides: Side[] = query.direction === 'ANY' ? ['IN', 'OUT'] : [query.direction];
  const visited: Record<Side, Map<string, Node>> = { IN: new Map(), OUT: new Map() };
  const seen = new Set<string>();
  const hubs = new Set<string>();
  let legsRead = 0;
  let startsCapped = 0;
  let neighboursCapped = 0;
  let addressesNotExpanded = 0;
  let visitedCapReached = false;

  let frontier: FrontierEntry[] = [];
  for (const address of query.starts) {
    const key = addressKey(address);
    if (seen.has(key)) {
      continue;
    }
    seen.add(key);
    for (const side of sides) {
      const node: Node = { address, hops: 0, parent: null, flow: null, parties: [] };
      visited[side].set(key, node);
      frontier.push({ side, key, node, start: true });
    }
  }

  const listedFlows: { side: Side; hops: number; to: string; flow: { asset: string; amount: string; transfers: number } }[] = [];
  for (let depth = 1; depth <= query.hops && frontier.length > 0; depth++) {
    const last = depth === query.hops;
    const remaining = maxLegs - legsRead;
    const allowance = Math.max(0, depth === 1 ? remaining : Math.floor(remaining / (query.hops - depth + 1)));
    // Each address processed takes at least one row of the level's share: beyond it none can be
    // (the starts are all sent, to learn which of them are listed).
    if (depth > 1 && frontier.length > allowance) {
      addressesNotExpanded += frontier.length - allowance;
      frontier = frontier.slice(0, allowance);
      if (frontier.length === 0) {
        break;
      }
    }
    const rows: LevelRow[] = await dataSource.query(LEVEL_SQL, [
      frontier.map(f => f.side),
      frontier.map(f => f.node.address.chain),
      frontier.map(f => f.node.address.address),
      frontier.map(f => (f.start ? startLegs : neighbourLegs)),
      frontier.map(f => f.start),
      hubTransfers,
      allowance,
      query.since ?? '-infinity',
      query.minAmount,
      depth === 1,
      last,
    ]);

    // Per frontier address processed: a hub, or how many legs were read and whether a cap cut them.
    let processed = 0;
    let rowsUsed = 0;
    let lastOrd = 0;
    for (const r of rows) {
      if (r.kind === 'F') {
        processed += 1;
        rowsUsed += Math.max(1, r.n!);
        lastOrd = Math.max(lastOrd, r.ord!);
      }
    }
    addressesNotExpanded += frontier.length - processed;
    const flowsByOrd = new Map<number, Map<string, Flow>>();
    const listedRows: { from: FrontierEntry; toKey: string; asset: string; amount: string; transfers: number }[] = [];
    const edges: { from: FrontierEntry; toKey: string; flow: Flow; parties: string[] }[] = [];
    for (const r of rows) {
      if (r.kind === 'S') {
        frontier[r.ord! - 1].node.parties = r.parties!;
      } else if (r.kind === 'F') {
        const f = frontier[r.ord! - 1];
        if (r.c === 'true') {
          hubs.add(f.key);
          continue;
        }
        const read = r.n!;
        const sideLegs = Number(r.b);
        legsRead += read;
        // A start that is not a hub is read whole.
        const cap = f.start ? (Number(r.a) > hubTransfers ? startLegs : Infinity) : neighbourLegs;
        // Cut by its cap, or by the level's share (only the last address processed can be).
        if ((read >= cap && sideLegs > cap) || (rowsUsed >= allowance && r.ord === lastOrd && read < Math.min(cap, sideLegs))) {
          if (f.start) {
            startsCapped += 1;
          } else {
            neighboursCapped += 1;
          }
        }
      } else if (r.kind === 'E') {
        // The flow between a frontier address and a counterparty, summed per asset.
        const f = frontier[r.ord! - 1];
        const counterparty = r.a!;
        const parties = r.parties ?? NO_PARTIES;
        let flows = flowsByOrd.get(r.ord!);
        if (!flows) {
          flows = new Map();
          flowsByOrd.set(r.ord!, flows);
        }
        let flow = flows.get(counterparty);
        const toKey = `${f.node.address.chain}:${counterparty}`;
        if (!flow) {
          const here = f.node.address;
          const there = { chain: here.chain, address: counterparty } as StoredAddress;
          flow = f.side === 'OUT' ? { from: here, to: there, amounts: new Map(), transfers: 0 } : { from: there, to: here, amounts: new Map(), transfers: 0 };
          flows.set(counterparty, flow);
          edges.push({ from: f, toKey, flow, parties });
        }
        addTotals(flow.amounts, r.b!, r.c!);
        flow.transfers += r.n!;
        if (parties.length > 0) {
          listedRows.push({ from: f, toKey, asset: r.b!, amount: r.c!, transfers: r.n! });
        }
      }
    }
    // New addresses, each reached by its largest flow (in transfers; then by parent address).
    const candidates: Record<Side, Map<string, Candidate>> = { IN: new Map(), OUT: new Map() };
    for (const { from, toKey, flow, parties } of edges) {
      if (visited[from.side].has(toKey)) {
        continue;
      }
      const c = candidates[from.side].get(toKey);
      if (!c) {
        candidates[from.side].set(toKey, { side: from.side, key: toKey, parent: from, flow, parties });
      } else if (flow.transfers > c.flow.transfers || (flow.transfers === c.flow.transfers && from.key < c.parent.key)) {
        c.parent = from;
        c.flow = flow;
      }
    }
    const ordered = [...candidates.IN.values(), ...candidates.OUT.values()].sort(byPriority);
    const next: FrontierEntry[] = [];
    for (const c of ordered) {
      if (!seen.has(c.key)) {
        if (seen.size >= maxVisited) {
          visitedCapReached = true;
          break;
        }
        seen.add(c.key);
      }
      const address = c.side === 'OUT' ? c.flow.to : c.flow.from;
      const node: Node = { address, hops: depth, parent: c.parent.key, flow: c.flow, parties: c.parties };
      visited[c.side].set(c.key, node);
      next.push({ side: c.side, key: c.key, node, start: false });
    }
    // On the last level the addresses that are not listed are only counted.
    for (const r of rows) {
      if (r.kind !== 'V') {
        continue;
      }
      const side = r.a as Side;
      for (const address of r.parties!) {
        const key = `${r.b}:${address}`;
        if (!seen.has(key) && !visited[side].has(key)) {
          if (seen.size >= maxVisited) {
            visitedCapReached = true;
            break;
          }
          seen.add(key);
        }
      }
    }
    // Flows into listed addresses first reached at this distance.
    for (const { from, toKey, asset, amount, transfers } of listedRows) {
      if (visited[from.side].get(toKey)?.hops === depth) {
        listedFlows.push({ side: from.side, hops: depth, to: toKey, flow: { asset, amount, transfers } });
      }
    }
    if (visitedCapReached) {
      break;
    }
    frontier = next;
  }

  const limits: ExposureLimitsResult = {
    maxVisited,
    hubTransfers,
    startLegs,
    neighbourLegs,
    maxLegs,
    legsRead,
    startsCapped,
    neighboursCapped,
    addressesNotExpanded,
    visitedCapReached,
  };
  const truncated = visitedCapReached || startsCapped > 0 || neighboursCapped > 0 || addressesNotExpanded > 0;
  return { ...summarize(visited, sides, listedFlows, truncated, seen.size, hubs.size), limits };
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
): Omit<ExposureResult, 'limits'> {
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
 * search costs `hops` statements at most; searches are not merged across addresses (their
 * visited sets and bounds are their own).
 */
export function createExposureLoader(dataSource: DataSource, opts: ExposureOptions = {}): DataLoader<ExposureQuery, ExposureResult, string> {
  return new DataLoader<ExposureQuery, ExposureResult, string>(keys => Promise.all(keys.map(k => exploreExposure(dataSource, k, opts))), {
    cacheKeyFn: queryKey,
  });
}
