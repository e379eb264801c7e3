import { createHash } from 'node:crypto';
import { Chain, normalizeAddress } from '../chain';
import { mulberry32 } from '../random';

/**
 * The demo data set's story, generated deterministically. Facts from OFAC (parties and their
 * listed addresses) are stated as OFAC wrote them; everything else (exchange, accounts, holders,
 * transfers, cases) is generated and marked as demo data: ids start with `demo-`, the exchange
 * and every holder carry "(demo)" in their names.
 *
 * Each subgraph seeds its own part of the same story; they meet only through ids and keys.
 */

/** Listed addresses stated as facts: OFAC SDN list, Remarks of the entries named. */
export const LISTED_ADDRESSES: readonly { partyId: string; chain: Chain; address: string; asset: string }[] = [
  // KIM, Sang Man (ent_num 43377, DPRK4), designated 2023-05-23.
  { partyId: 'ofac-sdn:43377', chain: Chain.BITCOIN, address: '1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ', asset: 'XBT' },
  { partyId: 'ofac-sdn:43377', chain: Chain.BITCOIN, address: '1FCNgfZWpYMeYhy9t18AAkTBu8AsdoAc1Z', asset: 'XBT' },
  { partyId: 'ofac-sdn:43377', chain: Chain.ETHEREUM, address: '0x97b1043abd9e6fc31681635166d430a458d14f9c', asset: 'ETH' },
  { partyId: 'ofac-sdn:43377', chain: Chain.ETHEREUM, address: '0xb6f5ec1a0a9cd1526536d3f0426c429529471f40', asset: 'ETH' },
  // Lazarus Group (ent_num 27307, DPRK3): the eight Ethereum addresses of the Ronin bridge theft.
  ...[
    '0x098B716B8Aaf21512996dC57EB0615e2383E2f96',
    '0xa0e1c89Ef1a489c9C7dE96311eD5Ce5D32c20E4B',
    '0x3Cffd56B47B7b41c56258D9C7731ABaDc360E073',
    '0x53b6936513e738f44FB50d2b9476730C0Ab3Bfc1',
    '0x35fB6f6DB4fb05e6A4cE86f2C93691425626d4b1',
    '0xF7B31119c2682c88d88D455dBb9d5932c65Cf1bE',
    '0x3e37627dEAA754090fBFbb8bd226c1CE66D255e9',
    '0x08723392Ed15743cc38513C4925f5e6be5c17243',
  ].map(address => ({ partyId: 'ofac-sdn:27307', chain: Chain.ETHEREUM, address: address.toLowerCase(), asset: 'ETH' })),
];

export interface DemoHolder {
  readonly name: string;
  readonly dateOfBirth: string;
  readonly nationality: string;
  readonly documents: { type: string; number: string; country: string }[];
  readonly kycLevel: number;
}

export interface DemoAccount {
  readonly id: string;
  readonly exchange: string;
  readonly status: 'ACTIVE' | 'FROZEN' | 'CLOSED';
  readonly openedAt: string;
  readonly holder: DemoHolder;
  readonly balances: { asset: string; amount: string }[];
  readonly depositAddresses: { chain: Chain; address: string }[];
  /** Sanctioned parties this account is linked to (a confirmed link), by party id. */
  readonly linkedPartyIds: string[];
}

export interface DemoTransfer {
  readonly id: string;
  readonly chain: Chain;
  readonly txHash: string;
  readonly logIndex: number;
  readonly timestamp: string;
  readonly from: string;
  readonly to: string;
  readonly asset: string;
  readonly amount: string;
  readonly amountUsd: string | null;
}

export type DemoSubject =
  | { kind: 'PARTY'; partyId: string }
  | { kind: 'ACCOUNT'; accountId: string }
  | { kind: 'ADDRESS'; chain: Chain; address: string };

export interface DemoCase {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly openedAt: string;
  readonly assignee: string;
  readonly subjects: DemoSubject[];
  readonly freezes: { accountId: string; at: string; legalReference: string; note: string }[];
  readonly seizures: { at: string; amount: string; asset: string; amountUsd: string; txHash: string | null; authority: string; note: string }[];
  readonly statusChanges: { to: string; at: string; note: string }[];
}

export interface DemoStory {
  readonly accounts: DemoAccount[];
  readonly transfers: DemoTransfer[];
  readonly cases: DemoCase[];
  readonly sanctionedAddresses: typeof LISTED_ADDRESSES;
}

