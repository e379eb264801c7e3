import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { graphql } from 'graphql';
import { Chain } from '../../common/chain';
import type { Database } from '../../common/database';
import { LISTED_ADDRESSES } from '../../common/demo/story';
import { silentLogger } from '../../common/logger';
import { requestInfo } from '../../common/request-context';
import type { Subgraph } from '../../common/subgraph';
import { createTestDatabaseServer, type TestDatabaseServer } from '../../test/helpers/database';
import { sharedFile } from '../../test/helpers/shared-data';
import type { ChainContext } from './context';
import { chainStorage, createSubgraph } from './index';
import { generatedAddress, generateTransfers, GENERATED_LISTED } from './ingest/generate';
import { readTransferFile } from './ingest/transfer-file';
import { balancedChunk, INSERT_CHUNK, insertTransferRows, loadTransfers, pgArrayLiteral, replaceSanctionedAddresses, type CheckedTransfer } from './store/writes';

const LAZARUS = 'ofac-sdn:27307';
const LAZARUS_FILE = sharedFile('chain', 'lazarus_ronin_eth_transfers_dune1322519.csv');

let server: TestDatabaseServer;
let database: Database;
let subgraph: Subgraph<ChainContext>;

beforeAll(async () => {
  server = await createTestDatabaseServer();
  database = await server.open('chain', chainStorage);
  subgraph = await createSubgraph({ database, log: silentLogger });
});

afterAll(async () => {
  await server?.close();
});

async function ok(source: string, variableValues?: Record<string, unknown>): Promise<any> {
  const r = await graphql({ schema: subgraph.schema, source, variableValues, contextValue: subgraph.createContext(requestInfo({ headers: {} }, silentLogger)) });
  expect(r.errors).toBeUndefined();
  return r.data;
}

async function readAll(file: string): Promise<{ rows: CheckedTransfer[]; errors: string[] }> {
  const rows: CheckedTransfer[] = [];
  const errors: string[] = [];
  for await (const l of readTransferFile(file)) {
    if (l.error !== undefined) {
      errors.push(`${l.line}: ${l.error}`);
    } else {
      rows.push(l.transfer);
    }
  }
  return { rows, errors };
}

/** The test's own exact arithmetic: a decimal (exponent allowed) as units of 1e-30. */
function units30(text: string): bigint {
  const m = /^(\d+)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text)!;
  const digits = m[1] + (m[2] ?? '');
  const shift = 30 - (m[2] ?? '').length + Number(m[3] ?? 0);
  return BigInt(digits) * 10n ** BigInt(shift);
}
const units30Of = (decimal: string) => units30(decimal);

