/** Handing a file to the import: ZIPs, Shapefile sets, encodings, checksums; and the row spool. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LantuError } from '../errors.js';
import { resolveSourceFile } from './source-files.js';
import { EncodedGeometry } from '../store/gpkg-blob.js';
import { encodeWkb } from '../store/wkb.js';
import { RecordWriter } from './row-records.js';
import { RowSpool } from './spool.js';
import { csvInUtf8, guessEncoding, parseEncoding, shapefileEncoding } from './text-encoding.js';
import { extractZip, listZip, writeZip } from './zip.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-source-files-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function fresh(name: string): string {
  const d = path.join(dir, name);
  fs.mkdirSync(d, { recursive: true });
  return d;
}

/** A DBF header of 32 bytes with the given language driver id, then some record bytes. */
function fakeDbf(file: string, ldid: number, records: Buffer) {
  const header = Buffer.alloc(32);
  header[0] = 3;
  header[29] = ldid;
  header.writeUInt16LE(33, 8);
  fs.writeFileSync(file, Buffer.concat([header, Buffer.from([0x0d]), records]));
}

function errorOf(f: () => unknown): LantuError {
  try {
    f();
  } catch (e) {
    return e as LantuError;
  }
  throw new Error('expected an error');
}

describe('zip', () => {
  it('packs and unpacks files with Chinese names', async () => {
    const d = fresh('zip');
    fs.writeFileSync(path.join(d, '地类图斑.dbf'), Buffer.alloc(70_000, 7));
    fs.writeFileSync(path.join(d, 'a.cpg'), 'GBK');
    writeZip(path.join(d, 'out.zip'), [path.join(d, '地类图斑.dbf'), path.join(d, 'a.cpg')]);
    expect(listZip(path.join(d, 'out.zip')).map((e) => e.name)).toEqual(['地类图斑.dbf', 'a.cpg']);
    const target = fresh('zip-out');
    const files = await extractZip(path.join(d, 'out.zip'), target);
    expect(files.map((f) => path.basename(f))).toEqual(['地类图斑.dbf', 'a.cpg']);
    expect(fs.readFileSync(path.join(target, '地类图斑.dbf'))).toEqual(Buffer.alloc(70_000, 7));
  });

  it('refuses what is not a ZIP, naming the file field', () => {
    const f = path.join(fresh('notzip'), 'x.zip');
    fs.writeFileSync(f, 'hello');
    expect(errorOf(() => listZip(f))).toMatchObject({ code: 'zip_unreadable', location: { field: 'file' } });
  });
});

describe('encodings', () => {
  it('parses the encoding option and refuses unknown ones', () => {
    expect(parseEncoding('gbk', 'encoding')).toBe('GBK');
    expect(parseEncoding('utf8', 'encoding')).toBe('UTF-8');
    expect(errorOf(() => parseEncoding('EBCDIC', '--encoding'))).toMatchObject({
      code: 'encoding_invalid',
      location: { field: '--encoding' },
    });
  });

  it('guesses UTF-8 only for valid UTF-8 beyond ASCII, GBK otherwise', () => {
    expect(guessEncoding(Buffer.from('张庄村 水田', 'utf8'))).toBe('UTF-8');
    expect(guessEncoding(iconv.encode('张庄村 水田', 'gbk'))).toBe('GBK');
    expect(guessEncoding(Buffer.from('plain ascii'))).toBe('GBK');
    // A sample that ends inside a character is judged on its complete characters.
    expect(guessEncoding(Buffer.from('水田水', 'utf8').subarray(0, 7))).toBe('UTF-8');
  });

  it('lets a .cpg or an informative language driver decide, and decides itself otherwise', () => {
    const d = fresh('shp-enc');
    fakeDbf(path.join(d, 'a.dbf'), 0x57, iconv.encode(' 张庄村', 'gbk'));
    expect(shapefileEncoding(path.join(d, 'a.shp'), null)).toEqual({
      encoding: 'GBK',
      source: 'detected',
      openOption: 'ENCODING=CP936',
    });
    fakeDbf(path.join(d, 'b.dbf'), 0, Buffer.from(' 张庄村', 'utf8'));
    expect(shapefileEncoding(path.join(d, 'b.shp'), null)).toMatchObject({ encoding: 'UTF-8', source: 'detected' });
    fakeDbf(path.join(d, 'c.dbf'), 0x4d, iconv.encode(' 张庄村', 'gbk'));
    expect(shapefileEncoding(path.join(d, 'c.shp'), null)).toEqual({
      encoding: null,
      source: 'dbf_language_driver',
      openOption: null,
    });
    fs.writeFileSync(path.join(d, 'A.CPG'), '936');
    expect(shapefileEncoding(path.join(d, 'a.shp'), null)).toEqual({
      encoding: 'GBK',
      source: 'cpg',
      openOption: null,
    });
    expect(shapefileEncoding(path.join(d, 'a.shp'), 'UTF-8')).toEqual({
      encoding: 'UTF-8',
      source: 'option',
      openOption: 'ENCODING=UTF-8',
    });
  });

  it('hands GDAL a UTF-8 copy of a GBK CSV and the file itself when it is UTF-8', async () => {
    const d = fresh('csv-enc');
    fs.writeFileSync(path.join(d, 'gbk.csv'), iconv.encode('名称,X,Y\n张庄村,117,31\n', 'gbk'));
    const gbk = await csvInUtf8(path.join(d, 'gbk.csv'), null, d);
    expect(gbk.choice).toMatchObject({ encoding: 'GBK', source: 'detected' });
    expect(fs.readFileSync(gbk.path, 'utf8')).toBe('名称,X,Y\n张庄村,117,31\n');
    fs.writeFileSync(path.join(d, 'utf8.csv'), '名称,X,Y\n张庄村,117,31\n');
    expect((await csvInUtf8(path.join(d, 'utf8.csv'), null, d)).path).toBe(path.join(d, 'utf8.csv'));
  });
});

