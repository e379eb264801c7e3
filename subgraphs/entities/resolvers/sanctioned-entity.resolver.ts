import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { Chain } from '../../../common/chain';
import { InputError } from '../../../common/errors';
import { decodeCursor, encodeCursor, pageSize, pageInfoOf } from '../../../common/pagination';
import { DateScalar } from '../../../common/scalars';
import type { EntitiesContext } from '../context';
import { Address } from '../types/address.type';
import { AliasStrength, AliasType, LIST_KEY, LIST_OF } from '../types/enums';
import { SanctionedEntityFilter } from '../types/inputs';
import {
  Alias,
  Designation,
  IdentityDocument,
  ListPublication,
  ListedCryptoAddress,
  PartyLink,
  PartyVersion,
  PostalAddress,
  SanctionedEntity,
  SanctionedEntityConnection,
} from '../types/sanctioned-entity.type';
import { designationsAt, programsAt, shownAddress, toSanctionedEntity } from './mappers';

const ID_FORMAT = /^ofac-(sdn|cons):\d+$/;

@Resolver(() => SanctionedEntity)
export class SanctionedEntityResolver {
  @Query(() => SanctionedEntity, {
    nullable: true,
    description:
      'A sanctioned party by id (e.g. "ofac-sdn:43377"), or null when no such party was ever imported. With `asOf`, lists and programs are as they stood on that date.',
  })
  async sanctionedEntity(
    @Arg('id', () => ID, { description: 'ofac-sdn:<ent_num> or ofac-cons:<ent_num>.' }) id: string,
    @Arg('asOf', () => DateScalar, { nullable: true, description: 'Answer as of this date instead of now.' }) asOf: string | null,
    @Ctx() ctx: EntitiesContext,
  ): Promise<SanctionedEntity | null> {
    if (!ID_FORMAT.test(id)) {
      throw new InputError('id', 'must look like ofac-sdn:<ent_num> or ofac-cons:<ent_num>');
    }
    const row = await ctx.loaders.party.load(id);
    if (!row) {
      return null;
    }
    const version = asOf ? await ctx.loaders.versionAt.load(`${id}|${asOf}`) : null;
    return toSanctionedEntity(row, asOf ?? null, version);
  }

