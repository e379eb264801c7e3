/** A file OFAC publishes could not be read: names the file, the line and the reason. */
export class OfacFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'OfacFileError';
  }
}

/** One record of a legacy CSV file: its fields (null for OFAC's `-0-`) and its line number. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly (string | null)[];
}

const NULL_MARK = '-0-';

/**
 * Parses one of OFAC's legacy CSV files exactly as published: no header row, CRLF line ends,
 * fields quoted only when they are text, `-0- ` (with its trailing space) for null, and a DOS
 * end-of-file byte 0x1A at the end. Every record must have `columns` fields; anything else is an
 * `OfacFileError` naming the line.
 */
export function parseOfacCsv(text: string, file: string, columns: number): CsvRecord[] {
  if (text.includes('\u0000')) {
    throw new OfacFileError(file, lineOf(text, text.indexOf('\u0000')), 'not a text file (it holds NUL bytes): is it compressed or binary?');
  }
  if (text.includes('\uFFFD')) {
    throw new OfacFileError(file, lineOf(text, text.indexOf('\uFFFD')), 'not an ASCII/UTF-8 text file (undecodable bytes)');
  }
  const end = text.endsWith('\x1a') ? text.length - 1 : text.length;
  const records: CsvRecord[] = [];
  let i = 0;
  let line = 1;
  while (i < end) {
    // Skip blank lines between records (OFAC files end with CRLF before the EOF byte).
    if (text[i] === '\r' || text[i] === '\n') {
      if (text[i] === '\n') {
        line++;
      }
      i++;
      continue;
    }
    const startLine = line;
    const fields: (string | null)[] = [];
    for (;;) {
      let value: string | null;
      if (text[i] === '"') {
        let j = i + 1;
        let out = '';
        for (;;) {
          if (j >= end) {
            throw new OfacFileError(file, startLine, 'unterminated quoted field (the file may be truncated)');
          }
          const ch = text[j];
          if (ch === '"') {
            if (text[j + 1] === '"') {
              out += '"';
              j += 2;
              continue;
            }
            j++;
            break;
          }
          if (ch === '\n') {
            line++;
          }
          out += ch;
          j++;
        }
        value = out;
        i = j;
      } else {
        let j = i;
        while (j < end && text[j] !== ',' && text[j] !== '\r' && text[j] !== '\n') {
          j++;
        }
        const raw = text.slice(i, j).trim();
        value = raw === NULL_MARK || raw === '' ? null : raw;
        i = j;
      }
      fields.push(value);
      if (i < end && text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (i < end && text[i] === '\r') {
      i++;
    }
    if (i < end && text[i] === '\n') {
      i++;
      line++;
    } else if (i < end) {
      throw new OfacFileError(file, startLine, `unexpected character ${JSON.stringify(text[i])} after a field`);
    }
    if (fields.length !== columns) {
      throw new OfacFileError(file, startLine, `expected ${columns} fields, found ${fields.length}`);
    }
    records.push({ line: startLine, fields });
  }
  if (records.length > 0 && !text.endsWith('\x1a') && !/\r?\n$/.test(text)) {
    throw new OfacFileError(file, line, 'the file ends in the middle of a record (truncated)');
  }
  return records;
}

function lineOf(text: string, index: number): number {
  let n = 1;
  for (let k = 0; k < index; k++) {
    if (text.charCodeAt(k) === 10) {
      n++;
    }
  }
  return n;
}
