import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import type { Identity } from './identity/roles';
import { IDENTITY_HEADER, verifyIdentity } from './identity/signed-header';
import type { Logger } from './logger';

/** What every resolver of every service may rely on, whatever else its context holds. */
export interface BaseRequestContext {
  /** Created by the gateway (or taken from `x-request-id`) and passed to every subgraph. */
  readonly requestId: string;
  /** The caller as the gateway names it (`x-principal`); `null` until authentication exists. */
  readonly principal: string | null;
  readonly log: Logger;
  /** The caller's identity as the gateway signed it (subgraphs), or as authenticated (gateway). */
  readonly identity?: Identity | null;
  /** Where the request came from, as the gateway saw it: the audit trail's "from where". */
  readonly clientAddress?: string | null;
  /**
   * The gateway marked the request as one page of an export (`x-read-ahead: 1`): reading the
   * next page ahead is worth it. A hint about speed only; it grants nothing.
   */
  readonly exportPage?: ExportPage;
}

/**
 * The mark of an export page on a subgraph request. The subgraph's read-ahead keeps the page's
 * result in it (common/read-ahead.ts); Apollo Server copies a context shallowly, so the copy it
 * executes with shares this object with the context it was given.
 */
export interface ExportPage {
  result?: { readonly data?: unknown; readonly errors?: readonly unknown[] };
}

/** The header by which the gateway marks a subgraph request as one page of an export. */
export const READ_AHEAD_HEADER = 'x-read-ahead';

/** How a subgraph checks the identity header the gateway signs. */
export interface IdentityCheck {
  /** The secret shared with the gateway (`IDENTITY_SECRET`). */
  readonly secret: string;
  /** `IDENTITY_CHECK=on`: refuse a request without a valid identity header (401). */
  readonly required: boolean;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Reads the request id and principal a caller passes; makes a request id when none is valid. */
export function requestInfo(req: Pick<IncomingMessage, 'headers'>, log: Logger): BaseRequestContext {
  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  const principalHeader = req.headers['x-principal'];
  const principal = typeof principalHeader === 'string' && principalHeader.length > 0 ? principalHeader.slice(0, 256) : null;
  return { requestId, principal, log: log.child({ requestId }), ...(req.headers[READ_AHEAD_HEADER] === '1' ? { exportPage: {} } : {}) };
}

/**
 * A subgraph's view of a request: `requestInfo`, plus the identity from the gateway's signed
 * header (which then names the principal). Without a valid header the request is refused with a
 * coded 401 when the check is required; when it is off (trusted network, benchmarks), the
 * request runs without identity and `x-principal` is taken as given.
 */
export function verifiedRequestInfo(req: Pick<IncomingMessage, 'headers'>, log: Logger, check: IdentityCheck): BaseRequestContext {
  const base = requestInfo(req, log);
  const header = req.headers[IDENTITY_HEADER];
  const given = req.headers['x-request-id'];
  const result = verifyIdentity(typeof header === 'string' ? header : undefined, typeof given === 'string' ? given : undefined, check.secret);
  if (result.ok) {
    return { ...base, principal: result.identity.sub, identity: result.identity, clientAddress: result.identity.address ?? null };
  }
  if (check.required || result.reason !== 'IDENTITY_MISSING') {
    throw new GraphQLError('This subgraph answers the gateway only: the signed identity header is missing or invalid.', {
      extensions: { code: 'UNAUTHENTICATED', reason: result.reason, http: { status: 401 } },
    });
  }
  return { ...base, identity: null };
}

/**
 * The address a request came from: the peer's address, and the client a proxy names in
 * `x-forwarded-for` (as claimed, so both are kept: "203.0.113.7 via 10.0.0.2").
 */
export function clientAddressOf(req: Pick<IncomingMessage, 'headers' | 'socket'>): string {
  const peer = req.socket?.remoteAddress ?? 'unknown';
  const forwarded = req.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return first && /^[0-9A-Fa-f:.]{2,45}$/.test(first) ? `${first} via ${peer}` : peer;
}
