import { createHmac, createPublicKey, timingSafeEqual, verify as verifySignature, type KeyObject } from 'node:crypto';

/** Why a token was refused; each is the `reason` of a 401. */
export type TokenRefusal =
  | 'TOKEN_MALFORMED'
  | 'TOKEN_ALGORITHM_NOT_ALLOWED'
  | 'TOKEN_UNKNOWN_KEY'
  | 'TOKEN_BAD_SIGNATURE'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_NOT_YET_VALID'
  | 'TOKEN_WRONG_ISSUER'
  | 'TOKEN_WRONG_AUDIENCE'
  | 'TOKEN_NO_SUBJECT';

/** What checks a token: an HS256 secret and/or public keys (RS256, ES256) from a JWKS file. */
export interface JwtVerifierOptions {
  readonly hs256Secret: string | null;
  /** Public keys by `kid` (a key without `kid` is stored under ''). */
  readonly publicKeys: ReadonlyMap<string, { readonly alg: 'RS256' | 'ES256'; readonly key: KeyObject }>;
  readonly issuer: string;
  readonly audience: string;
  /** Allowed clock skew in seconds. */
  readonly leewayS?: number;
}

export interface JwtClaims {
  readonly sub: string;
  readonly role?: string;
  readonly scope?: string;
  readonly [claim: string]: unknown;
}

/** Reads a JWKS document (`{ "keys": [...] }`) into public keys for RS256 and ES256. */
export function publicKeysFromJwks(jwks: { keys?: unknown[] }): Map<string, { alg: 'RS256' | 'ES256'; key: KeyObject }> {
  const out = new Map<string, { alg: 'RS256' | 'ES256'; key: KeyObject }>();
  for (const raw of jwks.keys ?? []) {
    const jwk = raw as { kid?: string; kty?: string; alg?: string; crv?: string };
    const alg = jwk.alg === 'RS256' || jwk.alg === 'ES256' ? jwk.alg : jwk.kty === 'RSA' ? 'RS256' : jwk.kty === 'EC' && jwk.crv === 'P-256' ? 'ES256' : null;
    if (!alg) {
      throw new Error(`JWKS key ${jwk.kid ?? '(no kid)'}: only RS256 (RSA) and ES256 (EC P-256) keys are supported`);
    }
    out.set(jwk.kid ?? '', { alg, key: createPublicKey({ key: raw as never, format: 'jwk' }) });
  }
  return out;
}

const json = (part: string): Record<string, unknown> | null => {
  try {
    const v = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

/** Verifies a compact JWS: algorithm, signature, `exp`, `nbf`, `iss`, `aud` and `sub`. */
export function verifyJwt(token: string, opts: JwtVerifierOptions, nowMs = Date.now()): { ok: true; claims: JwtClaims } | { ok: false; reason: TokenRefusal } {
  const parts = token.split('.');
  if (parts.length !== 3) {
    return { ok: false, reason: 'TOKEN_MALFORMED' };
  }
  const header = json(parts[0]);
  const claims = json(parts[1]);
  if (!header || !claims) {
    return { ok: false, reason: 'TOKEN_MALFORMED' };
  }
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = Buffer.from(parts[2], 'base64url');
  if (header.alg === 'HS256') {
    if (!opts.hs256Secret) {
      return { ok: false, reason: 'TOKEN_ALGORITHM_NOT_ALLOWED' };
    }
    const expected = createHmac('sha256', opts.hs256Secret).update(signed).digest();
    if (expected.length !== signature.length || !timingSafeEqual(expected, signature)) {
      return { ok: false, reason: 'TOKEN_BAD_SIGNATURE' };
    }
  } else if (header.alg === 'RS256' || header.alg === 'ES256') {
    const entry = opts.publicKeys.get(typeof header.kid === 'string' ? header.kid : '') ?? (opts.publicKeys.size === 1 && header.kid === undefined ? [...opts.publicKeys.values()][0] : undefined);
    if (!entry) {
      return { ok: false, reason: opts.publicKeys.size === 0 ? 'TOKEN_ALGORITHM_NOT_ALLOWED' : 'TOKEN_UNKNOWN_KEY' };
    }
    if (entry.alg !== header.alg) {
      return { ok: false, reason: 'TOKEN_ALGORITHM_NOT_ALLOWED' };
    }
    const ok = verifySignature('sha256', signed, header.alg === 'ES256' ? { key: entry.key, dsaEncoding: 'ieee-p1363' } : entry.key, signature);
    if (!ok) {
      return { ok: false, reason: 'TOKEN_BAD_SIGNATURE' };
    }
  } else {
    return { ok: false, reason: 'TOKEN_ALGORITHM_NOT_ALLOWED' };
  }
  const now = nowMs / 1000;
  const leeway = opts.leewayS ?? 30;
  if (typeof claims.exp !== 'number' || claims.exp + leeway < now) {
    return { ok: false, reason: 'TOKEN_EXPIRED' };
  }
  if (typeof claims.nbf === 'number' && claims.nbf - leeway > now) {
    return { ok: false, reason: 'TOKEN_NOT_YET_VALID' };
  }
  if (claims.iss !== opts.issuer) {
    return { ok: false, reason: 'TOKEN_WRONG_ISSUER' };
  }
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.includes(opts.audience)) {
    return { ok: false, reason: 'TOKEN_WRONG_AUDIENCE' };
  }
  if (typeof claims.sub !== 'string' || claims.sub.length === 0) {
    return { ok: false, reason: 'TOKEN_NO_SUBJECT' };
  }
  return { ok: true, claims: claims as JwtClaims };
}

/** Signs an HS256 token (development tokens and tests). */
export function signHs256(claims: Record<string, unknown>, secret: string): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const body = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc(claims)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}
