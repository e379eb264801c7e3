import { FLAGSHIP_QUERY } from '../../gateway/ide';
import { mulberry32 } from '../../common/random';
import type { BenchData } from './data';

/**
 * The operations of `npm run bench -- gateway`, each with the pool of variables it is run with.
 *
 * Every field is one that every gateway answers the same way whoever asks: the subgraphs run with
 * IDENTITY_CHECK=off, so a request from a gateway that does not sign our identity header reaches
 * them without identity (common/request-context.ts, verifiedRequestInfo) and the subgraphs'
 * access re-check is skipped (common/subgraph.ts accessCheck), while through ours the analyst
 * role's scopes (read:pii, read:notes) apply. Fields behind @requiresScopes (AccountHolder,
 * HolderDocument: read:pii; CaseNote: read:notes; audit trails: read:audit) are left out, so the
 * answers do not depend on identity. The flagship is the contract's request as written.
 */

export const OPERATION_NAMES = ['flagship', 'screen', 'case', 'exposure', 'list', 'export'] as const;
export type OperationName = (typeof OPERATION_NAMES)[number];

export interface Operation {
  readonly name: OperationName;
  readonly about: string;
  readonly query: string;
  /** Share of the mix. */
  readonly weight: number;
}

export const OPERATIONS: Readonly<Record<OperationName, Operation>> = {
  flagship: {
    name: 'flagship',
    about: "the contract's flagship request (FLAGSHIP_QUERY), id over parties with linked accounts",
    query: FLAGSHIP_QUERY,
    weight: 0.3,
  },
  screen: {
    name: 'screen',
    about: 'name screening (screen, minScore 80, limit 10) of OFAC names as typed',
    query: `query Screen($name: String!) {
  screen(input: { name: $name, minScore: 80, limit: 10 }) { score matchedName matchedOn method entity { id name kind programs listed } }
}`,
    weight: 0.2,
  },
  case: {
    name: 'case',
    about: 'a case with subjects, actions and its timeline',
    query: `query CaseTimeline($id: ID!) {
  case(id: $id) {
    id title status assignee openedAt updatedAt version
    subjects {
      __typename addedAt
      ... on PartySubject { entity { id name programs } }
      ... on AccountSubject { account { id exchange status } }
      ... on AddressSubject { address { chain address } }
    }
    actions {
      __typename id recordedAt recordedBy
      ... on Freeze { legalReference account { id status } }
      ... on Seizure { amount asset amountUsd }
    }
    legalProcesses { kind reference authority issuedOn }
    timeline { at kind summary actor }
  }
}`,
    weight: 0.15,
  },
  exposure: {
    name: 'exposure',
    about: 'exposure of a deposit address (hops 2 or 3) with the parties reached',
    query: `query Exposure($address: String!, $hops: Int!) {
  address(chain: ETHEREUM, address: $address) {
    chain address
    exposure(hops: $hops) { truncated visitedAddresses entities { hops entity { id name programs } } }
    account { id exchange status }
  }
}`,
    weight: 0.1,
  },
  list: {
    name: 'list',
    about: "a long list page: 150 transfers of a busy address, each side's account",
    query: `query AddressTransfers($address: String!) {
  address(chain: ETHEREUM, address: $address) {
    transfers(first: 150) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id timestamp asset amount from { address account { id exchange } } to { address account { id exchange } } } }
    }
  }
}`,
    weight: 0.15,
  },
  export: {
    name: 'export',
    about: 'an export page: the transfers connection page of 500 that POST /export fetches',
    query: `query ExportTransfers($address: String!, $first: Int!, $after: String) {
  address(chain: ETHEREUM, address: $address) {
    transfers(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id chain txHash timestamp asset amount amountUsd from { address } to { address account { id } } } }
    }
  }
}`,
    weight: 0.1,
  },
};

/** One request: an operation and its variables (the token is picked separately). */
export interface RequestSpec {
  readonly op: OperationName;
  readonly variables: Record<string, unknown>;
}

/** The JSON body of a request. */
export function bodyOf(spec: RequestSpec): string {
  return JSON.stringify({ query: OPERATIONS[spec.op].query, variables: spec.variables });
}

/** The variables each operation is run with, from the generated data (deterministic). */
export function variablePools(data: BenchData, seed = 1): Record<OperationName, Record<string, unknown>[]> {
  const r = mulberry32(seed * 65537 + 11);
  const linked = data.accounts.filter(a => a.linked);
  const exposureAddresses = [...linked.map(a => a.addresses[0]), ...data.accounts.filter(a => !a.linked).slice(0, 200).map(a => a.addresses[0])];
  return {
    flagship: data.linkedParties.map(id => ({ id })),
    screen: data.screenNames.map(name => ({ name })),
    case: data.caseIds.map(id => ({ id })),
    exposure: exposureAddresses.map(address => ({ address, hops: r() < 0.5 ? 2 : 3 })),
    list: data.busyAddresses.map(address => ({ address })),
    export: data.busyAddresses.map(address => ({ address, first: 500, after: null })),
  };
}
