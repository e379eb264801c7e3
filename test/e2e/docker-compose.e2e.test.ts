import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_PORTS, loadConfig, SUBGRAPH_NAMES } from '../../common/config';

const ROOT = path.resolve(__dirname, '..', '..');
interface Service {
  command: string[];
  environment: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}
const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };

describe('docker-compose.yml agrees with the code', () => {
  it('runs PostgreSQL with a health check, the four subgraphs and the gateway', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['accounts', 'cases', 'chain', 'entities', 'gateway', 'postgres']);
    expect(compose.services.postgres.healthcheck?.test.join(' ')).toContain('pg_isready');
  });

  it.each(SUBGRAPH_NAMES)('starts the %s subgraph with its own main, on its contract port, on PostgreSQL', name => {
    const s = compose.services[name];
    expect(s.command).toEqual(['node', `dist/subgraphs/${name}/main.js`]);
    const config = loadConfig(name, s.environment);
    expect(config.port).toBe(DEFAULT_PORTS[name]);
    expect(s.ports).toEqual([`${DEFAULT_PORTS[name]}:${DEFAULT_PORTS[name]}`]);
    expect(config.database).toEqual({ kind: 'postgres', url: s.environment.DATABASE_URL, schema: name });
    expect(s.healthcheck?.test.at(-1)).toBe(String(DEFAULT_PORTS[name]));
    // Ready, not merely alive: the subgraph answers /ready only while its database does.
    expect(s.healthcheck?.test.join(' ')).toContain("/ready'");
    expect(s.environment.APOLLO_TELEMETRY_DISABLED).toBe('1');
  });

  it('wires the gateway to every subgraph by the contract variables', () => {
    const g = compose.services.gateway;
    expect(g.command).toEqual(['node', 'dist/gateway/main.js']);
    const config = loadConfig('gateway', g.environment);
    expect(config.port).toBe(4000);
    for (const name of SUBGRAPH_NAMES) {
      expect(config.subgraphUrls[name]).toBe(`http://${name}:${DEFAULT_PORTS[name]}/graphql`);
      expect(g.depends_on?.[name]).toEqual({ condition: 'service_healthy' });
    }
    expect(g.environment.APOLLO_TELEMETRY_DISABLED).toBe('1');
  });

  it('gives the gateway and every subgraph the same identity secret, from the environment, never a value in the file', () => {
    for (const name of [...SUBGRAPH_NAMES, 'gateway']) {
      expect(compose.services[name].environment.IDENTITY_SECRET).toMatch(/^\$\{IDENTITY_SECRET:\?/);
    }
    expect(compose.services.gateway.environment.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?/);
  });

  it('builds every command from one Dockerfile that compiles what the commands run', () => {
    const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('npm run build');
    for (const s of Object.values(compose.services).filter(x => x.command)) {
      const script = s.command[1].replace(/^dist\//, '').replace(/\.js$/, '.ts');
      expect(() => readFileSync(path.join(ROOT, script))).not.toThrow();
    }
  });
});
