import { Chain, displayAddress } from '../../common/chain';
import { buildDemoStory, DEMO_EXCHANGE, type DemoAccount, type DemoStory } from '../../common/demo/story';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Exposure through the gateway, on the demo story: the chain subgraph finds the paths, and each
 * hop of a path is an `Address` that federation links to its account (accounts subgraph), the
 * parties listing it (chain subgraph, their names from entities) and its cases (cases subgraph).
 * Every expected value is computed from the demo story itself (common/demo/story.ts).
 */

const KIM = 'ofac-sdn:43377';
const story = buildDemoStory();
let stack: Stack;

beforeAll(async () => {
  // As in production: no anonymous access, subgraphs check the gateway's signed identity, and the
  // default cost budget: the exposure lists declare their sizes (@listSize), so a natural
  // exposure query is costed as what it can fetch (see the cost test below).
  stack = await startStack({ auth: { anonymousRole: null, identityCheck: true } });
}, 180_000);
afterAll(() => stack?.stop());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const lower = (a: string) => a.toLowerCase();

const EXPOSURE = `query Exposure($address: String!) { address(chain: ETHEREUM, address: $address) {
  exposure(hops: 3) {
    truncated visitedAddresses hubsNotExpanded
    limits { maxVisitedAddresses hubTransfers startTransfers neighbourTransfers maxTransfersRead transfersRead
             startsCapped neighboursCapped addressesNotExpanded visitedCapReached }
    entities {
      entity { id name } hops nearestAddress { chain address }
      paths {
        direction hops
        steps { from { address } to { address } amounts { asset amount } transfers }
        addresses {
          chain address
          sanctionedEntities { id name programs }
          account { id exchange status cases { id } }
          cases { id title status }
        }
      }
    }
  } } }`;

/** Exact sum of decimal strings, at the largest scale among them (as PostgreSQL's numeric sum). */
function sumDecimals(amounts: string[]): string {
  const scale = Math.max(...amounts.map(a => (a.split('.')[1] ?? '').length));
  const units = amounts.reduce((s, a) => {
    const [int, frac = ''] = a.split('.');
    return s + BigInt(int + frac.padEnd(scale, '0'));
  }, 0n);
  const digits = units.toString().padStart(scale + 1, '0');
  return scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** The funds that moved from one Ethereum address to another in the story, summed per asset. */
function flow(s: DemoStory, from: string, to: string) {
  const ts = s.transfers.filter(t => t.chain === Chain.ETHEREUM && lower(t.from) === lower(from) && lower(t.to) === lower(to));
  const assets = [...new Set(ts.map(t => t.asset))].sort();
  return {
    from: { address: displayAddress(Chain.ETHEREUM, lower(from)) },
    to: { address: displayAddress(Chain.ETHEREUM, lower(to)) },
    amounts: assets.map(asset => ({ asset, amount: sumDecimals(ts.filter(t => t.asset === asset).map(t => t.amount)) })),
    transfers: ts.length,
  };
}

/** Upstream and downstream breadth-first search over the story: party id to fewest hops. */
function reachedParties(s: DemoStory, start: string, hops: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [a, b] of [
    ['from', 'to'],
    ['to', 'from'],
  ] as const) {
    const dist = new Map([[lower(start), 0]]);
    let frontier = [lower(start)];
    for (let d = 1; d <= hops; d++) {
      const next: string[] = [];
      for (const t of s.transfers.filter(t => t.chain === Chain.ETHEREUM && frontier.includes(lower(t[a])))) {
        if (!dist.has(lower(t[b]))) {
          dist.set(lower(t[b]), d);
          next.push(lower(t[b]));
        }
      }
      frontier = next;
    }
    for (const l of s.sanctionedAddresses) {
      const d = dist.get(lower(l.address));
      if (d !== undefined && (out[l.partyId] === undefined || d < out[l.partyId])) {
        out[l.partyId] = d;
      }
    }
  }
  return out;
}

/** What the graph must say about one address of a path, from the story alone. */
function expectedHop(s: DemoStory, address: string) {
  const eth = (a: { chain: Chain; address: string }) => a.chain === Chain.ETHEREUM && lower(a.address) === lower(address);
  const account: DemoAccount | undefined = s.accounts.find(a => a.depositAddresses.some(eth));
  const listedBy = [...new Set(s.sanctionedAddresses.filter(eth).map(l => l.partyId))].sort();
  const casesOf = (pred: (subject: DemoStory['cases'][number]['subjects'][number]) => boolean) =>
    s.cases.filter(c => c.subjects.some(pred)).map(c => c.id);
  return {
    chain: Chain.ETHEREUM,
    address: displayAddress(Chain.ETHEREUM, lower(address)),
    sanctionedEntities: listedBy.map(id => {
      expect(id).toBe(KIM); // the only party listed on these paths, whose OFAC entry the test knows
      return { id, name: 'KIM, Sang Man', programs: ['DPRK4'] };
    }),
    account: account
      ? { id: account.id, exchange: DEMO_EXCHANGE, status: account.status, cases: casesOf(x => x.kind === 'ACCOUNT' && x.accountId === account.id).map(id => ({ id })) }
      : null,
    cases: s.cases
      .filter(c => c.subjects.some(x => x.kind === 'ADDRESS' && eth(x)))
      .map(c => ({ id: c.id, title: c.title, status: c.statusChanges.at(-1)?.to ?? 'OPEN' })),
  };
}

