import { Chain, displayAddress, normalizeAddress } from '../../common/chain';
import type { DemoStory, DemoTransfer } from '../../common/demo/story';
import { FLAGSHIP_QUERY } from '../../gateway/ide';

/** The contract's flagship request, as the IDE offers it (gateway/ide.test.ts pins it to CONTRACT.md). */
export const FLAGSHIP = FLAGSHIP_QUERY;

const key = (chain: Chain, address: string) => {
  const n = normalizeAddress(chain, address);
  return `${chain}:${n.ok ? n.address : address}`;
};

/** Transfers touching any of the addresses, newest first, as the graph orders them. */
export function transfersOf(story: DemoStory, addresses: { chain: Chain; address: string }[]): DemoTransfer[] {
  const set = new Set(addresses.map(a => key(a.chain, a.address)));
  return story.transfers
    .filter(t => set.has(key(t.chain, t.from)) || set.has(key(t.chain, t.to)))
    .sort((a, b) => b.timestamp.localeCompare(a.timestamp) || b.id.localeCompare(a.id));
}

/**
 * The flagship answer for KIM, Sang Man, computed from the demo story and OFAC's entry alone (not
 * from any database). Cursors are opaque: any string (the tests follow them separately).
 */
export function expectedFlagship(story: DemoStory) {
  const kimAddresses = story.sanctionedAddresses.filter(a => a.partyId === 'ofac-sdn:43377');
  const kimAccounts = story.accounts.filter(a => a.linkedPartyIds.includes('ofac-sdn:43377')).sort((a, b) => a.id.localeCompare(b.id));
  const kimCase = story.cases.find(c => c.subjects.some(s => s.kind === 'PARTY' && s.partyId === 'ofac-sdn:43377'));
  if (!kimCase) {
    throw new Error('the demo story has no case about KIM, Sang Man');
  }
  const actions = [
    ...kimCase.freezes.map(f => ({ at: f.at, __typename: 'Freeze' })),
    ...kimCase.seizures.map(s => ({ at: s.at, __typename: 'Seizure' })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const finalStatus = kimCase.statusChanges.at(-1)?.to ?? 'OPEN';
  return {
    id: 'ofac-sdn:43377',
    name: 'KIM, Sang Man',
    kind: 'INDIVIDUAL',
    programs: ['DPRK4'],
    listed: true,
    designations: [{ list: 'SDN', program: 'DPRK4', listedOn: '2023-05-23' }],
    cryptoAddresses: kimAddresses.map(a => {
      const all = transfersOf(story, [a]);
      return {
        chain: a.chain,
        address: displayAddress(a.chain, a.address),
        transfers: {
          totalCount: all.length,
          edges: all.slice(0, 5).map(t => ({
            node: { txHash: t.txHash, timestamp: t.timestamp, amount: t.amount, asset: t.asset, to: { address: displayAddress(t.chain, t.to) } },
          })),
        },
      };
    }),
    accounts: kimAccounts.map(acct => {
      const all = transfersOf(story, acct.depositAddresses);
      return {
        id: acct.id,
        exchange: acct.exchange,
        status: acct.status,
        transfers: {
          totalCount: all.length,
          pageInfo: { hasNextPage: all.length > 10, endCursor: expect.any(String) },
          edges: all.slice(0, 10).map(t => ({ cursor: expect.any(String), node: { amount: t.amount, asset: t.asset } })),
        },
        cases: story.cases
          .filter(c => c.subjects.some(s => s.kind === 'ACCOUNT' && s.accountId === acct.id))
          .map(c => ({ id: c.id, status: c.statusChanges.at(-1)?.to ?? 'OPEN' })),
      };
    }),
    cases: [{ id: kimCase.id, title: kimCase.title, status: finalStatus, actions: actions.map(a => ({ __typename: a.__typename })) }],
  };
}
