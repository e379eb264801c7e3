import { SUBGRAPH_NAMES, type SubgraphName } from '../../common/config';
import { buildDemoStory } from '../../common/demo/story';
import { FLAGSHIP } from '../helpers/flagship';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Issue 7: DataLoader batch sizes at GET /metrics. The flagship request for KIM, Sang Man with 3
 * linked accounts, read back from each subgraph's /metrics: which loaders ran, how many batches
 * and how many keys, and that every batch was one SQL statement.
 */

const KIM = 'ofac-sdn:43377';
const ACCOUNTS = 3;

/** One sample of a metric in Prometheus text, by name and labels (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string>): number {
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== name) {
      continue;
    }
    const got = Object.fromEntries([...m[2].matchAll(/(\w+)="([^"]*)"/g)].map(x => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) {
      return Number(m[3]);
    }
  }
  return 0;
}

interface LoaderUse {
  batches: number;
  keys: number;
}

/** Every loader's batches and keys as one subgraph's /metrics tells them. */
async function loaderUse(stack: Stack, name: SubgraphName): Promise<{ text: string; loaders: Record<string, LoaderUse> }> {
  const res = await fetch(new URL('/metrics', stack.subgraphs[name].url));
  const text = await res.text();
  const names = new Set([...text.matchAll(/^dataloader_batches_total\{[^}]*loader="(\w+)"/gm)].map(m => m[1]));
  const loaders = Object.fromEntries(
    [...names].sort().map(loader => {
      const batches = sample(text, 'dataloader_batches_total', { loader, outcome: 'ok' });
      // The histogram counts the same batches as the counter.
      expect(sample(text, 'dataloader_batch_size_count', { loader })).toBe(batches);
      return [loader, { batches, keys: sample(text, 'dataloader_batch_size_sum', { loader }) }];
    }),
  );
  return { text, loaders };
}

function minus(after: Record<string, LoaderUse>, before: Record<string, LoaderUse>): Record<string, LoaderUse> {
  return Object.fromEntries(
    Object.entries(after)
      .map(([k, v]) => [k, { batches: v.batches - (before[k]?.batches ?? 0), keys: v.keys - (before[k]?.keys ?? 0) }] as const)
      .filter(([, v]) => v.batches > 0),
  );
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ story: { kimAccounts: ACCOUNTS } });
}, 120_000);
afterAll(() => stack?.stop());

it('counts the DataLoader batches and their keys of the flagship request, per subgraph and loader', async () => {
  const story = buildDemoStory({ kimAccounts: ACCOUNTS });
  const kimAddresses = story.sanctionedAddresses.filter(a => a.partyId === KIM).length;
  expect(kimAddresses).toBeGreaterThan(0);

  const before = Object.fromEntries(await Promise.all(SUBGRAPH_NAMES.map(async n => [n, await loaderUse(stack, n)] as const)));
  stack.resetCounters();
  const r = await stack.query(FLAGSHIP, { id: KIM });
  expect(r.body.errors).toBeUndefined();
  expect(r.body.data.sanctionedEntity.accounts).toHaveLength(ACCOUNTS);
  const statements = stack.statements();
  const after = Object.fromEntries(await Promise.all(SUBGRAPH_NAMES.map(async n => [n, await loaderUse(stack, n)] as const)));
  const used = Object.fromEntries(SUBGRAPH_NAMES.map(n => [n, minus(after[n].loaders, before[n].loaders)]));

  expect(used).toEqual({
    // The party, then its designations and crypto addresses: one key each.
    entities: { party: { batches: 1, keys: 1 }, designations: { batches: 1, keys: 1 }, cryptoAddresses: { batches: 1, keys: 1 } },
    // The party's links, then its 3 accounts and their deposit addresses in one batch each.
    accounts: { linksByParty: { batches: 1, keys: 1 }, account: { batches: 1, keys: ACCOUNTS }, depositAddresses: { batches: 1, keys: ACCOUNTS } },
    // One fetch (the party's addresses' and the accounts' transfers, merged by the gateway): one
    // batch of pages and one of totals for all of them.
    chain: { transferPage: { batches: 1, keys: kimAddresses + ACCOUNTS }, transferCount: { batches: 1, keys: kimAddresses + ACCOUNTS } },
    // The party's case and its actions, then the 3 accounts' cases in one batch.
    cases: { casesByParty: { batches: 1, keys: 1 }, actions: { batches: 1, keys: 1 }, casesByAccount: { batches: 1, keys: ACCOUNTS } },
  });
  // One SQL statement per batch: the loaders are all the request reads through.
  for (const n of SUBGRAPH_NAMES) {
    expect(Object.values(used[n]).reduce((sum, u) => sum + u.batches, 0)).toBe(statements[n]);
  }
  // The histogram's buckets: the accounts subgraph's account loader saw one batch of 3 keys.
  const accounts = after.accounts.text;
  expect(sample(accounts, 'dataloader_batch_size_bucket', { loader: 'account', le: '2' })).toBe(0);
  expect(sample(accounts, 'dataloader_batch_size_bucket', { loader: 'account', le: '5', service: 'accounts' })).toBe(1);
  // The counter has the outcome; no batch failed.
  expect(accounts).not.toMatch(/^dataloader_batches_total\{[^}]*outcome="error"/m);
});
