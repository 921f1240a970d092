/**
 * Attribute encodings of the files Chinese offices deliver. A Shapefile's DBF says nothing reliable
 * about its encoding unless a .cpg lies beside it: ArcGIS on Chinese Windows writes GBK and marks the
 * DBF with language driver 0x57 ("the ANSI code page"), which GDAL reads as Latin-1 — hence mojibake.
 * So, unless the user names an encoding:
 *   1. a .cpg decides (GDAL reads it);
 *   2. a DBF language driver that names a code page (e.g. 0x4D, CP936) decides (GDAL reads it);
 *   3. otherwise the bytes decide: text that is valid UTF-8 and not plain ASCII is UTF-8, anything
 *      else is GBK — invalid UTF-8 is what GBK text almost always is, and GBK is the common case.
 * CSV files get the same test (a UTF-8 byte-order mark counts as UTF-8); GDAL's CSV reader takes UTF-8
 * only, so a GBK CSV is transcoded to a UTF-8 copy first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';
import { badRequest } from '../errors.js';

export const ENCODINGS = ['GBK', 'UTF-8', 'GB18030', 'BIG5', 'ISO-8859-1'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** How the encoding was decided, for the import's recorded options. */
export type EncodingSource = 'option' | 'cpg' | 'dbf_language_driver' | 'detected' | 'not_applicable';

export interface EncodingChoice {
  encoding: Encoding | null;
  source: EncodingSource;
  /** What to tell GDAL: ENCODING=… when Lantu decided, nothing when GDAL reads the .cpg/LDID itself. */
  openOption: string | null;
}

export function parseEncoding(value: string, field: string): Encoding {
  const upper = value
    .trim()
    .toUpperCase()
    .replace(/^UTF8$/, 'UTF-8')
    .replace(/^CP936$/, 'GBK');
  const found = ENCODINGS.find((e) => e === upper);
  if (!found) {
    throw badRequest(
      'encoding_invalid',
      `不支持的编码 “${value}”：可选 ${ENCODINGS.join('、')}`,
      `unsupported encoding "${value}": choose one of ${ENCODINGS.join(', ')}`,
      { field },
    );
  }
  return found;
}

/** GDAL's name for an encoding in the Shapefile ENCODING open option (iconv names). */
const gdalName = (e: Encoding) => (e === 'GBK' ? 'CP936' : e);

/** Language-driver ids that do not name a code page: none, and "ANSI" (whatever Windows used). */
const UNINFORMATIVE_LDID = new Set([0x00, 0x57]);

export function shapefileEncoding(shpPath: string, option: Encoding | null): EncodingChoice {
  if (option) return { encoding: option, source: 'option', openOption: `ENCODING=${gdalName(option)}` };
  const base = shpPath.replace(/\.shp$/i, '');
  const cpg = siblingWithExtension(base, '.cpg');
  if (cpg) {
    const text = fs.readFileSync(cpg, 'utf8').trim();
    return { encoding: encodingFromCpg(text), source: 'cpg', openOption: null };
  }
  const dbf = siblingWithExtension(base, '.dbf');
  if (!dbf) return { encoding: null, source: 'not_applicable', openOption: null };
  const fd = fs.openSync(dbf, 'r');
  try {
    const header = Buffer.alloc(32);
    fs.readSync(fd, header, 0, 32, 0);
    const ldid = header[29]!;
    if (!UNINFORMATIVE_LDID.has(ldid)) return { encoding: null, source: 'dbf_language_driver', openOption: null };
    const headerLength = header.readUInt16LE(8);
    const sample = Buffer.alloc(1 << 20);
    const read = fs.readSync(fd, sample, 0, sample.length, headerLength);
    const encoding = guessEncoding(sample.subarray(0, read));
    return { encoding, source: 'detected', openOption: `ENCODING=${gdalName(encoding)}` };
  } finally {
    fs.closeSync(fd);
  }
}

function encodingFromCpg(text: string): Encoding | null {
  const t = text.toUpperCase();
  if (t === 'UTF-8' || t === 'UTF8' || t === '65001') return 'UTF-8';
  if (t === 'GBK' || t === '936' || t === 'CP936') return 'GBK';
  if (t === 'GB18030' || t === '54936') return 'GB18030';
  if (t === 'BIG5' || t === '950') return 'BIG5';
  return null;
}

/** The file beside `base` with this extension, in whatever case the delivery used. */
export function siblingWithExtension(base: string, ext: string): string | null {
  const dir = path.dirname(base);
  const stem = path.basename(base).toLowerCase();
  const hit = fs.readdirSync(dir).find((f) => f.toLowerCase() === stem + ext);
  return hit ? path.join(dir, hit) : null;
}

/** UTF-8 when the bytes are valid UTF-8 with something beyond ASCII; GBK otherwise. */
export function guessEncoding(bytes: Uint8Array): 'UTF-8' | 'GBK' {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'UTF-8';
  let end = bytes.length;
  // Do not judge a multi-byte character the sample cut in two.
  while (end > 0 && end > bytes.length - 4 && (bytes[end - 1]! & 0xc0) === 0x80) end--;
  if (end > 0 && bytes[end - 1]! >= 0xc0) end--;
  const sample = bytes.subarray(0, end);
  if (sample.every((b) => b < 0x80)) return 'GBK';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample);
    return 'UTF-8';
  } catch {
    return 'GBK';
  }
}

/**
 * A CSV in UTF-8, for GDAL: the file itself when it already is, else a transcoded copy in `workDir`.
 */
export async function csvInUtf8(
  file: string,
  option: Encoding | null,
  workDir: string,
): Promise<{ path: string; choice: EncodingChoice }> {
  let encoding: Encoding;
  let source: EncodingSource;
  if (option) {
    encoding = option;
    source = 'option';
  } else {
    const fd = fs.openSync(file, 'r');
    const sample = Buffer.alloc(1 << 20);
    const read = fs.readSync(fd, sample, 0, sample.length, 0);
    fs.closeSync(fd);
    encoding = guessEncoding(sample.subarray(0, read));
    source = 'detected';
  }
  const choice: EncodingChoice = { encoding, source, openOption: null };
  if (encoding === 'UTF-8') return { path: file, choice };
  const out = path.join(fs.mkdtempSync(path.join(workDir, 'utf8-')), path.basename(file));
  await pipeline(
    fs.createReadStream(file),
    iconv.decodeStream(encoding),
    iconv.encodeStream('utf8'),
    fs.createWriteStream(out),
  );
  return { path: out, choice };
}
