import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { graphql, type ExecutionResult } from 'graphql';
import { openDatabase, type Database } from '../common/database';
import { buildDemoStory } from '../common/demo/story';
import { silentLogger } from '../common/logger';
import { requestInfo } from '../common/request-context';
import type { Subgraph } from '../common/subgraph';
import * as accounts from '../subgraphs/accounts';
import * as cases from '../subgraphs/cases';
import { arg, median, ms, percentile, say, table } from './stats';
import { createScratchDatabase, LOCAL_POSTGRES, type ScratchDatabase } from '../common/dev/scratch';

/**
 * `npm run bench -- workflow`: latency of the workflow's main mutations (each one audited
 * transaction), and the cost of auditing a read of personal data, measured side by side with
 * auditing off (the same subgraph built with `{ audit: false }`, requests interleaved). The
 * subgraphs run in-process on their own databases (no HTTP, no gateway): the figures are the
 * subgraph's own work. Options: `--db pglite|postgres` (default pglite; postgres uses
 * DATABASE_URL or the local server, in a database of its own dropped afterwards),
 * `--requests N` (default 200).
 */

type Data = any; // eslint-disable-line @typescript-eslint/no-explicit-any

async function exec(s: Subgraph, source: string, variables: Record<string, unknown> = {}): Promise<Data> {
  const r: ExecutionResult<Data> = await graphql({
    schema: s.schema,
    source,
    variableValues: variables,
    contextValue: s.createContext(requestInfo({ headers: { 'x-principal': 'bench@northbridge.example' } }, silentLogger)),
  });
  if (r.errors) {
    throw new Error(`bench request failed: ${r.errors[0].message}`);
  }
  return r.data;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export async function benchWorkflow(): Promise<void> {
  const dbKind = arg('db', 'pglite');
  const n = Number(arg('requests', '200'));
  const story = buildDemoStory({ otherAccounts: 60 });
  let scratch: ScratchDatabase | null = null;
  let url: string | null = null;
  if (dbKind === 'postgres') {
    scratch = await createScratchDatabase('cg_bench_workflow', process.env.DATABASE_URL || LOCAL_POSTGRES);
    url = scratch.url;
  }
  const open = (name: 'accounts' | 'cases'): Promise<Database> =>
    openDatabase({
      config: url ? { kind: 'postgres', url, schema: name } : { kind: 'pglite', dataDir: 'memory://', schema: name },
      ...(name === 'accounts' ? accounts.accountsStorage : cases.casesStorage),
      log: silentLogger,
    });
  const acctDb = await open('accounts');
  const caseDb = await open('cases');
  try {
    await accounts.seedDemo(acctDb.dataSource, { story });
    await cases.seedDemo(caseDb.dataSource, { story });
    const acct = await accounts.createSubgraph({ database: acctDb, log: silentLogger });
    const acctQuiet = await accounts.createSubgraph({ database: acctDb, log: silentLogger }, { audit: false });
    const cs = await cases.createSubgraph({ database: caseDb, log: silentLogger });
    say(`Workflow benchmark on ${url ? `PostgreSQL (database ${scratch?.name})` : 'embedded PGlite (in memory)'}, ${n} requests per figure, in-process subgraphs.`);

    // Warm up: plans, caches, JIT.
    for (let i = 0; i < 20; i++) {
      await exec(acct, `{ account(id: "${story.accounts[0].id}") { holder { name } } }`);
      await exec(acctQuiet, `{ account(id: "${story.accounts[0].id}") { holder { name } } }`);
    }

    const rows: (string | number)[][] = [];
    const record = (name: string, sample: number[]) => rows.push([name, ms(median(sample)), ms(percentile(sample, 99)), sample.length]);

    // Mutations.
    const opened: string[] = [];
    const openSample: number[] = [];
    for (let i = 0; i < n; i++) {
      openSample.push(
        await time(async () => {
          const d = await exec(cs, `mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }`, {
            i: { title: `Bench case ${i}`, subjects: [{ entityId: 'ofac-sdn:43377' }], idempotencyKey: `bench-open-${i}-${randomBytes(4).toString('hex')}` },
          });
          opened.push(d.openCase.id);
        }),
      );
    }
    record('openCase (with 1 subject)', openSample);
    const seizeSample: number[] = [];
    for (let i = 0; i < n; i++) {
      seizeSample.push(
        await time(() =>
          exec(cs, `mutation($i: RecordSeizureInput!) { recordSeizure(input: $i) { version } }`, {
            i: { caseId: opened[i], amount: '1000.00', asset: 'USDT', amountUsd: '1000.00', authority: 'Bench court', idempotencyKey: `bench-seize-${i}-${randomBytes(4).toString('hex')}` },
          }),
        ),
      );
    }
    record('recordSeizure (idempotency key)', seizeSample);
    const retrySample: number[] = [];
    const key = `bench-retry-${randomBytes(4).toString('hex')}`;
    for (let i = 0; i < n; i++) {
      retrySample.push(
        await time(() =>
          exec(cs, `mutation($i: RecordSeizureInput!) { recordSeizure(input: $i) { version } }`, {
            i: { caseId: opened[0], amount: '5.00', asset: 'BTC', authority: 'Bench court', idempotencyKey: key },
          }),
        ),
      );
    }
    record('recordSeizure retried (replay)', retrySample);
    const statusSample: number[] = [];
    for (let i = 0; i < n; i++) {
      statusSample.push(
        await time(() =>
          exec(cs, `mutation($i: ChangeCaseStatusInput!) { changeCaseStatus(input: $i) { version } }`, {
            i: { caseId: opened[i], status: 'UNDER_REVIEW', expectedVersion: i === 0 ? 3 : 2 },
          }),
        ),
      );
    }
    record('changeCaseStatus (expectedVersion)', statusSample);
    const ordinary = story.accounts.filter(a => a.linkedPartyIds.length === 0);
    const freezeSample: number[] = [];
    const unfreezeSample: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = ordinary[i % ordinary.length].id;
      const input = { accountId: a, caseId: 'case-bench', legalProcessReference: 'Bench warrant' };
      freezeSample.push(await time(() => exec(acct, `mutation($i: ChangeAccountStatusInput!) { freezeAccount(input: $i) { version } }`, { i: input })));
      unfreezeSample.push(await time(() => exec(acct, `mutation($i: ChangeAccountStatusInput!) { unfreezeAccount(input: $i) { version } }`, { i: input })));
    }
    record('freezeAccount', freezeSample);
    record('unfreezeAccount', unfreezeSample);
    say('\nMutations (ms per request):');
    say(table(['mutation', 'median', 'p99', 'n'], rows));

    // Reads of personal data, audited vs not, interleaved so that drift hits both alike.
    const one = `{ account(id: "${ordinary[0].id}") { holder { name dateOfBirth nationality kycLevel documents { type number } } } }`;
    const page = `{ accounts(first: 50) { edges { node { id holder { name dateOfBirth nationality kycLevel documents { type number } } } } } }`;
    const reads: (string | number)[][] = [];
    for (const [name, q] of [
      ['1 account holder', one],
      ['50 account holders', page],
    ] as const) {
      const on: number[] = [];
      const off: number[] = [];
      for (let i = 0; i < n; i++) {
        on.push(await time(() => exec(acct, q)));
        off.push(await time(() => exec(acctQuiet, q)));
      }
      const overhead = median(on) - median(off);
      reads.push([name, ms(median(off)), ms(percentile(off, 99)), ms(median(on)), ms(percentile(on, 99)), ms(overhead), `${((overhead / median(off)) * 100).toFixed(0)} %`]);
    }
    say('\nRead of personal data (ms per request), audit off vs on (one audit record per request):');
    say(table(['read', 'off median', 'off p99', 'on median', 'on p99', '+median', '+%'], reads));
  } finally {
    await acctDb.close();
    await caseDb.close();
    await scratch?.drop();
  }
}
