import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger } from './logger';

/** What every resolver of every service may rely on, whatever else its context holds. */
export interface BaseRequestContext {
  /** Created by the gateway (or taken from `x-request-id`) and passed to every subgraph. */
  readonly requestId: string;
  /** The caller as the gateway names it (`x-principal`); `null` until authentication exists. */
  readonly principal: string | null;
  readonly log: Logger;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Reads the request id and principal a caller passes; makes a request id when none is valid. */
export function requestInfo(req: Pick<IncomingMessage, 'headers'>, log: Logger): BaseRequestContext {
  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  const principalHeader = req.headers['x-principal'];
  const principal = typeof principalHeader === 'string' && principalHeader.length > 0 ? principalHeader.slice(0, 256) : null;
  return { requestId, principal, log: log.child({ requestId }) };
}
