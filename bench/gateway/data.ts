import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { Chain } from '../../common/chain';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../common/config';
import { openDatabase, type Database } from '../../common/database';
import { buildDemoStory } from '../../common/demo/story';
import { createLogger } from '../../common/logger';
import { mulberry32 } from '../../common/random';
import { AuditLog } from '../../common/audit/audit-log';
import * as accounts from '../../subgraphs/accounts';
import * as cases from '../../subgraphs/cases';
import * as chain from '../../subgraphs/chain';
import * as entities from '../../subgraphs/entities';
import { CaseWorkflow, type ChangeOptions } from '../../subgraphs/cases/service/case-workflow';
import { CaseStatus, LegalProcessKind } from '../../subgraphs/cases/types/enums';
import { importPublication, listedCryptoAddresses } from '../../subgraphs/entities/ofac/importer';
import { parsePublication, type PublicationFile } from '../../subgraphs/entities/ofac/publication';
import { GENERATED_LISTED, HOT_WALLETS, MIXERS, generateTransfers, generatedAddress, userCount } from '../../subgraphs/chain/ingest/generate';
import { balancedChunk, loadTransfers, type CheckedTransfer } from '../../subgraphs/chain/store/writes';

/**
 * The data set of `npm run bench -- gateway`, generated deterministically (seeded) into one
 * scratch PostgreSQL database, each subgraph in its own schema as in production:
 * - the demo data set (the contract's flagship party ofac-sdn:43377 and its story);
 * - entities: the real OFAC SDN list of 2024-05-03 (with the add/alt/comments files of 2025-01),
 *   imported by the product's importer, about 15,000 parties;
 * - chain: `count` transfers of the product's synthetic generator (seed), plus 2 to 3 transfers
 *   per deposit address of the generated accounts (a deposit from and a withdrawal to a hot
 *   wallet; for linked accounts, one from a listed address, so that exposure finds something);
 * - accounts: `accounts` accounts with holders, documents, balances and 1 or 2 deposit
 *   addresses (the i-th account holds the generator's i-th user address: the exchange's customers
 *   are the graph's users), and `parties` OFAC parties each with 1 to 20 confirmed linked accounts;
 * - cases: `cases` cases, written through the product's case workflow (the one the mutations
 *   call): subjects (a party, its accounts, an address), status changes, a legal process,
 *   freezes of the accounts, notes, some seizures; the frozen accounts are FROZEN in accounts too.
 * Nothing is cached between runs. VACUUM ANALYZE at the end.
 */

export interface DataSizes {
  readonly parties: number;
  readonly accounts: number;
  readonly transfers: number;
  readonly cases: number;
  readonly seed: number;
}

export const FULL_SIZES: DataSizes = { parties: 1_000, accounts: 10_000, transfers: 1_000_000, cases: 2_000, seed: 1 };
export const QUICK_SIZES: DataSizes = { parties: 100, accounts: 1_000, transfers: 50_000, cases: 200, seed: 1 };

/** What the operations vary their variables over. */
export interface BenchData {
  /** Parties with confirmed linked accounts (the flagship's subjects), the demo's KIM, Sang Man first. */
  readonly linkedParties: string[];
  /** Generated accounts with their deposit addresses (lowercase 0x). */
  readonly accounts: { id: string; addresses: string[]; linked: boolean }[];
  readonly caseIds: string[];
  /** Names of OFAC parties as screening would be asked for them. */
  readonly screenNames: string[];
  /** Addresses with many transfers: the generator's hot wallets, mixers and most active users. */
  readonly busyAddresses: string[];
  /** Row counts per table, as loaded. */
  readonly counts: Record<string, number>;
  /** Seconds per step. */
  readonly timings: [string, number][];
}

