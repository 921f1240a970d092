/**
 * Just enough ZIP (PKWARE APPNOTE 6.3.10) to unpack an upload (a zipped Shapefile set or FileGDB
 * folder) and to pack an export (a Shapefile set with its .cpg and field-name mapping): stored and
 * deflated entries, no ZIP64, no encryption. Entry names without the UTF-8 flag (bit 11) are read as
 * GBK, which is what the Windows tools of Chinese offices write.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import { badRequest } from '../errors.js';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const zipRefused = (zh: string, en: string) =>
  badRequest('zip_unreadable', `ZIP 文件无法读取：${zh}`, `cannot read the ZIP file: ${en}`, { field: 'file' });

/** The entries of a ZIP file, from its central directory. */
export function listZip(file: string): ZipEntry[] {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const tailSize = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailSize);
    fs.readSync(fd, tail, 0, tailSize, size - tailSize);
    let eocd = -1;
    for (let i = tailSize - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw zipRefused('找不到目录（不是 ZIP 文件？）', 'no central directory (not a ZIP file?)');
    const count = tail.readUInt16LE(eocd + 10);
    const dirSize = tail.readUInt32LE(eocd + 12);
    const dirOffset = tail.readUInt32LE(eocd + 16);
    if (dirOffset === 0xffffffff || count === 0xffff) throw zipRefused('不支持 ZIP64', 'ZIP64 is not supported');
    const dir = Buffer.alloc(dirSize);
    fs.readSync(fd, dir, 0, dirSize, dirOffset);
    const entries: ZipEntry[] = [];
    let o = 0;
    for (let k = 0; k < count; k++) {
      if (dir.readUInt32LE(o) !== CENTRAL) throw zipRefused('目录损坏', 'damaged central directory');
      const flags = dir.readUInt16LE(o + 8);
      const nameLength = dir.readUInt16LE(o + 28);
      const extraLength = dir.readUInt16LE(o + 30);
      const commentLength = dir.readUInt16LE(o + 32);
      const rawName = dir.subarray(o + 46, o + 46 + nameLength);
      entries.push({
        name: flags & 0x800 ? rawName.toString('utf8') : decodeLegacyName(rawName),
        method: dir.readUInt16LE(o + 10),
        compressedSize: dir.readUInt32LE(o + 20),
        size: dir.readUInt32LE(o + 24),
        localOffset: dir.readUInt32LE(o + 42),
      });
      o += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    fs.closeSync(fd);
  }
}

function decodeLegacyName(raw: Buffer): string {
  if (raw.every((b) => b < 0x80)) return raw.toString('latin1');
  // Valid UTF-8 without the flag (macOS Archive Utility) stays UTF-8; otherwise the Chinese code page.
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return iconv.decode(raw, 'gbk');
  }
}

/** Unpack every file of the ZIP into `dir` (which must exist), streaming; returns the files written. */
export async function extractZip(file: string, dir: string): Promise<string[]> {
  const entries = listZip(file);
  const root = path.resolve(dir);
  const written: string[] = [];
  for (const entry of entries) {
    if (entry.name.endsWith('/')) continue;
    const target = path.resolve(root, entry.name.replace(/\\/g, '/'));
    if (!target.startsWith(root + path.sep)) throw zipRefused(`非法路径 ${entry.name}`, `unsafe path ${entry.name}`);
    const header = Buffer.alloc(30);
    const fd = fs.openSync(file, 'r');
    try {
      fs.readSync(fd, header, 0, 30, entry.localOffset);
    } finally {
      fs.closeSync(fd);
    }
    if (header.readUInt32LE(0) !== LOCAL) throw zipRefused(`条目损坏 ${entry.name}`, `damaged entry ${entry.name}`);
    if (entry.method !== 0 && entry.method !== 8) {
      throw zipRefused(`不支持的压缩方式 ${entry.method}`, `unsupported compression method ${entry.method}`);
    }
    const start = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const input = fs.createReadStream(file, { start, end: start + entry.compressedSize - 1 });
    const output = fs.createWriteStream(target);
    if (entry.compressedSize === 0) {
      input.destroy();
      output.end();
      await new Promise<void>((resolve) => output.on('close', () => resolve()));
    } else if (entry.method === 0) await pipeline(input, output);
    else await pipeline(input, zlib.createInflateRaw(), output);
    written.push(target);
  }
  return written;
}

/**
 * Pack files into a deflated ZIP at `out`, names flagged UTF-8: a path is stored under its base name,
 * `{ path, name }` under `name` (which may hold folders, e.g. `x.gdb/a00000001.gdbtable`).
 */
export function writeZip(out: string, files: (string | { path: string; name: string })[]): void {
  const fd = fs.openSync(out, 'w');
  const central: Buffer[] = [];
  let offset = 0;
  try {
    for (const item of files) {
      const file = typeof item === 'string' ? item : item.path;
      const name = Buffer.from(typeof item === 'string' ? path.basename(item) : item.name, 'utf8');
      const content = fs.readFileSync(file);
      const compressed = zlib.deflateRawSync(content);
      const crc = zlib.crc32(content);
      const local = Buffer.alloc(30);
      local.writeUInt32LE(LOCAL, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(0x800, 6);
      local.writeUInt16LE(8, 8);
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(compressed.length, 18);
      local.writeUInt32LE(content.length, 22);
      local.writeUInt16LE(name.length, 26);
      fs.writeSync(fd, local);
      fs.writeSync(fd, name);
      fs.writeSync(fd, compressed);
      const entry = Buffer.alloc(46);
      entry.writeUInt32LE(CENTRAL, 0);
      entry.writeUInt16LE(20, 4);
      entry.writeUInt16LE(20, 6);
      entry.writeUInt16LE(0x800, 8);
      entry.writeUInt16LE(8, 10);
      entry.writeUInt32LE(crc, 16);
      entry.writeUInt32LE(compressed.length, 20);
      entry.writeUInt32LE(content.length, 24);
      entry.writeUInt16LE(name.length, 28);
      entry.writeUInt32LE(offset, 42);
      central.push(entry, name);
      offset += 30 + name.length + compressed.length;
      if (offset > 0xffffffff) throw badRequest('export_too_large', '导出文件超过 4 GB', 'the export exceeds 4 GB');
    }
    const dir = Buffer.concat(central);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(EOCD, 0);
    end.writeUInt16LE(files.length, 8);
    end.writeUInt16LE(files.length, 10);
    end.writeUInt32LE(dir.length, 12);
    end.writeUInt32LE(offset, 16);
    fs.writeSync(fd, dir);
    fs.writeSync(fd, end);
  } finally {
    fs.closeSync(fd);
  }
}
