/** The layer tree of the one map: layers grouped by category, plan versions and survey years. */
import { api } from '../api/client.js';
import type { LayerView, Plan, PlanVersion } from '../api/types.js';

export interface VersionInfo {
  id: number;
  versionNo: number;
  label: string;
  isCurrent: boolean;
  plan: Plan;
}

export const CATEGORY_ORDER = [
  'control_line',
  'planning_zone',
  'planned_land_use',
  'land_survey',
  'road',
  'facility',
  'zone',
] as const;

/** The plan versions the layers belong to (plan.read); without it, versions are known by number only. */
export async function loadVersions(plans: Plan[]): Promise<Map<number, VersionInfo>> {
  const out = new Map<number, VersionInfo>();
  const details = await Promise.all(
    plans.map((p) => api.get<Plan & { versions: PlanVersion[] }>(`/api/plans/${p.id}`).catch(() => null)),
  );
  for (const plan of details) {
    if (!plan) continue;
    for (const v of plan.versions ?? []) {
      out.set(v.id, { id: v.id, versionNo: v.versionNo, label: v.label, isCurrent: v.isCurrent, plan });
    }
  }
  return out;
}

export function groupLayers(layers: LayerView[]): { category: string; layers: LayerView[] }[] {
  const groups = new Map<string, LayerView[]>();
  for (const layer of layers) groups.set(layer.category, [...(groups.get(layer.category) ?? []), layer]);
  const order = (c: string) => {
    const i = (CATEGORY_ORDER as readonly string[]).indexOf(c);
    return i < 0 ? 99 : i;
  };
  return [...groups.entries()]
    .sort(([a], [b]) => order(a) - order(b))
    .map(([category, list]) => ({
      category,
      layers: list.sort(
        (a, b) =>
          (b.planVersionId ?? 0) - (a.planVersionId ?? 0) ||
          (b.statusYear ?? 0) - (a.statusYear ?? 0) ||
          a.code.localeCompare(b.code),
      ),
    }));
}

/** Plan versions that have layers, newest first. */
export function layerVersions(layers: LayerView[]): number[] {
  return [...new Set(layers.map((l) => l.planVersionId).filter((v): v is number => v !== null))].sort((a, b) => b - a);
}

/** Survey years of the land-survey layers, newest first. */
export function surveyYears(layers: LayerView[]): number[] {
  return [
    ...new Set(
      layers
        .filter((l) => l.category === 'land_survey')
        .map((l) => l.statusYear)
        .filter((y): y is number => y !== null),
    ),
  ].sort((a, b) => b - a);
}

export function currentVersion(layers: LayerView[], versions: Map<number, VersionInfo>): number | null {
  const ids = layerVersions(layers);
  return ids.find((id) => versions.get(id)?.isCurrent) ?? ids[0] ?? null;
}

/**
 * What the map shows first: the current plan's control lines over the latest land survey, with the
 * administrative boundaries; the roads and facilities of the latest year stay off until asked for.
 */
export function defaultVisible(layers: LayerView[], versions: Map<number, VersionInfo>): Set<string> {
  const version = currentVersion(layers, versions);
  const year = surveyYears(layers)[0];
  const on = new Set<string>();
  for (const l of layers) {
    if (l.category === 'zone') on.add(l.code);
    if (l.category === 'control_line' && (l.planVersionId === version || l.planVersionId === null)) on.add(l.code);
    if (l.category === 'land_survey' && l.statusYear === year) on.add(l.code);
  }
  if (on.size <= 1) {
    // Public visitors see no survey: show the current plan's planned land use instead.
    for (const l of layers) if (l.category === 'planned_land_use' && l.planVersionId === version) on.add(l.code);
  }
  return on;
}

/** Switch every plan layer to one version, keeping which categories were on. */
export function switchVersion(layers: LayerView[], visible: Set<string>, version: number): Set<string> {
  const next = new Set(visible);
  const onCategories = new Set(
    layers.filter((l) => visible.has(l.code) && l.planVersionId !== null).map((l) => l.category),
  );
  for (const l of layers) {
    if (l.planVersionId === null) continue;
    next.delete(l.code);
    if (l.planVersionId === version && onCategories.has(l.category)) next.add(l.code);
  }
  return next;
}

/** Switch the status layers (survey, roads, facilities) to one year, keeping which categories were on. */
export function switchYear(layers: LayerView[], visible: Set<string>, year: number): Set<string> {
  const next = new Set(visible);
  const onCategories = new Set(
    layers.filter((l) => visible.has(l.code) && l.statusYear !== null).map((l) => l.category),
  );
  for (const l of layers) {
    if (l.statusYear === null || l.category !== 'land_survey') continue;
    next.delete(l.code);
    if (l.statusYear === year && onCategories.has(l.category)) next.add(l.code);
  }
  return next;
}
