import { ConfigError } from './errors';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to the contract ports and the embedded database under .data', () => {
    const c = loadConfig('chain', {});
    expect(c.port).toBe(4003);
    expect(c.database).toMatchObject({ kind: 'pglite', schema: 'chain' });
    expect(c.database.kind === 'pglite' && c.database.dataDir.endsWith('.data/chain')).toBe(true);
    expect(c.subgraphUrls.cases).toBe('http://127.0.0.1:4004/graphql');
    expect(c.seedDemo).toBe(true);
  });

  it('uses PostgreSQL, one schema per subgraph, when DATABASE_URL is set (no demo data by default)', () => {
    const c = loadConfig('accounts', { DATABASE_URL: 'postgres://u@db:5432/x' });
    expect(c.database).toEqual({ kind: 'postgres', url: 'postgres://u@db:5432/x', schema: 'accounts' });
    expect(c.seedDemo).toBe(false);
  });

  it('moves a subgraph with its URL variable', () => {
    expect(loadConfig('entities', { ENTITIES_URL: 'http://127.0.0.1:5001/graphql' }).port).toBe(5001);
    expect(loadConfig('entities', { ENTITIES_URL: 'http://127.0.0.1:5001/graphql', ENTITIES_PORT: '6001' }).port).toBe(6001);
  });

  it('names every problem in one error', () => {
    let error: unknown;
    try {
      loadConfig('gateway', { PORT: 'eighty', LOG_LEVEL: 'loud', CHAIN_URL: 'not a url', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'CHAIN_URL is not a URL: "not a url"',
      'PORT must be a port number from 0 to 65535, got "eighty"',
      'LOG_LEVEL must be one of debug, info, warn, error, silent, got "loud"',
      'DATABASE_URL must be a postgres: or postgresql: URL, got "mysql://x"',
    ]);
  });
});
