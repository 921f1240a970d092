/**
 * A small, strict CSV reader (RFC 4180, https://www.rfc-editor.org/rfc/rfc4180) for the catalog files.
 *
 * Fields are separated by commas and records by CRLF, LF or a lone CR. A field may be quoted; inside
 * quotes, commas and line breaks are data and `""` is one quote. A leading UTF-8 byte-order mark is
 * dropped; a line break at the very end does not start an empty record. RFC 4180 forbids a quote inside
 * an unquoted field and text after a closing quote; both are refused rather than guessed at, because a
 * catalog that parses "somehow" is worse than one that fails with its line number.
 *
 * Every record carries the 1-based line it starts on (a quoted field may span lines), so errors can
 * point at the row a person sees in an editor. A blank line is returned as a record of one empty field.
 *
 * @example
 * parseCsv('code,name\n0101,"水田, paddy"\n')
 * // → [{ line: 1, fields: ['code', 'name'] }, { line: 2, fields: ['0101', '水田, paddy'] }]
 */
export interface CsvRecord {
  /** 1-based line number of the record's first character. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    /** 1-based line where the problem is. */
    readonly line: number,
  ) {
    super(`${message} (line ${line})`);
    this.name = 'CsvSyntaxError';
  }
}

export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const end = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (pos >= end) return records;
  let line = 1;
  let recordLine = 1;
  let fields: string[] = [];
  for (;;) {
    if (text[pos] === '"') {
      const read = readQuoted(text, pos, line);
      fields.push(read.value);
      pos = read.pos;
      line = read.line;
      if (pos < end && !isSeparator(text[pos])) throw new CsvSyntaxError('text after a closing quote', line);
    } else {
      let stop = pos;
      while (stop < end && !isSeparator(text[stop])) {
        if (text[stop] === '"') throw new CsvSyntaxError('a quote inside an unquoted field', line);
        stop++;
      }
      fields.push(text.slice(pos, stop));
      pos = stop;
    }
    if (pos >= end) {
      records.push({ line: recordLine, fields });
      return records;
    }
    if (text[pos] === ',') {
      pos++;
      continue;
    }
    pos += text[pos] === '\r' && text[pos + 1] === '\n' ? 2 : 1;
    line++;
    records.push({ line: recordLine, fields });
    if (pos >= end) return records;
    fields = [];
    recordLine = line;
  }
}

function isSeparator(ch: string | undefined): boolean {
  return ch === ',' || ch === '\n' || ch === '\r';
}

/** Read a quoted field whose opening quote is at `start`; returns the value and the position after it. */
function readQuoted(text: string, start: number, line: number): { value: string; pos: number; line: number } {
  const openedOn = line;
  let value = '';
  let pos = start + 1;
  for (;;) {
    const quote = text.indexOf('"', pos);
    if (quote < 0) throw new CsvSyntaxError('a quoted field is never closed', openedOn);
    const chunk = text.slice(pos, quote);
    line += chunk.match(/\r\n|\r|\n/g)?.length ?? 0;
    value += chunk;
    if (text[quote + 1] !== '"') return { value, pos: quote + 1, line };
    value += '"';
    pos = quote + 2;
  }
}
