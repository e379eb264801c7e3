import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sharedFile } from '../../../test/helpers/shared-data';
import { parsePublication } from './publication';

/**
 * The crypto addresses read from OFAC's legacy CSV files must agree with OFAC's authoritative
 * per-asset lists (drawn from its advanced XML): every address the parser extracts from the
 * 2024-05-03 publication is on the list of the same asset code, whole, including those that
 * sdn.csv cuts at 1000 characters and the comments file completes.
 */
const read = (...p: string[]) => readFileSync(sharedFile(...p), 'latin1');

function authoritativeLists(): Map<string, Set<string>> {
  const dir = path.dirname(sharedFile('ofac', 'sanctioned_addresses_2024-09-27', 'sanctioned_addresses_XBT.txt'));
  const lists = new Map<string, Set<string>>();
  for (const file of readdirSync(dir)) {
    const asset = /^sanctioned_addresses_(\w+)\.txt$/.exec(file)?.[1];
    if (asset) {
      lists.set(asset, new Set(readFileSync(path.join(dir, file), 'utf8').split(/\r?\n/).map(l => l.trim()).filter(Boolean)));
    }
  }
  return lists;
}

function extracted(withComments: boolean) {
  const parsed = parsePublication('sdn', {
    sdn: { name: 'ofac_sdn_2024-05-03.csv', text: read('ofac', 'ofac_sdn_2024-05-03.csv') },
    ...(withComments ? { comments: { name: 'ofac_sdn_comments_2025-01.csv', text: read('ofac', 'ofac_sdn_comments_2025-01.csv') } } : {}),
  });
  return parsed.parties.flatMap(p => p.facts.cryptoAddresses.map(c => ({ party: p.id, ...c })));
}

it('extracts every listed crypto address whole, under the asset code OFAC gave it', () => {
  const lists = authoritativeLists();
  const found = extracted(true);
  const missing = found.filter(a => !lists.get(a.asset)?.has(a.listedAs));
  const inLists = [...lists.values()].reduce((n, s) => n + s.size, 0);
  const extractedKeys = new Set(found.map(a => `${a.asset} ${a.listedAs}`));
  const notExtracted = [...lists.entries()].flatMap(([asset, set]) => [...set].filter(a => !extractedKeys.has(`${asset} ${a}`)));
  const perAsset = Object.fromEntries([...lists.keys()].map(asset => [asset, found.filter(a => a.asset === asset).length]));
  process.stdout.write(
    `crypto addresses: ${found.length} extracted from the 2024-05-03 CSV set (${extractedKeys.size} distinct asset+address), ` +
      `${found.length - missing.length} of them on OFAC's per-asset lists, ${missing.length} not; ` +
      `the lists hold ${inLists} (${notExtracted.length} not in this older publication). Per asset: ${JSON.stringify(perAsset)}\n`,
  );
  expect(missing).toEqual([]);
  expect(found.length).toBeGreaterThan(590);
  expect(notExtracted.length).toBeLessThan(70);
  // Every extracted address is placed on a chain, and valid there (checksums included).
  expect(found.filter(a => a.chain === null)).toEqual([]);
  expect(found.filter(a => !a.valid).map(a => `${a.asset} ${a.listedAs}`)).toEqual([]);
});

it('needs the comments file for the addresses that sdn.csv cuts at 1000 characters', () => {
  const lists = authoritativeLists();
  const cut = extracted(false).filter(a => !lists.get(a.asset)?.has(a.listedAs));
  const whole = extracted(true);
  process.stdout.write(`without sdn_comments.csv: ${cut.length} addresses come out cut; with it, none\n`);
  expect(cut.length).toBeGreaterThanOrEqual(6);
  // Each cut address is a prefix of an address that the joined remarks give whole.
  for (const c of cut) {
    expect(whole.some(w => w.party === c.party && w.listedAs.startsWith(c.listedAs) && w.listedAs !== c.listedAs)).toBe(true);
  }
});
