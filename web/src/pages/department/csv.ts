/**
 * Enough of RFC 4180 to show a department its own CSV next to the server's row errors: quoted fields,
 * doubled quotes, CRLF or LF. Row numbers are the spreadsheet's (the header is row 1), as the server
 * counts them.
 */
export function parseCsv(text: string): { row: number; cells: string[] }[] {
  const out: { row: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let row = 1;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      cells.push(field);
      out.push({ row, cells });
      row++;
      cells = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || cells.length) {
    cells.push(field);
    out.push({ row, cells });
  }
  return out.filter((r) => r.cells.some((c) => c.trim() !== ''));
}

/** A CSV file the spreadsheet programs open as UTF-8 (with the byte-order mark Excel needs). */
export function csvBlob(rows: string[][]): Blob {
  const escape = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return new Blob(['\uFEFF' + rows.map((r) => r.map(escape).join(',')).join('\r\n') + '\r\n'], {
    type: 'text/csv;charset=utf-8',
  });
}