describe('resolveSourceFile', () => {
  it('finds the Shapefile in a folder, hashes its parts, and says which part is missing', async () => {
    const d = fresh('shp-set');
    for (const ext of ['.shp', '.shx', '.dbf', '.prj']) fs.writeFileSync(path.join(d, `DLTB${ext}`), ext);
    const src = await resolveSourceFile(d, fresh('work1'));
    expect(src).toMatchObject({ fileName: 'shp-set', format: 'shapefile', datasetPath: path.join(d, 'DLTB.shp') });
    expect(src.sha256).toMatch(/^[0-9a-f]{64}$/);
    const again = await resolveSourceFile(path.join(d, 'DLTB.shp'), fresh('work2'));
    expect(again.sha256).toBe(src.sha256);
    fs.rmSync(path.join(d, 'DLTB.dbf'));
    await expect(resolveSourceFile(path.join(d, 'DLTB.shp'), fresh('work3'))).rejects.toMatchObject({
      code: 'shapefile_incomplete',
    });
  });

  it('unpacks a ZIP and keeps the ZIP’s own name and checksum', async () => {
    const d = fresh('zip-src');
    for (const ext of ['.shp', '.shx', '.dbf']) fs.writeFileSync(path.join(d, `图斑${ext}`), ext);
    writeZip(
      path.join(d, '交付.zip'),
      ['.shp', '.shx', '.dbf'].map((e) => path.join(d, `图斑${e}`)),
    );
    const src = await resolveSourceFile(path.join(d, '交付.zip'), fresh('work4'));
    expect(src.fileName).toBe('交付.zip');
    expect(src.format).toBe('shapefile');
    expect(path.basename(src.datasetPath)).toBe('图斑.shp');
  });

  it('refuses Excel sheets as layers, unknown types and folders with several datasets', async () => {
    const d = fresh('refusals');
    fs.writeFileSync(path.join(d, 'a.xlsx'), 'x');
    await expect(resolveSourceFile(path.join(d, 'a.xlsx'), d)).rejects.toMatchObject({
      code: 'format_unsupported',
      en: expect.stringContaining('attribute table'),
    });
    fs.writeFileSync(path.join(d, 'a.geojson'), '{}');
    fs.writeFileSync(path.join(d, 'b.csv'), 'x');
    await expect(resolveSourceFile(d, fresh('work5'))).rejects.toMatchObject({ code: 'dataset_ambiguous' });
    await expect(resolveSourceFile(path.join(d, 'nope.shp'), d)).rejects.toMatchObject({ code: 'file_not_found' });
  });
});

describe('RowSpool', () => {
  const records = (rows: unknown[][]) => {
    const w = new RecordWriter();
    for (const row of rows) w.row(row);
    return w.take();
  };
  const rowsOf = async (spool: RowSpool) => {
    const rows: unknown[][] = [];
    for await (const batch of spool.batches()) rows.push(...batch);
    return rows;
  };

  it('gives the rows back in order, from memory or from its file, geometry encoded', async () => {
    for (const n of [3, 25_000]) {
      const spool = new RowSpool(path.join(fresh(`spool-${n}`), 'rows.bin'));
      for (let i = 0; i < n; i += 2) {
        const rows = [[i, `r${i}`, { type: 'Point', coordinates: [i, i] }]];
        if (i + 1 < n) rows.push([i + 1, `r${i + 1}`, { type: 'Point', coordinates: [i + 1, i + 1] }]);
        spool.pushRecords(records(rows), rows.length);
      }
      const back = await rowsOf(spool);
      expect(back).toHaveLength(n);
      back.forEach((row, k) => {
        expect(row.slice(0, 2)).toEqual([k, `r${k}`]);
        expect((row[2] as EncodedGeometry).wkb.equals(encodeWkb({ type: 'Point', coordinates: [k, k] }))).toBe(true);
      });
      expect(spool.count).toBe(n);
    }
  });

  it('keeps the order across many chunks written while rows keep coming, records cut across its reads', async () => {
    const spool = new RowSpool(path.join(fresh('spool-chunks'), 'rows.bin'));
    // ~600 bytes a record: the spool's 1 MiB reads end inside records, which must be carried over.
    const pad = '图斑'.repeat(100);
    let i = 0;
    while (i < 60_000) {
      const n = (i % 3) + 1;
      spool.pushRecords(records(Array.from({ length: n }, (_, k) => [i + k, pad, null])), n);
      i += n;
      if (i % 500 < 3) await spool.ready();
    }
    let k = 0;
    for await (const batch of spool.batches([7])) {
      for (const row of batch) {
        if (row[0] !== 7 || row[1] !== k || row[2] !== pad || row[3] !== null)
          throw new Error(`row ${k}: ${JSON.stringify(row).slice(0, 40)}`);
        k++;
      }
    }
    expect(k).toBe(i);
    expect(spool.count).toBe(i);
  });
});
