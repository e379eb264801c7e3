import { displayAddress, type Chain } from '../../../common/chain';
import type { VersionSnapshot } from '../ofac/importer';
import type { DesignationRecord, PartyRecord, PartyVersionRecord } from '../store';
import { EntityKind, LIST_OF } from '../types/enums';
import { Designation, SanctionedEntity } from '../types/sanctioned-entity.type';

/**
 * Builds the GraphQL party from its row; relations are left to field resolvers (and loaders).
 * With an earlier `version` (one that a later publication replaced), the entry is answered as
 * that version stated it.
 */
export function toSanctionedEntity(row: PartyRecord, at: string | null, version: PartyVersionRecord | null = null): SanctionedEntity {
  const e = new SanctionedEntity();
  e.id = row.id;
  e.name = row.name;
  e.kind = row.kind as EntityKind;
  e.list = LIST_OF[row.list];
  e.entryNumber = row.entNum;
  e.datesOfBirth = row.datesOfBirth;
  e.placesOfBirth = row.placesOfBirth;
  e.nationalities = row.nationalities;
  e.gender = row.gender;
  e.title = row.title;
  e.remarks = row.remarks;
  e.asOf = at;
  e.at = at;
  e.snapshot = null;
  if (version && version.validTo !== null) {
    const v = version.snapshot as unknown as VersionSnapshot;
    e.name = v.name;
    e.kind = v.kind as EntityKind;
    e.title = v.title;
    e.remarks = v.remarks;
    e.datesOfBirth = v.datesOfBirth;
    e.placesOfBirth = v.placesOfBirth;
    e.nationalities = v.nationalities;
    e.gender = v.gender;
    e.snapshot = v;
  }
  return e;
}

/** The designations as they stood at `at` (all of them, current state, when `at` is null). */
export function designationsAt(rows: DesignationRecord[], at: string | null): Designation[] {
  return rows
    .filter(r => at === null || r.listedOn <= at)
    .map(r => {
      const d = new Designation();
      d.list = LIST_OF[r.list];
      d.program = r.program;
      d.listedOn = r.listedOn;
      d.delistedOn = r.delistedOn !== null && (at === null || r.delistedOn <= at) ? r.delistedOn : null;
      return d;
    })
    .sort((a, b) => a.listedOn.localeCompare(b.listedOn) || a.program.localeCompare(b.program));
}

/** Programs in force at `at` (now when null). */
export function programsAt(rows: DesignationRecord[], at: string | null): string[] {
  const active = designationsAt(rows, at).filter(d => d.delistedOn === null);
  return [...new Set(active.map(d => d.program))].sort();
}

export function shownAddress(chain: string, stored: string): string {
  return displayAddress(chain as Chain, stored);
}
