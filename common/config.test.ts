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

  it('reads the gateway\'s timeouts, retries and circuit breaker, per subgraph where asked', () => {
    const d = loadConfig('gateway', {});
    expect(d.resilience.cases).toEqual({ timeoutMs: 10000, retries: 2, breakerFailures: 5, breakerResetMs: 2000 });
    const c = loadConfig('gateway', { SUBGRAPH_TIMEOUT_MS: '3000', CHAIN_TIMEOUT_MS: '20000', SUBGRAPH_RETRIES: '0', CIRCUIT_BREAKER_FAILURES: '3', CIRCUIT_BREAKER_RESET_MS: '500' });
    expect(c.resilience.entities).toEqual({ timeoutMs: 3000, retries: 0, breakerFailures: 3, breakerResetMs: 500 });
    expect(c.resilience.chain.timeoutMs).toBe(20000);
  });

  it('refuses malformed resilience settings, naming each', () => {
    expect(() => loadConfig('gateway', { SUBGRAPH_TIMEOUT_MS: '0', SUBGRAPH_RETRIES: 'many', CASES_TIMEOUT_MS: '-5', CIRCUIT_BREAKER_RESET_MS: '1.5' })).toThrow(
      expect.objectContaining({
        problems: [
          'SUBGRAPH_TIMEOUT_MS must be an integer from 1 to 600000, got "0"',
          'SUBGRAPH_RETRIES must be an integer from 0 to 10, got "many"',
          'CIRCUIT_BREAKER_RESET_MS must be an integer from 1 to 600000, got "1.5"',
          'CASES_TIMEOUT_MS must be an integer from 1 to 600000, got "-5"',
        ],
      }),
    );
  });

  it('reads the authentication and limit variables, with safe defaults', () => {
    const d = loadConfig('gateway', {});
    expect(d.auth).toMatchObject({ jwtSecret: null, identitySecret: null, identityCheck: true, anonymousRole: null, introspection: true, issuer: 'compliance-graph' });
    expect(d.auth.apiKeysPath.endsWith('.data/secrets/api-keys.json')).toBe(true);
    expect(d.limits).toEqual({ depth: 15, aliases: 30, rootFields: 10, tokens: 3000, cost: 50000, defaultListSize: 20 });
    const c = loadConfig('gateway', { ANONYMOUS_ROLE: 'analyst', IDENTITY_CHECK: 'off', LIMIT_DEPTH: '5', JWT_SECRET: 'x'.repeat(32) });
    expect(c.auth).toMatchObject({ anonymousRole: 'analyst', identityCheck: false, jwtSecret: 'x'.repeat(32) });
    expect(c.limits.depth).toBe(5);
  });

  it('names every problem with the authentication and limit variables', () => {
    let error: unknown;
    try {
      loadConfig('gateway', { ANONYMOUS_ROLE: 'root', IDENTITY_CHECK: 'maybe', LIMIT_COST: '-3', JWT_SECRET: 'short' });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems).toEqual([
      'ANONYMOUS_ROLE must be none or one of analyst, investigator, partner, auditor, admin, got "root"',
      'JWT_SECRET must be at least 32 characters long',
      'IDENTITY_CHECK must be one of true, 1, on, false, 0, off, got "maybe"',
      'LIMIT_COST must be a positive integer, got "-3"',
    ]);
  });
});
