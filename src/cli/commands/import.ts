/**
 * `lantu import <path> --layer <code> …` — import a file in the foreground, printing progress and the
 * validation report's summary; `lantu imports [id]` — the history, or one import's report.
 * Exit status: 0 loaded, 3 rejected (the report says why), 1 any other failure.
 */
import type { Command } from 'commander';
import { SYSTEM } from '../../auth/principal.js';
import { LantuError } from '../../errors.js';
import { getImportReport, listImports, type ImportReport } from '../../ingest/import-queries.js';
import { ISSUE_TYPES, type IssueCode } from '../../ingest/issue-types.js';
import { PRESET_KEYS, type PresetKey } from '../../ingest/presets/index.js';
import { runImport, type ImportStage, type ImportSummary } from '../../ingest/run-import.js';
import { createJob, failJob, finishJob, JobProgress, startJob } from '../../jobs/jobs.js';
import { withStore } from '../context.js';
import { emit, type OutputOptions } from '../output.js';

type Global = OutputOptions & { dataDir?: string };

interface ImportFlags {
  layer: string;
  title?: string;
  preset?: string;
  encoding?: string;
  crs?: string;
  gcj02?: boolean;
  validPart?: boolean;
  region?: string;
  sourceLayer?: string;
  lineType?: string;
  wktField?: string;
  xField?: string;
  yField?: string;
  attributes?: string;
  attributesKey?: string;
}

export const EXIT_REJECTED = 3;

export function registerImportCommands(program: Command, globals: () => Global) {
  program
    .command('import <path>')
    .description('导入数据到图层（前台运行并打印检查报告） import a file into a layer, printing the validation report')
    .requiredOption('--layer <code>', '目标图层代码 target layer code (created if new, its features replaced if not)')
    .option('--title <title>', '图层名称 layer title')
    .option('--preset <preset>', `字段映射预设 field mapping: ${PRESET_KEYS.join(' | ')} (guessed when absent)`)
    .option(
      '--encoding <encoding>',
      '属性编码 attribute encoding, GBK | UTF-8 (default: .cpg, else detected; GBK when unsure)',
    )
    .option('--crs <epsg>', '源坐标系 source CRS when the data does not say, e.g. EPSG:4527')
    .option('--gcj02', '坐标为 GCJ-02（网络地图）需纠偏 coordinates are GCJ-02 (web maps): convert')
    .option('--valid-part', '只导入合格要素 load the valid and repaired features even when some are rejected')
    .option('--region <code>', '新图层所属行政区 region of a new layer')
    .option('--source-layer <name>', '多图层数据中的图层 which layer of a GeoPackage/FileGDB')
    .option('--line-type <type>', '控制线类型 control-line type, e.g. STBHHX, YJJBNT, CZKFBJ')
    .option('--wkt-field <name>', 'CSV 的 WKT 列 CSV column holding WKT')
    .option('--x-field <name>', 'CSV 的 X（经度）列 CSV column holding x / longitude')
    .option('--y-field <name>', 'CSV 的 Y（纬度）列 CSV column holding y / latitude')
    .option('--attributes <file>', '属性表（.xlsx/.csv）按关键字段连接 attribute table to join')
    .option('--attributes-key <field>', '连接字段 join field (in the data; the table column of the same name)')
    .action(async (file: string, o: ImportFlags) => {
      const g = globals();
      if (o.preset && !(PRESET_KEYS as readonly string[]).includes(o.preset)) {
        throw new LantuError(
          'preset_invalid',
          2,
          `预设 “${o.preset}” 无效：可选 ${PRESET_KEYS.join('、')}`,
          `preset "${o.preset}" is invalid: choose one of ${PRESET_KEYS.join(', ')}`,
          { field: '--preset' },
        );
      }
      if (o.attributes && !o.attributesKey) {
        throw new LantuError(
          'attributes_key_required',
          2,
          '使用 --attributes 时请用 --attributes-key 给出连接字段',
          'with --attributes, name the join field with --attributes-key',
          { field: '--attributes-key' },
        );
      }
      const summary = await withStore(g, async (store) => {
        const jobId = await createJob(store.db, SYSTEM, {
          kind: 'import',
          params: { path: file, ...o },
          regionCode: o.region ?? '',
        });
        const progress = new JobProgress(store.db, jobId);
        const show = progressPrinter(g);
        await startJob(store.db, jobId, 'reading');
        try {
          const result = await runImport(
            store,
            SYSTEM,
            {
              path: file,
              layerCode: o.layer,
              title: o.title,
              preset: o.preset as PresetKey | undefined,
              encoding: o.encoding,
              crs: o.crs,
              gcj02: o.gcj02,
              mode: o.validPart ? 'valid_part' : 'all_or_nothing',
              regionCode: o.region,
              sourceLayer: o.sourceLayer,
              lineType: o.lineType,
              wktField: o.wktField,
              xField: o.xField,
              yField: o.yField,
              attributes: o.attributes ? { path: o.attributes, key: o.attributesKey! } : undefined,
            },
            {
              jobId,
              onProgress: (stage, done, total) => {
                progress.report(stage, done, total);
                show(stage, done, total);
              },
            },
          );
          await progress.flush();
          await finishJob(store.db, jobId, result);
          const report = await getImportReport(store.db, SYSTEM, result.importId, { limit: 20, offset: 0 });
          return { ...result, report: report.issues.items };
        } catch (error) {
          await progress.flush();
          await failJob(store.db, jobId, error);
          throw error;
        } finally {
          show.end();
        }
      });
      emit(g, summary, () => describeImport(summary, summary.report));
      if (summary.status === 'rejected') process.exitCode = EXIT_REJECTED;
    });

  program
    .command('imports [id]')
    .description('导入记录，或一次导入的检查报告 the import history, or one import with its report')
    .option('--layer <code>', '只看此图层 only this layer')
    .option('--issue <code>', '只看此类问题 only this issue code')
    .option('--limit <n>', '条数 rows', '50')
    .action(async (id: string | undefined, o: { layer?: string; issue?: string; limit: string }) => {
      const g = globals();
      const limit = Math.max(1, Math.min(1000, Number(o.limit) || 50));
      if (id === undefined) {
        const list = await withStore(g, (store) => listImports(store.db, SYSTEM, { layer: o.layer, limit, offset: 0 }));
        emit(g, list, () =>
          list.items.length
            ? list.items
                .map(
                  (i) =>
                    `#${String(i.id).padEnd(5)} ${i.createdAt.slice(0, 19)} ${i.status.padEnd(8)} ${(i.layerCode ?? '—').padEnd(20)} ` +
                    `read ${i.counts.read}, loaded ${i.counts.loaded}, repaired ${i.counts.repaired}, rejected ${i.counts.rejected}  ${i.fileName}`,
                )
                .join('\n')
            : '（没有导入记录 no imports）',
        );
        return;
      }
      const report = await withStore(g, (store) =>
        getImportReport(store.db, SYSTEM, Number(id), { issue: o.issue, limit, offset: 0 }),
      );
      emit(g, report, () => describeReport(report));
    });
}

