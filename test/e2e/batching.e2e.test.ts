import { buildDemoStory } from '../../common/demo/story';
import { FLAGSHIP } from '../helpers/flagship';
import { startStack } from '../helpers/stack';

/**
 * Proves batching instead of assuming it: the flagship request costs the same number of SQL
 * statements in each subgraph, and the same number of subgraph fetches, whether KIM, Sang Man has
 * 1 linked account or 20 (and 12 or 240 transfers on them).
 */
async function measure(kimAccounts: number) {
  const stack = await startStack({ story: { kimAccounts } });
  try {
    // Plan and warm once; count the second run.
    await stack.query(FLAGSHIP, { id: 'ofac-sdn:43377' });
    stack.resetCounters();
    const r = await stack.query(FLAGSHIP, { id: 'ofac-sdn:43377' });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.sanctionedEntity.accounts).toHaveLength(kimAccounts);
    const story = buildDemoStory({ kimAccounts });
    expect(story.accounts.filter(a => a.linkedPartyIds.includes('ofac-sdn:43377'))).toHaveLength(kimAccounts);
    return { statements: stack.statements(), fetches: { ...stack.fetches } };
  } finally {
    await stack.stop();
  }
}

it('the flagship request does not grow with the number of accounts and transfers', async () => {
  const one = await measure(1);
  const twenty = await measure(20);
  process.stdout.write(
    `flagship request, 1 vs 20 accounts:\n  SQL statements ${JSON.stringify(one.statements)} vs ${JSON.stringify(twenty.statements)}\n  subgraph fetches ${JSON.stringify(one.fetches)} vs ${JSON.stringify(twenty.fetches)}\n`,
  );
  expect(twenty.statements).toEqual(one.statements);
  expect(twenty.fetches).toEqual(one.fetches);
  // And the numbers themselves, so that a regression that adds a fetch or a query is seen. The
  // plan (reshaped by gateway/plan/level-plan.ts): the party (entities); then its accounts; then
  // one request to chain for the addresses' and the accounts' transfers (@requires the deposit
  // addresses) and one to cases for the party's and the accounts' cases. Plain @apollo/gateway
  // asks chain and cases twice each (6 fetches), and chain then runs 4 statements, not 2.
  expect(one.fetches).toEqual({ entities: 1, accounts: 1, chain: 1, cases: 1 });
  expect(one.statements).toEqual({ entities: 3, accounts: 3, chain: 2, cases: 3 });
  // Two whole stacks start here, one after the other: on a busy 2-core machine that takes a while.
}, 180_000);
