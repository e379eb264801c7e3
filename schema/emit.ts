import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLSchema } from 'graphql';
import { DEFAULT_PORTS, SUBGRAPH_NAMES, type SubgraphName } from '../common/config';
import { buildAccountsSchema } from '../subgraphs/accounts/schema';
import { buildCasesSchema } from '../subgraphs/cases/schema';
import { buildChainSchema } from '../subgraphs/chain/schema';
import { buildEntitiesSchema } from '../subgraphs/entities/schema';

/** Where the committed schemas live (the source folder, also when run from dist/). */
export const SCHEMA_DIR = path.join(projectRoot(__dirname), 'schema');

/** The folder holding package.json, above `dir` (works from the sources and from dist/). */
function projectRoot(dir: string): string {
  let d = dir;
  while (!existsSync(path.join(d, 'package.json'))) {
    const up = path.dirname(d);
    if (up === d) {
      throw new Error(`no package.json above ${dir}`);
    }
    d = up;
  }
  return d;
}

const BUILDERS: Record<SubgraphName, () => Promise<GraphQLSchema>> = {
  entities: buildEntitiesSchema,
  accounts: buildAccountsSchema,
  chain: buildChainSchema,
  cases: buildCasesSchema,
};

export interface ComposedSchemas {
  /** Each subgraph's SDL, by name. */
  readonly subgraphs: Record<SubgraphName, string>;
  readonly supergraph: string;
}

/** Prints every subgraph's SDL and composes the supergraph with @apollo/composition (no rover). */
export async function composeSchemas(): Promise<ComposedSchemas> {
  const subgraphs = {} as Record<SubgraphName, string>;
  for (const name of SUBGRAPH_NAMES) {
    subgraphs[name] = printSubgraphSchema(await BUILDERS[name]()).trim() + '\n';
  }
  const result = composeServices(
    SUBGRAPH_NAMES.map(name => ({
      name,
      url: `http://127.0.0.1:${DEFAULT_PORTS[name]}/graphql`,
      typeDefs: parse(subgraphs[name]),
    })),
  );
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map(e => `  - ${e.message}`).join('\n')}`);
  }
  return { subgraphs, supergraph: result.supergraphSdl.trim() + '\n' };
}

function files(c: ComposedSchemas): Record<string, string> {
  return {
    ...Object.fromEntries(SUBGRAPH_NAMES.map(n => [`${n}.graphql`, c.subgraphs[n]])),
    'supergraph.graphql': c.supergraph,
  };
}

/** `schema:emit` writes schema/*.graphql; `schema:check` (--check) fails when they differ. */
async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const composed = await composeSchemas();
  const stale: string[] = [];
  for (const [file, text] of Object.entries(files(composed))) {
    const target = path.join(SCHEMA_DIR, file);
    const current = await readFile(target, 'utf8').catch(() => null);
    if (current === text) {
      continue;
    }
    if (check) {
      stale.push(file);
    } else {
      await writeFile(target, text);
      process.stdout.write(`wrote schema/${file}\n`);
    }
  }
  if (check && stale.length > 0) {
    process.stderr.write(`schema/ is out of date: ${stale.join(', ')} differ from the subgraphs' code. Run npm run schema:emit and commit the result.\n`);
    process.exitCode = 1;
  } else if (check) {
    process.stdout.write('schema/ matches the subgraphs and composes without errors.\n');
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
