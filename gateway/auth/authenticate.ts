import type { IncomingHttpHeaders } from 'node:http';
import { GraphQLError } from 'graphql';
import { isRole, ROLES, type Identity, type RoleName } from '../../common/identity/roles';
import { compileSafelist, type ApiKeyStore, type Safelist } from './api-keys';
import { verifyJwt, type JwtVerifierOptions } from './jwt';

/** How the gateway authenticates callers. */
export interface AuthOptions {
  readonly jwt: JwtVerifierOptions;
  readonly apiKeys: ApiKeyStore | null;
  /**
   * Development mode: a request without a credential acts with this role (and, only then, the
   * principal may be named by `x-principal`). Null: a credential is required.
   */
  readonly anonymousRole: RoleName | null;
}

/**
 * The caller as the gateway's own checks see it: the identity, and for a partner key with a
 * safelist, the hashes its listed operations are pinned to (checked by the limits plugin).
 * `safelist` (the names) stays on the identity for everything else that reads it.
 */
export interface GatewayIdentity extends Identity {
  readonly pinnedSafelist?: Safelist;
}

/** A 401 with a coded reason (`extensions.reason`). */
export function unauthenticated(reason: string, message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', reason, http: { status: 401, headers: new Map([['www-authenticate', 'Bearer realm="compliance-graph"']]) } },
  });
}

const MESSAGES: Record<string, string> = {
  CREDENTIAL_MISSING: 'No credential: send "Authorization: Bearer <token>" or "x-api-key: <key>".',
  CREDENTIAL_SCHEME: 'Unsupported Authorization scheme: use "Bearer <token>" or "ApiKey <key>".',
  TOKEN_MALFORMED: 'The token is not a well-formed JWT.',
  TOKEN_ALGORITHM_NOT_ALLOWED: 'The token is signed with an algorithm or key type this gateway does not accept.',
  TOKEN_UNKNOWN_KEY: 'The token names a signing key (kid) this gateway does not know.',
  TOKEN_BAD_SIGNATURE: 'The token signature does not verify.',
  TOKEN_EXPIRED: 'The token has expired (or has no exp).',
  TOKEN_NOT_YET_VALID: 'The token is not valid yet (nbf).',
  TOKEN_WRONG_ISSUER: 'The token was issued by an issuer this gateway does not accept.',
  TOKEN_WRONG_AUDIENCE: 'The token is meant for another audience.',
  TOKEN_NO_SUBJECT: 'The token has no subject (sub).',
  TOKEN_UNKNOWN_ROLE: 'The token names a role this gateway does not know.',
  API_KEY_MALFORMED: 'The API key is not well-formed.',
  API_KEY_UNKNOWN: 'The API key is unknown.',
  API_KEY_REVOKED: 'The API key has been revoked.',
};

/** Establishes who calls, or throws a 401 naming why not. */
export function authenticate(headers: IncomingHttpHeaders, opts: AuthOptions): GatewayIdentity {
  const refuse = (reason: string) => unauthenticated(reason, MESSAGES[reason] ?? reason);
  const authorization = typeof headers.authorization === 'string' ? headers.authorization.trim() : '';
  const apiKeyHeader = typeof headers['x-api-key'] === 'string' ? headers['x-api-key'].trim() : '';
  let apiKey = apiKeyHeader;
  if (authorization) {
    const [scheme, value = ''] = authorization.split(/\s+/, 2);
    if (/^bearer$/i.test(scheme)) {
      const result = verifyJwt(value, opts.jwt);
      if (!result.ok) {
        throw refuse(result.reason);
      }
      const { claims } = result;
      const role = claims.role ?? null;
      if (role !== null && !isRole(role)) {
        throw refuse('TOKEN_UNKNOWN_ROLE');
      }
      const extra = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
      const scopes = [...new Set([...(role ? ROLES[role] : []), ...extra])];
      return { sub: claims.sub, role, scopes, via: 'jwt', authenticated: true };
    }
    if (/^apikey$/i.test(scheme)) {
      apiKey = value;
    } else {
      throw refuse('CREDENTIAL_SCHEME');
    }
  }
  if (apiKey) {
    if (!opts.apiKeys) {
      throw refuse('API_KEY_UNKNOWN');
    }
    const result = opts.apiKeys.check(apiKey);
    if (!result.ok) {
      throw refuse(result.reason);
    }
    const r = result.record;
    const safelist = Array.isArray(r.operations) ? compileSafelist(r.operations) : null;
    return {
      sub: `api-key:${r.name}`,
      role: r.role,
      scopes: [...new Set([...(isRole(r.role) ? ROLES[r.role] : []), ...r.scopes])],
      via: 'api-key',
      authenticated: true,
      ...(safelist ? { safelist: [...safelist.keys()], pinnedSafelist: safelist } : {}),
    };
  }
  if (opts.anonymousRole) {
    const named = headers['x-principal'];
    const sub = typeof named === 'string' && named.length > 0 ? named.slice(0, 256) : 'anonymous';
    return { sub, role: opts.anonymousRole, scopes: ROLES[opts.anonymousRole], via: 'anonymous', authenticated: true };
  }
  throw refuse('CREDENTIAL_MISSING');
}
