import { GraphQLError } from 'graphql';

/**
 * Every error code a client of the graph can receive in `extensions.code`, with what it means.
 * Subgraphs raise these; the gateway passes them through and adds `serviceName`.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'An argument or input field is invalid; `extensions.field` names it.',
  UNAUTHENTICATED: 'No valid credential was presented.',
  FORBIDDEN: 'The caller may not see or do this.',
  NOT_FOUND: 'The object named by an id does not exist.',
  CONFLICT: 'The change conflicts with the current state (a newer version, an illegal transition).',
  INTERNAL_SERVER_ERROR: 'An unexpected failure; the request id in the logs tells the operator more.',
  DOWNSTREAM_SERVICE_ERROR: 'A subgraph failed or could not be reached; `extensions.serviceName` names it.',
} as const;
export type ErrorCodeName = keyof typeof ErrorCode;

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Base class of every error the project raises on purpose: coded, with the level to log it at. */
export abstract class AppError extends GraphQLError {
  abstract readonly logLevel: LogLevel;

  protected constructor(message: string, code: ErrorCodeName, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** An argument is invalid: names the field (a path such as `input.amount`) and the reason. */
export class InputError extends AppError {
  readonly logLevel = 'info';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`Invalid value for ${field}: ${reason}`, 'BAD_USER_INPUT', { field, reason });
  }
}

/** A mutation named an object that does not exist. Lookups return `null` instead. */
export class NotFoundError extends AppError {
  readonly logLevel = 'warn';
  constructor(typename: string, id: string, field?: string) {
    super(`${typename} ${id} does not exist`, 'NOT_FOUND', { typename, id, ...(field ? { field } : {}) });
  }
}

/** The change conflicts with the state it would apply to. */
export class ConflictError extends AppError {
  readonly logLevel = 'info';
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(message, 'CONFLICT', extra);
  }
}

/** The caller may not do this. */
export class ForbiddenError extends AppError {
  readonly logLevel = 'warn';
  constructor(message = 'Forbidden') {
    super(message, 'FORBIDDEN');
  }
}

/** Raised when configuration is missing or malformed; lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}
