import type { FetchNode, FlattenNode, PlanNode, QueryPlan } from '@apollo/query-planner';

/**
 * Reshapes a query plan so that fetches to the same subgraph run at the same step, where that
 * costs no step: the plan becomes a sequence of steps, each a set of fetches in parallel, and a
 * fetch whose results nothing needs until later is moved to the latest step it can take if a
 * fetch to the same subgraph runs there. The data source then sends the fetches of one step to
 * one subgraph as one request (gateway/plan/merge-fetches.ts).
 *
 * The number of steps (the critical path, in subgraph round trips) never grows: a fetch only
 * moves within the slack between the step its inputs are ready and the step its first dependent
 * needs it. Order is kept wherever the original plan has it: in `Sequence [A, B]` every fetch of
 * B depends on every fetch of A, so B runs at a later step than all of A.
 *
 * Only plans made of Sequence, Parallel, Flatten and Fetch nodes are reshaped, and never a
 * mutation's (its root fields must run one after the other, as planned); any other plan is
 * returned as it is.
 *
 * The flagship request: entities → accounts → {chain, cases}, with a chain fetch and a cases
 * fetch that the original plan starts early; reshaped, chain and cases are each asked once:
 * four subgraph requests instead of six, in the same three round trips.
 */
export function levelPlan(plan: QueryPlan, isMutation: boolean): QueryPlan {
  if (isMutation || !plan.node || plan.node.kind === 'Subscription') {
    return plan;
  }
  const leaves: Leaf[] = [];
  if (collect(plan.node, [], leaves) === null || leaves.length < 2) {
    return plan;
  }
  const steps = schedule(leaves);
  if (!steps) {
    return plan;
  }
  const node = steps.length === 1 ? parallel(steps[0]) : ({ kind: 'Sequence', nodes: steps.map(parallel) } as PlanNode);
  return { ...plan, node };
}

interface Leaf {
  /** The Fetch node, or the Flatten node around it. */
  readonly node: PlanNode;
  readonly service: string;
  readonly deps: readonly Leaf[];
  readonly dependents: Leaf[];
  /** Step assigned; -1 while unplaced. */
  step: number;
}

function fetchOf(node: PlanNode): FetchNode | null {
  if (node.kind === 'Fetch') {
    return node;
  }
  if (node.kind === 'Flatten' && (node as FlattenNode).node.kind === 'Fetch') {
    return (node as FlattenNode).node as FetchNode;
  }
  return null;
}

/** The leaves of `node`, each depending on `deps`; null for a node this reshaping does not handle. */
function collect(node: PlanNode, deps: readonly Leaf[], all: Leaf[]): Leaf[] | null {
  switch (node.kind) {
    case 'Fetch':
    case 'Flatten': {
      const fetch = fetchOf(node);
      if (!fetch) {
        return null;
      }
      const leaf: Leaf = { node, service: fetch.serviceName, deps, dependents: [], step: -1 };
      for (const d of deps) {
        d.dependents.push(leaf);
      }
      all.push(leaf);
      return [leaf];
    }
    case 'Sequence': {
      let before = deps;
      const out: Leaf[] = [];
      for (const child of node.nodes) {
        const leaves = collect(child, before, all);
        if (leaves === null) {
          return null;
        }
        if (leaves.length > 0) {
          before = leaves;
        }
        out.push(...leaves);
      }
      return out;
    }
    case 'Parallel': {
      const out: Leaf[] = [];
      for (const child of node.nodes) {
        const leaves = collect(child, deps, all);
        if (leaves === null) {
          return null;
        }
        out.push(...leaves);
      }
      return out;
    }
    default:
      return null;
  }
}

/** Earliest and latest step of every leaf, placed leaves fixed; null if the constraints conflict. */
function bounds(leaves: readonly Leaf[], last: number): { earliest: Map<Leaf, number>; latest: Map<Leaf, number> } | null {
  const earliest = new Map<Leaf, number>();
  // Leaves were collected in an order where every dependency comes before its dependents.
  for (const l of leaves) {
    let e = 0;
    for (const d of l.deps) {
      e = Math.max(e, earliest.get(d)! + 1);
    }
    if (l.step >= 0) {
      if (l.step < e) {
        return null;
      }
      e = l.step;
    }
    earliest.set(l, e);
  }
  const latest = new Map<Leaf, number>();
  for (let i = leaves.length - 1; i >= 0; i--) {
    const l = leaves[i];
    let s = last;
    for (const d of l.dependents) {
      s = Math.min(s, latest.get(d)! - 1);
    }
    if (l.step >= 0) {
      if (l.step > s) {
        return null;
      }
      s = l.step;
    }
    if (s < earliest.get(l)!) {
      return null;
    }
    latest.set(l, s);
  }
  return { earliest, latest };
}

/**
 * Steps for the leaves: as few distinct steps per subgraph as the slack allows, never more steps
 * than the original plan's critical path. Greedy: the unplaced leaf with the earliest deadline
 * goes to its deadline, and every other unplaced leaf of the same subgraph that can run then
 * joins it; a leaf that no other can join runs as early as it can instead.
 */
function schedule(leaves: readonly Leaf[]): PlanNode[][] | null {
  const initial = bounds(leaves, Number.MAX_SAFE_INTEGER);
  if (!initial) {
    return null;
  }
  const last = Math.max(...leaves.map(l => initial.earliest.get(l)!));
  let unplaced = leaves.length;
  while (unplaced > 0) {
    let b = bounds(leaves, last);
    if (!b) {
      return null;
    }
    let first: Leaf | null = null;
    for (const l of leaves) {
      if (l.step < 0 && (!first || b.latest.get(l)! < b.latest.get(first)! || (b.latest.get(l) === b.latest.get(first) && b.earliest.get(l)! < b.earliest.get(first)!))) {
        first = l;
      }
    }
    const step = b.latest.get(first!)!;
    first!.step = step;
    unplaced--;
    let joined = 0;
    for (const l of leaves) {
      if (l.step >= 0 || l.service !== first!.service) {
        continue;
      }
      b = bounds(leaves, last);
      if (!b) {
        return null;
      }
      if (b.earliest.get(l)! <= step && step <= b.latest.get(l)!) {
        l.step = step;
        unplaced--;
        joined++;
      }
    }
    if (joined === 0) {
      // Alone at its deadline, so alone wherever it goes (no other fetch to its subgraph can
      // share a step with it): it runs as early as it can, as planned.
      first!.step = -1;
      b = bounds(leaves, last);
      if (!b) {
        return null;
      }
      first!.step = b.earliest.get(first!)!;
    }
  }
  if (!bounds(leaves, last)) {
    return null;
  }
  const steps: PlanNode[][] = Array.from({ length: last + 1 }, () => []);
  for (const l of leaves) {
    steps[l.step].push(l.node);
  }
  return steps.filter(s => s.length > 0);
}

function parallel(nodes: PlanNode[]): PlanNode {
  return nodes.length === 1 ? nodes[0] : ({ kind: 'Parallel', nodes } as PlanNode);
}
