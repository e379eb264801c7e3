import { sha256 } from '@noble/hashes/sha2';
import { keccak256 } from './keccak';
import { registerEnumType } from 'type-graphql';

/** Blockchains (not assets): an address lives on a chain; assets such as USDT live on several. */
export enum Chain {
  BITCOIN = 'BITCOIN',
  ETHEREUM = 'ETHEREUM',
  TRON = 'TRON',
  LITECOIN = 'LITECOIN',
  BITCOIN_CASH = 'BITCOIN_CASH',
  BITCOIN_SV = 'BITCOIN_SV',
  BITCOIN_GOLD = 'BITCOIN_GOLD',
  DASH = 'DASH',
  ZCASH = 'ZCASH',
  MONERO = 'MONERO',
  RIPPLE = 'RIPPLE',
  ETHEREUM_CLASSIC = 'ETHEREUM_CLASSIC',
  BNB_SMART_CHAIN = 'BNB_SMART_CHAIN',
  ARBITRUM = 'ARBITRUM',
  VERGE = 'VERGE',
}

registerEnumType(Chain, {
  name: 'Chain',
  description: 'A blockchain. OFAC lists addresses by asset code (XBT, ETH, USDT, ...); each maps to the chain its address belongs to.',
  valuesConfig: {
    BITCOIN: { description: 'Bitcoin (OFAC asset code XBT).' },
    ETHEREUM: { description: 'Ethereum mainnet (ETH, and ERC-20 tokens such as USDT and USDC at 0x addresses).' },
    TRON: { description: 'TRON (TRX, and TRC-20 tokens such as USDT at T... addresses).' },
    LITECOIN: { description: 'Litecoin (LTC).' },
    BITCOIN_CASH: { description: 'Bitcoin Cash (BCH).' },
    BITCOIN_SV: { description: 'Bitcoin SV (BSV).' },
    BITCOIN_GOLD: { description: 'Bitcoin Gold (BTG).' },
    DASH: { description: 'Dash (DASH).' },
    ZCASH: { description: 'Zcash (ZEC).' },
    MONERO: { description: 'Monero (XMR).' },
    RIPPLE: { description: 'XRP Ledger (XRP).' },
    ETHEREUM_CLASSIC: { description: 'Ethereum Classic (ETC).' },
    BNB_SMART_CHAIN: { description: 'BNB Smart Chain (BSC).' },
    ARBITRUM: { description: 'Arbitrum One (ARB).' },
    VERGE: { description: 'Verge (XVG).' },
  },
});

const EVM_CHAINS = new Set<Chain>([Chain.ETHEREUM, Chain.ETHEREUM_CLASSIC, Chain.BNB_SMART_CHAIN, Chain.ARBITRUM]);

/** True for chains whose addresses are 0x-hex and compared case-insensitively. */
export function isEvmChain(chain: Chain): boolean {
  return EVM_CHAINS.has(chain);
}

const ASSET_CHAINS: Record<string, Chain> = {
  XBT: Chain.BITCOIN,
  BTC: Chain.BITCOIN,
  ETH: Chain.ETHEREUM,
  TRX: Chain.TRON,
  LTC: Chain.LITECOIN,
  BCH: Chain.BITCOIN_CASH,
  BSV: Chain.BITCOIN_SV,
  BTG: Chain.BITCOIN_GOLD,
  DASH: Chain.DASH,
  ZEC: Chain.ZCASH,
  XMR: Chain.MONERO,
  XRP: Chain.RIPPLE,
  ETC: Chain.ETHEREUM_CLASSIC,
  BSC: Chain.BNB_SMART_CHAIN,
  ARB: Chain.ARBITRUM,
  XVG: Chain.VERGE,
};

/** The chain an asset code names on its own (XBT → BITCOIN); null for tokens on several chains. */
export function chainOfAssetCode(asset: string): Chain | null {
  return ASSET_CHAINS[asset.toUpperCase()] ?? null;
}

/**
 * The chain of an address that OFAC listed under `asset` (its code as OFAC wrote it). Tokens that
 * live on several chains (USDT, USDC, ...) are placed by the address format. Returns `null` when
 * neither the code nor the format says.
 */
