import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, type DocumentNode } from 'graphql';

/**
 * An operation on a partner key's safelist, pinned by its text: the operation's name and the
 * SHA-256 (hex) of its normalized document ({@link normalizedDocumentHash}). A partner may then
 * send only that document under that name: another text under a listed name is refused.
 */
export interface SafelistedOperation {
  readonly name: string;
  readonly sha256: string;
}

/**
 * An entry of a key's `operations`: a pinned operation, or (keys made before pinning existed) a
 * bare operation name, which admits any document under that name.
 */
export type SafelistEntry = string | SafelistedOperation;

const normalizedHashes = new WeakMap<DocumentNode, string>();

/**
 * The SHA-256 (hex) of a GraphQL document's normalized text: graphql-js `print(parse(text))`,
 * which drops comments, insignificant whitespace and commas, and writes every definition in one
 * canonical layout (definition order, names, arguments and selections are kept as written). The
 * whole document counts: a document with another operation or fragment beside a listed one is
 * another document. Parsed documents are hashed once (Apollo Server reuses them across requests).
 */
export function normalizedDocumentHash(document: string | DocumentNode): string {
  if (typeof document === 'string') {
    return createHash('sha256').update(print(parse(document))).digest('hex');
  }
  let hash = normalizedHashes.get(document);
  if (hash === undefined) {
    hash = createHash('sha256').update(print(document)).digest('hex');
    normalizedHashes.set(document, hash);
  }
  return hash;
}

/**
 * The safelist entry of an operation document: its name (the document's only operation, or the
 * one named) and its normalized hash. Throws when the document does not parse or names no such
 * operation, or when the operation is anonymous (a safelist lists names).
 */
export function safelistEntry(documentText: string, operationName?: string): SafelistedOperation {
  const document = parse(documentText);
  const named = document.definitions.flatMap(d => (d.kind === Kind.OPERATION_DEFINITION ? [d.name?.value ?? null] : []));
  const name = operationName ?? (named.length === 1 ? named[0] : null);
  if (!name || !named.includes(name)) {
    throw new Error(operationName ? `the document has no operation named ${operationName}` : 'the document must hold exactly one named operation (or name the one to list)');
  }
  return { name, sha256: normalizedDocumentHash(document) };
}

/** The name of a safelist entry. */
export const safelistName = (e: SafelistEntry): string => (typeof e === 'string' ? e : e?.name);

/**
 * A key's safelist as the gateway checks it: each listed name with the normalized-document hashes
 * allowed under it, or null where a bare (legacy) entry admits any text under the name.
 */
export type Safelist = ReadonlyMap<string, ReadonlySet<string> | null>;

const compiled = new WeakMap<readonly SafelistEntry[], Safelist>();

/** Compiles a key's `operations` (once per record read from the file). */
export function compileSafelist(operations: readonly SafelistEntry[]): Safelist {
  let list = compiled.get(operations);
  if (!list) {
    const map = new Map<string, Set<string> | null>();
    for (const e of operations) {
      const name = safelistName(e);
      if (typeof name !== 'string') {
        continue;
      }
      if (typeof e === 'string' || map.get(name) === null) {
        map.set(name, null);
      } else {
        // A malformed hash matches nothing: the name stays listed, and refused.
        const set = map.get(name) ?? new Set<string>();
        if (typeof e.sha256 === 'string') {
          set.add(e.sha256.toLowerCase());
        }
        map.set(name, set);
      }
    }
    list = map;
    compiled.set(operations, list);
  }
  return list;
}

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
  /**
   * The operations the key may run; absent: any operation. Each is pinned by text
   * (`{ "name", "sha256" }`, see {@link SafelistedOperation}) or, in keys made before pinning, a
   * bare name that admits any text under it. A name may be listed with several hashes (versions).
   */
  readonly operations?: readonly SafelistEntry[];
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
export function createApiKey(file: string, opts: { name: string; role: string; scopes: readonly string[]; operations?: readonly SafelistEntry[] }): { key: string; record: ApiKeyRecord } {
  for (const op of opts.operations ?? []) {
    if (typeof op !== 'string' && !(typeof op?.name === 'string' && /^[0-9a-f]{64}$/.test(op.sha256))) {
      throw new Error(`not a safelist entry: ${JSON.stringify(op)} (a name, or { name, sha256 } with the hex SHA-256 of the normalized document)`);
    }
  }
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
