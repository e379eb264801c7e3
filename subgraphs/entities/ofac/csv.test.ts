import { OfacFileError, parseOfacCsv } from './csv';

describe('parseOfacCsv', () => {
  it('reads OFAC legacy CSV: CRLF, quoted text, -0- nulls, the 0x1A end byte', () => {
    const text = '43377,"KIM, Sang Man","individual","DPRK4",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 25 Apr 1965."\r\n\x1a';
    expect(parseOfacCsv(text, 'sdn.csv', 12)).toEqual([
      { line: 1, fields: ['43377', 'KIM, Sang Man', 'individual', 'DPRK4', null, null, null, null, null, null, null, 'DOB 25 Apr 1965.'] },
    ]);
  });

  it('keeps doubled quotes inside a quoted field', () => {
    expect(parseOfacCsv('1,"A ""B"" C"\r\n', 'x.csv', 2)[0].fields).toEqual(['1', 'A "B" C']);
  });

  it('refuses a wrong column count, naming the file and line', () => {
    const text = '1,"a"\r\n2,"b","c"\r\n';
    expect(() => parseOfacCsv(text, 'alt.csv', 2)).toThrow(new OfacFileError('alt.csv', 2, 'expected 2 fields, found 3'));
  });

  it('refuses a file cut in the middle of a quoted field', () => {
    expect(() => parseOfacCsv('1,"unterminated', 'sdn.csv', 2)).toThrow(/sdn\.csv:1: unterminated quoted field/);
  });

  it('refuses a file cut in the middle of a record', () => {
    expect(() => parseOfacCsv('1,"a"\r\n2,"b"', 'add.csv', 2)).toThrow(/add\.csv:2: the file ends in the middle of a record/);
  });

  it('refuses bytes that are not text', () => {
    expect(() => parseOfacCsv('1,"a\uFFFD"\r\n', 'sdn.csv', 2)).toThrow(/not an ASCII\/UTF-8 text file/);
  });
});
