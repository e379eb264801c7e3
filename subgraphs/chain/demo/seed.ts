import type { DataSource } from 'typeorm';
import { buildDemoStory, type DemoStory } from '../../../common/demo/story';
import { insertSanctionedAddresses, insertTransfers } from '../store/writes';

/**
 * Loads the chain subgraph's part of the demo story: its transfers (with their legs) and the
 * addresses OFAC lists. Skips when transfers exist, unless `reset` empties the tables first.
 * One transaction, a handful of multi-row statements. Returns whether it loaded anything.
 */
export async function seedDemo(dataSource: DataSource, opts: { reset?: boolean; story?: DemoStory } = {}): Promise<boolean> {
  const story = opts.story ?? buildDemoStory();
  if (opts.reset) {
    await dataSource.query(`TRUNCATE transfer_leg, transfer, sanctioned_address, address_stats`);
  } else {
    const [{ present }]: { present: boolean }[] = await dataSource.query(`SELECT EXISTS (SELECT 1 FROM transfer) AS present`);
    if (present) {
      return false;
    }
  }
  await dataSource.transaction(async manager => {
    await insertTransfers(
      manager,
      story.transfers,
    );
    await insertSanctionedAddresses(manager, story.sanctionedAddresses);
  });
  return true;
}