describe('the real Lazarus (Ronin bridge) transfers', () => {
  const lazarus = new Set(LISTED_ADDRESSES.filter(a => a.partyId === LAZARUS).map(a => a.address));
  // Read independently of the importer: the raw file, split by hand.
  const raw = readFileSync(LAZARUS_FILE, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map(l => {
      const [time, from, to, eth] = l.trim().split(',');
      return { time, from: from.replace('\\x', '0x').toLowerCase(), to: to.replace('\\x', '0x').toLowerCase(), eth };
    });

  beforeAll(async () => {
    await database.dataSource.query('TRUNCATE transfer_leg, transfer, address_stats, sanctioned_address');
    await replaceSanctionedAddresses(database.dataSource, LISTED_ADDRESSES.map(a => ({ chain: a.chain, address: a.address, partyId: a.partyId })));
    const { rows, errors } = await readAll(LAZARUS_FILE);
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(raw.length);
    expect(await insertTransferRows(database.dataSource, rows)).toBe(raw.length);
  });

  it('loads every row once, with stable ids: loading the file again adds nothing', async () => {
    const { rows } = await readAll(LAZARUS_FILE);
    expect(new Set(rows.map(r => r.id)).size).toBe(raw.length);
    expect(await insertTransferRows(database.dataSource, rows)).toBe(0);
    const [{ n }] = await database.dataSource.query('SELECT count(*)::int AS n FROM transfer');
    expect(n).toBe(raw.length);
  });

  it('names Lazarus Group at hop 1 for a counterparty, with the amount summed from the file', async () => {
    // The counterparty with the most transfers with the Lazarus addresses, and its figures from the file.
    const perCounterparty = new Map<string, { sum: bigint; n: number }>();
    for (const r of raw) {
      for (const [mine, theirs] of [[r.from, r.to], [r.to, r.from]]) {
        if (lazarus.has(theirs) && !lazarus.has(mine)) {
          const c = perCounterparty.get(mine) ?? { sum: 0n, n: 0 };
          c.sum += units30(r.eth);
          c.n += 1;
          perCounterparty.set(mine, c);
        }
      }
    }
    const [counterparty, expected] = [...perCounterparty.entries()].sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1))[0];
    expect(expected.n).toBeGreaterThan(1);
    const data = await ok(
      `query($a: String!) { address(chain: ETHEREUM, address: $a) { exposure(hops: 1) { truncated
        entities { entity { id } hops amounts { asset amount } byHop { direction hops transfers amounts { asset amount } }
          paths { hops direction addresses { address } steps { from { address } to { address } amounts { amount } transfers } } } } } }`,
      { a: counterparty },
    );
    const e = data.address.exposure;
    expect(e.truncated).toBe(false);
    const party = e.entities.find((x: any) => x.entity.id === LAZARUS);
    expect(party.hops).toBe(1);
    expect(party.amounts).toHaveLength(1);
    expect(party.amounts[0].asset).toBe('ETH');
    expect(units30Of(party.amounts[0].amount)).toBe(expected.sum);
    expect(party.byHop.reduce((s: number, h: any) => s + h.transfers, 0)).toBe(expected.n);
    // Each path: the counterparty, then a Lazarus address, one step of funds between them.
    for (const p of party.paths) {
      expect(p.hops).toBe(1);
      expect(p.addresses[0].address.toLowerCase()).toBe(counterparty);
      expect(lazarus.has(p.addresses[1].address.toLowerCase())).toBe(true);
      const step = p.steps[0];
      const [from, to] = p.direction === 'OUT' ? [counterparty, p.addresses[1].address.toLowerCase()] : [p.addresses[1].address.toLowerCase(), counterparty];
      expect([step.from.address.toLowerCase(), step.to.address.toLowerCase()]).toEqual([from, to]);
    }
  });

  it('splits the exposure by direction, and minAmount and since narrow it', async () => {
    const target = raw.find(r => lazarus.has(r.from) && !lazarus.has(r.to))!.to; // received from Lazarus
    const sumFrom = (pred: (r: (typeof raw)[number]) => boolean) => raw.filter(pred).reduce((s, r) => s + units30(r.eth), 0n);
    const q = `query($a: String!, $d: TransferDirection, $min: String, $since: DateTime) { address(chain: ETHEREUM, address: $a) {
      exposure(hops: 1, direction: $d, minAmount: $min, since: $since) { entities { entity { id } amounts { amount } } } } }`;
    const amountOf = (d: any) => d.address.exposure.entities.find((x: any) => x.entity.id === LAZARUS)?.amounts[0]?.amount ?? null;
    const incoming = await ok(q, { a: target, d: 'IN' });
    expect(units30Of(amountOf(incoming))).toBe(sumFrom(r => r.to === target && lazarus.has(r.from)));
    const min = '1';
    const bigOnly = await ok(q, { a: target, d: 'IN', min });
    const expectedBig = sumFrom(r => r.to === target && lazarus.has(r.from) && units30(r.eth) >= units30(min));
    expect(amountOf(bigOnly) === null ? 0n : units30Of(amountOf(bigOnly))).toBe(expectedBig);
    const late = await ok(q, { a: target, d: 'IN', since: '2030-01-01T00:00:00Z' });
    expect(late.address.exposure.entities).toEqual([]);
  });

  it('filters transfers by direction, time, asset and minimum amount, with matching totals and keyset pages', async () => {
    const address = [...lazarus][0];
    const mine = raw.filter(r => r.from === address || r.to === address);
    expect(mine.length).toBeGreaterThan(10);
    const times = mine.map(r => Date.parse(r.time)).sort((a, b) => a - b);
    const since = new Date(times[Math.floor(times.length / 3)]).toISOString();
    const cases: [Record<string, unknown>, (r: (typeof raw)[number]) => boolean][] = [
      [{ direction: 'IN' }, r => r.to === address],
      [{ direction: 'OUT' }, r => r.from === address],
      [{ since }, r => Date.parse(r.time) >= Date.parse(since)],
      [{ until: since }, r => Date.parse(r.time) < Date.parse(since)],
      [{ minAmount: '1' }, r => units30(r.eth) >= units30('1')],
      [{ asset: 'eth' }, () => true],
      [{ asset: 'USDT' }, () => false],
    ];
    for (const [args, pred] of cases) {
      const expected = mine.filter(pred).length;
      const seen: string[] = [];
      let after: string | null = null;
      let total = -1;
      for (let i = 0; i < 200; i++) {
        const data = await ok(
          `query($a: String!, $after: String, $direction: TransferDirection, $since: DateTime, $until: DateTime, $asset: String, $minAmount: String) {
            address(chain: ETHEREUM, address: $a) { transfers(first: 7, after: $after, direction: $direction, since: $since, until: $until, asset: $asset, minAmount: $minAmount) {
              totalCount pageInfo { hasNextPage endCursor } edges { node { id timestamp } } } } }`,
          { a: address, after, ...args },
        );
        const c = data.address.transfers;
        total = c.totalCount;
        seen.push(...c.edges.map((e: any) => e.node.id));
        if (!c.pageInfo.hasNextPage) {
          break;
        }
        after = c.pageInfo.endCursor;
      }
      expect({ args, total, pages: seen.length, unique: new Set(seen).size }).toEqual({ args, total: expected, pages: expected, unique: expected });
    }
  });

  it('reads the unfiltered total of one address from its counts row: one statement for pages, one for totals', async () => {
    const addresses = [...lazarus].slice(0, 4);
    database.stats.reset();
    database.stats.keep = 5;
    const data = await ok(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Address { transfers(first: 3) { totalCount edges { cursor } } } } }`,
      { r: addresses.map(address => ({ __typename: 'Address', chain: 'ETHEREUM', address })) },
    );
    expect(database.stats.statements).toBe(2);
    expect(database.stats.recent.some(s => s.includes('address_stats'))).toBe(true);
    database.stats.keep = 0;
    data._entities.forEach((e: any, i: number) => {
      expect(e.transfers.totalCount).toBe(raw.filter(r => r.from === addresses[i] || r.to === addresses[i]).length);
    });
  });

  it('rejects bad filter arguments as BAD_USER_INPUT naming them', async () => {
    const a = [...lazarus][0];
    for (const [args, field] of [
      ['minAmount: "-1"', 'minAmount'],
      ['minAmount: "1e3"', 'minAmount'],
      ['asset: "no spaces"', 'asset'],
      ['since: "2023-01-02T00:00:00Z", until: "2023-01-01T00:00:00Z"', 'until'],
    ]) {
      const r = await graphql({
        schema: subgraph.schema,
        source: `{ address(chain: ETHEREUM, address: "${a}") { transfers(${args}) { totalCount } } }`,
        contextValue: subgraph.createContext(requestInfo({ headers: {} }, silentLogger)),
      });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const r = await graphql({
      schema: subgraph.schema,
      source: `{ address(chain: ETHEREUM, address: "${a}") { exposure(minAmount: "x") { truncated } } }`,
      contextValue: subgraph.createContext(requestInfo({ headers: {} }, silentLogger)),
    });
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'minAmount' });
  });

  it('Account.exposure searches from all deposit addresses together', async () => {
    const [c1, c2] = [...new Set(raw.filter(r => lazarus.has(r.from) && !lazarus.has(r.to)).map(r => r.to))];
    const data = await ok(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Account { id exposure(hops: 2) { entities { entity { id } hops } visitedAddresses } } } }`,
      { r: [{ __typename: 'Account', id: 'acct-x', depositAddresses: [{ chain: 'ETHEREUM', address: c1 }, { chain: 'ETHEREUM', address: c2 }] }] },
    );
    const e = data._entities[0].exposure;
    expect(e.entities.find((x: any) => x.entity.id === LAZARUS).hops).toBe(1);
    expect(e.visitedAddresses).toBeGreaterThan(2);
  });
});