export function chainForAsset(asset: string, address: string): Chain | null {
  if (/^0x[0-9a-fA-F]{40}$/.test(address)) {
    const code = asset.toUpperCase();
    return code in ASSET_CHAINS && isEvmChain(ASSET_CHAINS[code]) ? ASSET_CHAINS[code] : Chain.ETHEREUM;
  }
  if (/^T[1-9A-HJ-NP-Za-km-z]{33}$/.test(address)) {
    return Chain.TRON;
  }
  const named = ASSET_CHAINS[asset.toUpperCase()];
  if (named) {
    return named;
  }
  // A token listed at a Bitcoin address (USDT on the Omni layer) lives on Bitcoin.
  return normalizeAddress(Chain.BITCOIN, address).ok ? Chain.BITCOIN : null;
}

export type AddressCheck = { ok: true; address: string } | { ok: false; reason: string };

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function base58Decode(s: string): Uint8Array | null {
  let n = 0n;
  for (const ch of s) {
    const v = BASE58.indexOf(ch);
    if (v < 0) {
      return null;
    }
    n = n * 58n + BigInt(v);
  }
  const bytes: number[] = [];
  while (n > 0n) {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  for (const ch of s) {
    if (ch !== '1') {
      break;
    }
    bytes.unshift(0);
  }
  return Uint8Array.from(bytes);
}

/** Base58Check: the last four bytes are the first four of the payload's double SHA-256. */
function base58CheckVersion(s: string): number | null {
  const raw = base58Decode(s);
  if (!raw || raw.length < 5) {
    return null;
  }
  const payload = raw.subarray(0, raw.length - 4);
  const sum = sha256(sha256(payload));
  for (let i = 0; i < 4; i++) {
    if (sum[i] !== raw[raw.length - 4 + i]) {
      return null;
    }
  }
  return payload[0];
}

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

function bech32Polymod(values: number[]): number {
  const gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) {
      if ((top >>> i) & 1) {
        chk ^= gen[i];
      }
    }
  }
  return chk >>> 0;
}

/** A valid bech32 (BIP-173) or bech32m (BIP-350) string with the given human-readable part. */
function isBech32(s: string, hrp: string): boolean {
  if (s !== s.toLowerCase() || !s.startsWith(hrp + '1') || s.length > 90) {
    return false;
  }
  const data: number[] = [];
  for (const ch of s.slice(hrp.length + 1)) {
    const v = BECH32.indexOf(ch);
    if (v < 0) {
      return false;
    }
    data.push(v);
  }
  if (data.length < 7) {
    return false;
  }
  const expanded = [...hrp].map(c => c.charCodeAt(0) >> 5).concat([0], [...hrp].map(c => c.charCodeAt(0) & 31));
  const mod = bech32Polymod(expanded.concat(data));
  return mod === 1 || mod === 0x2bc830a3;
}

/** EIP-55 of anything: the general form, for inputs that are not plain hexadecimal. */
function checksumGeneral(address: string): string {
  const lower = address.toLowerCase().replace(/^0x/, '');
  const hash = Buffer.from(keccak256(Buffer.from(lower, 'utf8'))).toString('hex');
  let out = '0x';
  for (let i = 0; i < lower.length; i++) {
    out += parseInt(hash[i], 16) >= 8 ? lower[i].toUpperCase() : lower[i];
  }
  return out;
}

const HEX_ADDRESS = /^(?:0[xX])?[0-9a-fA-F]*$/;

/** EIP-55 of a hexadecimal address, on bytes: the same result as `checksumGeneral`, as one flat string. */
function checksumHex(address: string): string {
  const body = address.charCodeAt(1) === 0x78 || address.charCodeAt(1) === 0x58 ? (address.charCodeAt(0) === 0x30 ? 2 : 0) : 0;
  const n = address.length - body;
  const out = Buffer.allocUnsafe(n + 2);
  out[0] = 0x30; // 0
  out[1] = 0x78; // x
  for (let i = 0; i < n; i++) {
    const c = address.charCodeAt(body + i);
    out[i + 2] = c >= 0x41 && c <= 0x46 ? c + 0x20 : c; // A-F to a-f
  }
  const hash = keccak256(out.subarray(2));
  for (let i = 0; i < n; i++) {
    const c = out[i + 2];
    const nibble = i & 1 ? hash[i >> 1] & 0x0f : hash[i >> 1] >> 4;
    if (nibble >= 8 && c >= 0x61) {
      out[i + 2] = c - 0x20; // a-f to A-F
    }
  }
  return out.toString('latin1');
}

