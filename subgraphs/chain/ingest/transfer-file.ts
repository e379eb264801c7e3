import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Chain, isEvmChain, normalizeAddress } from '../../../common/chain';
import { plainDecimal } from '../decimal';
import type { CheckedTransfer } from '../store/writes';

/**
 * Transfer files, read line by line (a file of any size streams; nothing holds all its rows).
 *
 * CSV, the documented layout (header required, columns in any order, `amount_usd` optional, an
 * empty `chain` takes `--chain`):
 *
 *     chain,tx_hash,log_index,block_time,from,to,asset,amount,amount_usd
 *     ETHEREUM,0x5f…e1,3,2024-05-03T12:00:00Z,0x098b…2f96,0xa0e1…0e4b,ETH,1.5,4500.00
 *
 * CSV, Dune's export of transfers without hashes (`block_time,from,to,total_eth`, addresses
 * written `\x…`): chain from `--chain` (default ETHEREUM), asset its native coin, and a stable id
 * derived from the row's content and its occurrence among identical rows of the file.
 *
 * NDJSON: one object per line with `chain`, `txHash`, `logIndex`, `timestamp` (or
 * `blockTime`), `from`, `to`, `asset`, `amount` (a string or a number as written) and
 * optionally `amountUsd`.
 *
 * Every address is validated and normalized for its chain; amounts must be non-negative exact
 * decimals (`1e-05` is read as `0.00001`, exactly); times need a time zone.
 */

export type TransferFileFormat = 'csv' | 'ndjson';

export interface ReadOptions {
  readonly format?: TransferFileFormat;
  /** Chain for rows that do not say (the Dune layout, an empty chain column). */
  readonly chain?: Chain;
}

/** A line of the file: a transfer, or why it is refused. */
export type FileLine = { line: number; transfer: CheckedTransfer; error?: undefined } | { line: number; error: string; transfer?: undefined };

const NATIVE_ASSET: Partial<Record<Chain, string>> = {
  [Chain.ETHEREUM]: 'ETH',
  [Chain.BITCOIN]: 'BTC',
  [Chain.TRON]: 'TRX',
  [Chain.LITECOIN]: 'LTC',
  [Chain.BITCOIN_CASH]: 'BCH',
  [Chain.ETHEREUM_CLASSIC]: 'ETC',
  [Chain.BNB_SMART_CHAIN]: 'BNB',
  [Chain.ARBITRUM]: 'ETH',
};

const DOCUMENTED = ['chain', 'tx_hash', 'log_index', 'block_time', 'from', 'to', 'asset', 'amount'];
const DUNE = ['block_time', 'from', 'to', 'total_eth'];
const TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)$/;
const ASSET = /^[A-Za-z0-9._-]{1,20}$/;

/** The format a file name suggests. */
export function formatOf(file: string): TransferFileFormat {
  return /\.(nd)?jsonl?$/i.test(path.extname(file)) ? 'ndjson' : 'csv';
}

/** Splits one CSV line (RFC 4180 quotes, no line breaks inside fields). */
export function splitCsv(line: string): string[] {
  if (!line.includes('"')) {
    return line.split(',');
  }
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        cur += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      out.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  out.push(cur);
  return out;
}

interface RawTransfer {
  chain: string | undefined;
  txHash: string | undefined;
  logIndex: string | number | undefined;
  time: string | undefined;
  from: string | undefined;
  to: string | undefined;
  asset: string | undefined;
  amount: string | number | undefined;
  amountUsd: string | number | undefined | null;
}

class RowError extends Error {}

function address(chain: Chain, value: string | undefined, what: string): string {
  let a = (value ?? '').trim();
  if (a.startsWith('\\x') && isEvmChain(chain)) {
    a = '0x' + a.slice(2);
  }
  const checked = normalizeAddress(chain, a);
  if (!checked.ok) {
    throw new RowError(`${what} ${JSON.stringify(a)}: ${checked.reason}`);
  }
  return checked.address;
}

function amountOf(value: string | number | undefined | null, what: string, optional: boolean): string | null {
  if (value === undefined || value === null || value === '') {
    if (optional) {
      return null;
    }
    throw new RowError(`${what} is missing`);
  }
  const d = plainDecimal(String(value));
  if (d === null || d.startsWith('-')) {
    throw new RowError(`${what} ${JSON.stringify(value)} is not a non-negative decimal number`);
  }
  return d;
}

function chainOf(value: string | undefined, fallback: Chain | undefined): Chain {
  const c = (value ?? '').trim().toUpperCase();
  if (c === '') {
    if (!fallback) {
      throw new RowError('chain is missing (give it in the file or with --chain)');
    }
    return fallback;
  }
  if (!(Object.values(Chain) as string[]).includes(c)) {
    throw new RowError(`chain ${JSON.stringify(value)} is not one of ${Object.values(Chain).join(', ')}`);
  }
  return c as Chain;
}

function timeOf(value: string | undefined): string {
  const t = (value ?? '').trim();
  if (!TIME.test(t) || Number.isNaN(Date.parse(t))) {
    throw new RowError(`block_time ${JSON.stringify(value)} is not an ISO 8601 time with a time zone (such as 2022-03-29T21:41:18+00:00)`);
  }
  return t;
}

