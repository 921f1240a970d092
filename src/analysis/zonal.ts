/**
 * zonalStatistics: how much of a layer lies in each zone, per class — the area (ellipsoidal m², and
 * planar m² in a chosen projection when asked) of polygon layers, the geodesic length (m) of line
 * layers, the count of point layers. Zones are a zone set (zone-sets.ts): regions, planning units,
 * governance zones, the features of a polygon layer, or the overlay of two such sets.
 *
 *   await zonalStatistics(store, viewer, {
 *     zones: { kinds: ['region'], level: 'county' },
 *     within: { layer: 'controlline-v2', groupBy: 'line_type', values: ['生态保护红线'] },
 *     layer: 'landsurvey-2025',
 *     classField: 'dlbm',
 *   })
 *   // → cells: [{ zone: '990102 ∩ 生态保护红线', parts: ['990102', '生态保护红线'], class: '0101', areaM2: …, features: … }, …]
 *
 * The layer streams out of the store in batches (layer-stream.ts) into ZonalEngines (zonal-engine.ts),
 * one per worker thread for big layers; memory stays bounded by the batches in flight. Every result
 * says what it was computed from: the layer's and the zones' codes, their updated_at, how many
 * features were read and how many counted — so a figure in a report can be traced to its data.
 */
import os from 'node:os';
import type { Principal } from '../auth/principal.js';
import { badRequest } from '../errors.js';
import { gaussKrugerZone } from '../geo/crs.js';
import { getGeos } from '../geo/geos.js';
import { analysisLayer } from './analysis-layer.js';
import type { Store } from '../store/store.js';
import {
  checkClassColumn,
  DEFAULT_CLASS_COLUMN,
  TABLE_MEASURE,
  type AnalysisTable,
  type Measure,
} from './feature-columns.js';
import { layerBatches } from './layer-stream.js';
import {
  overlayZoneSets,
  resolveZoneSet,
  type ZoneDef,
  type ZoneSetProvenance,
  type ZoneSetSpec,
} from './zone-sets.js';
import { CLASS_SLOTS, type PartialResult } from './zonal-engine.js';
import { inProcessRunner, workerRunner, type EngineRunner } from './zonal-pool.js';

export interface ZonalRequest {
  zones: ZoneSetSpec;
  /** Overlay: measure inside the intersections of `zones` with these zones. */
  within?: ZoneSetSpec;
  /** Code of the layer to measure. */
  layer: string;
  /** Column to classify by; omitted: the table's usual one (dlbm, line_type, ydyh_code…); null: no classes. */
  classField?: string | null;
  /** Only these class values; a value ending in `*` is a prefix (`'05*'`: all of 05xx). */
  classes?: string[];
  /** Also planar measures in this projected CRS (a CGCS2000 Gauss-Krüger zone, or 3857). */
  planarEpsg?: number | null;
  /** Ellipsoidal measures (default true); false with `planarEpsg` gives planar measures only. */
  ellipsoidal?: boolean;
}

export interface ZonalOptions {
  /** Worker threads: 0 runs in this thread; default one per core for layers over 20,000 features. */
  threads?: number;
  /** Features per batch read from the store. */
  batchSize?: number;
  onProgress?: (read: number, total: number) => void;
}

export interface ZonalCell {
  zone: string;
  /** Overlays: the keys of the two zones intersected. */
  parts?: [string, string];
  class: string | null;
  /** Features that counted in the cell (with a positive share, or inside for points). */
  features: number;
  areaM2?: number;
  planarAreaM2?: number;
  lengthM?: number;
  planarLengthM?: number;
  count?: number;
}

