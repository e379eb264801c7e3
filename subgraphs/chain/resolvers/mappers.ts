import { displayAddress, type Chain } from '../../../common/chain';
import { InputError } from '../../../common/errors';
import { decodeCursor, encodeCursor, pageSize } from '../../../common/pagination';
import { addressSet, toStored, type StoredAddress } from '../loaders/address-key';
import type { TransferPageKey, TransferRow } from '../loaders/transfer-page.loader';
import type { TransferRecord } from '../store';
import { Address } from '../types/address.type';
import { Transfer, TransferConnection } from '../types/transfer.type';

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
  t.timestamp = row.blockTime;
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
export function transferConnection(addresses: readonly StoredAddress[], first: number | null | undefined, after: string | null | undefined): TransferConnection {
  const size = pageSize(first);
  const position = decodeCursor(CURSOR_KIND, after, 2);
  if (position && !(typeof position[0] === 'string' && CURSOR_TIME.test(position[0]) && typeof position[1] === 'string')) {
    throw new InputError('after', 'is not a cursor of this connection; pass an endCursor or edge cursor from an earlier page');
  }
  const key: TransferPageKey = {
    addresses: addressSet(addresses),
    first: size,
    after: position ? [position[0] as string, position[1] as string] : null,
  };
  const connection = new TransferConnection();
  connection.key = key;
  return connection;
}
