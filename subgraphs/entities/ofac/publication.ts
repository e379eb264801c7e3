import { createHash } from 'node:crypto';
import { OfacFileError, parseOfacCsv } from './csv';
import { parseRemarks, type RemarkFacts } from './remarks';

/** Which OFAC list a publication belongs to; it prefixes every party id. */
export type OfacList = 'sdn' | 'consolidated';
export const LIST_ID_PREFIX: Record<OfacList, string> = { sdn: 'ofac-sdn', consolidated: 'ofac-cons' };

export type PartyKind = 'INDIVIDUAL' | 'ENTITY' | 'VESSEL' | 'AIRCRAFT';

export interface ParsedAlias {
  readonly altNum: number | null;
  readonly type: 'aka' | 'fka' | 'nka';
  /** Strong a.k.a.s come from alt.csv; weak ones only from the remarks. */
  readonly strength: 'STRONG' | 'WEAK';
  readonly name: string;
  readonly remarks: string | null;
}

export interface ParsedPostalAddress {
  readonly addNum: number;
  readonly address: string | null;
  readonly cityStateProvincePostalCode: string | null;
  readonly country: string | null;
  readonly remarks: string | null;
}

/** One party of one publication, with everything the files say of it. */
export interface ParsedParty {
  readonly id: string;
  readonly entNum: number;
  readonly name: string;
  readonly kind: PartyKind;
  readonly programs: string[];
  readonly title: string | null;
  readonly callSign: string | null;
  readonly vesselType: string | null;
  readonly tonnage: string | null;
  readonly grossRegisteredTonnage: string | null;
  readonly vesselFlag: string | null;
  readonly vesselOwner: string | null;
  /** The full remarks: `sdn.csv`'s 1000 characters joined with the comments file's continuation. */
  readonly remarks: string | null;
  readonly facts: RemarkFacts;
  readonly aliases: ParsedAlias[];
  readonly postalAddresses: ParsedPostalAddress[];
  /** A hash of everything above: equal hashes mean the party did not change between publications. */
  readonly contentHash: string;
}

/** One file of a publication: its name, its text, and the SHA-256 of its bytes when read from disk. */
export interface PublicationFile {
  readonly name: string;
  readonly text: string;
  /** Hex SHA-256 of the file's bytes; computed from the text (UTF-8) when absent. */
  readonly sha256?: string;
}

export interface PublicationFiles {
  readonly sdn: PublicationFile;
  readonly add?: PublicationFile;
  readonly alt?: PublicationFile;
  readonly comments?: PublicationFile;
}

export interface ParsedPublication {
  readonly list: OfacList;
  readonly parties: ParsedParty[];
  /** SHA-256 of each file, by file role. */
  readonly fileHashes: Record<string, string>;
  /** Rows of add/alt/comments whose ent_num has no sdn row: reported, not fatal. */
  readonly orphans: { file: string; line: number; entNum: number }[];
}

const KINDS: Record<string, PartyKind> = { individual: 'INDIVIDUAL', vessel: 'VESSEL', aircraft: 'AIRCRAFT' };