export interface ZonalResult {
  measure: Measure;
  classField: string | null;
  zones: ZoneDef[];
  cells: ZonalCell[];
  provenance: {
    layer: {
      code: string;
      title: string;
      updatedAt: string;
      featureCount: number;
      featuresRead: number;
      featuresCounted: number;
    };
    zones: ZoneSetProvenance;
    within?: ZoneSetProvenance;
    crs: 'EPSG:4490';
    ellipsoid: 'CGCS2000';
    planarCrs: string | null;
    computedAt: string;
    store: string;
    geos: string;
    threads: number;
    seconds: number;
  };
  /** Features that could not be measured (GEOS refused them), with the reason. */
  failures: { fid: number; message: string }[];
  notes: string[];
}

const PARALLEL_FROM = 20_000;

export async function zonalStatistics(
  store: Store,
  viewer: Principal,
  request: ZonalRequest,
  options: ZonalOptions = {},
): Promise<ZonalResult> {
  const started = performance.now();
  const planarEpsg = checkPlanarEpsg(request.planarEpsg ?? null);
  const layer = await analysisLayer(store, viewer, request.layer, 'layer');
  const table = layer.feature_table as AnalysisTable;
  const classField =
    request.classField === null
      ? null
      : checkClassColumn(table, request.classField ?? DEFAULT_CLASS_COLUMN[table], 'classField');
  let zoneSet = await resolveZoneSet(store, viewer, request.zones, 'zones');
  const zonesProvenance = zoneSet.provenance;
  let withinProvenance: ZoneSetProvenance | undefined;
  if (request.within) {
    const within = await resolveZoneSet(store, viewer, request.within, 'within');
    withinProvenance = within.provenance;
    zoneSet = await overlayZoneSets(zoneSet, within);
  }

  const classValues: (string | null)[] = [];
  const classIds = new Map<string | null, number>();
  const accept = classFilter(request.classes);
  const classIndex = (value: string | null) => {
    let id = classIds.get(value);
    if (id === undefined) {
      id = accept(value) ? classValues.length : -1;
      if (id >= 0) classValues.push(value);
      classIds.set(value, id);
    }
    return id;
  };

  const threads =
    options.threads ?? (layer.feature_count >= PARALLEL_FROM ? Math.min(os.availableParallelism(), 8) : 0);
  const ellipsoidal = request.ellipsoidal ?? true;
  if (!ellipsoidal && planarEpsg === null) {
    throw badRequest(
      'zonal_nothing_to_measure',
      'ellipsoidal：不计算椭球面积时须指定 planarEpsg',
      'ellipsoidal: without ellipsoidal measures, name a planarEpsg',
      { field: 'ellipsoidal' },
    );
  }
  const engineZones = { zones: zoneSet.wkb, planarEpsg, ellipsoidal };
  let partials: PartialResult[] = [];
  if (zoneSet.zones.length > 0) {
    const runner: EngineRunner =
      threads > 0 ? await workerRunner(engineZones, threads) : await inProcessRunner(engineZones);
    try {
      let read = 0;
      for await (const batch of layerBatches({
        store,
        layer,
        viewer,
        classColumn: classField,
        classIndex,
        envelope: zoneSet.envelope,
        batchSize: options.batchSize ?? 10_000,
      })) {
        read += batch.fids.length;
        await runner.add(batch);
        options.onProgress?.(read, layer.feature_count);
      }
      partials = await runner.finish();
    } catch (error) {
      await runner.abort();
      throw error;
    }
  }

  const measure = TABLE_MEASURE[table];
  const cells = mergeCells(partials, zoneSet.zones, classValues, measure, planarEpsg !== null, ellipsoidal);
  const geos = await getGeos();
  return {
    measure,
    classField,
    zones: zoneSet.zones,
    cells,
    provenance: {
      layer: {
        code: layer.code,
        title: layer.title,
        updatedAt: layer.updated_at,
        featureCount: layer.feature_count,
        featuresRead: partials.reduce((s, p) => s + p.read, 0),
        featuresCounted: partials.reduce((s, p) => s + p.matched, 0),
      },
      zones: zonesProvenance,
      ...(withinProvenance ? { within: withinProvenance } : {}),
      crs: 'EPSG:4490',
      ellipsoid: 'CGCS2000',
      planarCrs: planarEpsg === null ? null : `EPSG:${planarEpsg}`,
      computedAt: new Date().toISOString(),
      store: store.kind,
      geos: geos.version,
      threads,
      seconds: (performance.now() - started) / 1000,
    },
    failures: partials.flatMap((p) => p.failures),
    notes: zoneSet.notes,
  };
}

