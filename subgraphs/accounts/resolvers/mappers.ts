import { Chain, displayAddress, normalizeAddress } from '../../../common/chain';
import type { AccountLinkRecord, AccountRecord, AccountStatusChangeRecord, BalanceRecord, HolderDocumentRecord } from '../store';
import { Account, AccountHolder, AccountLink, AccountStatusChange, Balance, HolderDocument } from '../types/account.type';
import { Address } from '../types/address.type';
import { AccountLinkStatus, AccountStatus } from '../types/enums';
import { SanctionedEntity } from '../types/sanctioned-entity.type';

/** Builds the GraphQL account from its row; relations are left to field resolvers (and loaders). */
export function toAccount(row: AccountRecord): Account {
  const a = new Account();
  a.id = row.id;
  a.exchange = row.exchange;
  a.status = row.status as AccountStatus;
  a.openedAt = row.openedAt;
  a.holder = row.holderName === null ? null : toHolder(row, row.holderName);
  a.version = row.version;
  return a;
}

/** A link decision; `account` is resolved by its field resolver (through the account loader). */
export function toAccountLink(row: AccountLinkRecord): AccountLink & { accountId: string } {
  return Object.assign(new AccountLink(), {
    accountId: row.accountId,
    entity: toSanctionedEntity(row.partyId),
    status: row.status as AccountLinkStatus,
    score: row.score === null ? null : Number(row.score),
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt,
    reason: row.reason,
    version: row.version,
  });
}

export function toStatusChange(row: AccountStatusChangeRecord): AccountStatusChange {
  return Object.assign(new AccountStatusChange(), {
    from: row.fromStatus as AccountStatus,
    to: row.toStatus as AccountStatus,
    caseId: row.caseId,
    legalProcessReference: row.legalProcessReference,
    reason: row.reason,
    at: row.changedAt,
    by: row.changedBy,
    version: row.version,
  });
}

function toHolder(row: AccountRecord, name: string): AccountHolder {
  const h = new AccountHolder();
  h.name = name;
  h.dateOfBirth = row.holderDateOfBirth;
  h.nationality = row.holderNationality;
  h.kycLevel = row.kycLevel;
  h.accountId = row.id;
  return h;
}

export function toHolderDocument(row: HolderDocumentRecord): HolderDocument {
  return { type: row.type, number: row.number, country: row.country };
}

export function toBalance(row: BalanceRecord): Balance {
  // An unconstrained numeric keeps the scale it was given ("4400000.00" stays so): exact, a string.
  return { asset: row.asset, amount: row.amount };
}

/** An address as this subgraph shows it, from its stored (normalized) form. */
export function toAddress(chain: Chain, stored: string): Address {
  const a = new Address();
  a.chain = chain;
  a.address = displayAddress(chain, stored);
  a.normalized = stored;
  return a;
}

/**
 * An address as another subgraph or a client named it. A valid one is normalized (so that an
 * EIP-55 and a lowercase spelling find the same row) and shown in display form; an invalid one
 * is kept as given and can have no account.
 */
export function addressFromInput(chain: Chain, given: string): Address {
  const check = normalizeAddress(chain, given);
  if (check.ok) {
    return toAddress(chain, check.address);
  }
  const a = new Address();
  a.chain = chain;
  a.address = given;
  a.normalized = null;
  return a;
}

export function isChain(value: unknown): value is Chain {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(Chain, value);
}

export function toSanctionedEntity(id: string): SanctionedEntity {
  const e = new SanctionedEntity();
  e.id = id;
  return e;
}
