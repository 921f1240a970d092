/**
 * Everything the check-up report (体检评估报告) shows, read in one place from the tables, so the DOCX,
 * HTML and PDF writers only lay it out: the check-up and the snapshot it stands on (the published one
 * once published, else the current one — a published report never follows a later run), the frozen
 * indicator table with a status per row, the findings with causes and countermeasures, the task list,
 * the previous check-up's tasks read back, trend series with the plan trajectory and an OLS forecast,
 * dimension scores for the radar, and the planning units' geometries for the thematic maps.
 */
import type { Geometry } from 'geojson';
import type { Kysely } from 'kysely';
import { conflict, notFound } from '../../errors.js';
import { indicatorsOf, type IndicatorView } from '../../monitoring/indicator-systems.js';
import { linearTrend, predictInterval } from '../../monitoring/linear-trend.js';
import { targetsByKey, type TargetView } from '../../monitoring/targets.js';
import { expectedValue } from '../../monitoring/trajectory.js';
import type { Database } from '../../store/database.js';
import { readJson, type Store } from '../../store/store.js';
import type { Checkup, CheckupLevel, TaskStatus } from '../checkup-tables.js';
import { judgeIndicator } from '../task-readback.js';

/** 'normal' when no open warning touches the value; 'missing' when there is no value to judge. */
export type RowStatus = 'red' | 'orange' | 'yellow' | 'blue' | 'normal' | 'missing';

export interface ReportRow {
  level: CheckupLevel;
  indicatorCode: string;
  name: string;
  unit: string;
  dimension: string;
  zoneCode: string;
  zoneName: string;
  /** The level's own zone — the region for 市域, the central urban area for 城区 — not a part of it. */
  main: boolean;
  value: number | null;
  expected: number | null;
  target: number | null;
  status: RowStatus;
}

export interface ReportFinding {
  id: number;
  level: CheckupLevel;
  zoneCode: string | null;
  dimension: string | null;
  severity: string;
  title: string;
  body: string | null;
  causes: { category: string; description: string }[];
  measures: { path: string; departmentCode: string | null; description: string }[];
}

export interface ReportTask {
  id: number;
  title: string;
  departmentCode: string;
  coDepartments: string[];
  zoneCode: string | null;
  deadline: string;
  targetIndicatorCode: string | null;
  targetValue: number | null;
  deliverable: string | null;
  status: TaskStatus;
  progress: number;
}

export interface ReadbackItem {
  title: string;
  departmentCode: string;
  deadline: string;
  status: TaskStatus;
  progress: number;
  indicatorCode: string | null;
  baseline: number | null;
  current: number | null;
  target: number | null;
  /** current − baseline; null without both. */
  change: number | null;
  /** The change has the sign of (target − baseline); null without a target or values. */
  movedTowardTarget: boolean | null;
}

export interface ReportReadback {
  previousId: number;
  previousTitle: string;
  previousYear: number;
  items: ReadbackItem[];
}

export interface TrendSeries {
  indicatorCode: string;
  name: string;
  unit: string;
  zoneCode: string;
  points: { year: number; value: number }[];
  trajectory: { year: number; value: number }[];
  target: { year: number; value: number } | null;
  /** OLS fit of the points carried forward, with its 90 % prediction interval; empty under 3 points. */
  forecast: { year: number; value: number; low: number; high: number }[];
}

export interface DimensionScore {
  dimension: string;
  /** 0–100: the mean of 100 (no warning), 75 blue, 50 yellow, 25 orange, 0 red over the city's values. */
  score: number;
  count: number;
}

export interface ReportUnit {
  code: string;
  name: string;
  geometry: Geometry;
}

export interface ReportModel {
  checkup: Pick<Checkup, 'id' | 'kind' | 'title' | 'year' | 'region_code' | 'status' | 'previous_id'> & {
    levels: CheckupLevel[];
    regionName: string;
  };
  snapshot: { id: number; seq: number; published: boolean; createdAt: string };
  rows: ReportRow[];
  findings: ReportFinding[];
  tasks: ReportTask[];
  readback: ReportReadback | null;
  trends: TrendSeries[];
  dimensions: DimensionScore[];
  units: ReportUnit[];
  /** Unit-level indicators worth a thematic map (warned ones first). */
  mapIndicators: string[];
  indicators: Map<string, IndicatorView>;
  /** Department names by code, so tables name departments as people know them. */
  departments: Map<string, string>;
}

