/**
 * What the GraphQL IDE served at `GET /` offers: the contract's flagship request and a few other
 * ready examples. The page itself is GraphiQL (gateway/ide/app.tsx), bundled at build time into
 * one self-contained HTML file (gateway/ide/build.ts) that loads nothing from the internet.
 *
 * This module is bundled into that page too: it must stay plain data, without Node imports.
 */

export const FLAGSHIP_QUERY = `query Subject($id: ID!) {
  sanctionedEntity(id: $id) {
    id name kind programs listed
    designations { list program listedOn }
    cryptoAddresses {
      chain address
      transfers(first: 5) { totalCount edges { node { txHash timestamp amount asset to { address } } } }
    }
    accounts {
      id exchange status
      transfers(first: 10) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { amount asset } } }
      cases { id status }
    }
    cases { id title status actions { __typename } }
  }
}`;

/** A ready example: one GraphiQL tab. */
export interface IdeExample {
  readonly name: string;
  readonly query: string;
  /** JSON text, as it appears in the variables editor. */
  readonly variables: string;
}

/** The IDE's tabs on a first visit, the flagship request first (and active). */
export const EXAMPLES: readonly IdeExample[] = [
  { name: 'Flagship: a party, its accounts, transfers and cases', query: FLAGSHIP_QUERY, variables: '{ "id": "ofac-sdn:43377" }' },
  {
    name: 'Screen a name',
    query: `query Screen($name: String!) {\n  screen(input: { name: $name, minScore: 80 }) { score matchedName entity { id name programs } }\n}`,
    variables: '{ "name": "Sang Man Kim" }',
  },
  {
    name: 'A party as of a date',
    query: `query AsOf($id: ID!, $asOf: Date) {\n  sanctionedEntity(id: $id, asOf: $asOf) { id name listed programs designations { program listedOn delistedOn } }\n}`,
    variables: '{ "id": "ofac-sdn:43377", "asOf": "2023-05-20" }',
  },
  {
    name: 'Exposure of an address',
    query: `query Exposure($chain: Chain!, $address: String!) {\n  address(chain: $chain, address: $address) {\n    chain address\n    exposure(hops: 3) { truncated entities { hops entity { id name } } }\n    account { id exchange status }\n  }\n}`,
    variables: '{ "chain": "ETHEREUM", "address": "0x97b1043abd9e6fc31681635166d430a458d14f9c" }',
  },
  {
    name: 'Cases, newest first',
    query: `query Cases {\n  cases(first: 10) { totalCount edges { node { id title status actions { __typename ... on Seizure { amount asset amountUsd } } } } }\n}`,
    variables: '{}',
  },
];
