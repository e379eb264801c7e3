import type { LogLevel } from './errors';

/** Attributes attached to a log line: ids, counts, durations. Never personal data or secrets. */
export type LogFields = Record<string, unknown>;

/**
 * A structured JSON logger. Its methods accept `(fields, message)` or `(message)`, so it also
 * satisfies `@apollo/utils.logger`'s `Logger` and can be handed to Apollo Server and the gateway.
 */
export interface Logger {
  debug(fieldsOrMessage: LogFields | string, message?: string): void;
  info(fieldsOrMessage: LogFields | string, message?: string): void;
  warn(fieldsOrMessage: LogFields | string, message?: string): void;
  error(fieldsOrMessage: LogFields | string, message?: string): void;
  child(bindings: LogFields): Logger;
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LoggerLevel = (typeof LOG_LEVELS)[number];

const RANK: Record<LoggerLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/** Writes one JSON object per line to `out` (stderr by default). */
export function createLogger(
  level: LoggerLevel = 'info',
  bindings: LogFields = {},
  out: (line: string) => void = line => process.stderr.write(line + '\n'),
): Logger {
  const min = RANK[level];
  const write = (lvl: LogLevel, a: LogFields | string, b?: string) => {
    if (RANK[lvl] < min) {
      return;
    }
    const fields = typeof a === 'string' ? {} : a;
    const msg = typeof a === 'string' ? a : (b ?? '');
    out(JSON.stringify({ time: new Date().toISOString(), level: lvl, ...bindings, ...fields, msg }, errorReplacer));
  };
  return {
    debug: (a, b) => write('debug', a, b),
    info: (a, b) => write('info', a, b),
    warn: (a, b) => write('warn', a, b),
    error: (a, b) => write('error', a, b),
    child: more => createLogger(level, { ...bindings, ...more }, out),
  };
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  return value;
}

/** A logger that writes nothing: for tests. */
export const silentLogger: Logger = createLogger('silent');
