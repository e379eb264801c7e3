import type { Subgraph, SubgraphDeps } from '../../common/subgraph';
import { createContext, type EntitiesContext } from './context';
import { ENTITIES_MIGRATIONS } from './migrations';
import { buildEntitiesSchema } from './schema';
import { ScreeningIndex } from './screening/index-cache';
import { ENTITIES_RECORDS } from './store';

/** Tables and migrations, for `openDatabase`. */
export const entitiesStorage = { entities: ENTITIES_RECORDS, migrations: ENTITIES_MIGRATIONS };

/** The entities subgraph: sanctioned parties and the lists they are on. No side effects. */
export async function createSubgraph(deps: SubgraphDeps): Promise<Subgraph<EntitiesContext>> {
  const schema = await buildEntitiesSchema();
  const screening = new ScreeningIndex(deps.database.dataSource);
  return {
    name: 'entities',
    schema,
    createContext: base => createContext(base, deps.database.dataSource, screening),
  };
}

export { seedDemo } from './demo/seed';
