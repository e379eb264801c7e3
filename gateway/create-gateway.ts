import { ApolloGateway } from '@apollo/gateway';
import type { SubgraphName } from '../common/config';
import type { Logger } from '../common/logger';
import type { Metrics } from '../common/metrics';
import { withSignedIdentity } from './auth/identity-header';
import { PropagatingDataSource, type FetchObserver, type ResilienceOptions } from './propagating-data-source';

// Trap 1 of STACK.md: without this, @apollo/gateway reports usage to Apollo's servers and probes
// cloud metadata addresses. No process of ours contacts anything but its database and subgraphs.
process.env.APOLLO_TELEMETRY_DISABLED ??= '1';

export interface CreateGatewayOptions {
  /** The composed supergraph SDL (schema/supergraph.graphql). */
  readonly supergraphSdl: string;
  /** Where each subgraph is reached; overrides the URLs written in the supergraph. */
  readonly subgraphUrls: Readonly<Partial<Record<SubgraphName, string>>>;
  readonly log: Logger;
  /** Observes each subgraph fetch (tests count them). */
  readonly onFetch?: FetchObserver;
  /** Timeouts, retries and circuit breaker per subgraph (defaults: DEFAULT_RESILIENCE). */
  readonly resilience?: Partial<Record<SubgraphName, Partial<ResilienceOptions>>>;
  /** Subgraph fetch latency, errors, retries and circuit state go here. */
  readonly metrics?: Metrics;
  /** Secret of the signed identity header sent to every subgraph (issue 6); none: not sent. */
  readonly identitySecret?: string;
}

/**
 * An Apollo gateway over the static, committed supergraph: it never introspects the subgraphs
 * to start, so it starts and serves whatever the reachable subgraphs can answer even when one is
 * down.
 */
export function createGateway(opts: CreateGatewayOptions): ApolloGateway {
  return new ApolloGateway({
    supergraphSdl: opts.supergraphSdl,
    logger: opts.log,
    buildService: ({ name, url }) => {
      const target = opts.subgraphUrls[name as SubgraphName] ?? url;
      if (!target) {
        throw new Error(`no URL for subgraph ${name}`);
      }
      const source = new PropagatingDataSource(name, target, opts.onFetch, { resilience: opts.resilience?.[name as SubgraphName], metrics: opts.metrics });
      return opts.identitySecret ? withSignedIdentity(source, opts.identitySecret) : source;
    },
  });
}