const GRADE_POINTS: Record<RowStatus, number | null> = {
  normal: 100,
  blue: 75,
  yellow: 50,
  orange: 25,
  red: 0,
  missing: null,
};
const SEVERITY_RANK: Record<string, number> = { red: 0, orange: 1, yellow: 2, blue: 3, info: 4 };
const STATUS_RANK: Record<RowStatus, number> = { red: 0, orange: 1, yellow: 2, blue: 3, normal: 4, missing: 5 };
const MAX_TRENDS = 6;
const MAX_MAPS = 3;
const FORECAST_YEARS = 5;

export interface ModelOptions {
  maxTrends?: number;
  maxMaps?: number;
}

export async function loadReportModel(store: Store, checkupId: number, options: ModelOptions = {}) {
  const db = store.db;
  const c = await db.selectFrom('checkup').selectAll().where('id', '=', checkupId).executeTakeFirst();
  if (!c) throw notFound({ zh: '体检项目', en: 'check-up' }, checkupId);
  const snapshotId = c.published_snapshot_id ?? c.current_snapshot_id;
  if (snapshotId === null) {
    throw conflict(
      'checkup_no_snapshot',
      `体检 ${c.id} 尚无数据快照，不能生成报告（请先运行体检计算）`,
      `check-up ${c.id} has no snapshot yet, so there is no report to generate (run the check-up first)`,
    );
  }
  const snapshot = await db
    .selectFrom('checkup_snapshot')
    .selectAll()
    .where('id', '=', snapshotId)
    .executeTakeFirstOrThrow();
  const indicators = await indicatorsOf(db, c.system_id);
  const zones = await db
    .selectFrom('zone')
    .select(['code', 'name', 'kind', 'geom'])
    .where((eb) => eb.or([eb('region_code', 'like', `${c.region_code}%`), eb('code', '=', c.region_code)]))
    .orderBy('code')
    .execute();
  const zoneName = new Map(zones.map((z) => [z.code, z.name]));
  const mainZones = new Set(
    zones.filter((z) => z.code === c.region_code || z.kind === 'central_urban').map((z) => z.code),
  );

  const rows = await valueRows(db, snapshotId, indicators, zoneName, mainZones);
  const findings = await findingsOf(db, c.id);
  const tasks = (await taskRows(db, c.id)).map(presentTask);
  const readback = c.previous_id === null ? null : await readbackOf(db, c, rows);
  const targets =
    c.plan_version_id === null ? new Map<string, TargetView>() : await targetsByKey(db, c.plan_version_id);
  const trends = await trendSeries(db, c, rows, targets, options.maxTrends ?? MAX_TRENDS);
  const units: ReportUnit[] = [];
  for (const z of zones) {
    if (z.kind !== 'planning_unit') continue;
    const geometry = store.dialect.decodeGeometry(z.geom);
    if (geometry) units.push({ code: z.code, name: z.name, geometry });
  }
  return {
    checkup: {
      id: c.id,
      kind: c.kind,
      title: c.title,
      year: c.year,
      region_code: c.region_code,
      status: c.status,
      previous_id: c.previous_id,
      levels: readJson<CheckupLevel[]>(c.levels) ?? [],
      regionName: zoneName.get(c.region_code) ?? c.region_code,
    },
    snapshot: {
      id: snapshot.id,
      seq: snapshot.seq,
      published: c.published_snapshot_id === snapshot.id,
      createdAt: snapshot.created_at,
    },
    rows,
    findings,
    tasks,
    readback,
    trends,
    dimensions: dimensionScores(rows, c.region_code),
    units,
    mapIndicators: mapIndicators(rows, options.maxMaps ?? MAX_MAPS),
    indicators,
    departments: new Map(
      (await db.selectFrom('department').select(['code', 'name']).execute()).map((d) => [d.code, d.name]),
    ),
  } satisfies ReportModel;
}

