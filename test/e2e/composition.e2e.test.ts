import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROUTER_SUPPORTED_SUPERGRAPH_FEATURES, Supergraph } from '@apollo/federation-internals';
import { SUBGRAPH_NAMES } from '../../common/config';
import { composeSchemas } from '../../schema/emit';

describe('schema/', () => {
  it('holds exactly what the subgraphs print and what they compose to', async () => {
    const composed = await composeSchemas();
    const dir = path.resolve(__dirname, '..', '..', 'schema');
    for (const name of SUBGRAPH_NAMES) {
      expect(readFileSync(path.join(dir, `${name}.graphql`), 'utf8')).toBe(composed.subgraphs[name]);
    }
    expect(readFileSync(path.join(dir, 'supergraph.graphql'), 'utf8')).toBe(composed.supergraph);
  });

  it('documents every type and field of the composed schema', async () => {
    const { supergraph } = await composeSchemas();
    // The security features (@requiresScopes) are enforced by our gateway, not by the planner: accept them here.
    const api = Supergraph.build(supergraph, { supportedFeatures: ROUTER_SUPPORTED_SUPERGRAPH_FEATURES }).apiSchema().toGraphQLJSSchema();
    const missing: string[] = [];
    for (const type of Object.values(api.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) {
        continue;
      }
      // The root types are the one exception: type-graphql cannot describe them, and their
      // fields (every query and mutation) are described one by one.
      if (!type.description && !['Query', 'Mutation'].includes(type.name)) {
        missing.push(type.name);
      }
      if ('getFields' in type) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) {
            missing.push(`${type.name}.${field.name}`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
