import { Chain } from '../../../common/chain';
import { parseRemarks } from './remarks';

// KIM, Sang Man's remarks as OFAC published them on 2023-05-23.
const KIM =
  'DOB 25 Apr 1965; POB North Pyongan Province, North Korea; nationality Korea, North; Gender Male; Digital Currency Address - XBT 1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ; alt. Digital Currency Address - XBT 1FCNgfZWpYMeYhy9t18AAkTBu8AsdoAc1Z; Digital Currency Address - ETH 0x97b1043abd9e6fc31681635166d430a458d14f9c; alt. Digital Currency Address - ETH 0xb6f5ec1a0a9cd1526536d3f0426c429529471f40; Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201 and 510.210; Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions: North Korea Sanctions Regulations section 510.214; Digital Currency Address - USDT 0xb6f5ec1a0a9cd1526536d3f0426c429529471f40; Digital Currency Address - USDC 0xb6f5ec1a0a9cd1526536d3f0426c429529471f40; Passport 109420132 (Korea, North) issued 16 Oct 2019 expires 16 Oct 2024; alt. Passport 827220538 (Korea, North); alt. Passport 563220082 (Korea, North).';

describe('parseRemarks', () => {
  it("types every fact of KIM, Sang Man's entry", () => {
    const f = parseRemarks(KIM);
    expect(f.datesOfBirth).toEqual(['25 Apr 1965']);
    expect(f.placesOfBirth).toEqual(['North Pyongan Province, North Korea']);
    expect(f.nationalities).toEqual(['Korea, North']);
    expect(f.gender).toBe('Male');
    expect(f.documents).toEqual([
      { type: 'Passport', number: '109420132', country: 'Korea, North', details: 'issued 16 Oct 2019 expires 16 Oct 2024' },
      { type: 'Passport', number: '827220538', country: 'Korea, North', details: null },
      { type: 'Passport', number: '563220082', country: 'Korea, North', details: null },
    ]);
    expect(f.cryptoAddresses.map(c => [c.asset, c.chain, c.address, c.valid])).toEqual([
      ['XBT', Chain.BITCOIN, '1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ', true],
      ['XBT', Chain.BITCOIN, '1FCNgfZWpYMeYhy9t18AAkTBu8AsdoAc1Z', true],
      ['ETH', Chain.ETHEREUM, '0x97b1043abd9e6fc31681635166d430a458d14f9c', true],
      ['ETH', Chain.ETHEREUM, '0xb6f5ec1a0a9cd1526536d3f0426c429529471f40', true],
      ['USDT', Chain.ETHEREUM, '0xb6f5ec1a0a9cd1526536d3f0426c429529471f40', true],
      ['USDC', Chain.ETHEREUM, '0xb6f5ec1a0a9cd1526536d3f0426c429529471f40', true],
    ]);
  });

  it('reads weak a.k.a.s and links', () => {
    const f = parseRemarks("Target Type Government Entity; a.k.a. 'LAB 110'; a.k.a. 'UNIT 110'; Linked To: CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY.");
    expect(f.weakAliases).toEqual([
      { type: 'aka', name: 'LAB 110' },
      { type: 'aka', name: 'UNIT 110' },
    ]);
    expect(f.linkedTo).toEqual(['CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY']);
  });

  it('keeps an address OFAC tagged with the wrong asset, flagged (the TRON address listed as XBT)', () => {
    const [a] = parseRemarks('Digital Currency Address - XBT TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq.').cryptoAddresses;
    expect(a).toEqual({ asset: 'XBT', listedAs: 'TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq', chain: Chain.TRON, address: 'TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq', valid: true, matchesAssetCode: false });
  });

  it('returns no facts for empty remarks', () => {
    expect(parseRemarks(null).cryptoAddresses).toEqual([]);
  });
});