async function valueRows(
  db: Kysely<Database>,
  snapshotId: number,
  indicators: Map<string, IndicatorView>,
  zoneName: Map<string, string>,
  mainZones: Set<string>,
): Promise<ReportRow[]> {
  const values = await db
    .selectFrom('checkup_snapshot_value')
    .selectAll()
    .where('snapshot_id', '=', snapshotId)
    .orderBy('level')
    .orderBy('indicator_code')
    .orderBy('zone_code')
    .execute();
  return values.map((v) => {
    const ind = indicators.get(v.indicator_code);
    return {
      level: v.level,
      indicatorCode: v.indicator_code,
      name: ind?.name ?? v.indicator_code,
      unit: v.unit,
      dimension: ind?.dimension ?? '其他',
      zoneCode: v.zone_code,
      zoneName: zoneName.get(v.zone_code) ?? v.zone_code,
      main: mainZones.has(v.zone_code),
      value: v.value,
      expected: v.expected,
      target: v.target,
      status: v.value === null ? 'missing' : ((v.grade as RowStatus | null) ?? 'normal'),
    };
  });
}

async function findingsOf(db: Kysely<Database>, checkupId: number): Promise<ReportFinding[]> {
  // Findings merged into another are told through the one they were merged into.
  const findings = await db
    .selectFrom('checkup_finding')
    .selectAll()
    .where('checkup_id', '=', checkupId)
    .where('merged_into_id', 'is', null)
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  if (!findings.length) return [];
  const ids = findings.map((f) => f.id);
  const causes = await db
    .selectFrom('checkup_cause')
    .selectAll()
    .where('finding_id', 'in', ids)
    .orderBy('id')
    .execute();
  const measures = await db
    .selectFrom('checkup_measure')
    .selectAll()
    .where('finding_id', 'in', ids)
    .orderBy('id')
    .execute();
  return findings
    .map((f) => ({
      id: f.id,
      level: f.level,
      zoneCode: f.zone_code,
      dimension: f.dimension,
      severity: f.severity,
      title: f.title,
      body: f.body,
      causes: causes
        .filter((x) => x.finding_id === f.id)
        .map((x) => ({ category: x.category, description: x.description })),
      measures: measures
        .filter((m) => m.finding_id === f.id)
        .map((m) => ({ path: m.path, departmentCode: m.department_code, description: m.description })),
      sortOrder: f.sort_order,
    }))
    .sort((a, b) => a.sortOrder - b.sortOrder || (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9))
    .map(({ sortOrder: _sortOrder, ...f }) => f);
}

function presentTask(t: Awaited<ReturnType<typeof taskRows>>[number]): ReportTask {
  return {
    id: t.id,
    title: t.title,
    departmentCode: t.department_code,
    coDepartments: readJson<string[]>(t.co_departments) ?? [],
    zoneCode: t.zone_code,
    deadline: t.deadline,
    targetIndicatorCode: t.target_indicator_code,
    targetValue: t.target_value,
    deliverable: t.deliverable,
    status: t.status,
    progress: t.progress,
  };
}

function taskRows(db: Kysely<Database>, checkupId: number) {
  return db.selectFrom('checkup_task').selectAll().where('checkup_id', '=', checkupId).orderBy('id').execute();
}

/**
 * The previous check-up's tasks against what THIS check-up's snapshot sees: the same indicator in the
 * same zone (the region when the task names no zone), judged by the task tracking's own rule
 * (judgeIndicator, decision 0041): toward the target when the change has the sign of target − baseline.
 */
async function readbackOf(
  db: Kysely<Database>,
  c: Pick<Checkup, 'previous_id' | 'region_code'>,
  rows: ReportRow[],
): Promise<ReportReadback | null> {
  const previous = await db
    .selectFrom('checkup')
    .select(['id', 'title', 'year'])
    .where('id', '=', c.previous_id!)
    .executeTakeFirst();
  if (!previous) return null;
  const current = new Map(rows.map((r) => [`${r.indicatorCode}|${r.zoneCode}`, r.value]));
  const items = (await taskRows(db, previous.id)).map((t): ReadbackItem => {
    const now = t.target_indicator_code
      ? (current.get(`${t.target_indicator_code}|${t.zone_code ?? c.region_code}`) ?? null)
      : null;
    const judged = judgeIndicator(t.baseline_value, now, t.target_value);
    return {
      title: t.title,
      departmentCode: t.department_code,
      deadline: t.deadline,
      status: t.status,
      progress: t.progress,
      indicatorCode: t.target_indicator_code,
      baseline: t.baseline_value,
      current: now,
      target: t.target_value,
      change: judged.change,
      movedTowardTarget: judged.movedTowardTarget,
    };
  });
  return { previousId: previous.id, previousTitle: previous.title, previousYear: previous.year, items };
}

