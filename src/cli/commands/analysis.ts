/**
 * `lantu zonal` and `lantu check`: zonal statistics and conflict checks from the command line, run as
 * Lantu itself (the operator on the machine reads every layer; the audit marks it automated).
 */
import fs from 'node:fs/promises';
import type { Command } from 'commander';
import { checkConflicts, type ConflictResult } from '../../analysis/conflict-check.js';
import type { ZoneSetSpec } from '../../analysis/zone-sets.js';
import { zonalStatistics, type ZonalResult } from '../../analysis/zonal.js';
import { SYSTEM } from '../../auth/principal.js';
import { badRequest } from '../../errors.js';
import { ZONE_KINDS, type ZoneKind } from '../../zones/zone-table.js';
import { withStore } from '../context.js';
import { emit, type OutputOptions } from '../output.js';

type Global = OutputOptions & { dataDir?: string };

interface ZonalFlags {
  zones: string;
  level?: string;
  codes?: string;
  zoneField?: string;
  zoneValues?: string;
  within?: string;
  withinLevel?: string;
  withinField?: string;
  withinValues?: string;
  layer: string;
  classField?: string;
  classes?: string;
  planarEpsg?: string;
  threads?: string;
}

const list = (value?: string) =>
  value
    ?.split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** `region,planning_unit` are zone kinds; anything else is a layer code. */
function zoneSet(value: string, level?: string, codes?: string, field?: string, values?: string): ZoneSetSpec {
  const parts = list(value) ?? [];
  if (parts.length && parts.every((p) => (ZONE_KINDS as readonly string[]).includes(p))) {
    return { kinds: parts as ZoneKind[], ...(level ? { level } : {}), ...(codes ? { codes: list(codes) } : {}) };
  }
  return { layer: value, ...(field ? { groupBy: field } : {}), ...(values ? { values: list(values) } : {}) };
}

function integer(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw badRequest(
      'option_invalid',
      `${flag} 应为非负整数：${value}`,
      `${flag} must be a whole number ≥ 0: ${value}`,
      {
        field: flag,
      },
    );
  }
  return n;
}

export function registerAnalysisCommands(program: Command, globals: () => Global) {
  program
    .command('zonal')
    .description('分区统计 zonal statistics: area, length or count of a layer per zone and class')
    .requiredOption(
      '--zones <kinds|layer>',
      `统计分区：区划类型（${ZONE_KINDS.join(',')}，可逗号分隔）或图层编码 zone kinds or a layer code`,
    )
    .requiredOption('--layer <code>', '被统计的图层编码 the layer to measure, e.g. landsurvey-2025')
    .option('--level <level>', '区划层级 zone level, e.g. county, township')
    .option('--codes <codes>', '只统计这些区划 only these zone codes (comma-separated)')
    .option('--zone-field <column>', '图层分区按此字段合并 layer zones: one zone per value of this column')
    .option('--zone-values <values>', '图层分区只取这些值 layer zones: only these values')
    .option('--within <kinds|layer>', '叠加分区 overlay: measure inside these zones too (e.g. controlline-v2)')
    .option('--within-level <level>', '叠加分区的层级 level of the overlay zones')
    .option('--within-field <column>', '叠加图层按此字段合并 overlay layer: one zone per value of this column')
    .option('--within-values <values>', '叠加图层只取这些值 overlay layer: only these values, e.g. 生态保护红线')
    .option(
      '--class-field <column>',
      '分类字段 classify by this column (default: the layer’s usual one; "none": no classes)',
    )
    .option('--classes <codes>', '只统计这些分类 only these classes; 05* means all codes starting 05')
    .option('--planar-epsg <code>', '同时计算该投影下的平面面积 also planar measures in this CRS, e.g. 4527')
    .option('--threads <n>', '工作线程数 worker threads (0: none)')
    .action(async (o: ZonalFlags) => {
      const g = globals();
      const result = await withStore(g, (store) =>
        zonalStatistics(
          store,
          SYSTEM,
          {
            zones: zoneSet(o.zones, o.level, o.codes, o.zoneField, o.zoneValues),
            ...(o.within ? { within: zoneSet(o.within, o.withinLevel, undefined, o.withinField, o.withinValues) } : {}),
            layer: o.layer,
            ...(o.classField ? { classField: o.classField === 'none' ? null : o.classField } : {}),
            ...(o.classes ? { classes: list(o.classes) } : {}),
            planarEpsg: integer(o.planarEpsg, '--planar-epsg') ?? null,
          },
          { threads: integer(o.threads, '--threads') },
        ),
      );
      emit(g, result, () => zonalText(result));
    });

  program
    .command('check <file>')
    .description('冲突检测 check a parcel or a line (GeoJSON file) against control lines and planned land use in force')
    .option('--crs <crs>', '文件坐标系 CRS of the file: an EPSG code (default 4490) or gcj02')
    .option('--layers <codes>', '只检测这些图层 only these layers (comma-separated)')
    .action(async (file: string, o: { crs?: string; layers?: string }) => {
      const g = globals();
      const geometries = await readGeometries(file);
      const crs =
        o.crs === undefined
          ? undefined
          : o.crs.toLowerCase() === 'gcj02'
            ? ('gcj02' as const)
            : integer(o.crs, '--crs');
      const results = await withStore(g, async (store) => {
        const out: ConflictResult[] = [];
        for (const geometry of geometries) {
          out.push(
            await checkConflicts(store, SYSTEM, {
              geometry,
              ...(crs ? { crs } : {}),
              ...(o.layers ? { layers: list(o.layers) } : {}),
            }),
          );
        }
        return out;
      });
      emit(g, results.length === 1 ? results[0] : results, () => results.map(checkText).join('\n\n'));
    });
}

