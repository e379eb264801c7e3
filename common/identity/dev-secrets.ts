import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The local stack's development secrets, generated once under DATA_DIR and never committed. */
export interface DevSecrets {
  /** HS256 key of the development tokens (`npm run cli -- token`). */
  readonly jwtSecret: string;
  /** HMAC key of the identity header between the gateway and the subgraphs. */
  readonly identitySecret: string;
}

/** The file that holds them: `DATA_DIR/secrets/dev-keys.json` (mode 0600). */
export function devSecretsPath(dataDir: string): string {
  return path.join(dataDir, 'secrets', 'dev-keys.json');
}

/**
 * Reads the development secrets, creating them on first use. Safe when several processes start
 * at once: the file is created exclusively and a loser of the race reads the winner's.
 */
export function ensureDevSecrets(dataDir: string): DevSecrets {
  const file = devSecretsPath(dataDir);
  const read = (): DevSecrets | null => {
    try {
      const s = JSON.parse(readFileSync(file, 'utf8')) as DevSecrets;
      return typeof s.jwtSecret === 'string' && typeof s.identitySecret === 'string' ? s : null;
    } catch {
      return null;
    }
  };
  const existing = read();
  if (existing) {
    return existing;
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const fresh: DevSecrets = { jwtSecret: randomBytes(32).toString('base64url'), identitySecret: randomBytes(32).toString('base64url') };
  try {
    writeFileSync(file, JSON.stringify(fresh, null, 2) + '\n', { flag: 'wx', mode: 0o600 });
    return fresh;
  } catch {
    // Another process created it between our read and our write (or is writing it now).
    for (let i = 0; i < 50; i++) {
      const s = read();
      if (s) {
        return s;
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
    throw new Error(`cannot read or create ${file}`);
  }
}
