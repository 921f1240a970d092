/**
 * loadDemoCity: write a generated demo city into a store in ONE bulk transaction — all of it or none.
 * Small tables go through Kysely; zones and feature tables through bulkInsert (a prepared statement on
 * SQLite, COPY on PostgreSQL), with land-survey rows generated while they stream in. Refuses, before
 * writing anything, when a demo layer is already there.
 */
import { LantuError } from '../errors.js';
import type { FeatureTableName } from '../onemap/onemap-tables.js';
import type { BulkTransaction, Store } from '../store/store.js';
import { mapRows, nowIso, writeJson } from '../store/store.js';
import { CREATED_BY, demoDatasets, ZONES_LAYER_CODE } from './datasets.js';
import type { DemoCity } from './demo-city.js';
import { insertPlans } from './load-plans.js';

export interface DemoLoadSummary {
  /** Layer rows written. */
  layers: number;
  /** Rows written per feature table. */
  features: Record<string, number>;
  seconds: number;
  zones: number;
}

export type DemoProgress = (stage: string, done: number, total: number) => void;

const PROGRESS_EVERY = 10_000;

export async function loadDemoCity(store: Store, city: DemoCity, onProgress?: DemoProgress): Promise<DemoLoadSummary> {
  const started = performance.now();
  const datasets = demoDatasets(city);
  const codes = [ZONES_LAYER_CODE, ...datasets.map((d) => d.code)];
  return store.bulkTransaction(
    async (tx) => {
      const loaded = await tx.db.selectFrom('layer').select('code').where('code', 'in', codes).executeTakeFirst();
      if (loaded) {
        throw new LantuError(
          'demo_already_loaded',
          409,
          `示范市数据已载入（图层 ${loaded.code} 已存在），不能重复载入`,
          `the demo city is already loaded (layer ${loaded.code} exists); it cannot be loaded twice`,
        );
      }
      const now = nowIso();
      const progress = (stage: string, done: number, total: number) => onProgress?.(stage, done, total);
      await tx.db
        .insertInto('department')
        .values(city.departments.map((d) => ({ ...d })))
        .onConflict((oc) => oc.column('code').doNothing())
        .execute();
      progress('zones', 0, city.zones.length);
      const zoneRows = city.zones.map((z) => [
        z.code,
        z.kind,
        z.level,
        z.name,
        z.nameEn,
        z.parentCode,
        z.regionCode,
        writeJson(z.attrs),
        z.geometry,
      ]);
      await tx.bulkInsert(
        'zone',
        { columns: ['code', 'kind', 'level', 'name', 'name_en', 'parent_code', 'region_code', 'attrs', 'geom'] },
        zoneRows,
      );
      progress('zones', city.zones.length, city.zones.length);

      const masterVersionIds = await insertPlans(tx, city.plans, now);
      const layer = (
        code: string,
        title: string,
        titleEn: string,
        table: FeatureTableName,
        extra: Partial<LayerValues>,
      ) =>
        tx.db
          .insertInto('layer')
          .values({
            code,
            title,
            title_en: titleEn,
            category: table,
            feature_table: table,
            region_code: '9901',
            is_public: 0,
            feature_count: 0,
            created_at: now,
            updated_at: now,
            created_by: CREATED_BY,
            ...extra,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
      // The zone table has no layer_id; its registry row makes it listable with the other layers. The
      // schema's FeatureTableName leaves 'zone' out although LayerCategory has it, hence the cast.
      await layer(
        ZONES_LAYER_CODE,
        '行政区划与规划单元',
        'Administrative divisions, planning units and governance zones',
        'zone' as FeatureTableName,
        {
          is_public: 1,
          feature_count: city.zones.length,
          source: '示范市行政区划及详细规划编制单元划定成果（虚构示范数据）',
        },
      );
      const ids = [];
      for (const d of datasets) {
        const { id } = await layer(d.code, d.title, d.titleEn, d.table, {
          plan_version_id: d.planVersionNo ? masterVersionIds[d.planVersionNo - 1]! : null,
          status_year: d.statusYear,
          classification: d.classification,
          is_public: d.isPublic ? 1 : 0,
          source: d.source,
        });
        ids.push(id);
      }
      const features: Record<string, number> = {};
      for (const [i, d] of datasets.entries()) {
        const id = ids[i]!;
        const { count, rows } = d.open();
        progress(d.code, 0, count);
        let done = 0;
        const withLayer = mapRows(rows, (row) => {
          if (++done % PROGRESS_EVERY === 0) progress(d.code, done, count);
          return [id, ...row];
        });
        const written = await tx.bulkInsert(d.table, { columns: ['layer_id', ...d.columns] }, withLayer);
        progress(d.code, written, count);
        await tx.db.updateTable('layer').set({ feature_count: written }).where('id', '=', id).execute();
        features[d.table] = (features[d.table] ?? 0) + written;
      }
      await insertPopulation(tx, city);
      return {
        layers: datasets.length + 1,
        features,
        seconds: (performance.now() - started) / 1000,
        zones: city.zones.length,
      };
      // The demo is loaded into a store of its own before anyone uses it: it may write without the WAL.
    },
    { exclusive: true },
  );
}

interface LayerValues {
  plan_version_id: number | null;
  status_year: number | null;
  classification: string | null;
  is_public: number;
  feature_count: number;
  source: string;
}

async function insertPopulation(tx: BulkTransaction, city: DemoCity): Promise<void> {
  for (let i = 0; i < city.population.length; i += 500) {
    await tx.db
      .insertInto('population')
      .values(
        city.population.slice(i, i + 500).map((p) => ({
          zone_code: p.zoneCode,
          region_code: p.regionCode,
          year: p.year,
          resident: p.resident,
          households: p.households,
          source: p.source,
        })),
      )
      .execute();
  }
}