/**
 * Trends of the region's own values (市域), warned indicators first, then those with a plan target: the
 * yearly values up to the check-up's year, the plan trajectory from its base year to its target year,
 * and the OLS line carried FORECAST_YEARS past the check-up (or to the target year when sooner).
 */
async function trendSeries(
  db: Kysely<Database>,
  c: Pick<Checkup, 'region_code' | 'year'>,
  rows: ReportRow[],
  targets: Map<string, TargetView>,
  max: number,
): Promise<TrendSeries[]> {
  const candidates = rows
    .filter((r) => r.zoneCode === c.region_code && r.value !== null)
    .sort(
      (a, b) =>
        STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
        Number(b.target !== null) - Number(a.target !== null) ||
        a.indicatorCode.localeCompare(b.indicatorCode),
    )
    .slice(0, max);
  if (!candidates.length) return [];
  const history = await db
    .selectFrom('indicator_value')
    .select(['indicator_code', 'year', 'value'])
    .where('zone_code', '=', c.region_code)
    .where('period', '=', '')
    .where('year', '<=', c.year)
    .where(
      'indicator_code',
      'in',
      candidates.map((r) => r.indicatorCode),
    )
    .orderBy('year')
    .execute();
  return candidates.map((r) => {
    const points = history
      .filter((h) => h.indicator_code === r.indicatorCode && h.value !== null && h.year !== c.year)
      .map((h) => ({ year: h.year, value: h.value! }));
    // The check-up's own year comes from the frozen snapshot, not from whatever a later run wrote.
    points.push({ year: c.year, value: r.value! });
    const target = targets.get(`${r.indicatorCode}|${r.zoneCode}`) ?? null;
    const trajectory: { year: number; value: number }[] = [];
    if (target) {
      for (let year = target.baseYear; year <= target.targetYear; year++) {
        const v = expectedValue(target, year);
        if (v !== null) trajectory.push({ year, value: v });
      }
    }
    const fit = linearTrend(points.map((p) => ({ x: p.year, y: p.value })));
    const forecast: TrendSeries['forecast'] = [];
    if (fit) {
      const until = Math.min(c.year + FORECAST_YEARS, target ? Math.max(target.targetYear, c.year + 1) : Infinity);
      for (let year = c.year + 1; year <= until; year++) {
        const p = predictInterval(fit, year, 0.9);
        forecast.push({ year, value: p.value, low: p.low, high: p.high });
      }
    }
    return {
      indicatorCode: r.indicatorCode,
      name: r.name,
      unit: r.unit,
      zoneCode: r.zoneCode,
      points,
      trajectory,
      target: target ? { year: target.targetYear, value: target.targetValue } : null,
      forecast,
    };
  });
}

/** Radar scores per dimension over the region's own (市域) values; see DimensionScore. */
export function dimensionScores(rows: readonly ReportRow[], regionCode: string): DimensionScore[] {
  const sums = new Map<string, { total: number; count: number }>();
  for (const r of rows) {
    if (r.zoneCode !== regionCode) continue;
    const points = GRADE_POINTS[r.status];
    if (points === null) continue;
    const s = sums.get(r.dimension) ?? { total: 0, count: 0 };
    s.total += points;
    s.count += 1;
    sums.set(r.dimension, s);
  }
  return [...sums]
    .map(([dimension, s]) => ({ dimension, score: s.total / s.count, count: s.count }))
    .sort((a, b) => a.dimension.localeCompare(b.dimension, 'zh'));
}

/** Unit-level indicators with values, the most warned first (most red, then orange …), at most `max`. */
function mapIndicators(rows: readonly ReportRow[], max: number): string[] {
  const byIndicator = new Map<string, { warned: number[]; values: number }>();
  for (const r of rows) {
    if (r.level !== 'unit' || r.value === null) continue;
    const s = byIndicator.get(r.indicatorCode) ?? { warned: [0, 0, 0, 0], values: 0 };
    s.values += 1;
    const rank = STATUS_RANK[r.status];
    if (rank < 4) s.warned[rank]! += 1;
    byIndicator.set(r.indicatorCode, s);
  }
  return [...byIndicator]
    .filter(([, s]) => s.values > 1)
    .sort(([ca, a], [cb, b]) => {
      for (let i = 0; i < 4; i++) if (a.warned[i] !== b.warned[i]) return b.warned[i]! - a.warned[i]!;
      return ca.localeCompare(cb);
    })
    .slice(0, max)
    .map(([code]) => code);
}