/** Planar measures need a projected CRS in metres: a CGCS2000 Gauss-Krüger zone or Web Mercator. */
function checkPlanarEpsg(epsg: number | null): number | null {
  if (epsg === null) return null;
  if (epsg === 3857 || gaussKrugerZone(epsg)) return epsg;
  throw badRequest(
    'planar_crs_unsupported',
    `planarEpsg：平面面积需要投影坐标系（CGCS2000 高斯-克吕格分带 EPSG:4491–4554 或 EPSG:3857），不能用 EPSG:${epsg}`,
    `planarEpsg: planar measures need a projected CRS (a CGCS2000 Gauss-Krüger zone, EPSG:4491–4554, or EPSG:3857), not EPSG:${epsg}`,
    { field: 'planarEpsg' },
  );
}

function classFilter(classes: string[] | undefined): (value: string | null) => boolean {
  if (!classes?.length) return () => true;
  const exact = new Set(classes.filter((c) => !c.endsWith('*')));
  const prefixes = classes.filter((c) => c.endsWith('*')).map((c) => c.slice(0, -1));
  return (value) => value !== null && (exact.has(value) || prefixes.some((p) => value.startsWith(p)));
}

/** Partial sums of every thread into cells, in zone order then class order. */
function mergeCells(
  partials: PartialResult[],
  zones: ZoneDef[],
  classes: (string | null)[],
  measure: Measure,
  planar: boolean,
  ellipsoidal: boolean,
): ZonalCell[] {
  const merged = new Map<
    number,
    { area: number; planarArea: number; length: number; planarLength: number; count: number; features: number }
  >();
  for (const p of partials) {
    p.keys.forEach((key, i) => {
      const m = merged.get(key) ?? { area: 0, planarArea: 0, length: 0, planarLength: 0, count: 0, features: 0 };
      // Sums and their compensations are added separately and joined at the end (Neumaier).
      m.area += p.area[2 * i]! + p.area[2 * i + 1]!;
      m.planarArea += p.planarArea[2 * i]! + p.planarArea[2 * i + 1]!;
      m.length += p.length[2 * i]! + p.length[2 * i + 1]!;
      m.planarLength += p.planarLength[2 * i]! + p.planarLength[2 * i + 1]!;
      m.count += p.count[i]!;
      m.features += p.features[i]!;
      merged.set(key, m);
    });
  }
  const order = (key: number) => [Math.floor(key / CLASS_SLOTS), classes[key % CLASS_SLOTS] ?? ''] as const;
  const keys = [...merged.keys()].sort((a, b) => {
    const [za, ca] = order(a);
    const [zb, cb] = order(b);
    return za - zb || (ca < cb ? -1 : ca > cb ? 1 : 0);
  });
  return keys.map((key) => {
    const m = merged.get(key)!;
    const zone = zones[Math.floor(key / CLASS_SLOTS)]!;
    const cell: ZonalCell = { zone: zone.key, class: classes[key % CLASS_SLOTS] ?? null, features: m.features };
    if (zone.parts) cell.parts = zone.parts;
    if (measure === 'area' || (measure === 'any' && (m.area > 0 || m.planarArea > 0))) {
      if (ellipsoidal) cell.areaM2 = m.area;
      if (planar) cell.planarAreaM2 = m.planarArea;
    }
    if (measure === 'length' || (measure === 'any' && (m.length > 0 || m.planarLength > 0))) {
      if (ellipsoidal) cell.lengthM = m.length;
      if (planar) cell.planarLengthM = m.planarLength;
    }
    if (measure === 'count' || (measure === 'any' && m.count > 0)) cell.count = m.count;
    return cell;
  });
}
