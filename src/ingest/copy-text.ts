/**
 * PostgreSQL COPY text format, as GDAL's PGDUMP writer emits it: one row per line, columns separated
 * by tabs, `\N` for NULL, and backslash escapes for the characters that would break the layout
 * (PostgreSQL manual, "COPY — File Formats — Text Format").
 */

/** Split a COPY data line into its fields; `null` for `\N`. */
export function splitCopyLine(line: string): (string | null)[] {
  const parts = line.split('\t');
  const out: (string | null)[] = new Array(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    out[i] = p === '\\N' ? null : p.includes('\\') ? unescapeCopy(p) : p;
  }
  return out;
}

const SIMPLE: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** Undo COPY's backslash escapes: \b \f \n \r \t \v \\, octal \NNN and hex \xHH (bytes, read as UTF-8). */
export function unescapeCopy(text: string): string {
  const bytes: number[] = [];
  let out = '';
  const flush = () => {
    if (bytes.length) out += Buffer.from(bytes).toString('utf8');
    bytes.length = 0;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '\\' || i + 1 >= text.length) {
      flush();
      out += c;
      continue;
    }
    const next = text[i + 1]!;
    if (next in SIMPLE) {
      flush();
      out += SIMPLE[next];
      i++;
    } else if (/[0-7]/.test(next)) {
      const m = /^[0-7]{1,3}/.exec(text.slice(i + 1))![0];
      bytes.push(parseInt(m, 8) & 0xff);
      i += m.length;
    } else if (next === 'x' && /^[0-9a-fA-F]/.test(text[i + 2] ?? '')) {
      const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2))![0];
      bytes.push(parseInt(m, 16));
      i += 1 + m.length;
    } else {
      // Any other escaped character stands for itself.
      flush();
      out += next;
      i++;
    }
  }
  flush();
  return out;
}

/** Column names of a `COPY "schema"."table" ("a", "b") FROM STDIN;` line, unquoted. */
export function copyColumns(line: string): string[] | null {
  const m = /^COPY\s+.*?\((.*)\)\s+FROM\s+STDIN;?\s*$/.exec(line);
  if (!m) return null;
  const names: string[] = [];
  const re = /"((?:[^"]|"")*)"|([^,\s]+)/g;
  for (let hit = re.exec(m[1]!); hit; hit = re.exec(m[1]!))
    names.push(hit[1] !== undefined ? hit[1].replace(/""/g, '"') : hit[2]!);
  return names;
}
