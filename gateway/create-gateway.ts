import { flattenFederationInternalsExports } from './flat-exports';
flattenFederationInternalsExports();
import { ApolloGateway } from '@apollo/gateway';
import type { QueryPlan } from '@apollo/query-planner';
import { levelPlan } from './plan/level-plan';
import type { SubgraphName } from '../common/config';
import type { Logger } from '../common/logger';
import type { Metrics } from '../common/metrics';
import { PropagatingDataSource, type FetchObserver, type ResilienceOptions } from './propagating-data-source';

// Trap 1 of STACK.md: without this, @apollo/gateway reports usage to Apollo's servers and probes
// cloud metadata addresses. No process of ours contacts anything but its database and subgraphs.
process.env.APOLLO_TELEMETRY_DISABLED ??= '1';

export interface CreateGatewayOptions {
  /** The composed supergraph SDL (schema/supergraph.graphql). */
  readonly supergraphSdl: string;
  /** Where each subgraph is reached; overrides the URLs written in the supergraph. */
  readonly subgraphUrls: Readonly<Partial<Record<string, string>>>;
  readonly log: Logger;
  /** Observes each subgraph fetch (tests count them). */
  readonly onFetch?: FetchObserver;
  /** Timeouts, retries and circuit breaker per subgraph (defaults: DEFAULT_RESILIENCE). */
  readonly resilience?: Partial<Record<SubgraphName, Partial<ResilienceOptions>>>;
  /** Subgraph fetch latency, errors, retries and circuit state go here. */
  readonly metrics?: Metrics;
  /** Secret of the signed identity header sent to every subgraph (issue 6); none: not sent. */
  readonly identitySecret?: string;
  /**
   * Reshape plans so that fetches to one subgraph run at one step, and send them as one request
   * (default true; gateway/plan). Off: the plans and fetches of plain @apollo/gateway.
   */
  readonly levelPlans?: boolean;
}

/**
 * An Apollo gateway over the static, committed supergraph: it never introspects the subgraphs
 * to start, so it starts and serves whatever the reachable subgraphs can answer even when one is
 * down.
 */
export function createGateway(opts: CreateGatewayOptions): ApolloGateway {
  const sources: PropagatingDataSource[] = [];
  const gateway = new ApolloGateway({
    supergraphSdl: opts.supergraphSdl,
    logger: opts.log,
    buildService: ({ name, url }) => {
      const target = opts.subgraphUrls[name] ?? url;
      if (!target) {
        throw new Error(`no URL for subgraph ${name}`);
      }
      const source = new PropagatingDataSource(name, target, opts.onFetch, {
        resilience: opts.resilience?.[name as SubgraphName],
        metrics: opts.metrics,
        identitySecret: opts.identitySecret,
        mergeFetches: opts.levelPlans ?? true,
      });
      sources.push(source);
      return source;
    },
  });
  dataSources.set(gateway, sources);
  if (opts.levelPlans ?? true) {
    levelPlansOf(gateway);
  }
  return gateway;
}

type Planner = { buildQueryPlan(operation: { rootKind?: string }, options?: unknown): QueryPlan };

/**
 * Every plan the gateway makes is reshaped by levelPlan (fetches to one subgraph at one step,
 * merged by the data source), once, before it is cached. @apollo/gateway makes its QueryPlanner
 * when the supergraph loads and offers no hook for this, so the planner is wrapped as it is set.
 */
function levelPlansOf(gateway: ApolloGateway): void {
  let planner: Planner | undefined;
  Object.defineProperty(gateway, 'queryPlanner', {
    configurable: true,
    enumerable: false,
    get: () => planner,
    set: (value: Planner | undefined) => {
      if (!value) {
        planner = value;
        return;
      }
      const build = value.buildQueryPlan.bind(value);
      value.buildQueryPlan = (operation, options) => levelPlan(build(operation, options), operation.rootKind === 'mutation');
      planner = value;
    },
  });
}

const dataSources = new WeakMap<ApolloGateway, PropagatingDataSource[]>();

/** Closes the kept-alive connections of a gateway made by createGateway (after it has stopped). */
export function closeGatewayConnections(gateway: ApolloGateway): void {
  for (const source of dataSources.get(gateway) ?? []) {
    source.close();
  }
}
