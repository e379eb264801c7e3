import DataLoader from 'dataloader';
import { In, type DataSource, type FindOptionsOrder, type ObjectLiteral, type Repository } from 'typeorm';
import type { AuditActor, AuditLog } from '../../../common/audit/audit-log';
import { createAuditTrailLoader } from '../../../common/audit/audit-trail';
import { createReadAuditLoader } from '../../../common/audit/read-audit';
import { groupByKeys, orderByKeys } from '../../../common/loaders';
import { createLoader } from '../../../common/metrics';
import { AccountLinkRecord, AccountRecord, AccountStatusChangeRecord, BalanceRecord, DepositAddressRecord, HolderDocumentRecord } from '../store';

/** What the loaders need to audit this request's reads of personal data. */
export interface ReadAuditing {
  readonly audit: AuditLog;
  readonly actor: AuditActor;
}

/** A deposit address by chain and stored (normalized) address. */
export interface AddressKey {
  readonly chain: string;
  readonly address: string;
}

/** Loads every row of `repo` whose `account_id` is among the keys: one statement per batch. */
function rowsByAccount<R extends ObjectLiteral & { accountId: string }>(
  dataSource: DataSource,
  name: string,
  repo: Repository<R>,
  order: FindOptionsOrder<R>,
  extra: Partial<Record<keyof R, unknown>> = {},
): DataLoader<string, R[]> {
  return createLoader<string, R[]>(dataSource, name, async ids => {
    const rows = await repo.find({ where: { ...extra, accountId: In([...ids]) } as never, order });
    return groupByKeys(ids, rows, r => r.accountId);
  });
}

/**
 * The accounts subgraph's per-request DataLoaders: every reference and every relation field
 * reads through one, so a request costs the same number of statements for 1 or 1000 accounts.
 */
export function createLoaders(dataSource: DataSource, auditing: ReadAuditing) {
  const accounts = dataSource.getRepository(AccountRecord);
  const links = dataSource.getRepository(AccountLinkRecord);
  const deposits = dataSource.getRepository(DepositAddressRecord);
  return {
    account: createLoader<string, AccountRecord | null>(dataSource, 'account', async ids =>
      orderByKeys(ids, await accounts.findBy({ id: In([...ids]) }), r => r.id),
    ),
    holderDocuments: rowsByAccount(dataSource, 'holderDocuments', dataSource.getRepository(HolderDocumentRecord), { accountId: 'ASC', id: 'ASC' }),
    balances: rowsByAccount(dataSource, 'balances', dataSource.getRepository(BalanceRecord), { accountId: 'ASC', asset: 'ASC' }),
    depositAddresses: rowsByAccount(dataSource, 'depositAddresses', deposits, { accountId: 'ASC', id: 'ASC' }),
    /** Confirmed links of each account (the `linkedEntities` field). */
    confirmedLinks: rowsByAccount(dataSource, 'confirmedLinks', links, { accountId: 'ASC', partyId: 'ASC' }, { status: 'CONFIRMED' }),
    /** Every link of each account, whatever its state (the `links` field shows the decisions). */
    allLinks: rowsByAccount(dataSource, 'allLinks', links, { accountId: 'ASC', partyId: 'ASC' }),
    /** Each account's status changes, oldest first. */
    statusChanges: rowsByAccount(dataSource, 'statusChanges', dataSource.getRepository(AccountStatusChangeRecord), { accountId: 'ASC', changedAt: 'ASC', id: 'ASC' }),
    /** Reads of holders' personal data: one audit record per batch (per request in practice), never one per account. */
    holderReads: createReadAuditLoader(dataSource, auditing.audit, auditing.actor, 'read:Account.holder'),
    /** Audit trails from this subgraph's chain, batched. */
    auditTrails: createAuditTrailLoader(dataSource, 'accounts'),
    /** Confirmed and candidate links of each party; dismissed ones are never shown as links. */
    linksByParty: createLoader<string, AccountLinkRecord[]>(dataSource, 'linksByParty', async partyIds => {
      const rows = await links.find({
        where: { partyId: In([...partyIds]), status: In(['CONFIRMED', 'CANDIDATE']) },
        order: { partyId: 'ASC', accountId: 'ASC' },
      });
      return groupByKeys(partyIds, rows, r => r.partyId);
    }),
    /** The deposit address row for a chain and normalized address, or null. */
    depositAddress: createLoader<AddressKey, DepositAddressRecord | null, string>(
      dataSource,
      'depositAddress',
      async keys => {
        // One statement for any number of (chain, address) pairs: the pairs travel as two arrays.
        const rows = await deposits
          .createQueryBuilder('d')
          .where('(d.chain, d.address) IN (SELECT * FROM unnest(CAST(:chains AS text[]), CAST(:addresses AS text[])))', {
            chains: keys.map(k => k.chain),
            addresses: keys.map(k => k.address),
          })
          .getMany();
        return orderByKeys(keys.map(addressCacheKey), rows, addressCacheKey);
      },
      { cacheKeyFn: addressCacheKey },
    ),
  };
}

function addressCacheKey(k: AddressKey): string {
  return `${k.chain} ${k.address}`;
}

export type AccountsLoaders = ReturnType<typeof createLoaders>;
