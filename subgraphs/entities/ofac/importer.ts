import type { DataSource, EntityManager } from 'typeorm';
import { ConflictError } from '../../../common/errors';
import type { ParsedParty, ParsedPublication } from './publication';

/** What an import did, against the previous publication of the same list. */
export interface ImportSummary {
  readonly list: string;
  readonly publishedOn: string;
  /** True when this very publication (same date, same files) was imported before: nothing changed. */
  readonly alreadyImported: boolean;
  readonly publicationId: number;
  readonly parties: number;
  readonly aliases: number;
  readonly postalAddresses: number;
  readonly cryptoAddresses: number;
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  readonly orphans: ParsedPublication['orphans'];
}

/** Reports how far an import has got: a stage, and rows done of rows to do. */
export type ImportProgress = (stage: string, done: number, total: number) => void;

/** One version of a party's entry as a publication stated it (kept in party_version.snapshot). */
export interface VersionSnapshot {
  readonly name: string;
  readonly kind: string;
  readonly title: string | null;
  readonly remarks: string | null;
  readonly datesOfBirth: string[];
  readonly placesOfBirth: string[];
  readonly nationalities: string[];
  readonly citizenships: string[];
  readonly gender: string | null;
  readonly aliases: { name: string; type: string; strength: string }[];
  readonly postalAddresses: { address: string | null; cityStateProvincePostalCode: string | null; country: string | null }[];
  readonly identityDocuments: { type: string; number: string; country: string | null; details: string | null }[];
  readonly cryptoAddresses: { asset: string; listedAs: string; chain: string | null; address: string; valid: boolean; matchesAssetCode: boolean }[];
  readonly linkedTo: string[];
}

/** The snapshot of a parsed entry (same shape as the migration's backfill). */
export function snapshotOf(p: ParsedParty): VersionSnapshot {
  return {
    name: p.name,
    kind: p.kind,
    title: p.title,
    remarks: p.remarks,
    datesOfBirth: p.facts.datesOfBirth,
    placesOfBirth: p.facts.placesOfBirth,
    nationalities: p.facts.nationalities,
    citizenships: p.facts.citizenships,
    gender: p.facts.gender,
    aliases: p.aliases.map(a => ({ name: a.name, type: a.type, strength: a.strength })),
    postalAddresses: p.postalAddresses.map(a => ({ address: a.address, cityStateProvincePostalCode: a.cityStateProvincePostalCode, country: a.country })),
    identityDocuments: p.facts.documents.map(d => ({ type: d.type, number: d.number, country: d.country, details: d.details })),
    cryptoAddresses: p.facts.cryptoAddresses.map(c => ({ asset: c.asset, listedAs: c.listedAs, chain: c.chain, address: c.address, valid: c.valid, matchesAssetCode: c.matchesAssetCode })),
    linkedTo: p.facts.linkedTo,
  };
}

/** Inserts rows in multi-row statements that stay under PostgreSQL's 65,535 parameters. */
async function insertMany(m: EntityManager, table: string, columns: string[], rows: unknown[][], progress?: ImportProgress): Promise<void> {
  const perStatement = Math.max(1, Math.floor(30000 / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    progress?.(table, Math.min(rows.length, start + perStatement), rows.length);
    const chunk = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const tuples = chunk.map(row => {
      const slots = row.map(v => {
        params.push(v);
        return `$${params.length}`;
      });
      return `(${slots.join(', ')})`;
    });
    await m.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, params);
  }
}

function partyRow(p: ParsedParty, list: string, publicationId: number): unknown[] {
  return [
    p.id, list, p.entNum, p.name, p.kind, p.title, p.callSign, p.vesselType, p.tonnage, p.grossRegisteredTonnage,
    p.vesselFlag, p.vesselOwner, p.remarks, p.facts.datesOfBirth, p.facts.placesOfBirth, p.facts.nationalities,
    p.facts.citizenships, p.facts.gender, p.contentHash, publicationId,
  ];
}
/** SQL types of PARTY_COLUMNS, for the typed VALUES list of the update. */
const PARTY_TYPES = [
  'text', 'text', 'integer', 'text', 'text', 'text', 'text', 'text', 'text', 'text',
  'text', 'text', 'text', 'text[]', 'text[]', 'text[]', 'text[]',
  'text', 'text', 'integer',
];
const PARTY_COLUMNS = [
  'id', 'list', 'ent_num', 'name', 'kind', 'title', 'call_sign', 'vessel_type', 'tonnage', 'gross_registered_tonnage',
  'vessel_flag', 'vessel_owner', 'remarks', 'dates_of_birth', 'places_of_birth', 'nationalities', 'citizenships',
  'gender', 'content_hash', 'publication_id',
];

/**
 * Writes the details of new and changed parties. `addressSince` keeps the date an address first
 * appeared when a changed party lists it again.
 */
