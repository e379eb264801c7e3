import { readFileSync } from 'node:fs';
import type { AuthConfig, LimitsConfig } from '../../common/config';
import { ensureDevSecrets } from '../../common/identity/dev-secrets';
import { ApiKeyStore } from './api-keys';
import type { AuthOptions } from './authenticate';
import { publicKeysFromJwks } from './jwt';

/** Everything the gateway needs to authenticate, authorize and limit callers. */
export interface GatewaySecurity {
  readonly auth: AuthOptions;
  /** HMAC key of the identity header sent to the subgraphs. */
  readonly identitySecret: string;
  readonly limits: LimitsConfig;
  /** Introspection for callers other than partners. */
  readonly introspection: boolean;
  /** Requests per minute and burst per caller; null: no rate limit. */
  readonly rateLimit: { readonly perMinute: number; readonly burst: number } | null;
}

/**
 * Builds the gateway's security from configuration. Secrets not given in the environment are the
 * local stack's development secrets, generated under DATA_DIR on first start.
 */
export function securityFromConfig(auth: AuthConfig, limits: LimitsConfig, dataDir: string, rateLimit: GatewaySecurity['rateLimit'] = { perMinute: 600, burst: 100 }): GatewaySecurity {
  const dev = !auth.jwtSecret || !auth.identitySecret ? ensureDevSecrets(dataDir) : null;
  let publicKeys = new Map();
  if (auth.jwksPath) {
    try {
      publicKeys = publicKeysFromJwks(JSON.parse(readFileSync(auth.jwksPath, 'utf8')) as { keys?: unknown[] });
    } catch (err) {
      throw new Error(`JWT_JWKS_PATH: cannot read a JWKS from ${auth.jwksPath}: ${(err as Error).message}`);
    }
  }
  return {
    auth: {
      jwt: { hs256Secret: auth.jwtSecret ?? dev!.jwtSecret, publicKeys, issuer: auth.issuer, audience: auth.audience },
      apiKeys: new ApiKeyStore(auth.apiKeysPath),
      anonymousRole: auth.anonymousRole,
    },
    identitySecret: auth.identitySecret ?? dev!.identitySecret,
    limits,
    introspection: auth.introspection,
    rateLimit,
  };
}
