import { randomBytes } from 'node:crypto';
import { keccak_256 } from '@noble/hashes/sha3';
import { keccak256 } from './keccak';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('keccak256', () => {
  it('gives the published Keccak-256 digests (Ethereum padding, not SHA3-256)', () => {
    expect(hex(keccak256(new Uint8Array(0)))).toBe('c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
    expect(hex(keccak256(Buffer.from('abc')))).toBe('4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45');
    // The ERC-20 Transfer event's topic.
    expect(hex(keccak256(Buffer.from('Transfer(address,address,uint256)')))).toBe('ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef');
  });

  it('agrees with @noble/hashes on every length around the block size, and leaves no state behind', () => {
    for (let n = 0; n <= 300; n++) {
      const input = randomBytes(n);
      expect([n, hex(keccak256(input))]).toEqual([n, hex(keccak_256(input))]);
    }
    // The same input twice, after others: the same digest.
    const a = Buffer.from('0x97b1043abd9e6fc31681635166d430a458d14f9c'.slice(2));
    expect(hex(keccak256(a))).toBe(hex(keccak256(Buffer.from(a))));
  });
});
