import { EntitiesInit1732400000000 } from './1732400000000-init';

/** The entities subgraph's migrations, in order. */
export const ENTITIES_MIGRATIONS = [EntitiesInit1732400000000];
