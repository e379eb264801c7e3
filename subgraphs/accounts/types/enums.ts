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
