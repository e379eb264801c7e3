import type { SubgraphName } from '../common/config';
import type { Database } from '../common/database';
import { verifyAuditChain } from '../common/audit/verify';
import { parseOptions, UsageError, withDatabase } from './options';

/** The subgraphs that keep an audit chain, each in its own database. */
export const AUDITED_SUBGRAPHS = ['accounts', 'cases'] as const satisfies readonly SubgraphName[];

type Audited = (typeof AUDITED_SUBGRAPHS)[number];

/**
 * `audit verify [--subgraph accounts|cases]`: walks each audit chain and checks every record's
 * hash, every link to the record before, the numbering, and the head. Prints per chain the
 * records counted and the head (sequence number and hash: keep it somewhere else to detect a
 * wholesale rewrite later), or every problem naming its record. Exit 0 when every chain is
 * intact, 1 otherwise.
 */
export async function auditVerify(
  args: string[],
  open: <T>(name: Audited, fn: (db: Database) => Promise<T>) => Promise<T> = withDatabase,
  write: (line: string) => void = line => process.stdout.write(`${line}\n`),
): Promise<number> {
  const o = parseOptions(args, ['subgraph']);
  if (o.subgraph !== undefined && !(AUDITED_SUBGRAPHS as readonly string[]).includes(o.subgraph)) {
    throw new UsageError(`--subgraph must be one of ${AUDITED_SUBGRAPHS.join(', ')}`);
  }
  const names = o.subgraph === undefined ? AUDITED_SUBGRAPHS : [o.subgraph as Audited];
  let broken = 0;
  for (const name of names) {
    const result = await open(name, db => verifyAuditChain(db.dataSource));
    if (result.ok) {
      write(`${name.padEnd(9)} intact: ${result.records} records; head #${result.headSeq} ${result.headHash}`);
    } else {
      broken += 1;
      write(`${name.padEnd(9)} BROKEN: ${result.problems.length} problem(s) in ${result.records} records (head #${result.headSeq} ${result.headHash})`);
      for (const p of result.problems) {
        write(`  record ${p.seq}: ${p.problem}`);
      }
    }
  }
  write(broken === 0 ? 'Audit trail verified: every chain is intact.' : `Audit trail verification FAILED in ${broken} chain(s).`);
  return broken === 0 ? 0 : 1;
}
