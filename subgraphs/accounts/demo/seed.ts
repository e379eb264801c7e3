import type { DataSource } from 'typeorm';
import { normalizeAddress } from '../../../common/chain';
import { buildDemoStory, type DemoStory } from '../../../common/demo/story';

const TABLES = ['account_link', 'deposit_address', 'balance', 'holder_document', 'account'];

/**
 * Loads the accounts of the demo story (holders, documents, balances, deposit addresses and the
 * confirmed links to sanctioned parties) in one transaction, one multi-row statement per table.
 * Skips when accounts exist, unless `reset` empties the tables first. Returns whether it loaded.
 */
export async function seedDemo(dataSource: DataSource, opts: { reset?: boolean; story?: DemoStory } = {}): Promise<boolean> {
  const story = opts.story ?? buildDemoStory();
  return dataSource.transaction(async m => {
    if (opts.reset) {
      await m.query(`TRUNCATE ${TABLES.join(', ')} RESTART IDENTITY CASCADE`);
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
        accounts.map(a => a.status),
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
    const links = accounts.flatMap(a => a.linkedPartyIds.map(partyId => ({ accountId: a.id, partyId })));
    await m.query(
      `INSERT INTO account_link (account_id, party_id, status, decided_by, decided_at, reason)
       SELECT account_id, party_id, 'CONFIRMED', 'demo-seed', now(), 'Demo data: generated link'
         FROM unnest($1::text[], $2::text[]) AS l (account_id, party_id)`,
      [links.map(l => l.accountId), links.map(l => l.partyId)],
    );
    return true;
  });
}
