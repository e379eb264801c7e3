import { EntitiesInit1732400000000 } from './1732400000000-init';
import { EntitiesPartyVersions1732700000000 } from './1732700000000-party-versions';

/** The entities subgraph's migrations, in order. */
export const ENTITIES_MIGRATIONS = [EntitiesInit1732400000000, EntitiesPartyVersions1732700000000];
