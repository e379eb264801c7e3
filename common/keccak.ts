import { keccak_256 } from '@noble/hashes/sha3';

/*
 * Keccak-256 as Ethereum uses it (the original Keccak padding, not SHA3-256's), for inputs of one
 * block (at most 135 bytes): an address's 40 hexadecimal digits for its EIP-55 checksum, above all.
 * @noble/hashes loops over its lanes through helper calls and takes about 6 µs a permutation here;
 * with the 25 lanes in local variables (each a low and a high 32-bit half) and every step of a
 * round written out, a permutation takes well under a microsecond. Longer inputs go to
 * @noble/hashes. chain.test.ts checks this against @noble/hashes and published digests.
 */

/** The round constants of Keccak-f[1600], low and high 32 bits. */
const RC_LO = new Int32Array([0x00000001, 0x00008082, 0x0000808a, 0x80008000, 0x0000808b, 0x80000001, 0x80008081, 0x00008009, 0x0000008a, 0x00000088, 0x80008009, 0x8000000a, 0x8000808b, 0x0000008b, 0x00008089, 0x00008003, 0x00008002, 0x00000080, 0x0000800a, 0x8000000a, 0x80008081, 0x00008080, 0x80000001, 0x80008008]);
const RC_HI = new Int32Array([0x00000000, 0x00000000, 0x80000000, 0x80000000, 0x00000000, 0x00000000, 0x80000000, 0x80000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x80000000, 0x80000000, 0x80000000, 0x80000000, 0x80000000, 0x00000000, 0x80000000, 0x80000000, 0x80000000, 0x00000000, 0x80000000]);

/** Rate of Keccak-256 in bytes: the longest input of one block is one byte less (the padding). */
const RATE = 136;
const block = new Uint8Array(RATE);

/** Keccak-256 of `input`; one block is computed here, longer inputs by @noble/hashes. */
export function keccak256(input: Uint8Array): Uint8Array {
  if (input.length >= RATE) {
    return keccak_256(input);
  }
  const out = new Uint8Array(32);
  keccak256Block(input, out);
  return out;
}

/** The 32-bit little-endian word `i` of the padded block. */
function word(i: number): number {
  const k = 4 * i;
  return block[k] | (block[k + 1] << 8) | (block[k + 2] << 16) | (block[k + 3] << 24);
}

