import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv } from './csv-reader.js';

const fields = (text: string) => parseCsv(text).map((r) => r.fields);

describe('parseCsv', () => {
  it('reads plain records with LF, CRLF and lone CR line breaks', () => {
    expect(fields('a,b\n1,2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(fields('a,b\r\n1,2\r\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(fields('a,b\r1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('does not add an empty record for the final line break, with or without it', () => {
    expect(fields('x\ny')).toEqual([['x'], ['y']]);
    expect(fields('x\ny\n')).toEqual([['x'], ['y']]);
    expect(fields('x\ny\r\n')).toEqual([['x'], ['y']]);
  });

  it('keeps empty fields, a trailing comma and an empty quoted field', () => {
    expect(fields(',a,,\n""')).toEqual([['', 'a', '', ''], ['']]);
  });

  it('reads commas, doubled quotes and line breaks inside quotes as data', () => {
    expect(fields('"a,b","say ""hi""","two\nlines","crlf\r\nkept"')).toEqual([
      ['a,b', 'say "hi"', 'two\nlines', 'crlf\r\nkept'],
    ]);
  });

  it('numbers records by the line they start on, counting lines inside quotes', () => {
    const records = parseCsv('h\n"1\n2\r\n3"\nnext\n\nlast');
    expect(records.map((r) => r.line)).toEqual([1, 2, 5, 6, 7]);
    expect(records[3]!.fields).toEqual(['']);
  });

  it('drops a UTF-8 byte-order mark and reads Chinese text as is', () => {
    expect(fields('\uFEFFcode,name\n0101,水田\n')).toEqual([
      ['code', 'name'],
      ['0101', '水田'],
    ]);
  });

  it('returns nothing for an empty file or a lone BOM', () => {
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('\uFEFF')).toEqual([]);
  });

  it('refuses a quoted field that is never closed, naming the line it opens on', () => {
    expect(() => parseCsv('a\n"open\nstill open')).toThrow(CsvSyntaxError);
    try {
      parseCsv('a\n"open\nstill open');
    } catch (error) {
      expect((error as CsvSyntaxError).line).toBe(2);
    }
  });

  it('refuses text after a closing quote and a quote inside an unquoted field', () => {
    expect(() => parseCsv('"a"b,c')).toThrow(/after a closing quote \(line 1\)/);
    expect(() => parseCsv('ok\nab"c,d')).toThrow(/quote inside an unquoted field \(line 2\)/);
  });
});
