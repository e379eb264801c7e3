import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { loadConfig, SUBGRAPH_NAMES, type ServiceName } from '../common/config';
import { ConfigError } from '../common/errors';
import { devSecretsPath, ensureDevSecrets } from '../common/identity/dev-secrets';
import { ROLE_NAMES } from '../common/identity/roles';
import { developmentToken } from './token';

/**
 * `npm start`: the four subgraphs and the gateway, each its own process as in production, on the
 * embedded database under DATA_DIR (or PostgreSQL with DATABASE_URL). Shows progress, prints the
 * gateway URL when everything answers, writes each process's JSON log to DATA_DIR/logs/, echoes
 * warnings and errors, and stops everything cleanly on Ctrl-C.
 */

const DIST = path.resolve(__dirname, '..');
const SCRIPT: Record<ServiceName, string> = {
  entities: 'subgraphs/entities/main.js',
  accounts: 'subgraphs/accounts/main.js',
  chain: 'subgraphs/chain/main.js',
  cases: 'subgraphs/cases/main.js',
  gateway: 'gateway/main.js',
};

interface Child {
  readonly name: ServiceName;
  readonly process: ChildProcess;
  readonly log: WriteStream;
  /** Resolves when the process has exited and its output has been read to the end. */
  readonly done: Promise<void>;
  exited: boolean;
  closed: boolean;
}

function say(line: string): void {
  process.stdout.write(line + '\n');
}

async function waitHealthy(name: ServiceName, port: number, child: Child, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exited) {
      throw new Error(`${name} exited during start-up; see its log for why`);
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(500) });
      if (res.ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 150));
  }
  throw new Error(`${name} did not answer on port ${port} within ${timeoutMs / 1000} s`);
}

async function main(): Promise<void> {
  process.env.APOLLO_TELEMETRY_DISABLED ??= '1';
  // Validate everything once, up front, so that a bad variable is one message, not five.
  // npm start is the local development stack: a request without a credential acts as an
  // investigator (ANONYMOUS_ROLE=none to require tokens). Production runs start:<service>.
  process.env.ANONYMOUS_ROLE ??= 'investigator';
  const configs = Object.fromEntries((['gateway', ...SUBGRAPH_NAMES] as ServiceName[]).map(n => [n, loadConfig(n)])) as Record<ServiceName, ReturnType<typeof loadConfig>>;
  const dataDir = configs.gateway.dataDir;
  const logDir = path.join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  // Created once here, before five processes race for it.
  if (!configs.gateway.auth.jwtSecret || !configs.gateway.auth.identitySecret) {
    ensureDevSecrets(dataDir);
  }
  const started = Date.now();
  const db = configs.entities.database.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite under ${dataDir}`;
  say(`Starting the compliance graph on ${db}; logs in ${logDir}`);

  const children: Child[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) {
      return;
    }
    stopping = true;
    say('Stopping…');
    // The gateway first, so that no request reaches a subgraph that is going away.
    for (const c of [...children].reverse()) {
      if (!c.closed) {
        c.process.kill('SIGTERM');
        const timer = setTimeout(() => c.process.kill('SIGKILL'), 10_000);
        await c.done;
        clearTimeout(timer);
      }
    }
    // Let the log files take the last lines before exiting.
    await Promise.all(children.map(c => new Promise<void>(resolve => c.log.end(resolve))));
    say('Stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  const launch = (name: ServiceName): Child => {
    const log = createWriteStream(path.join(logDir, `${name}.log`), { flags: 'a' });
    // Subgraphs run with NODE_ENV=production (unless NODE_ENV is set): graphql-js then skips its
    // development-mode instanceof checks on every value it resolves (about 8% of the chain
    // subgraph's CPU in an export); Apollo Server also turns the subgraphs' introspection off
    // (the gateway runs on the committed supergraph and never introspects them). The gateway keeps
    // the inherited NODE_ENV: in production mode Apollo Server would refuse introspection, which
    // the IDE and INTROSPECTION (default true) need.
    const env = name === 'gateway' ? process.env : { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'production' };
    const proc = spawn(process.execPath, [path.join(DIST, SCRIPT[name])], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let markDone = () => {};
    const done = new Promise<void>(resolve => (markDone = resolve));
    const child: Child = { name, process: proc, log, done, exited: false, closed: false };
    proc.on('close', () => {
      child.closed = true;
      markDone();
    });
    let pending = '';
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        // Echo problems to the terminal; the full log is in the file.
        if (/"level":"(warn|error)"/.test(line) || (!line.startsWith('{') && line.trim().length > 0)) {
          process.stderr.write(`[${name}] ${line}\n`);
        }
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.on('exit', (code, signal) => {
      child.exited = true;
      if (!stopping) {
        process.stderr.write(`[${name}] exited (${signal ?? `code ${code}`}); the others keep serving. Its log: ${path.join(logDir, `${name}.log`)}\n`);
      }
    });
    children.push(child);
    return child;
  };

  try {
    const subgraphChildren = SUBGRAPH_NAMES.map(name => ({ name, child: launch(name) }));
    await Promise.all(
      subgraphChildren.map(async ({ name, child }) => {
        const t0 = Date.now();
        await waitHealthy(name, configs[name].port, child, 120_000);
        say(`  ✓ ${name.padEnd(8)} subgraph  http://127.0.0.1:${configs[name].port}/graphql  (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      }),
    );
    const gw = launch('gateway');
    await waitHealthy('gateway', configs.gateway.port, gw, 30_000);
  } catch (err) {
    process.stderr.write(`Start-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
    await stopAll(1);
    return;
  }
  const base = `http://127.0.0.1:${configs.gateway.port}`;
  say(`  ✓ gateway            ${base}/graphql`);
  say('');
  say(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  say(`  GraphQL:  ${base}/graphql   (POST with content-type: application/json)`);
  say(`  IDE:      ${base}/`);
  say(`  Try:      curl -s ${base}/graphql -H 'content-type: application/json' \\`);
  say(`              -d '{"query":"{ sanctionedEntity(id: \\"ofac-sdn:43377\\") { name programs accounts { id status } } }"}'`);
  say(`  Tokens (12 h, development key in ${devSecretsPath(dataDir)}; send as "authorization: Bearer <token>"):`);
  for (const role of ROLE_NAMES) {
    say(`    ${role.padEnd(12)} ${developmentToken(role)}`);
  }
  const anonymous = configs.gateway.auth.anonymousRole;
  say(anonymous ? `  Without a token, requests act as ${anonymous} (ANONYMOUS_ROLE=none to require one).` : '  Every request needs a token.');
  say('Press Ctrl-C to stop.');
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`npm start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  process.exit(1);
});