function progressPrinter(g: Global) {
  let lastLine = 0;
  const tty = process.stderr.isTTY;
  const show = (stage: ImportStage, done: number, total: number | null) => {
    if (g.json) return;
    const now = Date.now();
    if (!tty && now - lastLine < 2000 && done !== total) return;
    lastLine = now;
    const text = `  ${STAGES[stage]} ${done}${total ? `/${total} (${Math.floor((100 * done) / Math.max(total, 1))}%)` : ''}`;
    process.stderr.write(tty ? `\r${text}        ` : `${text}\n`);
  };
  show.end = () => {
    if (!g.json && tty) process.stderr.write('\n');
  };
  return show;
}

const STAGES: Record<ImportStage, string> = {
  reading: '读取 reading',
  validating: '检查 checking',
  writing: '写入 writing',
};

function issueLine(i: {
  row: number | null;
  sourceId: string | null;
  severity: string;
  action: string;
  message: { zh: string; en: string };
}) {
  return `  第 ${i.row} 个 row ${i.row}${i.sourceId ? ` [${i.sourceId}]` : ''} ${i.severity}/${i.action}: ${i.message.zh} — ${i.message.en}`;
}

function describeImport(s: ImportSummary, items: ImportReport['issues']['items']): string {
  const c = s.counts;
  const head =
    s.status === 'loaded'
      ? `已导入 loaded ${c.loaded} feature(s) into layer ${s.layer.code}${s.layer.created ? ' (new)' : ' (replaced)'} — import #${s.importId}`
      : `已拒绝 rejected: ${c.rejected} feature(s) failed the checks, nothing was loaded (all or nothing; --valid-part loads the rest) — import #${s.importId}`;
  const lines = [
    head,
    `  ${s.fileName} (${s.format}, ${s.sourceCrs}, preset ${s.preset}) SHA-256 ${s.sha256}`,
    `  读取 read ${c.read} · 导入 loaded ${c.loaded} · 修复 repaired ${c.repaired} · 拒绝 rejected ${c.rejected} · ${s.seconds.toFixed(1)} s`,
  ];
  const codes = Object.entries(s.issues.byCode) as [IssueCode, number][];
  if (codes.length) {
    lines.push('  问题 issues:');
    for (const [code, n] of codes.sort((a, b) => b[1] - a[1])) {
      const t = ISSUE_TYPES[code];
      lines.push(`    ${String(n).padStart(7)}  ${code} (${t.severity}, ${t.action}) ${t.zh}`);
    }
    lines.push(`  前 ${items.length} 条 first ${items.length} of ${s.issues.total}:`);
    lines.push(...items.map(issueLine));
    if (s.issues.total > items.length) lines.push(`  全部报告 full report: lantu imports ${s.importId} --limit 1000`);
  }
  return lines.join('\n');
}

function describeReport(r: ImportReport): string {
  const c = r.counts;
  return [
    `导入 import #${r.id} ${r.status} · layer ${r.layerCode ?? '—'} · ${r.fileName} (${r.format}, ${r.sourceCrs ?? '?'}) · ${r.createdBy} ${r.createdAt}`,
    `  读取 read ${c.read} · 导入 loaded ${c.loaded} · 修复 repaired ${c.repaired} · 拒绝 rejected ${c.rejected}`,
    `  问题 issues: ${
      Object.entries(r.issues.byCode)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || 'none'
    }`,
    ...r.issues.items.map(issueLine),
  ].join('\n');
}