/**
 * Checksums of recent addresses: keccak is most of the cost of showing a transfer, and pages
 * repeat addresses (exchanges, the address the page is of). Two generations of at most
 * CHECKSUM_GENERATION entries each (about 165 bytes an entry: 22 MB at most): a hit in the old
 * one moves to the young one; when the young one is full, it becomes the old one and the old one
 * is dropped. Keys are the stored (lowercase) form, values flat strings.
 */
const CHECKSUM_GENERATION = 65_536;
let checksumYoung = new Map<string, string>();
let checksumOld = new Map<string, string>();

function cachedChecksum(address: string): string {
  const out = checksumOld.get(address) ?? checksumHex(address);
  if (checksumYoung.size >= CHECKSUM_GENERATION) {
    checksumOld = checksumYoung;
    checksumYoung = new Map();
  }
  checksumYoung.set(address, out);
  return out;
}

/** EIP-55 mixed-case checksum of a 0x address. */
export function toChecksumAddress(address: string): string {
  const hit = checksumYoung.get(address);
  if (hit !== undefined) {
    return hit;
  }
  if (!HEX_ADDRESS.test(address)) {
    return checksumGeneral(address);
  }
  // Cached under its stored form (lowercase with 0x), which is how every caller but input checks passes it.
  return address.length === 42 && address.charCodeAt(1) === 0x78 && address === address.toLowerCase() ? cachedChecksum(address) : checksumHex(address);
}

/**
 * Validates an address for its chain and returns the form it is stored and compared in:
 * lowercase for 0x addresses (a mixed-case one must carry a valid EIP-55 checksum), exact for
 * base58 and bech32 (whose checksums are verified where the chain uses them).
 */
export function normalizeAddress(chain: Chain, input: string): AddressCheck {
  const a = input.trim();
  if (a.length === 0) {
    return { ok: false, reason: 'the address is empty' };
  }
  if (isEvmChain(chain)) {
    if (!/^0x[0-9a-fA-F]{40}$/.test(a)) {
      return { ok: false, reason: `not a ${chain} address: expected 0x and 40 hexadecimal digits` };
    }
    const body = a.slice(2);
    const mixed = body !== body.toLowerCase() && body !== body.toUpperCase();
    if (mixed && toChecksumAddress(a) !== a) {
      return { ok: false, reason: 'the mixed-case address fails its EIP-55 checksum' };
    }
    return { ok: true, address: a.toLowerCase() };
  }
  switch (chain) {
    case Chain.BITCOIN:
      if (/^bc1/i.test(a)) {
        return isBech32(a, 'bc') ? { ok: true, address: a } : { ok: false, reason: 'not a valid bech32 Bitcoin address' };
      }
      return [0x00, 0x05].includes(base58CheckVersion(a) ?? -1)
        ? { ok: true, address: a }
        : { ok: false, reason: 'not a valid base58check Bitcoin address' };
    case Chain.LITECOIN:
      if (/^ltc1/i.test(a)) {
        return isBech32(a, 'ltc') ? { ok: true, address: a } : { ok: false, reason: 'not a valid bech32 Litecoin address' };
      }
      return base58CheckVersion(a) !== null ? { ok: true, address: a } : { ok: false, reason: 'not a valid base58check Litecoin address' };
    case Chain.TRON:
      return /^T/.test(a) && base58CheckVersion(a) === 0x41
        ? { ok: true, address: a }
        : { ok: false, reason: 'not a valid TRON address: expected base58check starting with T' };
    default:
      return /^[A-Za-z0-9:]{20,120}$/.test(a)
        ? { ok: true, address: a }
        : { ok: false, reason: `not a valid ${chain} address` };
  }
}

/** The form an address is shown in: EIP-55 checksummed for 0x chains, as stored otherwise. */
export function displayAddress(chain: Chain, stored: string): string {
  return isEvmChain(chain) ? toChecksumAddress(stored) : stored;
}
