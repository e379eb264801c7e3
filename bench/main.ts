// Before any import: graphql-js reads NODE_ENV once, when it is loaded. The export suite runs
// the entities subgraph (the export's provenance) in this process as `npm start` runs
// subgraphs, NODE_ENV=production (see cli/start.ts; its chain and gateway processes get theirs,
// see bench/export.ts). Other suites, and every suite run together, keep NODE_ENV as given.
const suitesNamed = suiteWords(process.argv.slice(2));
if (suitesNamed.length === 1 && suitesNamed[0] === 'export') {
  process.env.NODE_ENV ??= 'production';
}
import 'reflect-metadata';
import { benchEntities } from './entities';
import { benchChain } from './chain';
import { benchFoundation } from './foundation';
import { benchWorkflow } from './workflow';
import { say } from './stats';

/**
 * `npm run bench [-- SUITE ...] [options]`: the benchmarks, each printing a table of medians and
 * ratios against a baseline measured in the same run. Never part of `npm test`. With no suite
 * named, every suite runs in turn.
 */
process.env.APOLLO_TELEMETRY_DISABLED ??= '1';

/** Each suite: its name, what it measures, and how. Add new suites here. */
const SUITES: { name: string; about: string; run: () => Promise<void> }[] = [
  { name: 'foundation', about: 'npm start time; flagship latency via the gateway vs direct subgraph calls', run: benchFoundation },
  { name: 'workflow', about: 'latency of the workflow mutations; audit overhead on reads of personal data (on vs off)', run: benchWorkflow },
  { name: 'chain', about: 'transfers at 1M and 10M on PostgreSQL: ingest rate, page and exposure latency, size', run: benchChain },
  { name: 'guard', about: 'latency added to the flagship request by authentication and limits: on vs off (and rate limit in Redis), same run', run: () => (require('./guard') as typeof import('./guard')).benchGuard() },
  { name: 'export', about: 'POST /export of 1,000,000 transfers through the gateway process: rows/s, gateway peak RSS', run: () => (require('./export') as typeof import('./export')).benchExport() },
  { name: 'entities', about: 'OFAC import and re-import of the full SDN list; name screening latency and batch throughput', run: benchEntities },
  { name: 'load', about: 'flagship under autocannon load on five processes: throughput, latency, errors, RSS; again with cases killed 30 s', run: () => (require('./load') as typeof import('./load')).benchLoad() },
  { name: 'gateway', about: 'ours vs plain @apollo/gateway vs Hive Gateway (JS and Rust planners) over the same supergraph and subgraphs: req/s, p50/p99, CPU/req, RSS', run: () => (require('./gateway') as typeof import('./gateway')).benchGateway() },
];

async function main(): Promise<void> {
  const named = suiteWords(process.argv.slice(2));
  if (named.includes('help')) {
    say('Suites:');
    for (const s of SUITES) {
      say(`  ${s.name.padEnd(12)} ${s.about}`);
    }
    return;
  }
  const unknown = named.filter(n => !SUITES.some(s => s.name === n));
  if (unknown.length > 0) {
    throw new Error(`unknown suite ${unknown.join(', ')}; suites: ${SUITES.map(s => s.name).join(', ')}`);
  }
  for (const suite of SUITES.filter(s => named.length === 0 || named.includes(s.name))) {
    say(`\n### ${suite.name}: ${suite.about}\n`);
    await suite.run();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});

/**
 * Suite names: the words that are neither an option (`--name`) nor an option's value (the word
 * after an option written without `=`, unless the option is a flag that takes none).
 */
function suiteWords(words: readonly string[]): string[] {
  const flags = new Set(['--quick', '--continue-on-differences']);
  return words.filter((a, i) => !a.startsWith('--') && !(i > 0 && words[i - 1].startsWith('--') && !words[i - 1].includes('=') && !flags.has(words[i - 1])));
}
