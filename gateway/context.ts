import type { Identity } from '../common/identity/roles';
import type { BaseRequestContext } from '../common/request-context';
import type { ReadAheadSlot } from './export/read-ahead';

/** The gateway's per-request context: what it forwards to every subgraph. */
export interface GatewayContext extends BaseRequestContext {
  /** The caller's Authorization header, forwarded unchanged. */
  readonly authorization: string | null;
  /** The caller as authentication established it; undefined only outside the HTTP server. */
  readonly identity?: Identity | null;
  /** Set on the pages of an export: its read-ahead (gateway/export/read-ahead.ts) and this page's number. */
  readonly readAhead?: ReadAheadSlot;
}
