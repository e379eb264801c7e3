import { displayAddress, type Chain } from '../../../common/chain';
import { InputError } from '../../../common/errors';
import { decodeCursor, encodeCursor, pageSize } from '../../../common/pagination';
import { IsoInstant } from '../../../common/scalars';
import { addressSet, toStored, type StoredAddress } from '../loaders/address-key';
import { NO_FILTER, type TransferFilter, type TransferPageKey, type TransferRow } from '../loaders/transfer-page.loader';
import type { TransferRecord } from '../store';
import { Address } from '../types/address.type';
import { Transfer, TransferConnection } from '../types/transfer.type';
import { TransferDirection, type TransfersArgs } from '../types/transfers.args';

const NON_NEGATIVE_DECIMAL = /^(0|[1-9]\d*)(\.\d+)?$/;

/** A minimum amount argument: a non-negative plain decimal string, else BAD_USER_INPUT naming it. */
export function minAmountOf(value: string | null | undefined, field = 'minAmount'): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (!NON_NEGATIVE_DECIMAL.test(value)) {
    throw new InputError(field, 'must be a non-negative decimal number written as a string, such as "1.5"');
  }
  return value;
}

/** A DateTime as the legs' keyset compares it: ISO 8601 in UTC with microseconds. */
export function microsecondTime(d: Date): string {
  return d.toISOString().replace(/Z$/, '000Z');
}

/** The filters of a transfer connection, validated (BAD_USER_INPUT naming the argument). */
export function transferFilter(args: TransfersArgs): TransferFilter {
  const since = args.since ? microsecondTime(args.since) : null;
  const until = args.until ? microsecondTime(args.until) : null;
  if (since !== null && until !== null && since >= until) {
    throw new InputError('until', 'must be later than since');
  }
  const asset = args.asset === null || args.asset === undefined ? null : args.asset.trim().toUpperCase();
  if (asset !== null && !/^[A-Z0-9.\-_]{1,20}$/.test(asset)) {
    throw new InputError('asset', 'must be an asset code such as ETH or USDT');
  }
  return {
    direction: args.direction ?? TransferDirection.ANY,
    since,
    until,
    asset,
    minAmount: minAmountOf(args.minAmount),
  };
}

/** The GraphQL address of a stored one: shown EIP-55 checksummed on 0x chains. */
export function toAddress(chain: Chain, stored: string): Address {
  const a = new Address();
  a.chain = chain;
  a.address = displayAddress(chain, stored);
  a.stored = stored;
  return a;
}

/** The stored form of an address object, whether built here or received as a plain `{ chain, address }`. */
export function storedOf(a: Pick<Address, 'chain' | 'address' | 'stored'>): StoredAddress | null {
  return a.stored !== undefined ? { chain: a.chain, address: a.stored } : toStored(a.chain, a.address);
}

/** The GraphQL transfer of a row; its addresses are plain objects (no query behind them). */
export function toTransfer(row: TransferRecord | TransferRow): Transfer {
  const chain = row.chain as Chain;
  const t = new Transfer();
  t.id = row.id;
  t.chain = chain;
  t.txHash = row.txHash;
  t.logIndex = row.logIndex;
  // A page row's time is the cursor's text (microseconds), served without a Date in between.
  t.timestamp = 'cursorTime' in row ? IsoInstant.fromMicros(row.cursorTime) : row.blockTime;
  t.from = toAddress(chain, row.fromAddress);
  t.to = toAddress(chain, row.toAddress);
  t.asset = row.asset;
  t.amount = String(row.amount);
  t.amountUsd = row.amountUsd === null ? null : String(row.amountUsd);
  return t;
}

const CURSOR_KIND = 'transfer';
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** The cursor of a transfer in a page: its keyset position (block time, id). */
export function transferCursor(row: TransferRow): string {
  return encodeCursor(CURSOR_KIND, [row.cursorTime, row.id]);
}

/**
 * Validates `first` and `after` (BAD_USER_INPUT naming the argument) and returns the lazy
 * connection over the given addresses; its fields load through the per-request loaders.
 */
export function transferConnection(
  addresses: readonly StoredAddress[],
  first: number | null | undefined,
  after: string | null | undefined,
  filter: TransferFilter = NO_FILTER,
): TransferConnection {
  const size = pageSize(first);
  const position = decodeCursor(CURSOR_KIND, after, 2);
  if (position && !(typeof position[0] === 'string' && CURSOR_TIME.test(position[0]) && typeof position[1] === 'string')) {
    throw new InputError('after', 'is not a cursor of this connection; pass an endCursor or edge cursor from an earlier page');
  }
  const key: TransferPageKey = {
    addresses: addressSet(addresses),
    filter,
    first: size,
    after: position ? [position[0] as string, position[1] as string] : null,
  };
  const connection = new TransferConnection();
  connection.key = key;
  return connection;
}