/** The geometries of a GeoJSON file: a geometry, a Feature, or each Feature of a FeatureCollection. */
async function readGeometries(file: string): Promise<unknown[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw badRequest(
      'file_unreadable',
      `无法读取文件 ${file}：${(error as Error).message}`,
      `cannot read ${file}: ${(error as Error).message}`,
      {
        field: 'file',
      },
    );
  }
  let doc: { type?: string; features?: { geometry?: unknown }[] };
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, '')) as typeof doc;
  } catch (error) {
    throw badRequest(
      'file_not_geojson',
      `${file} 不是有效的 GeoJSON：${(error as Error).message}`,
      `${file} is not valid GeoJSON: ${(error as Error).message}`,
      {
        field: 'file',
      },
    );
  }
  if (doc.type === 'FeatureCollection') {
    if (!doc.features?.length)
      throw badRequest('file_empty', `${file} 中没有要素`, `${file} holds no features`, { field: 'file' });
    return doc.features.map((f) => f.geometry ?? null);
  }
  return [doc];
}

const m2 = (v: number | undefined) => (v === undefined ? '' : v.toFixed(2));

function zonalText(r: ZonalResult): string {
  const p = r.provenance;
  const unit = r.measure === 'length' ? 'm' : r.measure === 'count' ? '个 count' : 'm²';
  const lines = [
    `分区统计 zonal statistics — ${p.layer.code}（${p.layer.title}，更新于 updated ${p.layer.updatedAt}）`,
    `分区 zones: ${p.zones.source === 'layer' ? p.zones.layer : (p.zones.kinds ?? []).join(',')} (${r.zones.length})${p.within ? ` ∩ ${p.within.layer ?? (p.within.kinds ?? []).join(',')}` : ''}`,
    `要素 features: read ${p.layer.featuresRead}, counted ${p.layer.featuresCounted}; ${p.seconds.toFixed(2)} s, ${p.threads} thread(s), ${p.store}`,
    '',
    ['zone', 'class', `value (${unit})`, ...(p.planarCrs ? [`planar ${p.planarCrs}`] : []), 'features'].join('\t'),
  ];
  for (const c of r.cells) {
    const value = r.measure === 'count' ? String(c.count ?? 0) : m2(c.areaM2 ?? c.lengthM);
    const planar = p.planarCrs ? [m2(c.planarAreaM2 ?? c.planarLengthM)] : [];
    lines.push([c.zone, c.class ?? '', value, ...planar, String(c.features)].join('\t'));
  }
  if (r.failures.length)
    lines.push(
      '',
      `未能计算的要素 features not measured: ${r.failures.map((f) => `${f.fid} (${f.message})`).join('; ')}`,
    );
  return lines.join('\n');
}

function checkText(r: ConflictResult): string {
  const size = r.input.kind === 'parcel' ? `${m2(r.input.areaM2)} m²` : `${m2(r.input.lengthM)} m`;
  const lines = [
    `${r.input.kind === 'parcel' ? '地块 parcel' : '线 line'} ${size}` +
      (r.input.repairs.length ? `（已修复 repaired: ${r.input.repairs.map((x) => x.kind).join(', ')}）` : ''),
    r.conflict ? '存在冲突 CONFLICTS:' : '未发现冲突 no conflict',
  ];
  for (const s of r.summary) {
    lines.push(
      `  ${s.layer}\t${s.class ?? ''}\t${s.areaM2 !== undefined ? `${m2(s.areaM2)} m²` : `${m2(s.lengthM)} m`}\t${(s.share * 100).toFixed(2)}%\t${s.features} feature(s)`,
    );
  }
  lines.push(`已检测且无冲突 checked and clear: ${r.clear.join(', ') || '—'}`);
  return lines.join('\n');
}
