import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { SUBGRAPH_NAMES } from '../../common/config';
import { freePort } from '../../common/dev/scratch';
import { buildDemoStory } from '../../common/demo/story';
import { FLAGSHIP } from '../helpers/flagship';
import { TEST_DATABASE_URL } from '../helpers/database';

/**
 * `npm start` as a user runs it: five processes, the embedded database under DATA_DIR (or a
 * fresh PostgreSQL database when DATABASE_URL is set), the demo data loaded on first start, a
 * clean stop on Ctrl-C, and the same data after a restart.
 */
const ROOT = path.resolve(__dirname, '..', '..');
let dataDir: string;
let env: NodeJS.ProcessEnv;
let gatewayUrl: string;
let pgDatabase: string | null = null;

function start(): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/cli/start.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes('Ready in')) {
        clearInterval(timer);
        resolve({ child, output: () => out });
      }
    }, 50);
    child.once('exit', code => {
      clearInterval(timer);
      reject(new Error(`npm start exited (${code}) before it was ready:\n${out}`));
    });
  });
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)));
  child.kill('SIGINT');
  return exited;
}

async function query(q: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: q, variables }) });
  return (await res.json()) as { data?: any; errors?: unknown[] };
}

beforeAll(async () => {
  // What `npm start` runs first (prestart): the compiled build.
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  dataDir = mkdtempSync(path.join(tmpdir(), 'cg-start-'));
  env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'info', APOLLO_TELEMETRY_DISABLED: '1' };
  delete env.DATABASE_URL;
  if (TEST_DATABASE_URL) {
    pgDatabase = `cg_start_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${pgDatabase}`);
    await admin.end();
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = `/${pgDatabase}`;
    env.DATABASE_URL = url.toString();
    env.SEED_DEMO = 'true';
  }
  env.PORT = String(await freePort());
  for (const name of SUBGRAPH_NAMES) {
    env[`${name.toUpperCase()}_URL`] = `http://127.0.0.1:${await freePort()}/graphql`;
  }
  gatewayUrl = `http://127.0.0.1:${env.PORT}/graphql`;
}, 120_000);

afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  if (pgDatabase) {
    const admin = new Client({ connectionString: TEST_DATABASE_URL! });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${pgDatabase} WITH (FORCE)`);
    await admin.end();
  }
});

it('starts five processes, answers the flagship request, stops cleanly, and keeps its data across a restart', async () => {
  const first = await start();
  try {
    expect(first.output()).toContain(`GraphQL:  ${gatewayUrl}`);
    const flagship = await query(FLAGSHIP, { id: 'ofac-sdn:43377' });
    expect(flagship.errors).toBeUndefined();
    expect(flagship.data.sanctionedEntity.accounts.length).toBeGreaterThan(0);
    expect(flagship.data.sanctionedEntity.cases[0].id).toBe('demo-case-kim-sang-man');
    const opened = await query(`mutation { openCase(input: { title: "Restart check", subjects: [{ entityId: "ofac-sdn:43336" }] }) { id version } }`);
    expect(opened.errors).toBeUndefined();
    const caseId: string = opened.data.openCase.id;
    expect(await stop(first.child)).toBe(0);
    expect(first.output()).toContain('Stopped.');
    for (const name of [...SUBGRAPH_NAMES, 'gateway']) {
      const lines = readFileSync(path.join(dataDir, 'logs', `${name}.log`), 'utf8').trim().split('\n');
      expect(JSON.parse(lines.at(-1)!)).toMatchObject({ service: name, msg: 'stopped' });
    }

    const second = await start();
    try {
      const again = await query(`query($id: ID!) { case(id: $id) { title subjects { __typename } } sanctionedEntity(id: "ofac-sdn:43336") { cases { id } } }`, { id: caseId });
      expect(again.errors).toBeUndefined();
      expect(again.data.case.title).toBe('Restart check');
      expect(again.data.sanctionedEntity.cases).toEqual([{ id: caseId }]);
      // The demo data is loaded once: a restart does not load it twice.
      const cases = await query(`{ cases { totalCount } }`);
      expect(cases.data.cases.totalCount).toBe(buildDemoStory().cases.length + 1);
    } finally {
      expect(await stop(second.child)).toBe(0);
    }
  } finally {
    if (first.child.exitCode === null) {
      first.child.kill('SIGKILL');
    }
  }
}, 180_000);

it('refuses to start on malformed variables, naming every problem in one message', async () => {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/cli/start.js')], {
    cwd: ROOT,
    env: { ...env, PORT: 'eighty', LOG_LEVEL: 'loud', CASES_URL: 'nope' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>(resolve => child.once('exit', resolve));
  expect(code).toBe(1);
  expect(err).toContain('Invalid configuration:');
  expect(err).toContain('PORT must be a port number from 0 to 65535, got "eighty"');
  expect(err).toContain('LOG_LEVEL must be one of debug, info, warn, error, silent, got "loud"');
  expect(err).toContain('CASES_URL is not a URL: "nope"');
});