export interface DemoOptions {
  /** Accounts linked to KIM, Sang Man (default 3); the tests scale it to prove batching. */
  readonly kimAccounts?: number;
  /** Transfers per linked account (default 12, so that a page of 10 has a next page). */
  readonly transfersPerAccount?: number;
  /** Unlinked accounts of ordinary customers (default 6). */
  readonly otherAccounts?: number;
}

function hex(bytes: number, rand: () => number): string {
  let s = '';
  for (let i = 0; i < bytes; i++) {
    s += Math.floor(rand() * 256)
      .toString(16)
      .padStart(2, '0');
  }
  return s;
}

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** A valid (checksummed) Pay-to-PubKey-Hash Bitcoin address from 20 random bytes. */
function bitcoinAddress(rand: () => number): string {
  const payload = Buffer.from('00' + hex(20, rand), 'hex');
  const check = createHash('sha256').update(createHash('sha256').update(payload).digest()).digest().subarray(0, 4);
  const bytes = Buffer.concat([payload, check]);
  let n = BigInt('0x' + bytes.toString('hex'));
  let out = '';
  while (n > 0n) {
    out = B58[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) {
      break;
    }
    out = '1' + out;
  }
  return out;
}

function decimal(value: number, places: number): string {
  return value.toFixed(places);
}

const GIVEN = ['Min-jun', 'Ji-ho', 'Seo-yeon', 'Alexei', 'Dmitri', 'Li', 'Wei', 'Elena', 'Omar', 'Sofia', 'Ivan', 'Mei'];
const FAMILY = ['Pak', 'Ri', 'Jong', 'Volkov', 'Zhang', 'Chen', 'Petrova', 'Haddad', 'Novak', 'Tanaka', 'Sorokin', 'Lin'];
const NATIONALITIES = ['Korea, North', 'Russia', 'China', 'United Arab Emirates', 'Laos'];

export const DEMO_EXCHANGE = 'Northbridge Digital Exchange (demo)';
export const DEMO_CASE_ID = 'demo-case-kim-sang-man';

