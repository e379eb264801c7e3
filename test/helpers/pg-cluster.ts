import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../common/dev/scratch';

const BIN = '/usr/lib/postgresql/15/bin';

/** Is a throwaway cluster possible here (PostgreSQL 15 binaries, root to run them as `postgres`)? */
export function canCreateCluster(): boolean {
  try {
    execFileSync(path.join(BIN, 'initdb'), ['--version'], { stdio: 'ignore' });
    return process.getuid?.() === 0;
  } catch {
    return false;
  }
}

function asPostgres(cmd: string, args: string[]): void {
  execFileSync('runuser', ['-u', 'postgres', '--', path.join(BIN, cmd), ...args], { stdio: 'ignore', timeout: 60_000 });
}

/**
 * A PostgreSQL 15 cluster that a test creates, owns and destroys: its own directory under the
 * temporary folder, its own port, trust authentication on loopback. The shared server on 5432
 * is never touched.
 */
export class PgCluster {
  private constructor(
    private readonly dir: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private get data(): string {
    return path.join(this.dir, 'data');
  }

  static async create(): Promise<PgCluster> {
    const dir = mkdtempSync(path.join(tmpdir(), 'cg-pg-'));
    chmodSync(dir, 0o755);
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
    const cluster = new PgCluster(dir, await freePort());
    asPostgres('initdb', ['-D', cluster.data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
    await cluster.start();
    return cluster;
  }

  async start(): Promise<void> {
    asPostgres('pg_ctl', [
      '-D',
      this.data,
      '-l',
      path.join(this.dir, 'log'),
      '-w',
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ]);
  }

  /** Stops the server at once (fast mode: sessions are cut). */
  async stop(): Promise<void> {
    asPostgres('pg_ctl', ['-D', this.data, '-m', 'fast', '-w', 'stop']);
  }

  async destroy(): Promise<void> {
    try {
      await this.stop();
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
