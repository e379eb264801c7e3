import { Chain } from '../../../common/chain';
import { LISTED_ADDRESSES } from '../../../common/demo/story';
import type { CheckedTransfer } from '../store/writes';
import { mulberry32 } from '../../../common/random';

/**
 * A deterministic synthetic transfer graph on Ethereum for tests and benchmarks, generated as a
 * stream (one transfer at a time: ten million rows never exist in memory together). Its shape:
 * - ordinary users picked with a heavy-tailed (power-law) distribution: a few very active, most
 *   seen a handful of times;
 * - 24 exchange hot wallets (deposits, withdrawals, rebalancing between them), themselves picked
 *   with a skew: the largest has a huge fan-in and fan-out;
 * - peel chains: funds hop through fresh one-time addresses, peeling a small amount off to a
 *   user or an exchange at each step; some start at a listed address or a mixer;
 * - 3 mixers with many depositors and many withdrawers;
 * - the real listed Ethereum addresses (KIM, Sang Man's and Lazarus Group's, from the demo
 *   story) sending to users, mixers and peel chains, and receiving a little.
 * The same count and seed give the same transfers, byte for byte.
 */

export const HOT_WALLETS = 24;
export const MIXERS = 3;
const PEEL_CHAINS = 8;
const START = Date.parse('2022-01-01T00:00:00Z');
const SPAN_MS = 2 * 365 * 24 * 3600 * 1000;

/** The listed Ethereum addresses the generated graph includes. */
export const GENERATED_LISTED = LISTED_ADDRESSES.filter(a => a.chain === Chain.ETHEREUM);

/** murmur3's finalizer: a 32-bit mix. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
const hexOut = Buffer.alloc(2 + 8 * 8, '0x', 'latin1');

/**
 * `0x` and `words` 32-bit words of a hash of (seed, kind, index), as lowercase hexadecimal. Written
 * into a buffer and read back as one flat string: built with `+=`, the string was a rope that
 * every later use (the id, the array literal) had to flatten, and the generator's main cost.
 */
function hex0x(seed: number, kind: number, index: number, words: number): string {
  let h = mix(seed ^ Math.imul(kind + 1, 0x9e3779b1));
  h = mix(h ^ index) ^ mix(Math.floor(index / 0x100000000) + 0x5bd1e995);
  let p = 2;
  for (let w = 0; w < words; w++) {
    h = mix(h + 0x6d2b79f5 + w);
    // h is unsigned (mix ends with >>> 0): its eight digits, most significant first.
    for (let shift = 28; shift >= 0; shift -= 4) {
      hexOut[p++] = HEX_DIGITS[(h >>> shift) & 15];
    }
  }
  return hexOut.toString('latin1', 0, p);
}

const KIND = { user: 1, hot: 2, mixer: 3, fresh: 4, tx: 5 } as const;

/** The address of the i-th generated user, hot wallet, mixer or one-time address (lowercase 0x). */
export function generatedAddress(seed: number, kind: keyof typeof KIND, i: number): string {
  return hex0x(seed, KIND[kind], i, 5);
}

/** How many ordinary users a graph of `count` transfers has. */
export function userCount(count: number): number {
  return Math.max(100, Math.floor(count / 6));
}

interface Peel {
  current: string;
  units: number;
  steps: number;
  phase: 0 | 1;
}

/** A decimal string of `units` at `scale` digits (the amount is exact by construction). */
function decimal(units: number, scale: number): string {
  const s = Math.max(0, Math.round(units)).toString().padStart(scale + 1, '0');
  return `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
}

/** Generates `count` transfers for `seed`, oldest first. */
export function* generateTransfers(count: number, seed: number): Generator<CheckedTransfer> {
  const r = mulberry32(seed);
  const users = userCount(count);
  let fresh = 0;
  const user = () => generatedAddress(seed, 'user', Math.floor(users * Math.pow(r(), 2.2)));
  const hot = () => generatedAddress(seed, 'hot', Math.floor(HOT_WALLETS * r() * r()));
  const mixer = () => generatedAddress(seed, 'mixer', Math.floor(MIXERS * r()));
  const listed = () => GENERATED_LISTED[Math.floor(GENERATED_LISTED.length * r())].address;
  const ethUnits = () => Math.exp((r() + r() + r() - 1.5) * 5) * 1e8; // log-normal-ish, in 1e-8 ETH
  const newPeel = (): Peel => {
    const s = r();
    const source = s < 0.3 ? listed() : s < 0.6 ? mixer() : user();
    return { current: source, units: ethUnits() * 200, steps: 10 + Math.floor(r() * 50), phase: 1 };
  };
  const peels: Peel[] = Array.from({ length: PEEL_CHAINS }, newPeel);
  const step = SPAN_MS / Math.max(1, count);

  for (let n = 0; n < count; n++) {
    const time = new Date(START + Math.floor(n * step + r() * step * 0.9)).toISOString();
    let from: string;
    let to: string;
    let asset = 'ETH';
    let units = ethUnits();
    const k = r();
    if (k < 0.4) {
      [from, to] = r() < 0.5 ? [user(), hot()] : [hot(), user()];
    } else if (k < 0.72) {
      from = user();
      to = user();
    } else if (k < 0.82) {
      const p = peels[Math.floor(r() * PEEL_CHAINS)];
      from = p.current;
      if (p.phase === 0) {
        to = r() < 0.5 ? hot() : user();
        units = p.units * (0.01 + 0.05 * r());
        p.units -= units;
        p.phase = 1;
      } else {
        to = generatedAddress(seed, 'fresh', fresh++);
        units = p.units;
        p.current = to;
        p.phase = 0;
        if (--p.steps <= 0 || p.units < 1e6) {
          peels[peels.indexOf(p)] = newPeel();
        }
      }
    } else if (k < 0.86) {
      [from, to] = r() < 0.5 ? [user(), mixer()] : [mixer(), user()];
    } else if (k < 0.89) {
      const s = r();
      [from, to] = s < 0.5 ? [listed(), user()] : s < 0.7 ? [user(), listed()] : [listed(), mixer()];
    } else if (k < 0.95) {
      from = hot();
      to = hot();
      units *= 100;
    } else {
      from = user();
      to = generatedAddress(seed, 'fresh', fresh++);
    }
    let amountUsd: string | null = null;
    let amount: string;
    const a = r();
    if (a < 0.3 && k < 0.72) {
      asset = a < 0.2 ? 'USDT' : 'USDC';
      amount = decimal(units * 20, 6); // about 2,000 USD per ETH, in 1e-6 units
      amountUsd = amount;
    } else {
      amount = decimal(units, 8);
    }
    const txHash = hex0x(seed, KIND.tx, n, 8);
    const logIndex = asset === 'ETH' ? 0 : Math.floor(r() * 200);
    yield { id: `ethereum:${txHash}:${logIndex}`, chain: Chain.ETHEREUM, txHash, logIndex, timestamp: time, from, to, asset, amount, amountUsd };
  }
}

/** The documented CSV header, and one transfer as a line of it. */
export const CSV_HEADER = 'chain,tx_hash,log_index,block_time,from,to,asset,amount,amount_usd';
export function csvLine(t: CheckedTransfer): string {
  return [t.chain, t.txHash ?? '', t.logIndex ?? '', t.timestamp, t.from, t.to, t.asset, t.amount, t.amountUsd ?? ''].join(',');
}
