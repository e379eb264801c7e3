import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Identity } from './roles';

/** The header in which the gateway passes the caller's identity to the subgraphs. */
export const IDENTITY_HEADER = 'x-identity';

/** How long a signed identity stays valid (seconds): one request's lifetime, with slack for clocks. */
const LIFETIME_S = 300;

interface Payload {
  readonly sub: string;
  readonly role: string | null;
  readonly scopes: readonly string[];
  readonly via: Identity['via'];
  readonly auth: boolean;
  /** The request it was made for: a header replayed on another request id is refused. */
  readonly rid: string;
  /** The client address the gateway saw, when known. */
  readonly addr?: string;
  readonly exp: number;
}

const b64 = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');

function mac(secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(`v1.${body}`).digest();
}

/**
 * Signs an identity for the subgraphs: `v1.<base64url JSON>.<base64url HMAC-SHA256>`, bound to
 * the request id and valid for a few minutes.
 */
export function signIdentity(identity: Identity, requestId: string, secret: string, nowMs = Date.now()): string {
  const payload: Payload = {
    sub: identity.sub,
    role: identity.role,
    scopes: identity.scopes,
    via: identity.via,
    auth: identity.authenticated,
    rid: requestId,
    ...(identity.address ? { addr: identity.address } : {}),
    exp: Math.floor(nowMs / 1000) + LIFETIME_S,
  };
  const body = b64(JSON.stringify(payload));
  return `v1.${body}.${b64(mac(secret, body))}`;
}

/** Why a signed identity was refused. */
export type IdentityRefusal = 'IDENTITY_MISSING' | 'IDENTITY_MALFORMED' | 'IDENTITY_BAD_SIGNATURE' | 'IDENTITY_EXPIRED' | 'IDENTITY_WRONG_REQUEST';

/** Checks a signed identity header; answers the identity or why it was refused. */
export function verifyIdentity(
  header: string | undefined,
  requestId: string | undefined,
  secret: string,
  nowMs = Date.now(),
): { ok: true; identity: Identity } | { ok: false; reason: IdentityRefusal } {
  if (!header) {
    return { ok: false, reason: 'IDENTITY_MISSING' };
  }
  const parts = header.split('.');
  if (parts.length !== 3 || parts[0] !== 'v1') {
    return { ok: false, reason: 'IDENTITY_MALFORMED' };
  }
  const given = Buffer.from(parts[2], 'base64url');
  const expected = mac(secret, parts[1]);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'IDENTITY_BAD_SIGNATURE' };
  }
  let p: Payload;
  try {
    p = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Payload;
  } catch {
    return { ok: false, reason: 'IDENTITY_MALFORMED' };
  }
  if (typeof p.exp !== 'number' || p.exp * 1000 < nowMs) {
    return { ok: false, reason: 'IDENTITY_EXPIRED' };
  }
  if (requestId !== undefined && p.rid !== requestId) {
    return { ok: false, reason: 'IDENTITY_WRONG_REQUEST' };
  }
  return {
    ok: true,
    identity: { sub: p.sub, role: p.role, scopes: p.scopes, via: p.via, authenticated: p.auth, ...(typeof p.addr === 'string' ? { address: p.addr } : {}) },
  };
}