async function writeDetails(m: EntityManager, parties: ParsedParty[], publishedOn: string, addressSince: Map<string, string>, progress?: ImportProgress): Promise<void> {
  await insertMany(m, 'alias', ['party_id', 'alt_num', 'type', 'strength', 'name', 'remarks'],
    parties.flatMap(p => p.aliases.map(a => [p.id, a.altNum, a.type, a.strength, a.name, a.remarks])), progress);
  await insertMany(m, 'postal_address', ['party_id', 'add_num', 'address', 'city_state_province_postal_code', 'country', 'remarks'],
    parties.flatMap(p => p.postalAddresses.map(a => [p.id, a.addNum, a.address, a.cityStateProvincePostalCode, a.country, a.remarks])), progress);
  await insertMany(m, 'identity_document', ['party_id', 'type', 'number', 'country', 'details'],
    parties.flatMap(p => p.facts.documents.map(d => [p.id, d.type, d.number, d.country, d.details])), progress);
  await insertMany(m, 'crypto_address', ['party_id', 'asset', 'listed_as', 'chain', 'address', 'valid', 'matches_asset_code', 'listed_on'],
    parties.flatMap(p => p.facts.cryptoAddresses.map(c => [p.id, c.asset, c.listedAs, c.chain, c.address, c.valid, c.matchesAssetCode, addressSince.get(`${p.id} ${c.asset} ${c.address}`) ?? publishedOn])), progress);
  await insertMany(m, 'party_link', ['party_id', 'linked_name'], parties.flatMap(p => p.facts.linkedTo.map(name => [p.id, name])), progress);
}

/**
 * Applies one parsed publication in one transaction. Parties new to the list are added and
 * designated from `publishedOn`; changed parties are rewritten; parties missing from it are
 * delisted on `publishedOn` (their rows stay). The same publication imported twice changes nothing.
 * A publication older than the latest one imported for its list is refused.
 */