/** Keccak-256 of fewer than RATE bytes, written into `out` (32 bytes). */
function keccak256Block(input: Uint8Array, out: Uint8Array): void {
  block.fill(0);
  block.set(input);
  block[input.length] = 0x01;
  block[RATE - 1] |= 0x80;
  let l0 = word(0);
  let h0 = word(1);
  let l1 = word(2);
  let h1 = word(3);
  let l2 = word(4);
  let h2 = word(5);
  let l3 = word(6);
  let h3 = word(7);
  let l4 = word(8);
  let h4 = word(9);
  let l5 = word(10);
  let h5 = word(11);
  let l6 = word(12);
  let h6 = word(13);
  let l7 = word(14);
  let h7 = word(15);
  let l8 = word(16);
  let h8 = word(17);
  let l9 = word(18);
  let h9 = word(19);
  let l10 = word(20);
  let h10 = word(21);
  let l11 = word(22);
  let h11 = word(23);
  let l12 = word(24);
  let h12 = word(25);
  let l13 = word(26);
  let h13 = word(27);
  let l14 = word(28);
  let h14 = word(29);
  let l15 = word(30);
  let h15 = word(31);
  let l16 = word(32);
  let h16 = word(33);
  let l17 = 0;
  let h17 = 0;
  let l18 = 0;
  let h18 = 0;
  let l19 = 0;
  let h19 = 0;
  let l20 = 0;
  let h20 = 0;
  let l21 = 0;
  let h21 = 0;
  let l22 = 0;
  let h22 = 0;
  let l23 = 0;
  let h23 = 0;
  let l24 = 0;
  let h24 = 0;
  for (let round = 0; round < 24; round++) {
    const cl0 = l0 ^ l5 ^ l10 ^ l15 ^ l20;
    const ch0 = h0 ^ h5 ^ h10 ^ h15 ^ h20;
    const cl1 = l1 ^ l6 ^ l11 ^ l16 ^ l21;
    const ch1 = h1 ^ h6 ^ h11 ^ h16 ^ h21;
    const cl2 = l2 ^ l7 ^ l12 ^ l17 ^ l22;
    const ch2 = h2 ^ h7 ^ h12 ^ h17 ^ h22;
    const cl3 = l3 ^ l8 ^ l13 ^ l18 ^ l23;
    const ch3 = h3 ^ h8 ^ h13 ^ h18 ^ h23;
    const cl4 = l4 ^ l9 ^ l14 ^ l19 ^ l24;
    const ch4 = h4 ^ h9 ^ h14 ^ h19 ^ h24;
    const dl0 = cl4 ^ ((cl1 << 1) | (ch1 >>> 31));
    const dh0 = ch4 ^ ((ch1 << 1) | (cl1 >>> 31));
    const dl1 = cl0 ^ ((cl2 << 1) | (ch2 >>> 31));
    const dh1 = ch0 ^ ((ch2 << 1) | (cl2 >>> 31));
    const dl2 = cl1 ^ ((cl3 << 1) | (ch3 >>> 31));
    const dh2 = ch1 ^ ((ch3 << 1) | (cl3 >>> 31));
    const dl3 = cl2 ^ ((cl4 << 1) | (ch4 >>> 31));
    const dh3 = ch2 ^ ((ch4 << 1) | (cl4 >>> 31));
    const dl4 = cl3 ^ ((cl0 << 1) | (ch0 >>> 31));
    const dh4 = ch3 ^ ((ch0 << 1) | (cl0 >>> 31));
    const bl0 = l0 ^ dl0;
    const bh0 = h0 ^ dh0;
    const tl16 = l5 ^ dl0;
    const th16 = h5 ^ dh0;
    const bl16 = (th16 << 4) | (tl16 >>> 28);
    const bh16 = (tl16 << 4) | (th16 >>> 28);
    const tl7 = l10 ^ dl0;
    const th7 = h10 ^ dh0;
    const bl7 = (tl7 << 3) | (th7 >>> 29);
    const bh7 = (th7 << 3) | (tl7 >>> 29);
    const tl23 = l15 ^ dl0;
    const th23 = h15 ^ dh0;
    const bl23 = (th23 << 9) | (tl23 >>> 23);
    const bh23 = (tl23 << 9) | (th23 >>> 23);
    const tl14 = l20 ^ dl0;
    const th14 = h20 ^ dh0;
    const bl14 = (tl14 << 18) | (th14 >>> 14);
    const bh14 = (th14 << 18) | (tl14 >>> 14);
    const tl10 = l1 ^ dl1;
    const th10 = h1 ^ dh1;
    const bl10 = (tl10 << 1) | (th10 >>> 31);
    const bh10 = (th10 << 1) | (tl10 >>> 31);
    const tl1 = l6 ^ dl1;
    const th1 = h6 ^ dh1;
    const bl1 = (th1 << 12) | (tl1 >>> 20);
    const bh1 = (tl1 << 12) | (th1 >>> 20);
    const tl17 = l11 ^ dl1;
    const th17 = h11 ^ dh1;
    const bl17 = (tl17 << 10) | (th17 >>> 22);
    const bh17 = (th17 << 10) | (tl17 >>> 22);
    const tl8 = l16 ^ dl1;
    const th8 = h16 ^ dh1;
    const bl8 = (th8 << 13) | (tl8 >>> 19);
    const bh8 = (tl8 << 13) | (th8 >>> 19);
    const tl24 = l21 ^ dl1;
    const th24 = h21 ^ dh1;
    const bl24 = (tl24 << 2) | (th24 >>> 30);
    const bh24 = (th24 << 2) | (tl24 >>> 30);
    const tl20 = l2 ^ dl2;
    const th20 = h2 ^ dh2;
    const bl20 = (th20 << 30) | (tl20 >>> 2);
    const bh20 = (tl20 << 30) | (th20 >>> 2);
    const tl11 = l7 ^ dl2;
    const th11 = h7 ^ dh2;
    const bl11 = (tl11 << 6) | (th11 >>> 26);
    const bh11 = (th11 << 6) | (tl11 >>> 26);
    const tl2 = l12 ^ dl2;
    const th2 = h12 ^ dh2;
    const bl2 = (th2 << 11) | (tl2 >>> 21);
    const bh2 = (tl2 << 11) | (th2 >>> 21);
    const tl18 = l17 ^ dl2;
    const th18 = h17 ^ dh2;
    const bl18 = (tl18 << 15) | (th18 >>> 17);
    const bh18 = (th18 << 15) | (tl18 >>> 17);
    const tl9 = l22 ^ dl2;
    const th9 = h22 ^ dh2;
    const bl9 = (th9 << 29) | (tl9 >>> 3);
    const bh9 = (tl9 << 29) | (th9 >>> 3);
    const tl5 = l3 ^ dl3;
    const th5 = h3 ^ dh3;
    const bl5 = (tl5 << 28) | (th5 >>> 4);
    const bh5 = (th5 << 28) | (tl5 >>> 4);
    const tl21 = l8 ^ dl3;
    const th21 = h8 ^ dh3;
    const bl21 = (th21 << 23) | (tl21 >>> 9);
    const bh21 = (tl21 << 23) | (th21 >>> 9);
    const tl12 = l13 ^ dl3;
    const th12 = h13 ^ dh3;
    const bl12 = (tl12 << 25) | (th12 >>> 7);
    const bh12 = (th12 << 25) | (tl12 >>> 7);
    const tl3 = l18 ^ dl3;
    const th3 = h18 ^ dh3;
    const bl3 = (tl3 << 21) | (th3 >>> 11);
    const bh3 = (th3 << 21) | (tl3 >>> 11);
    const tl19 = l23 ^ dl3;
    const th19 = h23 ^ dh3;
    const bl19 = (th19 << 24) | (tl19 >>> 8);
    const bh19 = (tl19 << 24) | (th19 >>> 8);
    const tl15 = l4 ^ dl4;
    const th15 = h4 ^ dh4;
    const bl15 = (tl15 << 27) | (th15 >>> 5);
    const bh15 = (th15 << 27) | (tl15 >>> 5);
    const tl6 = l9 ^ dl4;
    const th6 = h9 ^ dh4;
    const bl6 = (tl6 << 20) | (th6 >>> 12);
    const bh6 = (th6 << 20) | (tl6 >>> 12);
    const tl22 = l14 ^ dl4;
    const th22 = h14 ^ dh4;
    const bl22 = (th22 << 7) | (tl22 >>> 25);
    const bh22 = (tl22 << 7) | (th22 >>> 25);
    const tl13 = l19 ^ dl4;
    const th13 = h19 ^ dh4;
    const bl13 = (tl13 << 8) | (th13 >>> 24);
    const bh13 = (th13 << 8) | (tl13 >>> 24);
    const tl4 = l24 ^ dl4;
    const th4 = h24 ^ dh4;
    const bl4 = (tl4 << 14) | (th4 >>> 18);
    const bh4 = (th4 << 14) | (tl4 >>> 18);
    l0 = bl0 ^ (~bl1 & bl2);
    h0 = bh0 ^ (~bh1 & bh2);
    l1 = bl1 ^ (~bl2 & bl3);
    h1 = bh1 ^ (~bh2 & bh3);
    l2 = bl2 ^ (~bl3 & bl4);
    h2 = bh2 ^ (~bh3 & bh4);
    l3 = bl3 ^ (~bl4 & bl0);
    h3 = bh3 ^ (~bh4 & bh0);
    l4 = bl4 ^ (~bl0 & bl1);
    h4 = bh4 ^ (~bh0 & bh1);
    l5 = bl5 ^ (~bl6 & bl7);
    h5 = bh5 ^ (~bh6 & bh7);
    l6 = bl6 ^ (~bl7 & bl8);
    h6 = bh6 ^ (~bh7 & bh8);
    l7 = bl7 ^ (~bl8 & bl9);
    h7 = bh7 ^ (~bh8 & bh9);
    l8 = bl8 ^ (~bl9 & bl5);
    h8 = bh8 ^ (~bh9 & bh5);
    l9 = bl9 ^ (~bl5 & bl6);
    h9 = bh9 ^ (~bh5 & bh6);
    l10 = bl10 ^ (~bl11 & bl12);
    h10 = bh10 ^ (~bh11 & bh12);
    l11 = bl11 ^ (~bl12 & bl13);
    h11 = bh11 ^ (~bh12 & bh13);
    l12 = bl12 ^ (~bl13 & bl14);
    h12 = bh12 ^ (~bh13 & bh14);
    l13 = bl13 ^ (~bl14 & bl10);
    h13 = bh13 ^ (~bh14 & bh10);
    l14 = bl14 ^ (~bl10 & bl11);
    h14 = bh14 ^ (~bh10 & bh11);
    l15 = bl15 ^ (~bl16 & bl17);
    h15 = bh15 ^ (~bh16 & bh17);
    l16 = bl16 ^ (~bl17 & bl18);
    h16 = bh16 ^ (~bh17 & bh18);
    l17 = bl17 ^ (~bl18 & bl19);
    h17 = bh17 ^ (~bh18 & bh19);
    l18 = bl18 ^ (~bl19 & bl15);
    h18 = bh18 ^ (~bh19 & bh15);
    l19 = bl19 ^ (~bl15 & bl16);
    h19 = bh19 ^ (~bh15 & bh16);
    l20 = bl20 ^ (~bl21 & bl22);
    h20 = bh20 ^ (~bh21 & bh22);
    l21 = bl21 ^ (~bl22 & bl23);
    h21 = bh21 ^ (~bh22 & bh23);
    l22 = bl22 ^ (~bl23 & bl24);
    h22 = bh22 ^ (~bh23 & bh24);
    l23 = bl23 ^ (~bl24 & bl20);
    h23 = bh23 ^ (~bh24 & bh20);
    l24 = bl24 ^ (~bl20 & bl21);
    h24 = bh24 ^ (~bh20 & bh21);
    l0 ^= RC_LO[round];
    h0 ^= RC_HI[round];

  }
  const words = [l0, h0, l1, h1, l2, h2, l3, h3];
  for (let i = 0; i < 8; i++) {
    const w = words[i];
    out[4 * i] = w & 0xff;
    out[4 * i + 1] = (w >>> 8) & 0xff;
    out[4 * i + 2] = (w >>> 16) & 0xff;
    out[4 * i + 3] = (w >>> 24) & 0xff;
  }
}
