import type { AccountLinkStatusValue, AccountStatusValue } from '../store';

/** What an account status change is called, and where it may start and end. */
export type StatusAction = 'freeze' | 'unfreeze' | 'close';

/**
 * The account state machine: ACTIVE → FROZEN (freeze), FROZEN → ACTIVE (unfreeze), ACTIVE or
 * FROZEN → CLOSED (close). Nothing leaves CLOSED; nothing moves to the state it is in.
 */
export const STATUS_MOVES: Readonly<Record<StatusAction, { from: readonly AccountStatusValue[]; to: AccountStatusValue }>> = {
  freeze: { from: ['ACTIVE'], to: 'FROZEN' },
  unfreeze: { from: ['FROZEN'], to: 'ACTIVE' },
  close: { from: ['ACTIVE', 'FROZEN'], to: 'CLOSED' },
};

/** The link decisions: a candidate is confirmed or dismissed; a decision may be reversed with a reason. */
export type LinkDecision = 'CONFIRMED' | 'DISMISSED';

export const LINK_MOVES: Readonly<Record<LinkDecision, readonly AccountLinkStatusValue[]>> = {
  CONFIRMED: ['CANDIDATE', 'DISMISSED'],
  DISMISSED: ['CANDIDATE', 'CONFIRMED'],
};
