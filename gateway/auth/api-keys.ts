import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Partners' API keys, kept in a small JSON file (`API_KEYS_PATH`). Only the SHA-256 of each key
 * is stored; the key itself is shown once, when it is made. A key is `cgk_<id>_<secret>`.
 */
export interface ApiKeyRecord {
  readonly id: string;
  /** Who holds it (becomes the principal). */
  readonly name: string;
  /** SHA-256 (hex) of the whole key. */
  readonly hash: string;
  readonly role: string;
  readonly scopes: readonly string[];
  /** Names of the persisted operations the key may run; absent: any operation. */
  readonly operations?: readonly string[];
  readonly createdAt: string;
  readonly revokedAt?: string;
}

export interface ApiKeyFile {
  readonly keys: readonly ApiKeyRecord[];
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function readApiKeys(file: string): ApiKeyFile {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as ApiKeyFile;
    return { keys: Array.isArray(parsed.keys) ? parsed.keys : [] };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return { keys: [] };
    }
    throw new Error(`API_KEYS_PATH: cannot read ${file}: ${(err as Error).message}`);
  }
}

function write(file: string, content: ApiKeyFile): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(content, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}

/** Makes a key, stores its hash, and answers the key (the only time it is seen). */
export function createApiKey(file: string, opts: { name: string; role: string; scopes: readonly string[]; operations?: readonly string[] }): { key: string; record: ApiKeyRecord } {
  const id = randomBytes(6).toString('hex');
  const key = `cgk_${id}_${randomBytes(24).toString('base64url')}`;
  const record: ApiKeyRecord = {
    id,
    name: opts.name,
    hash: sha256(key),
    role: opts.role,
    scopes: [...opts.scopes],
    ...(opts.operations ? { operations: [...opts.operations] } : {}),
    createdAt: new Date().toISOString(),
  };
  write(file, { keys: [...readApiKeys(file).keys, record] });
  return { key, record };
}

/** Revokes a key by id or name; answers how many keys it revoked. */
export function revokeApiKey(file: string, idOrName: string): number {
  let n = 0;
  const keys = readApiKeys(file).keys.map(k => {
    if ((k.id === idOrName || k.name === idOrName) && !k.revokedAt) {
      n++;
      return { ...k, revokedAt: new Date().toISOString() };
    }
    return k;
  });
  write(file, { keys });
  return n;
}

/** Why a key was refused. */
export type ApiKeyRefusal = 'API_KEY_MALFORMED' | 'API_KEY_UNKNOWN' | 'API_KEY_REVOKED';

/**
 * Looks a presented key up. The file is read again when it changes on disk (checked at most once
 * a second), so that a revocation takes effect without a restart.
 */
export class ApiKeyStore {
  private cache: { keys: readonly ApiKeyRecord[]; readAt: number } | null = null;

  constructor(
    private readonly file: string,
    private readonly maxAgeMs = 1000,
  ) {}

  private records(): readonly ApiKeyRecord[] {
    const now = Date.now();
    if (!this.cache || now - this.cache.readAt > this.maxAgeMs) {
      this.cache = { keys: readApiKeys(this.file).keys, readAt: now };
    }
    return this.cache.keys;
  }

  /** Forgets the cached file (tests, and after a change made in this process). */
  reload(): void {
    this.cache = null;
  }

  check(key: string): { ok: true; record: ApiKeyRecord } | { ok: false; reason: ApiKeyRefusal } {
    const m = /^cgk_([0-9a-f]{12})_[A-Za-z0-9_-]{20,}$/.exec(key);
    if (!m) {
      return { ok: false, reason: 'API_KEY_MALFORMED' };
    }
    const record = this.records().find(r => r.id === m[1]);
    const given = Buffer.from(sha256(key), 'hex');
    if (!record || !timingSafeEqual(given, Buffer.from(record.hash, 'hex'))) {
      return { ok: false, reason: 'API_KEY_UNKNOWN' };
    }
    if (record.revokedAt) {
      return { ok: false, reason: 'API_KEY_REVOKED' };
    }
    return { ok: true, record };
  }
}