/** Builds the demo story. Same options, same story, byte for byte. */
export function buildDemoStory(options: DemoOptions = {}): DemoStory {
  const rand = mulberry32(20230523);
  const kimAccounts = options.kimAccounts ?? 3;
  const perAccount = options.transfersPerAccount ?? 12;
  const others = options.otherAccounts ?? 6;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const day = (base: string, offsetDays: number) => new Date(Date.parse(base) + offsetDays * 86400000).toISOString();

  const makeAccount = (n: number, linked: string[], status: DemoAccount['status'], holderName?: string): DemoAccount => {
    const eth = '0x' + hex(20, rand);
    const btc = bitcoinAddress(rand);
    return {
      id: `demo-acct-${String(n).padStart(4, '0')}`,
      exchange: DEMO_EXCHANGE,
      status,
      openedAt: day('2021-03-01T09:00:00Z', Math.floor(rand() * 600)),
      holder: {
        name: holderName ?? `${pick(FAMILY)} ${pick(GIVEN)} (demo)`,
        dateOfBirth: `19${60 + Math.floor(rand() * 35)}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`,
        nationality: pick(NATIONALITIES),
        documents: [{ type: 'Passport', number: `D${Math.floor(100000000 + rand() * 899999999)}`, country: pick(NATIONALITIES) }],
        kycLevel: 1 + Math.floor(rand() * 3),
      },
      balances: [
        { asset: 'ETH', amount: decimal(rand() * 40, 8) },
        { asset: 'USDT', amount: decimal(rand() * 250000, 2) },
        { asset: 'BTC', amount: decimal(rand() * 3, 8) },
      ],
      depositAddresses: [
        { chain: Chain.ETHEREUM, address: eth },
        { chain: Chain.BITCOIN, address: btc },
      ],
      linkedPartyIds: linked,
    };
  };

  const accounts: DemoAccount[] = [];
  let n = 1;
  for (let i = 0; i < kimAccounts; i++) {
    accounts.push(makeAccount(n++, ['ofac-sdn:43377'], 'FROZEN'));
  }
  accounts.push(makeAccount(n++, ['ofac-sdn:43379'], 'FROZEN'));
  accounts.push(makeAccount(n++, ['ofac-sdn:27307'], 'FROZEN'));
  for (let i = 0; i < others; i++) {
    accounts.push(makeAccount(n++, [], 'ACTIVE'));
  }

  const kimEth = LISTED_ADDRESSES.filter(a => a.partyId === 'ofac-sdn:43377' && a.chain === Chain.ETHEREUM).map(a => a.address);
  const kimBtc = LISTED_ADDRESSES.filter(a => a.partyId === 'ofac-sdn:43377' && a.chain === Chain.BITCOIN).map(a => a.address);
  const lazarus = LISTED_ADDRESSES.filter(a => a.partyId === 'ofac-sdn:27307').map(a => a.address);
  const ordinary = accounts.filter(a => a.linkedPartyIds.length === 0);

  const transfers: DemoTransfer[] = [];
  const addTransfer = (chain: Chain, from: string, to: string, asset: string, amount: string, usdRate: number, at: string) => {
    const txHash = chain === Chain.BITCOIN ? hex(32, rand) : '0x' + hex(32, rand);
    transfers.push({
      id: `demo-tx-${String(transfers.length + 1).padStart(6, '0')}`,
      chain,
      txHash,
      logIndex: 0,
      timestamp: at,
      from,
      to,
      asset,
      amount,
      amountUsd: decimal(Number(amount) * usdRate, 2),
    });
  };
  // Flows of the linked accounts: deposits from the listed wallets, withdrawals to ordinary customers.
  accounts
    .filter(a => a.linkedPartyIds.length > 0)
    .forEach((account, ai) => {
      const [eth, btc] = account.depositAddresses.map(d => d.address);
      const source = account.linkedPartyIds[0] === 'ofac-sdn:27307' ? lazarus : kimEth;
      for (let t = 0; t < perAccount; t++) {
        const at = day('2022-11-01T00:00:00Z', ai * 3 + t * 9 + rand());
        const kind = t % 4;
        if (kind === 0 && account.linkedPartyIds[0] === 'ofac-sdn:43377') {
          addTransfer(Chain.BITCOIN, kimBtc[t % kimBtc.length], btc, 'BTC', decimal(0.05 + rand() * 1.5, 8), 21000, at);
        } else if (kind === 1 && ordinary.length > 0) {
          addTransfer(Chain.ETHEREUM, eth, ordinary[(ai + t) % ordinary.length].depositAddresses[0].address, 'USDT', decimal(500 + rand() * 40000, 2), 1, at);
        } else {
          addTransfer(Chain.ETHEREUM, source[(ai + t) % source.length], eth, kind === 2 ? 'USDT' : 'ETH', kind === 2 ? decimal(1000 + rand() * 90000, 2) : decimal(0.5 + rand() * 25, 8), kind === 2 ? 1 : 1600, at);
        }
      }
    });
  // The listed wallets also move funds among ordinary customers (indirect exposure).
  for (let t = 0; t < ordinary.length * 2 && ordinary.length > 1; t++) {
    const a = ordinary[t % ordinary.length].depositAddresses[0].address;
    const b = ordinary[(t + 1) % ordinary.length].depositAddresses[0].address;
    addTransfer(Chain.ETHEREUM, a, b, 'ETH', decimal(0.1 + rand() * 5, 8), 1600, day('2023-01-10T00:00:00Z', t * 4 + rand()));
  }
  transfers.sort((x, y) => x.timestamp.localeCompare(y.timestamp) || x.id.localeCompare(y.id));

  const kimAccountIds = accounts.filter(a => a.linkedPartyIds.includes('ofac-sdn:43377')).map(a => a.id);
  const cases: DemoCase[] = [
    {
      id: DEMO_CASE_ID,
      title: 'KIM, Sang Man (DPRK4): linked accounts frozen, USD 4.4 million seized (demo)',
      description:
        'Demo case. After OFAC designated KIM, Sang Man on 2023-05-23 (DPRK IT-worker revenue), screening matched accounts holding deposits from his listed addresses. The exchange froze them and helped law enforcement seize USD 4.4 million.',
      openedAt: '2023-05-24T08:30:00.000Z',
      assignee: 'investigator.demo@northbridge.example',
      subjects: [
        { kind: 'PARTY', partyId: 'ofac-sdn:43377' },
        ...kimAccountIds.map(accountId => ({ kind: 'ACCOUNT' as const, accountId })),
        ...LISTED_ADDRESSES.filter(a => a.partyId === 'ofac-sdn:43377').map(a => ({ kind: 'ADDRESS' as const, chain: a.chain, address: a.address })),
      ],
      freezes: kimAccountIds.map((accountId, i) => ({
        accountId,
        at: day('2023-05-24T10:00:00Z', i * 0.01),
        legalReference: 'OFAC designation 2023-05-23 (DPRK4); 31 CFR 510.201',
        note: 'Blocked under the DPRK sanctions regulations (demo).',
      })),
      seizures: [
        {
          at: '2023-08-15T15:00:00.000Z',
          amount: '4400000.00',
          asset: 'USDT',
          amountUsd: '4400000.00',
          txHash: null,
          authority: 'U.S. law enforcement, civil forfeiture warrant (demo reference)',
          note: 'Frozen balances handed over under a seizure warrant (demo).',
        },
      ],
      statusChanges: [
        { to: 'UNDER_REVIEW', at: '2023-05-24T09:00:00.000Z', note: 'Screening hits confirmed against the SDN entry.' },
        { to: 'ACTION_TAKEN', at: '2023-05-24T10:05:00.000Z', note: 'Linked accounts frozen.' },
        { to: 'REFERRED', at: '2023-08-15T15:05:00.000Z', note: 'Seized funds transferred to law enforcement.' },
      ],
    },
    {
      id: 'demo-case-chinyong',
      title: 'CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY (DPRK2): linked account frozen (demo)',
      description:
        'Demo case. OFAC designated the company on 2023-05-23 for employing DPRK IT workers abroad; an account linked to it was frozen the next day.',
      openedAt: '2023-05-24T08:45:00.000Z',
      assignee: 'investigator.demo@northbridge.example',
      subjects: [
        { kind: 'PARTY', partyId: 'ofac-sdn:43379' },
        ...accounts.filter(a => a.linkedPartyIds.includes('ofac-sdn:43379')).map(a => ({ kind: 'ACCOUNT' as const, accountId: a.id })),
      ],
      freezes: accounts
        .filter(a => a.linkedPartyIds.includes('ofac-sdn:43379'))
        .map(a => ({ accountId: a.id, at: '2023-05-24T10:30:00.000Z', legalReference: 'OFAC designation 2023-05-23 (DPRK2); 31 CFR 510.201', note: 'Blocked (demo).' })),
      seizures: [],
      statusChanges: [
        { to: 'UNDER_REVIEW', at: '2023-05-24T09:10:00.000Z', note: 'Link to the SDN entry confirmed.' },
        { to: 'ACTION_TAKEN', at: '2023-05-24T10:35:00.000Z', note: 'Linked account frozen.' },
      ],
    },
    {
      id: 'demo-case-lazarus-exposure',
      title: 'Lazarus Group (DPRK3): deposit from Ronin bridge addresses (demo)',
      description: 'Demo case. A deposit account received funds from Ethereum addresses OFAC lists for Lazarus Group.',
      openedAt: '2023-06-02T12:00:00.000Z',
      assignee: 'analyst.demo@northbridge.example',
      subjects: [
        { kind: 'PARTY', partyId: 'ofac-sdn:27307' },
        ...accounts.filter(a => a.linkedPartyIds.includes('ofac-sdn:27307')).map(a => ({ kind: 'ACCOUNT' as const, accountId: a.id })),
      ],
      freezes: accounts
        .filter(a => a.linkedPartyIds.includes('ofac-sdn:27307'))
        .map(a => ({ accountId: a.id, at: '2023-06-02T13:00:00.000Z', legalReference: 'OFAC SDN listing of Lazarus Group (DPRK3)', note: 'Blocked (demo).' })),
      seizures: [],
      statusChanges: [{ to: 'UNDER_REVIEW', at: '2023-06-02T12:10:00.000Z', note: 'Reviewing counterparties.' }],
    },
  ];

  for (const a of accounts) {
    for (const d of a.depositAddresses) {
      if (!normalizeAddress(d.chain, d.address).ok) {
        throw new Error(`demo story generated an invalid ${d.chain} address ${d.address}`);
      }
    }
  }
  return { accounts, transfers, cases, sanctionedAddresses: LISTED_ADDRESSES };
}