describe('exposure through the gateway', () => {
  // An ordinary customer's Ethereum deposit address: KIM, Sang Man's funds reach it through a
  // frozen account of the demo exchange (two hops upstream).
  const customer = story.accounts.find(a => a.linkedPartyIds.length === 0)!;
  const start = customer.depositAddresses.find(d => d.chain === Chain.ETHEREUM)!.address;

  it('answers paths whose hops are Addresses linked to their account, listing party and cases', async () => {
    const r = await stack.query(EXPOSURE, { address: start }, bearer(stack.token('analyst')));
    expect(r.body.errors).toBeUndefined();
    expect(r.status).toBe(200);
    const e = r.body.data.address.exposure;

    // Complete (no bound cut the search on the demo data), and exactly the parties the story reaches.
    expect(e.truncated).toBe(false);
    expect(e.limits).toMatchObject({ startsCapped: 0, neighboursCapped: 0, addressesNotExpanded: 0, visitedCapReached: false });
    expect(e.limits.transfersRead).toBeGreaterThan(0);
    expect(e.limits.transfersRead).toBeLessThanOrEqual(e.limits.maxTransfersRead);
    const expectedReach = reachedParties(story, start, 3);
    expect(Object.fromEntries(e.entities.map((x: any) => [x.entity.id, x.hops]))).toEqual(expectedReach);
    expect(expectedReach[KIM]).toBe(2);

    const kim = e.entities.find((x: any) => x.entity.id === KIM);
    expect(kim.entity.name).toBe('KIM, Sang Man');
    const kimEth = story.sanctionedAddresses.filter(l => l.partyId === KIM && l.chain === Chain.ETHEREUM).map(l => l.address);
    expect(kimEth.map(a => displayAddress(Chain.ETHEREUM, a))).toContain(kim.nearestAddress.address);

    // The top path: upstream, start ← a deposit address of the demo exchange ← a listed address.
    const top = kim.paths[0];
    expect(top).toMatchObject({ direction: 'IN', hops: 2 });
    const [first, middle, listed] = top.addresses.map((a: any) => a.address);
    expect(lower(first)).toBe(lower(start));
    expect(kimEth).toContain(lower(listed));
    // The middle hop is an address that really received from the listed one and sent to the start.
    expect(flow(story, listed, middle).transfers).toBeGreaterThan(0);
    expect(flow(story, middle, start).transfers).toBeGreaterThan(0);
    // Each step in the direction the funds moved, with the story's exact sums.
    expect(top.steps).toEqual([flow(story, middle, start), flow(story, listed, middle)]);

    // Every hop, resolved by four subgraphs: exactly what the story says of that address.
    expect(top.addresses).toEqual([expectedHop(story, start), expectedHop(story, middle), expectedHop(story, listed)]);
    // Spelled out for the reader: the customer's active account, a frozen account in a case, the
    // listed address of KIM, Sang Man that is a subject of the case about him.
    expect(top.addresses[0].account).toMatchObject({ id: customer.id, status: 'ACTIVE', cases: [] });
    expect(top.addresses[1].account.status).toBe('FROZEN');
    expect(top.addresses[1].account.cases.length).toBe(1);
    expect(top.addresses[1].sanctionedEntities).toEqual([]);
    expect(top.addresses[2]).toMatchObject({
      account: null,
      sanctionedEntities: [{ id: KIM, name: 'KIM, Sang Man', programs: ['DPRK4'] }],
      cases: [{ id: 'demo-case-kim-sang-man' }],
    });
  });

  it('answers Account.exposure from all its deposit addresses, which the gateway fetches from accounts', async () => {
    const frozen = story.accounts.find(a => a.linkedPartyIds.includes(KIM))!;
    const r = await stack.query(
      `query($id: ID!) { account(id: $id) { id exposure(hops: 1) { truncated entities { entity { id name } hops } } } }`,
      { id: frozen.id },
      bearer(stack.token('analyst')),
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.account).toEqual({
      id: frozen.id,
      exposure: { truncated: false, entities: [{ entity: { id: KIM, name: 'KIM, Sang Man' }, hops: 1 }] },
    });
  });

  it('refuses a request without a credential', async () => {
    const r = await stack.query(EXPOSURE, { address: start });
    expect(r.status).toBe(401);
  });
});
