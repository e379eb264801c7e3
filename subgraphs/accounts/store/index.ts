import { AccountLinkRecord } from './account-link.record';
import { AccountStatusChangeRecord } from './account-status-change.record';
import { AccountRecord } from './account.record';
import { BalanceRecord, DepositAddressRecord, HolderDocumentRecord } from './details.record';

export * from './account-link.record';
export * from './account-status-change.record';
export * from './account.record';
export * from './details.record';

/** Every table of the accounts subgraph, listed explicitly for the data source. */
export const ACCOUNTS_RECORDS = [AccountRecord, HolderDocumentRecord, BalanceRecord, DepositAddressRecord, AccountLinkRecord, AccountStatusChangeRecord];

/** Table names, children first (for TRUNCATE). */
export const ACCOUNTS_TABLES = ['account_status_change', 'account_link', 'deposit_address', 'balance', 'holder_document', 'account'];