  @Query(() => SanctionedEntityConnection, { description: 'Sanctioned parties matching a filter, ordered by name, a page at a time.' })
  async sanctionedEntities(
    @Arg('filter', () => SanctionedEntityFilter, { nullable: true, description: 'What to match; all parties when omitted.' })
    filter: SanctionedEntityFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 500; default 20.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor after which the page starts.' }) after: string | null,
    @Ctx() ctx: EntitiesContext,
  ): Promise<SanctionedEntityConnection> {
    const size = pageSize(first);
    const position = decodeCursor('party', after, 2);
    const f = filter ?? {};
    const at = f.asOf ?? null;
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (f.name !== null && f.name !== undefined) {
      const needle = f.name.trim().toLowerCase();
      if (needle.length < 2) {
        throw new InputError('filter.name', 'must have at least 2 characters');
      }
      const like = p(`%${needle.replace(/[\\%_]/g, m => '\\' + m)}%`);
      where.push(`(lower(p.name) LIKE ${like} OR EXISTS (SELECT 1 FROM alias a WHERE a.party_id = p.id AND lower(a.name) LIKE ${like}))`);
    }
    if (f.kind) {
      where.push(`p.kind = ${p(f.kind)}`);
    }
    if (f.list) {
      where.push(`p.list = ${p(LIST_KEY[f.list])}`);
    }
    // A designation in force at `at` (or now).
    const inForce = (extra: string) =>
      at === null
        ? `EXISTS (SELECT 1 FROM designation d WHERE d.party_id = p.id AND d.delisted_on IS NULL${extra})`
        : `EXISTS (SELECT 1 FROM designation d WHERE d.party_id = p.id AND d.listed_on <= ${p(at)} AND (d.delisted_on IS NULL OR d.delisted_on > ${p(at)})${extra})`;
    if (f.program) {
      where.push(inForce(` AND d.program = ${p(f.program)}`));
    }
    if (f.listed === true) {
      where.push(inForce(''));
    } else if (f.listed === false) {
      where.push(`NOT ${inForce('')}`);
    }
    if (at !== null) {
      where.push(`EXISTS (SELECT 1 FROM designation d WHERE d.party_id = p.id AND d.listed_on <= ${p(at)})`);
    }
    const filterSql = where.length > 0 ? where.join(' AND ') : 'true';
    const countParams = [...params];
    let pageSql = filterSql;
    if (position) {
      pageSql += ` AND (lower(p.name), p.id) > (${p(String(position[0]))}, ${p(String(position[1]))})`;
    }
    const rows: { id: string; name: string }[] = await ctx.dataSource.query(
      `SELECT p.id, p.name FROM party p WHERE ${pageSql} ORDER BY lower(p.name), p.id LIMIT ${size + 1}`,
      params,
    );
    const [{ n }]: { n: string }[] = await ctx.dataSource.query(`SELECT count(*) AS n FROM party p WHERE ${filterSql}`, countParams);
    const page = rows.slice(0, size);
    const records = await ctx.loaders.party.loadMany(page.map(r => r.id));
    const versions = at ? await ctx.loaders.versionAt.loadMany(page.map(r => `${r.id}|${at}`)) : [];
    const edges = page.flatMap((r, i) => {
      const record = records[i];
      const version = versions[i];
      return record && !(record instanceof Error)
        ? [{ cursor: encodeCursor('party', [r.name.toLowerCase(), r.id]), node: toSanctionedEntity(record, at, version instanceof Error ? null : (version ?? null)) }]
        : [];
    });
    return {
      edges,
      totalCount: Number(n),
      pageInfo: pageInfoOf(edges, rows.length > size, position !== null),
    };
  }

  @Query(() => [ListPublication], { description: 'Every imported publication of every list, newest first: what was imported, when, and from which files.' })
  async listPublications(@Ctx() ctx: EntitiesContext): Promise<ListPublication[]> {
    const rows: {
      id: number;
      list: string;
      published_on: string;
      imported_at: Date;
      files: Record<string, { name: string; sha256: string }>;
      parties: number;
      added: number;
      removed: number;
      changed: number;
    }[] = await ctx.dataSource.query(
      `SELECT id, list, to_char(published_on, 'YYYY-MM-DD') AS published_on, imported_at, files, parties, added, removed, changed
         FROM list_publication ORDER BY published_on DESC, id DESC`,
    );
    return rows.map(r => ({
      id: String(r.id),
      list: LIST_OF[r.list],
      publishedOn: r.published_on,
      importedAt: new Date(r.imported_at).toISOString(),
      files: Object.entries(r.files).map(([role, f]) => ({ role, name: f.name, sha256: f.sha256 })),
      parties: r.parties,
      added: r.added,
      removed: r.removed,
      changed: r.changed,
    }));
  }

  @FieldResolver(() => [String])
  async programs(@Root() e: SanctionedEntity, @Ctx() ctx: EntitiesContext): Promise<string[]> {
    return programsAt(await ctx.loaders.designations.load(e.id), e.at);
  }

  @FieldResolver(() => Boolean)
  async listed(@Root() e: SanctionedEntity, @Ctx() ctx: EntitiesContext): Promise<boolean> {
    return programsAt(await ctx.loaders.designations.load(e.id), e.at).length > 0;
  }

  @FieldResolver(() => [Designation])
  async designations(@Root() e: SanctionedEntity, @Ctx() ctx: EntitiesContext): Promise<Designation[]> {
    return designationsAt(await ctx.loaders.designations.load(e.id), e.at);
  }

