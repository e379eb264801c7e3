import { Chain, chainForAsset, displayAddress, normalizeAddress, toChecksumAddress } from './chain';

describe('addresses', () => {
  it('stores Ethereum addresses lowercase and shows them EIP-55 checksummed', () => {
    expect(normalizeAddress(Chain.ETHEREUM, '0x098B716B8Aaf21512996dC57EB0615e2383E2f96')).toEqual({ ok: true, address: '0x098b716b8aaf21512996dc57eb0615e2383e2f96' });
    expect(displayAddress(Chain.ETHEREUM, '0x97b1043abd9e6fc31681635166d430a458d14f9c')).toBe('0x97B1043ABD9E6FC31681635166d430a458D14F9C');
    expect(toChecksumAddress('0x098b716b8aaf21512996dc57eb0615e2383e2f96')).toBe('0x098B716B8Aaf21512996dC57EB0615e2383E2f96');
  });

  it('refuses a mixed-case Ethereum address with a wrong checksum', () => {
    expect(normalizeAddress(Chain.ETHEREUM, '0x098B716B8Aaf21512996dC57EB0615e2383E2f97')).toEqual({ ok: false, reason: 'the mixed-case address fails its EIP-55 checksum' });
    expect(normalizeAddress(Chain.ETHEREUM, '0x1234')).toMatchObject({ ok: false });
  });

  it('keeps base58 and bech32 addresses exact, and verifies their checksums', () => {
    expect(normalizeAddress(Chain.BITCOIN, '1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ')).toEqual({ ok: true, address: '1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ' });
    expect(normalizeAddress(Chain.BITCOIN, '1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfK')).toMatchObject({ ok: false });
    expect(normalizeAddress(Chain.BITCOIN, 'bc1qa5wkgaew2dkv56kfvj49j0av5nml45x9ek9hz6')).toMatchObject({ ok: true });
    expect(normalizeAddress(Chain.BITCOIN, 'bc1qa5wkgaew2dkv56kfvj49j0av5nml45x9ek9hz7')).toMatchObject({ ok: false });
    expect(normalizeAddress(Chain.TRON, 'TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq')).toMatchObject({ ok: true });
  });

  it("maps OFAC's asset codes to chains, tokens by address format", () => {
    expect(chainForAsset('XBT', '1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ')).toBe(Chain.BITCOIN);
    expect(chainForAsset('USDT', '0xb6f5ec1a0a9cd1526536d3f0426c429529471f40')).toBe(Chain.ETHEREUM);
    expect(chainForAsset('USDT', 'TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq')).toBe(Chain.TRON);
    // USDT on the Omni layer, at a Bitcoin address (as OFAC lists some).
    expect(chainForAsset('USDT', '1KUUJPkyDhamZXgpsyXqNGc3x1QPXtdhgz')).toBe(Chain.BITCOIN);
    expect(chainForAsset('USDT', 'not an address')).toBeNull();
  });
});
