import { Chain } from '../../common/chain';
import { buildDemoStory } from '../../common/demo/story';
import { FLAGSHIP, expectedFlagship, transfersOf } from '../helpers/flagship';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
const story = buildDemoStory();

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

describe('the flagship request through the gateway', () => {
  it('returns the party, its accounts, their transfers and the cases, in one round trip', async () => {
    const r = await stack.query(FLAGSHIP, { id: 'ofac-sdn:43377' });
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.sanctionedEntity).toEqual(expectedFlagship(story));
    // Non-empty, as the contract demands of the demo data.
    const e = r.body.data.sanctionedEntity;
    expect(e.accounts.length).toBeGreaterThan(0);
    expect(e.accounts.every((a: { transfers: { totalCount: number } }) => a.transfers.totalCount > 0)).toBe(true);
    expect(e.cases.length).toBeGreaterThan(0);
  });

  it("walks an account's transfers with the after cursor, page by page, without gaps or repeats", async () => {
    const account = story.accounts.find(a => a.linkedPartyIds.includes('ofac-sdn:43377'))!;
    const expected = transfersOf(story, account.depositAddresses).map(t => t.txHash);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const r = await stack.query(
        `query($id: ID!, $after: String) { account(id: $id) { transfers(first: 4, after: $after) {
           totalCount pageInfo { hasNextPage endCursor } edges { cursor node { txHash } } } } }`,
        { id: account.id, after },
      );
      expect(r.body.errors).toBeUndefined();
      const page = r.body.data.account.transfers;
      expect(page.totalCount).toBe(expected.length);
      seen.push(...page.edges.map((e: { node: { txHash: string } }) => e.node.txHash));
      pages++;
      if (!page.pageInfo.hasNextPage) {
        break;
      }
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1).cursor);
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 4));
  });

  it('serves health on the gateway and every subgraph', async () => {
    const urls = [stack.url, ...Object.values(stack.subgraphs).map(s => s.url)].map(u => u.replace(/\/graphql$/, '/health'));
    for (const url of urls) {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok' });
    }
  });

  it('serves the IDE at / as one page that loads nothing from elsewhere', async () => {
    const res = await fetch(stack.url.replace(/graphql$/, ''));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('query Subject($id: ID!)');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?https?:/i);
    expect(res.headers.get('content-security-policy')).toContain("connect-src 'self'");
  });

  it('answers bad input with coded errors and changes nothing', async () => {
    const badAddress = await stack.query(`{ address(chain: ETHEREUM, address: "0x1234") { address } }`);
    expect(badAddress.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'address', serviceName: 'chain' });
    const unknown = await stack.query(`{ account(id: "no-such-account") { id } case(id: "no-such-case") { id } }`);
    expect(unknown.body).toEqual({ data: { account: null, case: null } });
    const badCursor = await stack.query(`{ cases(after: "garbage") { totalCount } }`);
    expect(badCursor.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', serviceName: 'cases' });
    const syntax = await stack.query(`{ sanctionedEntity(id: `);
    expect(syntax.status).toBe(400);
    expect(syntax.body.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('finds an address with any casing and answers it checksummed', async () => {
    const r = await stack.query(`{ address(chain: ETHEREUM, address: "0x97B1043ABD9E6FC31681635166d430a458D14F9C") { chain address transfers(first: 1) { totalCount } } }`);
    expect(r.body.data.address).toEqual({
      chain: Chain.ETHEREUM,
      address: '0x97B1043ABD9E6FC31681635166d430a458D14F9C',
      transfers: { totalCount: transfersOf(story, [{ chain: Chain.ETHEREUM, address: '0x97b1043abd9e6fc31681635166d430a458d14f9c' }]).length },
    });
  });
});