describe('transfer files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'transfers-'));
  const write = (name: string, text: string) => {
    const f = path.join(dir, name);
    writeFileSync(f, text);
    return f;
  };

  it('reads the documented layout and NDJSON to the same transfers, and refuses bad lines with their line and reason', async () => {
    const hash = '0x' + 'ab'.repeat(32);
    const csv = write(
      'ok.csv',
      `chain,tx_hash,log_index,block_time,from,to,asset,amount,amount_usd\nETHEREUM,${hash.toUpperCase().replace('0X', '0x')},2,2024-05-03T12:00:00Z,0x098B716B8Aaf21512996dC57EB0615e2383E2f96,${'0x' + '12'.repeat(20)},eth,1.50,4500\n`,
    );
    const ndjson = write(
      'ok.ndjson',
      JSON.stringify({ chain: 'ETHEREUM', txHash: hash, logIndex: 2, timestamp: '2024-05-03T12:00:00Z', from: '0x098b716b8aaf21512996dc57eb0615e2383e2f96', to: '0x' + '12'.repeat(20), asset: 'ETH', amount: '1.50', amountUsd: '4500' }) + '\n',
    );
    const a = await readAll(csv);
    const b = await readAll(ndjson);
    expect(a.errors).toEqual([]);
    expect(a.rows).toEqual(b.rows);
    expect(a.rows[0]).toMatchObject({ id: `ethereum:${hash}:2`, from: '0x098b716b8aaf21512996dc57eb0615e2383e2f96', asset: 'ETH', amount: '1.50' });
    const bad = write(
      'bad.csv',
      [
        'chain,tx_hash,log_index,block_time,from,to,asset,amount',
        `ETHEREUM,${hash},0,2024-05-03T12:00:00Z,0x098B716B8Aaf21512996dC57EB0615e2383E2f97,${'0x' + '12'.repeat(20)},ETH,1`,
        `ETHEREUM,${hash},0,2024-05-03T12:00:00,0x098b716b8aaf21512996dc57eb0615e2383e2f96,${'0x' + '12'.repeat(20)},ETH,1`,
        `ETHEREUM,${hash},0,2024-05-03T12:00:00Z,0x098b716b8aaf21512996dc57eb0615e2383e2f96,${'0x' + '12'.repeat(20)},ETH,-1`,
        `DOGE,${hash},0,2024-05-03T12:00:00Z,0x098b716b8aaf21512996dc57eb0615e2383e2f96,${'0x' + '12'.repeat(20)},ETH,1`,
        `BITCOIN,${'ab'.repeat(32)},0,2024-05-03T12:00:00Z,1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfX,1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ,BTC,1`,
      ].join('\n'),
    );
    const r = await readAll(bad);
    expect(r.rows).toEqual([]);
    expect(r.errors).toEqual([
      expect.stringMatching(/^2: from .*EIP-55/),
      expect.stringMatching(/^3: block_time .*time zone/),
      expect.stringMatching(/^4: amount "-1"/),
      expect.stringMatching(/^5: chain "DOGE"/),
      expect.stringMatching(/^6: from .*base58check/),
    ]);
  });

  it('generates the same graph for the same seed, with hubs, and the listed addresses in it', () => {
    const a = [...generateTransfers(20_000, 9)];
    const b = [...generateTransfers(20_000, 9)];
    expect(a).toEqual(b);
    expect([...generateTransfers(50, 10)]).not.toEqual(a.slice(0, 50));
    expect(new Set(a.map(t => t.id)).size).toBe(a.length);
    const degree = new Map<string, number>();
    for (const t of a) {
      degree.set(t.from, (degree.get(t.from) ?? 0) + 1);
      degree.set(t.to, (degree.get(t.to) ?? 0) + 1);
    }
    const sorted = [...degree.values()].sort((x, y) => y - x);
    expect(sorted[0]).toBeGreaterThan(1000); // a hot wallet
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThanOrEqual(3); // most addresses are seen a few times
    for (const l of GENERATED_LISTED) {
      expect(degree.get(l.address) ?? 0).toBeGreaterThan(0);
    }
    expect(a.every((t, i) => i === 0 || t.timestamp >= a[i - 1].timestamp)).toBe(true);
  });

  it('generates byte for byte what earlier versions generated', () => {
    // The digest of the generator as first written (hexadecimal built with toString(16)); the
    // faster one that replaced it must give the same graphs.
    const h = createHash('sha256');
    for (const t of generateTransfers(2_000, 42)) {
      h.update(JSON.stringify(t) + '\n');
    }
    for (const t of generateTransfers(300, 4_294_967_295)) {
      h.update(JSON.stringify(t) + '\n');
    }
    h.update(generatedAddress(7, 'hot', 2 ** 33 + 5));
    expect(h.digest('hex')).toBe('7821ca3a98a2c71ca49062ca90e1d7ea7e500a06e9647b0edd63ac3bc2dc994c');
  });
});