function entNum(value: string | null, file: string, line: number): number {
  if (value === null || !/^\d+$/.test(value)) {
    throw new OfacFileError(file, line, `ent_num must be a whole number, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function fileHash(f: PublicationFile): string {
  return f.sha256 ?? sha256(f.text);
}

/** Parses one publication of an OFAC list (sdn.csv and its companion files). */
export function parsePublication(list: OfacList, files: PublicationFiles): ParsedPublication {
  const fileHashes: Record<string, string> = { sdn: fileHash(files.sdn) };
  const sdnRows = parseOfacCsv(files.sdn.text, files.sdn.name, 12);
  if (sdnRows.length === 0) {
    throw new OfacFileError(files.sdn.name, 1, 'the file holds no records');
  }
  const orphans: ParsedPublication['orphans'] = [];
  const known = new Set<number>();
  for (const r of sdnRows) {
    const n = entNum(r.fields[0], files.sdn.name, r.line);
    if (known.has(n)) {
      throw new OfacFileError(files.sdn.name, r.line, `ent_num ${n} appears twice`);
    }
    known.add(n);
  }

  const continuation = new Map<number, string>();
  if (files.comments) {
    fileHashes.comments = fileHash(files.comments);
    for (const r of parseOfacCsv(files.comments.text, files.comments.name, 2)) {
      const n = entNum(r.fields[0], files.comments.name, r.line);
      if (!known.has(n)) {
        orphans.push({ file: files.comments.name, line: r.line, entNum: n });
      }
      // The comments file continues Remarks mid-token: join without a separator.
      continuation.set(n, (continuation.get(n) ?? '') + (r.fields[1] ?? ''));
    }
  }
  const aliases = new Map<number, ParsedAlias[]>();
  if (files.alt) {
    fileHashes.alt = fileHash(files.alt);
    for (const r of parseOfacCsv(files.alt.text, files.alt.name, 5)) {
      const n = entNum(r.fields[0], files.alt.name, r.line);
      if (!known.has(n)) {
        orphans.push({ file: files.alt.name, line: r.line, entNum: n });
        continue;
      }
      const type = (r.fields[2] ?? 'aka').toLowerCase();
      if (type !== 'aka' && type !== 'fka' && type !== 'nka') {
        throw new OfacFileError(files.alt.name, r.line, `alt_type must be aka, fka or nka, got ${JSON.stringify(r.fields[2])}`);
      }
      if (!r.fields[3]) {
        throw new OfacFileError(files.alt.name, r.line, 'alt_name is empty');
      }
      const list = aliases.get(n) ?? [];
      list.push({ altNum: r.fields[1] ? Number(r.fields[1]) : null, type, strength: 'STRONG', name: r.fields[3], remarks: r.fields[4] });
      aliases.set(n, list);
    }
  }
  const addresses = new Map<number, ParsedPostalAddress[]>();
  if (files.add) {
    fileHashes.add = fileHash(files.add);
    for (const r of parseOfacCsv(files.add.text, files.add.name, 6)) {
      const n = entNum(r.fields[0], files.add.name, r.line);
      if (!known.has(n)) {
        orphans.push({ file: files.add.name, line: r.line, entNum: n });
        continue;
      }
      const list = addresses.get(n) ?? [];
      list.push({
        addNum: entNum(r.fields[1], files.add.name, r.line),
        address: r.fields[2],
        cityStateProvincePostalCode: r.fields[3],
        country: r.fields[4],
        remarks: r.fields[5],
      });
      addresses.set(n, list);
    }
  }

  const parties = sdnRows.map((r): ParsedParty => {
    const f = r.fields;
    const n = Number(f[0]);
    if (!f[1]) {
      throw new OfacFileError(files.sdn.name, r.line, 'SDN_Name is empty');
    }
    const remarks = f[11] === null && !continuation.has(n) ? null : (f[11] ?? '') + (continuation.get(n) ?? '');
    const facts = parseRemarks(remarks);
    const strong = aliases.get(n) ?? [];
    const weak: ParsedAlias[] = facts.weakAliases.map(a => ({ altNum: null, type: a.type, strength: 'WEAK', name: a.name, remarks: null }));
    const party = {
      id: `${LIST_ID_PREFIX[list]}:${n}`,
      entNum: n,
      name: f[1],
      kind: KINDS[(f[2] ?? '').toLowerCase()] ?? 'ENTITY',
      programs: (f[3] ?? '')
        .split(/\]\s*\[/)
        .map(p => p.replace(/[[\]]/g, '').trim())
        .filter(p => p.length > 0),
      title: f[4],
      callSign: f[5],
      vesselType: f[6],
      tonnage: f[7],
      grossRegisteredTonnage: f[8],
      vesselFlag: f[9],
      vesselOwner: f[10],
      remarks,
      facts,
      aliases: [...strong, ...weak],
      postalAddresses: addresses.get(n) ?? [],
    };
    return { ...party, contentHash: sha256(JSON.stringify(party)) };
  });
  return { list, parties, fileHashes, orphans };
}
