import { registerEnumType } from 'type-graphql';

/** The state of an account at its exchange. */
export enum AccountStatus {
  ACTIVE = 'ACTIVE',
  FROZEN = 'FROZEN',
  CLOSED = 'CLOSED',
}
registerEnumType(AccountStatus, {
  name: 'AccountStatus',
  description: 'The state of an account at its exchange.',
  valuesConfig: {
    ACTIVE: { description: 'Open: the holder may deposit, trade and withdraw.' },
    FROZEN: { description: 'Blocked: nothing may leave the account (e.g. under a sanctions designation) until it is unfrozen.' },
    CLOSED: { description: 'Closed by the exchange or the holder; kept for the record.' },
  },
});

/** Where a decision on a link between an account and a sanctioned party stands. */
export enum AccountLinkStatus {
  CANDIDATE = 'CANDIDATE',
  CONFIRMED = 'CONFIRMED',
  DISMISSED = 'DISMISSED',
}
registerEnumType(AccountLinkStatus, {
  name: 'AccountLinkStatus',
  description: 'Where the decision on a link between an account and a sanctioned party stands.',
  valuesConfig: {
    CANDIDATE: { description: 'Proposed by screening, with its score; no analyst has decided yet.' },
    CONFIRMED: { description: 'An analyst confirmed the account belongs to the party.' },
    DISMISSED: { description: 'An analyst dismissed the link as a false positive (kept, with who decided and why).' },
  },
});