describe('replaceSanctionedAddresses', () => {
  const kim = LISTED_ADDRESSES.filter(a => a.partyId === 'ofac-sdn:43377').map(a => ({ chain: a.chain, address: a.address, partyId: a.partyId }));
  const listed = async () =>
    (await database.dataSource.query(`SELECT chain, address, party_id AS "partyId" FROM sanctioned_address ORDER BY 1, 2, 3`)) as { chain: string; address: string; partyId: string }[];

  it('replaces the whole set in one go and reports what it added and removed', async () => {
    await replaceSanctionedAddresses(database.dataSource, []);
    expect(await listed()).toEqual([]);
    expect(await replaceSanctionedAddresses(database.dataSource, [...kim, ...kim])).toEqual({ added: kim.length, removed: 0 });
    expect(await replaceSanctionedAddresses(database.dataSource, kim)).toEqual({ added: 0, removed: 0 });
    const next = [...kim.slice(1), { chain: Chain.ETHEREUM, address: '0x098B716B8Aaf21512996dC57EB0615e2383E2f96', partyId: LAZARUS }];
    expect(await replaceSanctionedAddresses(database.dataSource, next)).toEqual({ added: 1, removed: 1 });
    const rows = await listed();
    expect(rows).toHaveLength(kim.length);
    expect(rows).toContainEqual({ chain: 'ETHEREUM', address: '0x098b716b8aaf21512996dc57eb0615e2383e2f96', partyId: LAZARUS });
  });

  it('changes nothing when one address is invalid', async () => {
    const before = await listed();
    await expect(replaceSanctionedAddresses(database.dataSource, [...kim, { chain: Chain.BITCOIN, address: 'not-an-address', partyId: 'x' }])).rejects.toThrow(/not a valid BITCOIN address/);
    expect(await listed()).toEqual(before);
  });

  it('keeps exposure in step with the list', async () => {
    const { rows } = await readAll(LAZARUS_FILE);
    await insertTransferRows(database.dataSource, rows);
    const counterparty = rows.find(r => r.from === '0x098b716b8aaf21512996dc57eb0615e2383e2f96')!.to;
    const q = `{ address(chain: ETHEREUM, address: "${counterparty}") { exposure(hops: 1) { entities { entity { id } } } } }`;
    await replaceSanctionedAddresses(database.dataSource, [{ chain: Chain.ETHEREUM, address: '0x098b716b8aaf21512996dc57eb0615e2383e2f96', partyId: LAZARUS }]);
    expect((await ok(q)).address.exposure.entities).toEqual([{ entity: { id: LAZARUS } }]);
    await replaceSanctionedAddresses(database.dataSource, kim);
    expect((await ok(q)).address.exposure.entities).toEqual([]);
  });
});