export async function importPublication(
  dataSource: DataSource,
  parsed: ParsedPublication,
  publishedOn: string,
  fileNames: Record<string, string>,
  progress?: ImportProgress,
): Promise<ImportSummary> {
  const { list } = parsed;
  return dataSource.transaction(async m => {
    // Serialise imports of one list (PGlite has one session anyway; PostgreSQL may not).
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('ofac-import:' || $1))`, [list]);
    const files = Object.fromEntries(Object.entries(parsed.fileHashes).map(([role, sha256]) => [role, { name: fileNames[role] ?? role, sha256 }]));
    const counts = {
      parties: parsed.parties.length,
      aliases: parsed.parties.reduce((n, p) => n + p.aliases.length, 0),
      postalAddresses: parsed.parties.reduce((n, p) => n + p.postalAddresses.length, 0),
      cryptoAddresses: parsed.parties.reduce((n, p) => n + p.facts.cryptoAddresses.length, 0),
    };
    const latest: { id: number; published_on: string; files: typeof files; added: number; removed: number; changed: number }[] = await m.query(
      `SELECT id, to_char(published_on, 'YYYY-MM-DD') AS published_on, files, added, removed, changed
         FROM list_publication WHERE list = $1 ORDER BY published_on DESC, id DESC LIMIT 1`,
      [list],
    );
    if (latest.length > 0) {
      const last = latest[0];
      const sameFiles = Object.keys(files).length === Object.keys(last.files).length && Object.entries(files).every(([role, f]) => last.files[role]?.sha256 === f.sha256);
      if (last.published_on === publishedOn && sameFiles) {
        return { list, publishedOn, alreadyImported: true, publicationId: last.id, ...counts, added: last.added, removed: last.removed, changed: last.changed, orphans: parsed.orphans };
      }
      if (last.published_on > publishedOn || (last.published_on === publishedOn && !sameFiles)) {
        throw new ConflictError(
          `A ${list} publication of ${last.published_on} is already imported; publications are imported in date order and once each (this one is dated ${publishedOn}).`,
          { field: 'published', latest: last.published_on },
        );
      }
    }

    const [{ id: publicationId }]: { id: number }[] = await m.query(
      `INSERT INTO list_publication (list, published_on, files, parties, added, removed, changed)
       VALUES ($1, $2, $3, $4, 0, 0, 0) RETURNING id`,
      [list, publishedOn, JSON.stringify(files), parsed.parties.length],
    );

    const existing: { id: string; content_hash: string }[] = await m.query(`SELECT id, content_hash FROM party WHERE list = $1`, [list]);
    const hashes = new Map(existing.map(r => [r.id, r.content_hash]));
    const open: { party_id: string; program: string }[] = await m.query(
      `SELECT party_id, program FROM designation WHERE list = $1 AND delisted_on IS NULL`,
      [list],
    );
    const openByParty = new Map<string, Set<string>>();
    for (const d of open) {
      const s = openByParty.get(d.party_id) ?? new Set<string>();
      s.add(d.program);
      openByParty.set(d.party_id, s);
    }

    const fresh = parsed.parties.filter(p => !hashes.has(p.id));
    const changed = parsed.parties.filter(p => hashes.has(p.id) && hashes.get(p.id) !== p.contentHash);
    const present = new Set(parsed.parties.map(p => p.id));
    const wasListed = (id: string) => (openByParty.get(id)?.size ?? 0) > 0;
    const added = parsed.parties.filter(p => !wasListed(p.id)).length;
    const removedIds = [...openByParty.keys()].filter(id => !present.has(id));
    const changedListed = changed.filter(p => wasListed(p.id)).length;

    await insertMany(m, 'party', PARTY_COLUMNS, fresh.map(p => partyRow(p, list, publicationId)), progress);
    const addressSince = new Map<string, string>();
    if (changed.length > 0) {
      const ids = changed.map(p => p.id);
      const kept: { party_id: string; asset: string; address: string; listed_on: string }[] = await m.query(
        `SELECT party_id, asset, address, to_char(listed_on, 'YYYY-MM-DD') AS listed_on FROM crypto_address WHERE party_id = ANY($1) AND listed_on IS NOT NULL`,
        [ids],
      );
      for (const k of kept) {
        addressSince.set(`${k.party_id} ${k.asset} ${k.address}`, k.listed_on);
      }
      // The entry as it stood keeps its place in the history; the new one follows it.
      await m.query(`UPDATE party_version SET valid_to = $1 WHERE party_id = ANY($2) AND valid_to IS NULL`, [publishedOn, ids]);
      for (const table of ['alias', 'postal_address', 'identity_document', 'crypto_address', 'party_link']) {
        await m.query(`DELETE FROM ${table} WHERE party_id = ANY($1)`, [ids]);
      }
      const updates = PARTY_COLUMNS.slice(2).map(c => `${c} = v.${c}`).join(', ');
      const chunk = 500;
      for (let s = 0; s < changed.length; s += chunk) {
        const part = changed.slice(s, s + chunk);
        const params: unknown[] = [];
        const tuples = part.map(p =>
          `(${partyRow(p, list, publicationId).map((v, i) => { params.push(v); return `$${params.length}::${PARTY_TYPES[i]}`; }).join(', ')})`,
        );
        await m.query(
          `UPDATE party SET ${updates} FROM (VALUES ${tuples.join(', ')}) AS v(${PARTY_COLUMNS.join(', ')}) WHERE party.id = v.id`,
          params,
        );
      }
    }
    await writeDetails(m, [...fresh, ...changed], publishedOn, addressSince, progress);
    await insertMany(
      m,
      'party_version',
      ['party_id', 'valid_from', 'publication_id', 'content_hash', 'snapshot'],
      [...fresh, ...changed].map(p => [p.id, publishedOn, publicationId, p.contentHash, JSON.stringify(snapshotOf(p))]),
      progress,
    );

    // Designations: open the programs that are new for a party, close the ones that are gone.
    const toOpen: unknown[][] = [];
    const toClose: [string, string][] = [];
    for (const p of parsed.parties) {
      const before = openByParty.get(p.id) ?? new Set<string>();
      for (const program of p.programs) {
        if (!before.has(program)) {
          toOpen.push([p.id, list, program, publishedOn, publicationId]);
        }
      }
      for (const program of before) {
        if (!p.programs.includes(program)) {
          toClose.push([p.id, program]);
        }
      }
    }
    for (const id of removedIds) {
      for (const program of openByParty.get(id) ?? []) {
        toClose.push([id, program]);
      }
    }
    await insertMany(m, 'designation', ['party_id', 'list', 'program', 'listed_on', 'listed_publication_id'], toOpen);
    if (toClose.length > 0) {
      await m.query(
        `UPDATE designation d SET delisted_on = $1, delisted_publication_id = $2
           FROM unnest($3::text[], $4::text[]) AS c(party_id, program)
          WHERE d.party_id = c.party_id AND d.program = c.program AND d.delisted_on IS NULL`,
        [publishedOn, publicationId, toClose.map(c => c[0]), toClose.map(c => c[1])],
      );
    }
    await m.query(
      `UPDATE party_link l SET linked_party_id = p.id FROM party p
        WHERE l.linked_party_id IS NULL AND p.list = $1 AND upper(p.name) = upper(l.linked_name)`,
      [list],
    );
    await m.query(`UPDATE list_publication SET added = $2, removed = $3, changed = $4 WHERE id = $1`, [
      publicationId,
      added,
      removedIds.length,
      changedListed,
    ]);
    return { list, publishedOn, alreadyImported: false, publicationId, ...counts, added, removed: removedIds.length, changed: changedListed, orphans: parsed.orphans };
  });
}

/**
 * The crypto addresses of every party listed now, valid for their chain: what the chain
 * subgraph screens transfers against (the CLI hands them over after each import).
 */
export async function listedCryptoAddresses(dataSource: DataSource): Promise<{ chain: string; address: string; partyId: string }[]> {
  return dataSource.query(
    `SELECT DISTINCT c.chain, c.address, c.party_id AS "partyId" FROM crypto_address c
      WHERE c.valid AND c.chain IS NOT NULL
        AND EXISTS (SELECT 1 FROM designation d WHERE d.party_id = c.party_id AND d.delisted_on IS NULL)
      ORDER BY c.chain, c.address, c.party_id`,
  );
}
