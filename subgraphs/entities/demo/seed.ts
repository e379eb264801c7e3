import type { DataSource } from 'typeorm';
import { importPublication } from '../ofac/importer';
import { parsePublication } from '../ofac/publication';
import { ADD_ROWS, ALT_ROWS, COMMENTS_ROWS, SDN_2023_05_19, SDN_2023_05_23, asOfacFile } from './ofac-rows';

const TABLES = ['party_version', 'party_link', 'crypto_address', 'identity_document', 'postal_address', 'alias', 'designation', 'party', 'list_publication'];

/**
 * Loads the demo's real OFAC entries through the OFAC importer, as the two publications of
 * 2023-05-19 and 2023-05-23. Skips when parties exist, unless `reset` empties the tables first.
 * Returns whether it loaded anything.
 */
export async function seedDemo(dataSource: DataSource, opts: { reset?: boolean } = {}): Promise<boolean> {
  if (opts.reset) {
    await dataSource.query(`TRUNCATE ${TABLES.join(', ')} RESTART IDENTITY CASCADE`);
  } else {
    const [{ n }]: { n: string }[] = await dataSource.query(`SELECT count(*) AS n FROM party`);
    if (Number(n) > 0) {
      return false;
    }
  }
  const companions = {
    add: { name: 'add.csv (demo extract)', text: asOfacFile(ADD_ROWS) },
    alt: { name: 'alt.csv (demo extract)', text: asOfacFile(ALT_ROWS) },
    comments: { name: 'sdn_comments.csv (demo extract)', text: asOfacFile(COMMENTS_ROWS) },
  };
  for (const [date, rows] of [
    ['2023-05-19', SDN_2023_05_19],
    ['2023-05-23', SDN_2023_05_23],
  ] as const) {
    const files = { sdn: { name: `sdn.csv of ${date} (demo extract)`, text: asOfacFile(rows) }, ...companions };
    const parsed = parsePublication('sdn', files);
    const names = Object.fromEntries(Object.entries(files).map(([role, f]) => [role, f.name]));
    await importPublication(dataSource, { ...parsed, orphans: [] }, date, names);
  }
  return true;
}
