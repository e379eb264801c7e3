import { types } from 'pg';
import { mulberry32 } from './random';
import { DateTimeScalar, IsoInstant } from './scalars';

describe('IsoInstant (times read as text, served without a Date)', () => {
  it('serialises exactly as the Date node-postgres makes of the same timestamptz, on 20,000 random instants', () => {
    const rand = mulberry32(11);
    const parseTimestamptz = types.getTypeParser(1184, 'text') as (text: string) => Date;
    for (let i = 0; i < 20_000; i++) {
      // 1970–2100, to the microsecond.
      const ms = Math.floor(rand() * 4_102_444_800_000);
      const micros = String(Math.floor(rand() * 1000)).padStart(3, '0');
      const iso = new Date(ms).toISOString();
      const text = `${iso.slice(0, 23)}${micros}Z`;
      // What PostgreSQL sends node-postgres for the same instant: '2023-05-23 14:03:07.123456+00'.
      const pg = parseTimestamptz(`${text.slice(0, 10)} ${text.slice(11, 26)}+00`);
      expect(DateTimeScalar.serialize(IsoInstant.fromMicros(text))).toBe(DateTimeScalar.serialize(pg));
    }
  });

  it('makes a Date of any other text, and serialises Dates and ISO strings as before', () => {
    expect(IsoInstant.fromMicros('2023-05-23T14:03:07Z')).toEqual(new Date('2023-05-23T14:03:07Z'));
    expect(IsoInstant.fromMicros('2023-05-23T14:03:07.123456Z')).toBeInstanceOf(IsoInstant);
    expect(DateTimeScalar.serialize(new Date('2023-05-23T14:03:07.5Z'))).toBe('2023-05-23T14:03:07.500Z');
    expect(DateTimeScalar.serialize('2023-05-23T14:03:07+02:00')).toBe('2023-05-23T12:03:07.000Z');
    expect(() => DateTimeScalar.serialize('yesterday')).toThrow(/ISO 8601/);
  });
});