const EXCHANGES = ['Northwind Exchange', 'Harbor Digital', 'Lakeside Custody', 'Meridian Markets', 'Summit Crypto', 'Kestrel Trading', 'Bluefin Exchange', 'Granite Custody'];
const NATIONALITIES = ['DE', 'FR', 'GB', 'US', 'NL', 'SG', 'JP', 'BR', 'ZA', 'CA'];
const DAY_MS = 24 * 3600 * 1000;

function txHash(label: string): string {
  return '0x' + createHash('sha256').update(label).digest('hex');
}

function decimal(units: number, scale: number): string {
  const s = Math.max(1, Math.round(units)).toString().padStart(scale + 1, '0');
  return `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
}

function shuffled<T>(items: readonly T[], r: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** "SURNAME, Given Names" (OFAC's way for individuals) as a person would type it: "Given Names Surname". */
function asTyped(name: string): string {
  const m = /^([^,]+),\s*(.+)$/.exec(name);
  if (!m) {
    return name;
  }
  const surname = m[1].toLowerCase().replace(/(^|[\s-])\p{L}/gu, c => c.toUpperCase());
  return `${m[2]} ${surname}`;
}

function storageOf(name: SubgraphName) {
  return { entities: entities.entitiesStorage, accounts: accounts.accountsStorage, chain: chain.chainStorage, cases: cases.casesStorage }[name];
}

/**
 * Loads the whole data set into the database at `url` (empty; the subgraphs' migrations run
 * here). `ofacDir` holds the OFAC files. `say` prints progress.
 */
export async function generateData(url: string, sizes: DataSizes, ofacDir: string, say: (line: string) => void): Promise<BenchData> {
  const log = createLogger('warn', { service: 'bench-data' });
  const dbs = {} as Record<SubgraphName, Database>;
  const timings: [string, number][] = [];
  const step = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    say(`  data: ${label}…`);
    const out = await fn();
    const s = (performance.now() - t0) / 1000;
    timings.push([label, s]);
    say(`  data: ${label}: done in ${s.toFixed(1)} s`);
    return out;
  };
  try {
    await step('migrations of the four subgraphs', async () => {
      for (const name of SUBGRAPH_NAMES) {
        dbs[name] = await openDatabase({ config: { kind: 'postgres', url, schema: name }, ...storageOf(name), log, slowQueryMs: 600_000 });
      }
    });
    const ds = (n: SubgraphName): DataSource => dbs[n].dataSource;

    await step('demo data set (SEED_DEMO)', async () => {
      const story = buildDemoStory();
      await entities.seedDemo(ds('entities'), { reset: true });
      await accounts.seedDemo(ds('accounts'), { reset: true, story });
      await chain.seedDemo(ds('chain'), { reset: true, story });
      await cases.seedDemo(ds('cases'), { reset: true, story });
    });

    await step('OFAC SDN list 2024-05-03 (real, ../shared/data) through the importer', async () => {
      const file = (name: string): PublicationFile => {
        const buf = readFileSync(path.join(ofacDir, name));
        return { name, text: new TextDecoder('utf-8', { fatal: false }).decode(buf), sha256: createHash('sha256').update(buf).digest('hex') };
      };
      const files = {
        sdn: file('ofac_sdn_2024-05-03.csv'),
        add: file('ofac_add_2025-01.csv'),
        alt: file('ofac_alt_2025-01.csv'),
        comments: file('ofac_sdn_comments_2025-01.csv'),
      };
      const parsed = parsePublication('sdn', files);
      let lastStage = '';
      const summary = await importPublication(
        ds('entities'),
        parsed,
        '2024-05-03',
        Object.fromEntries(Object.entries(files).map(([k, f]) => [k, f.name])),
        (stage, _done, total) => {
          if (stage !== lastStage) {
            say(`    writing ${stage} (${total.toLocaleString('en')} rows)`);
            lastStage = stage;
          }
        },
      );
      say(`    ${summary.parties.toLocaleString('en')} parties, ${summary.cryptoAddresses} crypto addresses, ${parsed.orphans.length} rows without an sdn row (skipped)`);
      const listed = await listedCryptoAddresses(ds('entities'));
      await chain.replaceSanctionedAddresses(ds('chain'), listed.map(a => ({ ...a, chain: a.chain as Chain })));
    });

    const seed = sizes.seed;
    const users = userCount(sizes.transfers);
    if (sizes.accounts > users) {
      throw new Error(`${sizes.accounts} accounts need at least as many generated users (${users} at ${sizes.transfers} transfers)`);
    }
    // Accounts: the i-th holds user address i (and every third a second, fresh address).
    const r = mulberry32(seed * 7919 + 17);
    const accountRows = Array.from({ length: sizes.accounts }, (_, k) => {
      const addresses = [generatedAddress(seed, 'user', k)];
      if (k % 3 === 0) {
        addresses.push(generatedAddress(seed, 'fresh', 50_000_000 + k));
      }
      return { id: `bench-acct-${String(k).padStart(6, '0')}`, k, addresses, linked: false };
    });
    // Parties: OFAC SDN parties (not the demo's), shuffled by the seed; each with 1 to 20 accounts.
    const demoParties = new Set(['ofac-sdn:43377', 'ofac-sdn:43336', 'ofac-sdn:43337', 'ofac-sdn:43338', 'ofac-sdn:43379', 'ofac-sdn:27307']);
    const allParties = ((await ds('entities').query(`SELECT id, name FROM party WHERE id LIKE 'ofac-sdn:%' ORDER BY id`)) as { id: string; name: string }[]).filter(
      p => !demoParties.has(p.id),
    );
    const parties = shuffled(allParties, r).slice(0, sizes.parties);
    if (parties.length < sizes.parties) {
      throw new Error(`only ${parties.length} OFAC parties to link accounts to; ${sizes.parties} wanted`);
    }
    const accountOrder = shuffled(accountRows, r);
    const links: { accountId: string; partyId: string; at: Date; score: number }[] = [];
    const accountsOf = new Map<string, typeof accountRows>();
    let next = 0;
    for (const p of parties) {
      const n = 1 + Math.floor(19 * Math.pow(r(), 3));
      const mine = accountOrder.slice(next, next + n);
      if (mine.length < n) {
        throw new Error(`ran out of accounts linking ${sizes.parties} parties: raise --accounts`);
      }
      next += n;
      for (const a of mine) {
        a.linked = true;
        links.push({ accountId: a.id, partyId: p.id, at: new Date(Date.parse('2024-05-06T09:00:00Z') + Math.floor(r() * 300) * DAY_MS), score: 85 + Math.floor(r() * 1500) / 100 });
      }
      accountsOf.set(p.id, mine);
    }

    // Chain: the generator's transfers, two lanes, then the accounts' own transfers.
    const chainLoad = step(`chain: ${sizes.transfers.toLocaleString('en')} generated transfers (seed ${seed})`, async () => {
      let lastDecile = -1;
      const { inserted } = await loadTransfers(ds('chain'), generateTransfers(sizes.transfers, seed), {
        parallel: 2,
        chunk: balancedChunk(sizes.transfers, 2, Math.min(250_000, Math.max(10_000, Math.ceil(sizes.transfers / 8)))),
        onProgress: done => {
          const decile = Math.floor((10 * done) / sizes.transfers);
          if (decile > lastDecile) {
            lastDecile = decile;
            say(`    transfers: ${done.toLocaleString('en')} / ${sizes.transfers.toLocaleString('en')}`);
          }
        },
      });
      const extra: CheckedTransfer[] = [];
      const start = Date.parse('2023-06-01T00:00:00Z');
      accountRows.forEach((a, i) => {
        a.addresses.forEach((address, j) => {
          const hot = generatedAddress(seed, 'hot', (i + j) % HOT_WALLETS);
          const t = start + ((i * 7 + j * 3) % 500) * DAY_MS + i * 1000;
          const make = (n: number, from: string, to: string, at: number, units: number): CheckedTransfer => {
            const h = txHash(`bench-gateway:${seed}:${a.id}:${j}:${n}`);
            return { id: `ethereum:${h}:0`, chain: Chain.ETHEREUM, txHash: h, logIndex: 0, timestamp: new Date(at).toISOString(), from, to, asset: 'ETH', amount: decimal(units, 8), amountUsd: null };
          };
          extra.push(make(1, hot, address, t, 1e8 + ((i * 7919) % 1e9)));
          extra.push(make(2, address, hot, t + 3 * DAY_MS, 5e7 + ((i * 104729) % 5e8)));
          if (a.linked && j === 0) {
            extra.push(make(3, GENERATED_LISTED[i % GENERATED_LISTED.length].address, address, t + DAY_MS, 2e7 + ((i * 31) % 1e8)));
          }
        });
      });
      const more = await loadTransfers(ds('chain'), extra, { parallel: 1 });
      say(`    ${inserted.toLocaleString('en')} generated + ${more.inserted.toLocaleString('en')} transfers of the accounts' deposit addresses`);
    });

    // Accounts, then cases (while the chain loads).
    const frozen = new Map<string, { caseId: string; reference: string; at: Date }>();
    const caseIds: string[] = [];
    const others = (async () => {
      await step(`accounts: ${sizes.accounts.toLocaleString('en')} accounts, ${links.length.toLocaleString('en')} confirmed links to ${sizes.parties.toLocaleString('en')} parties`, async () => {
        const ra = mulberry32(seed * 31 + 5);
        await ds('accounts').transaction(async m => {
          const rows = accountRows.map(a => ({
            id: a.id,
            exchange: EXCHANGES[a.k % EXCHANGES.length],
            openedAt: new Date(Date.parse('2020-01-01T00:00:00Z') + Math.floor(ra() * 1200) * DAY_MS).toISOString(),
            holder: `Customer ${String(a.k).padStart(6, '0')} (generated)`,
            dob: `${1950 + Math.floor(ra() * 50)}-${String(1 + Math.floor(ra() * 12)).padStart(2, '0')}-${String(1 + Math.floor(ra() * 28)).padStart(2, '0')}`,
            nationality: NATIONALITIES[Math.floor(ra() * NATIONALITIES.length)],
            kyc: 1 + Math.floor(ra() * 3),
          }));
          await m.query(
            `INSERT INTO account (id, exchange, status, opened_at, holder_name, holder_date_of_birth, holder_nationality, kyc_level)
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::date[], $7::text[], $8::int[])`,
            [rows.map(x => x.id), rows.map(x => x.exchange), rows.map(() => 'ACTIVE'), rows.map(x => x.openedAt), rows.map(x => x.holder), rows.map(x => x.dob), rows.map(x => x.nationality), rows.map(x => x.kyc)],
          );
          await m.query(`INSERT INTO holder_document (account_id, type, number, country) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`, [
            rows.map(x => x.id),
            rows.map(() => 'PASSPORT'),
            rows.map((_, i) => `P${String(i * 7919 + 1000003).slice(-9)}`),
            rows.map(x => x.nationality),
          ]);
          const balances = accountRows.flatMap(a => ['ETH', 'USDT', 'USDC'].slice(0, 1 + (a.k % 3)).map((asset, j) => ({ id: a.id, asset, amount: decimal(((a.k + 1) * (j + 3) * 7919) % 1e10, 6) })));
          await m.query(`INSERT INTO balance (account_id, asset, amount) SELECT * FROM unnest($1::text[], $2::text[], $3::numeric[])`, [
            balances.map(b => b.id),
            balances.map(b => b.asset),
            balances.map(b => b.amount),
          ]);
          const deposits = accountRows.flatMap(a => a.addresses.map(address => ({ id: a.id, address })));
          await m.query(`INSERT INTO deposit_address (account_id, chain, address) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`, [
            deposits.map(d => d.id),
            deposits.map(() => 'ETHEREUM'),
            deposits.map(d => d.address),
          ]);
          await m.query(
            `INSERT INTO account_link (account_id, party_id, status, score, decided_by, decided_at, reason)
             SELECT a, p, 'CONFIRMED', s, 'bench-seed', d, 'Generated for the gateway benchmark' FROM unnest($1::text[], $2::text[], $3::numeric[], $4::timestamptz[]) AS u(a, p, s, d)`,
            [links.map(l => l.accountId), links.map(l => l.partyId), links.map(l => l.score.toFixed(2)), links.map(l => l.at.toISOString())],
          );
        });
      });

      await step(`cases: ${sizes.cases.toLocaleString('en')} cases through the case workflow`, async () => {
        const workflow = new CaseWorkflow(ds('cases'), new AuditLog());
        const actor: ChangeOptions['actor'] = { principal: 'bench-seed', origin: 'seed', requestId: null };
        const rc = mulberry32(seed * 131 + 7);
        const plans = Array.from({ length: sizes.cases }, (_, i) => {
          const party = parties[i % parties.length];
          const mine = accountsOf.get(party.id) ?? [];
          const subjectAccounts = mine.slice(0, 1 + Math.floor(rc() * Math.min(3, mine.length)));
          return {
            i,
            id: `bench-case-${String(i).padStart(5, '0')}`,
            party,
            subjectAccounts,
            address: subjectAccounts[0]?.addresses[0],
            t0: Date.parse('2024-05-10T08:00:00Z') + Math.floor(rc() * 400) * DAY_MS + i * 60_000,
            seize: rc() < 0.35,
            refer: rc() < 0.3,
            close: rc() < 0.2,
            notes: 1 + Math.floor(rc() * 3),
          };
        });
        let done = 0;
        let lastDecile = -1;
        const runOne = async (p: (typeof plans)[number]) => {
          let t = p.t0;
          const at = (): ChangeOptions => {
            t += 3600_000 + ((p.i * 37) % 5000) * 1000;
            return { actor, at: new Date(t) };
          };
          await workflow.openCase(
            {
              id: p.id,
              title: `Screening hit: ${p.party.name}`.slice(0, 200),
              description: `Generated for the gateway benchmark: accounts linked to ${p.party.id}.`,
              assignee: `investigator-${p.i % 25}`,
              subjects: [{ entityId: p.party.id }, ...p.subjectAccounts.map(a => ({ accountId: a.id })), ...(p.address ? [{ address: { chain: Chain.ETHEREUM, address: p.address } }] : [])],
            },
            at(),
          );
          await workflow.changeStatus({ caseId: p.id, status: CaseStatus.UNDER_REVIEW, note: 'Linked accounts confirmed by screening.' }, at());
          const reference = `FO-${2024}-${String(p.i).padStart(5, '0')}`;
          await workflow.recordLegalProcess(
            { caseId: p.id, kind: LegalProcessKind.FREEZE_ORDER, reference, authority: 'Financial Intelligence Unit (generated)', issuedOn: new Date(t).toISOString().slice(0, 10) },
            at(),
          );
          for (const [j, a] of p.subjectAccounts.entries()) {
            const o = at();
            await workflow.recordFreeze({ caseId: p.id, id: `${p.id}-freeze-${j + 1}`, accountId: a.id, legalReference: reference, note: 'Frozen under the order.' }, o);
            if (!frozen.has(a.id)) {
              frozen.set(a.id, { caseId: p.id, reference, at: o.at as Date });
            }
          }
          for (let n = 0; n < p.notes; n++) {
            await workflow.addNote({ caseId: p.id, text: `Review note ${n + 1}: counterparties checked against the list (generated).` }, at());
          }
          await workflow.changeStatus({ caseId: p.id, status: CaseStatus.ACTION_TAKEN, note: 'Accounts frozen.' }, at());
          if (p.seize) {
            await workflow.recordSeizure(
              { caseId: p.id, id: `${p.id}-seizure-1`, amount: decimal(1e6 + p.i * 997, 6), asset: 'USDT', amountUsd: decimal(1e6 + p.i * 997, 6), authority: 'Prosecutor (generated)', note: 'Seized.' },
              at(),
            );
          }
          if (p.refer) {
            await workflow.changeStatus({ caseId: p.id, status: CaseStatus.REFERRED, note: 'Referred to law enforcement.' }, at());
          }
          if (p.close) {
            await workflow.changeStatus({ caseId: p.id, status: CaseStatus.CLOSED, note: 'Closed.' }, at());
          }
          caseIds.push(p.id);
          done++;
          const decile = Math.floor((10 * done) / plans.length);
          if (decile > lastDecile) {
            lastDecile = decile;
            say(`    cases: ${done.toLocaleString('en')} / ${plans.length.toLocaleString('en')}`);
          }
        };
        // Cases of one party are written in order; four at a time across parties.
        const lanes = 4;
        await Promise.all(
          Array.from({ length: lanes }, async (_, lane) => {
            for (const p of plans.filter((_, i) => i % lanes === lane)) {
              await runOne(p);
            }
          }),
        );
        caseIds.sort();
        // The frozen accounts, FROZEN in accounts too, with the status change's legal basis.
        const list = [...frozen].sort(([a], [b]) => a.localeCompare(b));
        await ds('accounts').transaction(async m => {
          await m.query(`UPDATE account SET status = 'FROZEN', version = version + 1, updated_at = now() WHERE id = ANY($1::text[])`, [list.map(([id]) => id)]);
          await m.query(
            `INSERT INTO account_status_change (account_id, from_status, to_status, case_id, legal_process_reference, reason, changed_at, changed_by, version)
             SELECT a, 'ACTIVE', 'FROZEN', c, r, 'Frozen under the order (generated).', t, 'bench-seed', 2 FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS u(a, c, r, t)`,
            [list.map(([id]) => id), list.map(([, f]) => f.caseId), list.map(([, f]) => f.reference), list.map(([, f]) => f.at.toISOString())],
          );
        });
      });
    })();
    await Promise.all([chainLoad, others]);

    await step('VACUUM ANALYZE', async () => {
      await ds('chain').query('VACUUM ANALYZE');
    });

    const counts: Record<string, number> = {};
    const count = async (n: SubgraphName, table: string) => {
      const [{ c }] = (await ds(n).query(`SELECT count(*)::bigint AS c FROM ${table}`)) as { c: string }[];
      counts[`${n}.${table}`] = Number(c);
    };
    await count('entities', 'party');
    await count('accounts', 'account');
    await count('accounts', 'deposit_address');
    await count('accounts', 'account_link');
    await count('chain', 'transfer');
    await count('cases', 'investigation_case');
    await count('cases', 'case_event');
    await count('cases', 'case_action');
    await count('cases', 'case_note');

    const rs = mulberry32(seed * 977 + 3);
    const screenNames = shuffled(allParties, rs)
      .slice(0, 500)
      .map(p => asTyped(p.name));
    const busyAddresses = [
      ...Array.from({ length: HOT_WALLETS }, (_, i) => generatedAddress(seed, 'hot', i)),
      ...Array.from({ length: MIXERS }, (_, i) => generatedAddress(seed, 'mixer', i)),
      ...Array.from({ length: 40 }, (_, i) => generatedAddress(seed, 'user', i)),
    ];
    return {
      linkedParties: ['ofac-sdn:43377', ...parties.map(p => p.id)],
      accounts: accountRows.map(a => ({ id: a.id, addresses: a.addresses, linked: a.linked })),
      caseIds,
      screenNames,
      busyAddresses,
      counts,
      timings,
    };
  } finally {
    for (const db of Object.values(dbs)) {
      await db.close().catch(() => undefined);
    }
  }
}
