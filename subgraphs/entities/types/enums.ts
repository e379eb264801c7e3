import { registerEnumType } from 'type-graphql';

/** What kind of party a list entry is (OFAC's SDN_Type; empty means an entity). */
export enum EntityKind {
  INDIVIDUAL = 'INDIVIDUAL',
  ENTITY = 'ENTITY',
  VESSEL = 'VESSEL',
  AIRCRAFT = 'AIRCRAFT',
}
registerEnumType(EntityKind, {
  name: 'EntityKind',
  description: 'The kind of a sanctioned party, as OFAC types it.',
  valuesConfig: {
    INDIVIDUAL: { description: 'A natural person (OFAC writes the name SURNAME, Given names).' },
    ENTITY: { description: 'A company, organisation, group or government body.' },
    VESSEL: { description: 'A ship.' },
    AIRCRAFT: { description: 'An aircraft.' },
  },
});

/** The sanctions list a party is on. */
export enum SanctionsList {
  SDN = 'SDN',
  CONSOLIDATED = 'CONSOLIDATED',
}
registerEnumType(SanctionsList, {
  name: 'SanctionsList',
  description: 'An OFAC sanctions list.',
  valuesConfig: {
    SDN: { description: "OFAC's Specially Designated Nationals and Blocked Persons list (ids ofac-sdn:<ent_num>)." },
    CONSOLIDATED: { description: "OFAC's Consolidated (non-SDN) Sanctions List (ids ofac-cons:<ent_num>)." },
  },
});

export const LIST_OF: Record<string, SanctionsList> = { sdn: SanctionsList.SDN, consolidated: SanctionsList.CONSOLIDATED };
export const LIST_KEY: Record<SanctionsList, 'sdn' | 'consolidated'> = { SDN: 'sdn', CONSOLIDATED: 'consolidated' };

/** How an alias was listed. */
export enum AliasType {
  AKA = 'AKA',
  FKA = 'FKA',
  NKA = 'NKA',
}
registerEnumType(AliasType, {
  name: 'AliasType',
  description: 'How OFAC lists another name.',
  valuesConfig: {
    AKA: { description: 'Also known as.' },
    FKA: { description: 'Formerly known as.' },
    NKA: { description: 'Now known as.' },
  },
});

/** OFAC's quality grading of an alias. */
export enum AliasStrength {
  STRONG = 'STRONG',
  WEAK = 'WEAK',
}
registerEnumType(AliasStrength, {
  name: 'AliasStrength',
  description: 'OFAC grades aliases: strong ones (alt.csv) identify the party; weak ones (in the remarks) are broad and may cause false hits.',
  valuesConfig: {
    STRONG: { description: 'A strong alias, from alt.csv.' },
    WEAK: { description: "A weak a.k.a., listed only in the party's remarks." },
  },
});
