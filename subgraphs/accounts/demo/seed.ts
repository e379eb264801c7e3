import type { DataSource } from 'typeorm';
import { AuditLog, resetAuditTables, type AuditActor } from '../../../common/audit/audit-log';
import { normalizeAddress } from '../../../common/chain';
import { buildDemoStory, type DemoStory } from '../../../common/demo/story';
import { AccountWorkflow } from '../service/account-workflow';
import { ACCOUNTS_TABLES } from '../store';

/** The actor the audit trail and the status history name for everything the seed does. */
export const DEMO_ACTOR: AuditActor = { principal: 'demo-seed', origin: 'seed', requestId: null };

/** When screening's links of the demo accounts were confirmed, unless a freeze came first. */
const LINKS_CONFIRMED_AT = '2023-05-24T09:00:00.000Z';

/**
 * Loads the accounts of the demo story. The exchange's onboarding data (accounts, holders,
 * documents, balances, deposit addresses) is bulk-loaded in one transaction, one multi-row
 * statement per table, every account ACTIVE; then the link decisions and the freezes go THROUGH
 * THE WORKFLOW SERVICE the mutations call, with their legal basis from the story's cases, so that
 * the demo data obeys the same rules and leaves the same audit trail as real data.
 * Skips when accounts exist, unless `reset` empties the tables (and the audit chain) first.
 * Returns whether it loaded.
 */
export async function seedDemo(dataSource: DataSource, opts: { reset?: boolean; story?: DemoStory } = {}): Promise<boolean> {
  const story = opts.story ?? buildDemoStory();
  const loaded = await dataSource.transaction(async m => {
    if (opts.reset) {
      await m.query(`TRUNCATE ${ACCOUNTS_TABLES.join(', ')} RESTART IDENTITY CASCADE`);
      await resetAuditTables(m);
    } else {
      const [{ n }]: { n: string }[] = await m.query(`SELECT count(*) AS n FROM account`);
      if (Number(n) > 0) {
        return false;
      }
    }
    const accounts = story.accounts;
    // Arrays per column, unnested server-side: one statement per table whatever the row count,
    // and no limit on bind parameters to worry about.
    await m.query(
      `INSERT INTO account (id, exchange, status, opened_at, holder_name, holder_date_of_birth, holder_nationality, kyc_level)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::date[], $7::text[], $8::int[])`,
      [
        accounts.map(a => a.id),
        accounts.map(a => a.exchange),
        accounts.map(() => 'ACTIVE'),
        accounts.map(a => a.openedAt),
        accounts.map(a => a.holder.name),
        accounts.map(a => a.holder.dateOfBirth),
        accounts.map(a => a.holder.nationality),
        accounts.map(a => a.holder.kycLevel),
      ],
    );
    const documents = accounts.flatMap(a => a.holder.documents.map(d => ({ accountId: a.id, ...d })));
    await m.query(
      `INSERT INTO holder_document (account_id, type, number, country) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
      [documents.map(d => d.accountId), documents.map(d => d.type), documents.map(d => d.number), documents.map(d => d.country)],
    );
    const balances = accounts.flatMap(a => a.balances.map(b => ({ accountId: a.id, ...b })));
    await m.query(`INSERT INTO balance (account_id, asset, amount) SELECT * FROM unnest($1::text[], $2::text[], $3::numeric[])`, [
      balances.map(b => b.accountId),
      balances.map(b => b.asset),
      balances.map(b => b.amount),
    ]);
    const deposits = accounts.flatMap(a =>
      a.depositAddresses.map(d => {
        const check = normalizeAddress(d.chain, d.address);
        if (!check.ok) {
          throw new Error(`demo account ${a.id}: ${check.reason} (${d.chain} ${d.address})`);
        }
        return { accountId: a.id, chain: d.chain, address: check.address };
      }),
    );
    await m.query(`INSERT INTO deposit_address (account_id, chain, address) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`, [
      deposits.map(d => d.accountId),
      deposits.map(d => d.chain),
      deposits.map(d => d.address),
    ]);
    return true;
  });
  if (!loaded) {
    return false;
  }
  const workflow = new AccountWorkflow(dataSource, new AuditLog());
  const freezes = story.cases.flatMap(c => c.freezes.map(f => ({ caseId: c.id, ...f })));
  const at = (iso: string) => ({ actor: DEMO_ACTOR, at: new Date(iso) });
  for (const a of story.accounts) {
    const freeze = freezes.find(f => f.accountId === a.id);
    const decided = freeze && freeze.at < LINKS_CONFIRMED_AT ? freeze.at : LINKS_CONFIRMED_AT;
    for (const partyId of a.linkedPartyIds) {
      await workflow.confirmLink({ accountId: a.id, partyId, reason: 'Demo data: generated link' }, at(decided));
    }
    if (a.status === 'FROZEN') {
      // The story freezes most accounts under a case; one it lists as frozen without a case gets
      // a screening case id of its own (cross-subgraph references are by id only).
      await workflow.freeze(
        freeze
          ? { accountId: a.id, caseId: freeze.caseId, legalProcessReference: freeze.legalReference, reason: freeze.note }
          : {
              accountId: a.id,
              caseId: `demo-case-screening-${a.id}`,
              legalProcessReference: `OFAC SDN listing of ${a.linkedPartyIds.join(', ')}`,
              reason: 'Blocked on the designation (demo).',
            },
        at(freeze?.at ?? LINKS_CONFIRMED_AT),
      );
    } else if (a.status === 'CLOSED') {
      await workflow.close({ accountId: a.id, caseId: `demo-case-screening-${a.id}`, reason: 'Closed (demo).' }, at(LINKS_CONFIRMED_AT));
    }
  }
  return true;
}