  @FieldResolver(() => [Alias])
  async aliases(@Root() e: SanctionedEntity, @Ctx() ctx: EntitiesContext): Promise<Alias[]> {
    const rows = e.snapshot ? e.snapshot.aliases : await ctx.loaders.aliases.load(e.id);
    return rows.map(r => ({ name: r.name, type: r.type.toUpperCase() as AliasType, strength: r.strength as AliasStrength }));
  }

  @FieldResolver(() => [PostalAddress])
  async postalAddresses(@Root() e: SanctionedEntity, @Ctx() ctx: EntitiesContext): Promise<PostalAddress[]> {
    const rows = e.snapshot ? e.snapshot.postalAddresses : await ctx.loaders.postalAddresses.load(e.id);
    return rows.map(r => ({ address: r.address, cityStateProvincePostalCode: r.cityStateProvincePostalCode, country: r.country }));
  }

  @FieldResolver(() => [IdentityDocument])
  async identityDocuments(@Root() e: SanctionedEntity, @Ctx() ctx: EntitiesContext): Promise<IdentityDocument[]> {
    const rows = e.snapshot ? e.snapshot.identityDocuments : await ctx.loaders.identityDocuments.load(e.id);
    return rows.map(r => ({ type: r.type, number: r.number, country: r.country, details: r.details }));
  }

  @FieldResolver(() => [ListedCryptoAddress])
  async digitalCurrencyAddresses(@Root() e: SanctionedEntity, @Ctx() ctx: EntitiesContext): Promise<ListedCryptoAddress[]> {
    const rows = e.snapshot ? e.snapshot.cryptoAddresses : await ctx.loaders.cryptoAddresses.load(e.id);
    return rows.map(r => ({
      asset: r.asset,
      listedAs: r.listedAs,
      chain: r.chain as Chain | null,
      validForChain: r.valid,
      matchesAssetCode: r.matchesAssetCode,
      address: r.chain ? { chain: r.chain as Chain, address: r.valid ? shownAddress(r.chain, r.address) : r.listedAs } : null,
    }));
  }

  @FieldResolver(() => [Address])
  async cryptoAddresses(@Root() e: SanctionedEntity, @Ctx() ctx: EntitiesContext): Promise<Address[]> {
    const rows = e.snapshot ? e.snapshot.cryptoAddresses : await ctx.loaders.cryptoAddresses.load(e.id);
    const seen = new Set<string>();
    const out: Address[] = [];
    for (const r of rows) {
      if (!r.chain || !r.valid || seen.has(`${r.chain}:${r.address}`)) {
        continue;
      }
      seen.add(`${r.chain}:${r.address}`);
      out.push({ chain: r.chain as Chain, address: shownAddress(r.chain, r.address) });
    }
    return out;
  }

  @FieldResolver(() => [PartyVersion])
  async versions(@Root() e: SanctionedEntity, @Ctx() ctx: EntitiesContext): Promise<PartyVersion[]> {
    const rows = await ctx.loaders.versions.load(e.id);
    return rows.map(v => ({
      validFrom: v.validFrom,
      validTo: v.validTo,
      name: String((v.snapshot as { name?: unknown }).name ?? ''),
      publicationId: String(v.publicationId),
      contentHash: v.contentHash,
    }));
  }

  @FieldResolver(() => [PartyLink])
  async linkedTo(@Root() e: SanctionedEntity, @Ctx() ctx: EntitiesContext): Promise<PartyLink[]> {
    if (e.snapshot) {
      // Links of an earlier version are shown by name; the parties they named may have changed since.
      return e.snapshot.linkedTo.map(name => ({ name, entity: null }));
    }
    const rows = await ctx.loaders.links.load(e.id);
    return Promise.all(
      rows.map(async r => {
        const target = r.linkedPartyId ? await ctx.loaders.party.load(r.linkedPartyId) : null;
        return { name: r.linkedName, entity: target ? toSanctionedEntity(target, e.at) : null };
      }),
    );
  }
}