/** A documented-layout (or NDJSON) row, checked: its id is chain, transaction hash and log index. */
function checkHashed(raw: RawTransfer, fallback: Chain | undefined): CheckedTransfer {
  const chain = chainOf(raw.chain, fallback);
  let txHash = (raw.txHash ?? '').trim();
  if (isEvmChain(chain)) {
    if (!/^0x[0-9a-fA-F]{64}$/.test(txHash)) {
      throw new RowError(`tx_hash ${JSON.stringify(raw.txHash)} is not 0x and 64 hexadecimal digits`);
    }
    txHash = txHash.toLowerCase();
  } else if (!/^[0-9a-fA-F]{64}$/.test(txHash)) {
    throw new RowError(`tx_hash ${JSON.stringify(raw.txHash)} is not 64 hexadecimal digits`);
  }
  const logIndex = Number(raw.logIndex);
  if (raw.logIndex === undefined || raw.logIndex === '' || !Number.isInteger(logIndex) || logIndex < 0 || logIndex > 2 ** 31 - 1) {
    throw new RowError(`log_index ${JSON.stringify(raw.logIndex)} is not a non-negative integer`);
  }
  const asset = (raw.asset ?? '').trim();
  if (!ASSET.test(asset)) {
    throw new RowError(`asset ${JSON.stringify(raw.asset)} is not an asset code`);
  }
  return {
    id: `${chain.toLowerCase()}:${txHash}:${logIndex}`,
    chain,
    txHash,
    logIndex,
    timestamp: timeOf(raw.time),
    from: address(chain, raw.from, 'from'),
    to: address(chain, raw.to, 'to'),
    asset: asset.toUpperCase(),
    amount: amountOf(raw.amount, 'amount', false)!,
    amountUsd: amountOf(raw.amountUsd, 'amount_usd', true),
  };
}

/**
 * Reads a transfer file and yields each data line as a checked transfer or an error. Blank lines
 * are skipped; line numbers count from 1 with the header.
 */
export async function* readTransferFile(file: string, opts: ReadOptions = {}): AsyncGenerator<FileLine> {
  const format = opts.format ?? formatOf(file);
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  let layout: 'documented' | 'dune' | null = null;
  let columns: Map<string, number> = new Map();
  const occurrences = new Map<string, number>();
  for await (const text of lines) {
    n++;
    const line = n === 1 ? text.replace(/^\uFEFF/, '') : text;
    if (line.trim() === '') {
      continue;
    }
    try {
      if (format === 'ndjson') {
        let o: Record<string, unknown>;
        try {
          o = JSON.parse(line) as Record<string, unknown>;
        } catch {
          throw new RowError('not a JSON object');
        }
        if (typeof o !== 'object' || o === null || Array.isArray(o)) {
          throw new RowError('not a JSON object');
        }
        const s = (k: string) => (o[k] === undefined || o[k] === null ? undefined : typeof o[k] === 'number' ? (o[k] as number) : String(o[k]));
        yield {
          line: n,
          transfer: checkHashed(
            {
              chain: s('chain') as string | undefined,
              txHash: s('txHash') as string | undefined,
              logIndex: s('logIndex'),
              time: (s('timestamp') ?? s('blockTime')) as string | undefined,
              from: s('from') as string | undefined,
              to: s('to') as string | undefined,
              asset: s('asset') as string | undefined,
              amount: s('amount'),
              amountUsd: s('amountUsd'),
            },
            opts.chain,
          ),
        };
        continue;
      }
      const cells = splitCsv(line).map(c => c.trim());
      if (layout === null) {
        const header = cells.map(c => c.toLowerCase());
        if (DOCUMENTED.every(c => header.includes(c))) {
          layout = 'documented';
        } else if (DUNE.every(c => header.includes(c))) {
          layout = 'dune';
        } else {
          throw new RowError(`the header names neither layout: expected ${DOCUMENTED.join(',')}[,amount_usd] or ${DUNE.join(',')}`);
        }
        columns = new Map(header.map((c, i) => [c, i]));
        continue;
      }
      if (cells.length !== columns.size) {
        throw new RowError(`${cells.length} columns where the header has ${columns.size}`);
      }
      const col = (name: string) => (columns.has(name) ? cells[columns.get(name)!] : undefined);
      if (layout === 'documented') {
        yield {
          line: n,
          transfer: checkHashed(
            {
              chain: col('chain'),
              txHash: col('tx_hash'),
              logIndex: col('log_index'),
              time: col('block_time'),
              from: col('from'),
              to: col('to'),
              asset: col('asset'),
              amount: col('amount'),
              amountUsd: col('amount_usd'),
            },
            opts.chain,
          ),
        };
      } else {
        const chain = opts.chain ?? Chain.ETHEREUM;
        const time = timeOf(col('block_time'));
        const from = address(chain, col('from'), 'from');
        const to = address(chain, col('to'), 'to');
        const amount = amountOf(col('total_eth'), 'total_eth', false)!;
        // No hash: the row's content and its occurrence among identical rows make a stable id.
        const content = [chain, new Date(time).toISOString(), from, to, amount].join('|');
        const occurrence = (occurrences.get(content) ?? 0) + 1;
        occurrences.set(content, occurrence);
        const digest = createHash('sha256').update(`${content}|${occurrence}`).digest('hex').slice(0, 40);
        yield {
          line: n,
          transfer: {
            id: `${chain.toLowerCase()}:nohash:${digest}`,
            chain,
            txHash: null,
            logIndex: null,
            timestamp: time,
            from,
            to,
            asset: NATIVE_ASSET[chain] ?? 'ETH',
            amount,
            amountUsd: null,
          },
        };
      }
    } catch (err) {
      if (err instanceof RowError) {
        yield { line: n, error: err.message };
      } else {
        throw err;
      }
    }
  }
  if (format === 'csv' && layout === null) {
    yield { line: Math.max(n, 1), error: 'the file is empty: a header line is required' };
  }
}
