import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

const DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function literalString(ast: ValueNode, scalar: string): string {
  if (ast.kind !== Kind.STRING) {
    throw new GraphQLError(`${scalar} must be given as a string`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return ast.value;
}

/** Checks a decimal string such as `"4400000.00"`; returns it unchanged. */
export function parseDecimal(value: unknown): string {
  if (typeof value !== 'string' || !DECIMAL.test(value)) {
    throw new GraphQLError(`Decimal must be a decimal number written as a string, such as "4400000.00"; got ${JSON.stringify(value)}`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return value;
}

/** Checks a calendar date `YYYY-MM-DD`; returns it unchanged. */
export function parseDate(value: unknown): string {
  const m = typeof value === 'string' ? DATE.exec(value) : null;
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !d || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
    throw new GraphQLError(`Date must be a calendar date YYYY-MM-DD; got ${JSON.stringify(value)}`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return value as string;
}

/** A calendar date without a time zone, `YYYY-MM-DD`. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date without time zone, written YYYY-MM-DD (ISO 8601), e.g. "2023-05-23".',
  serialize: value => (value instanceof Date ? value.toISOString().slice(0, 10) : parseDate(value)),
  parseValue: parseDate,
  parseLiteral: ast => parseDate(literalString(ast, 'Date')),
});

function parseDateTime(value: unknown): Date {
  const d = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : null;
  if (!d || Number.isNaN(d.getTime())) {
    throw new GraphQLError(`DateTime must be an ISO 8601 date and time such as "2023-05-23T12:00:00Z"; got ${JSON.stringify(value)}`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return d;
}

/**
 * An instant already written the way DateTime writes it (ISO 8601 in UTC with milliseconds), read
 * from the database as text: it is served as it is, with no Date made and written back for it
 * (a page of transfers did that 500 times).
 */
export class IsoInstant {
  private constructor(readonly iso: string) {}

  /**
   * From ISO 8601 in UTC with microseconds, as PostgreSQL's `to_char(… 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
   * writes it: cut to milliseconds, which is what a Date of it holds (a Date truncates, and
   * node-postgres's Date of a timestamptz is truncated the same way). Any other text becomes a Date.
   */
  static fromMicros(text: string): IsoInstant | Date {
    return text.length === 27 && text.charCodeAt(19) === 0x2e && text.charCodeAt(26) === 0x5a ? new IsoInstant(`${text.slice(0, 23)}Z`) : new Date(text);
  }
}

/** An instant, serialised as ISO 8601 in UTC with milliseconds. */
export const DateTimeScalar = new GraphQLScalarType<Date | IsoInstant, string>({
  name: 'DateTime',
  description: 'An instant in time, written in ISO 8601 in UTC, e.g. "2023-05-23T14:03:07.000Z".',
  serialize: value => {
    if (value instanceof IsoInstant) {
      return value.iso;
    }
    const d = value instanceof Date ? value : parseDateTime(value);
    return d.toISOString();
  },
  parseValue: parseDateTime,
  parseLiteral: ast => parseDateTime(literalString(ast, 'DateTime')),
});
