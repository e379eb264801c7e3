import { loadConfig } from '../common/config';
import { ensureDevSecrets } from '../common/identity/dev-secrets';
import { isRole, ROLE_NAMES, ROLES, type RoleName } from '../common/identity/roles';
import { createApiKey, revokeApiKey } from '../gateway/auth/api-keys';
import { signHs256 } from '../gateway/auth/jwt';
import { parseOptions, UsageError } from './options';

/** Default lifetime of a development token: 12 hours. */
const DEFAULT_TTL_S = 12 * 3600;

/**
 * A token for the local stack, signed with JWT_SECRET or the development key under DATA_DIR
 * (the same key the gateway uses), with the configured issuer and audience.
 */
export function developmentToken(role: RoleName, opts: { sub?: string; ttlS?: number; env?: NodeJS.ProcessEnv } = {}): string {
  const config = loadConfig('gateway', opts.env);
  const secret = config.auth.jwtSecret ?? ensureDevSecrets(config.dataDir).jwtSecret;
  const now = Math.floor(Date.now() / 1000);
  return signHs256({ sub: opts.sub ?? `${role}@localhost`, role, iss: config.auth.issuer, aud: config.auth.audience, iat: now, exp: now + (opts.ttlS ?? DEFAULT_TTL_S) }, secret);
}

/**
 * `token --role ROLE [--sub NAME] [--ttl SECONDS]`: prints a token;
 * `token --api-key NAME --role ROLE [--operations A,B]`: makes a partner API key (printed once);
 * `token --revoke ID_OR_NAME`: revokes API keys.
 */
export async function tokenCommand(args: string[]): Promise<number> {
  const o = parseOptions(args, ['role', 'sub', 'ttl', 'api-key', 'operations', 'revoke']);
  const config = loadConfig('gateway');
  if (o.revoke) {
    const n = revokeApiKey(config.auth.apiKeysPath, o.revoke);
    process.stdout.write(`revoked ${n} key(s)\n`);
    return n > 0 ? 0 : 1;
  }
  if (!isRole(o.role)) {
    throw new UsageError(`--role must be one of ${ROLE_NAMES.join(', ')}`);
  }
  if (o['api-key']) {
    const { key, record } = createApiKey(config.auth.apiKeysPath, {
      name: o['api-key'],
      role: o.role,
      scopes: ROLES[o.role],
      ...(o.operations ? { operations: o.operations.split(',') } : {}),
    });
    process.stderr.write(`API key ${record.id} for ${record.name} (${record.role}); stored hashed in ${config.auth.apiKeysPath}; shown once:\n`);
    process.stdout.write(`${key}\n`);
    return 0;
  }
  const ttl = o.ttl ? Number(o.ttl) : undefined;
  if (ttl !== undefined && !(Number.isInteger(ttl) && ttl > 0)) {
    throw new UsageError('--ttl must be a positive number of seconds');
  }
  process.stdout.write(`${developmentToken(o.role, { sub: o.sub, ttlS: ttl })}\n`);
  return 0;
}