describe('loadTransfers: chunks, re-imports and failures', () => {
  const ds = () => database.dataSource;
  const reset = () => ds().query('TRUNCATE transfer_leg, transfer, address_stats');
  const counts = async () => {
    const [c] = await ds().query(
      `SELECT (SELECT count(*) FROM transfer)::int AS transfers, (SELECT count(*) FROM transfer_leg)::int AS legs,
              (SELECT coalesce(sum(transfers_in), 0) FROM address_stats)::int AS "in", (SELECT coalesce(sum(transfers_out), 0) FROM address_stats)::int AS "out"`,
    );
    return c as { transfers: number; legs: number; in: number; out: number };
  };
  /** Rows of address_stats that differ from counts recomputed from the legs (either way), and transfers without exactly two legs. */
  const inconsistencies = async () => {
    const [r] = await ds().query(`
      WITH recomputed AS (
        SELECT chain, address, count(*) FILTER (WHERE direction = 'IN') AS i, count(*) FILTER (WHERE direction = 'OUT') AS o,
               count(*) FILTER (WHERE direction = 'OUT' AND counterparty = address) AS s
        FROM transfer_leg GROUP BY chain, address
      ), stats AS (SELECT chain, address, transfers_in AS i, transfers_out AS o, transfers_self AS s FROM address_stats)
      SELECT (SELECT count(*) FROM ((SELECT * FROM recomputed EXCEPT SELECT * FROM stats) UNION ALL (SELECT * FROM stats EXCEPT SELECT * FROM recomputed)) d)::int AS stats,
             (SELECT count(*) FROM (SELECT transfer_id FROM transfer_leg GROUP BY transfer_id HAVING count(*) <> 2) x)::int
               + (SELECT count(*) FROM transfer t WHERE NOT EXISTS (SELECT 1 FROM transfer_leg l WHERE l.transfer_id = t.id))::int AS legs`);
    return r as { stats: number; legs: number };
  };
  const rows = [...generateTransfers(3_000, 77)];
  const selfTransfer: CheckedTransfer = { ...rows[0], id: 'ethereum:0x' + 'cd'.repeat(32) + ':1', to: rows[0].from };

  it('loads in chunks, two in flight, with the legs and counts of one statement; again with other chunk boundaries it adds nothing', async () => {
    await reset();
    const progress: number[] = [];
    const first = await loadTransfers(ds(), [...rows, selfTransfer], { chunk: 700, parallel: 2, onProgress: done => progress.push(done) });
    expect(first).toEqual({ read: 3_001, inserted: 3_001 });
    expect(progress).toHaveLength(5);
    expect(Math.max(...progress)).toBe(3_001);
    expect(await counts()).toEqual({ transfers: 3_001, legs: 6_002, in: 3_001, out: 3_001 });
    expect(await inconsistencies()).toEqual({ stats: 0, legs: 0 });
    const [self] = await ds().query(`SELECT transfers_self::int AS n FROM address_stats WHERE chain = 'ETHEREUM' AND address = $1`, [rows[0].from]);
    expect(self.n).toBeGreaterThanOrEqual(1);
    // Shifted boundaries: every chunk mixes rows of two earlier chunks.
    const again = await loadTransfers(ds(), [...rows.slice(350), selfTransfer, ...rows.slice(0, 350)], { chunk: 1_000 });
    expect(again).toEqual({ read: 3_001, inserted: 0 });
    expect(await counts()).toEqual({ transfers: 3_001, legs: 6_002, in: 3_001, out: 3_001 });
    expect(await inconsistencies()).toEqual({ stats: 0, legs: 0 });
  });

  it('completes a load cut short: re-importing the whole adds only the missing transfers, counted once', async () => {
    await reset();
    // An earlier import committed its first chunks (each statement is atomic) and then stopped.
    expect((await loadTransfers(ds(), rows.slice(0, 1_300), { chunk: 500 })).inserted).toBe(1_300);
    const before = await counts();
    expect(before).toEqual({ transfers: 1_300, legs: 2_600, in: 1_300, out: 1_300 });
    const r = await loadTransfers(ds(), rows, { chunk: 400, parallel: 2 });
    expect(r).toEqual({ read: 3_000, inserted: 1_700 });
    expect(await counts()).toEqual({ transfers: 3_000, legs: 6_000, in: 3_000, out: 3_000 });
    expect(await inconsistencies()).toEqual({ stats: 0, legs: 0 });
  });

  it('counts a transfer repeated in one chunk and across chunks once', async () => {
    await reset();
    const some = rows.slice(0, 900);
    const repeated = [...some.slice(0, 300), some[5], some[5], ...some.slice(300, 600), some[0], some[299], ...some.slice(600), some[450]];
    const r = await loadTransfers(ds(), repeated, { chunk: 301 });
    expect(r).toEqual({ read: repeated.length, inserted: 900 });
    expect(await counts()).toEqual({ transfers: 900, legs: 1_800, in: 900, out: 900 });
    expect(await inconsistencies()).toEqual({ stats: 0, legs: 0 });
    expect(await insertTransferRows(ds(), repeated)).toBe(0);
  });

  it('two overlapping loads at once count every transfer once, without deadlock', async () => {
    await reset();
    // Four statements at a time on PostgreSQL, on the same hot wallets and partly the same transfers.
    const [a, b] = await Promise.all([
      loadTransfers(ds(), rows.slice(0, 2_000), { chunk: 300, parallel: 2 }),
      loadTransfers(ds(), [...rows.slice(1_000, 3_000)].reverse(), { chunk: 300, parallel: 2 }),
    ]);
    expect(a.inserted + b.inserted).toBe(3_000);
    expect(await counts()).toEqual({ transfers: 3_000, legs: 6_000, in: 3_000, out: 3_000 });
    expect(await inconsistencies()).toEqual({ stats: 0, legs: 0 });
  });

  it('stops at a statement the database refuses; inside a transaction nothing of the load stays', async () => {
    await reset();
    await loadTransfers(ds(), rows.slice(0, 100));
    const bad = { ...rows[2_500], amount: '-1' }; // only the table's CHECK can refuse it here
    const source = [...rows.slice(100, 2_000), bad, ...rows.slice(2_000, 2_400)];
    await expect(ds().transaction(m => loadTransfers(m, source, { chunk: 250 }))).rejects.toThrow(/amount_check|check constraint/);
    expect(await counts()).toEqual({ transfers: 100, legs: 200, in: 100, out: 100 });
    // Outside a transaction the chunks before the refused one stay, and a corrected re-run completes the load.
    await expect(loadTransfers(ds(), source, { chunk: 250, parallel: 2 })).rejects.toThrow(/amount_check|check constraint/);
    const partial = await counts();
    expect(partial.transfers).toBeGreaterThanOrEqual(100);
    expect(partial.transfers).toBeLessThan(2_401);
    expect(await inconsistencies()).toEqual({ stats: 0, legs: 0 });
    const fixed = source.map(t => (t === bad ? rows[2_500] : t));
    const r = await loadTransfers(ds(), fixed, { chunk: 333 });
    expect(r.inserted).toBe(2_401 - partial.transfers);
    expect(await counts()).toEqual({ transfers: 2_401, legs: 4_802, in: 2_401, out: 2_401 });
    expect(await inconsistencies()).toEqual({ stats: 0, legs: 0 });
  });

  it('reads from a stream, and refuses a parallel load inside a transaction', async () => {
    await reset();
    async function* stream() {
      for (const t of rows.slice(0, 1_234)) {
        yield t;
      }
    }
    expect(await loadTransfers(ds(), stream(), { chunk: 500 })).toEqual({ read: 1_234, inserted: 1_234 });
    await expect(ds().transaction(m => loadTransfers(m, rows, { parallel: 2 }))).rejects.toThrow(/parallel load needs a DataSource/);
    expect(await inconsistencies()).toEqual({ stats: 0, legs: 0 });
  });

  it('sizes chunks to fill whole rounds of parallel statements', () => {
    expect(balancedChunk(200_000, 2)).toBe(100_000);
    expect(balancedChunk(1_000_000, 2)).toBe(INSERT_CHUNK);
    expect(balancedChunk(10_000_000, 2)).toBe(INSERT_CHUNK);
    expect(balancedChunk(1_100_000, 2)).toBe(183_334); // three rounds of two
    expect(balancedChunk(1_000, 1)).toBe(1_000);
    expect(balancedChunk(5, 2)).toBe(3);
    expect(balancedChunk(0, 2)).toBe(1);
  });

  it('writes array parameters that read back as the same values', async () => {
    const values = [
      ['plain', 'ethereum:0xab:1', '2022-01-01T00:00:00.000Z', '1.50', 'a-b_c.d+e'],
      ['with space', 'comma,inside', 'quote"inside', 'back\\slash', '{braces}', '', 'NULL', 'null', null, 'ünïcode', '2022-03-29 21:41:18+00:00'],
      [null, null],
      [],
    ];
    for (const v of values) {
      const [r] = await ds().query(`SELECT $1::text[] AS a`, [pgArrayLiteral(v)]);
      expect(r.a).toEqual(v);
    }
    const [n] = await ds().query(`SELECT $1::int[] AS a`, [pgArrayLiteral([0, 7, null, 2 ** 31 - 1])]);
    expect(n.a).toEqual([0, 7, null, 2 ** 31 - 1]);
  });
});
