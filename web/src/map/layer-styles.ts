/**
 * How each kind of layer is drawn from its vector tiles (/tiles/{code}/{z}/{x}/{y}.mvt, one source
 * layer named by the layer code), and its legend. Classes are coloured by the typed attributes the
 * tiles carry (feature-columns on the server): dlbm, ydyh_code, line_type/sub_type, zone_name,
 * road_class, facility_type, kind/level.
 * No symbol (text) layers: the map has no glyph server, and labels come from identify and search.
 */
import type { ExpressionSpecification, LayerSpecification, VectorSourceSpecification } from 'maplibre-gl';
import type { LayerView } from '../api/types.js';
import {
  CONTROL_LINES,
  FACILITY_TYPES,
  PLANNING_ZONES,
  ROAD_CLASSES,
  SANDIAO_CODES,
  SANDIAO_GROUPS,
  UDB_SUBZONES,
  YDYH_CODES,
  YDYH_GROUPS,
  ZONE_OUTLINES,
} from './class-colours.js';

export interface LegendEntry {
  zh: string;
  en: string;
  colour: string;
  kind: 'fill' | 'line' | 'dash' | 'circle';
}

/** Bottom to top: current status under plans, areas under lines under points, boundaries on top. */
const ORDER: Record<string, number> = {
  land_survey: 10,
  planned_land_use: 20,
  planning_zone: 30,
  control_line: 40,
  road: 50,
  facility: 60,
  zone: 70,
};

export const drawOrder = (category: string) => ORDER[category] ?? 45;

export function tileSource(layer: LayerView): VectorSourceSpecification {
  return { type: 'vector', url: `${window.location.origin}/tiles/${encodeURIComponent(layer.code)}.json` };
}

const get = (name: string): ExpressionSpecification => ['to-string', ['get', name]];

function matchColour(
  input: ExpressionSpecification,
  pairs: [string, string][],
  fallback: ExpressionSpecification | string,
): ExpressionSpecification {
  if (pairs.length === 0)
    return (typeof fallback === 'string' ? ['literal', fallback] : fallback) as ExpressionSpecification;
  return ['match', input, ...pairs.flat(), fallback] as unknown as ExpressionSpecification;
}

function sandiaoColour(): ExpressionSpecification {
  const byGroup = matchColour(
    ['slice', get('dlbm'), 0, 2],
    SANDIAO_GROUPS.filter((g) => g.code !== '00').map((g) => [g.code, g.colour]),
    '#d9d9d9',
  );
  return matchColour(get('dlbm'), Object.entries(SANDIAO_CODES), byGroup);
}

function ydyhColour(): ExpressionSpecification {
  const byGroup = matchColour(
    ['slice', get('ydyh_code'), 0, 2],
    YDYH_GROUPS.map((g) => [g.code, g.colour]),
    '#d9d9d9',
  );
  const byFour = matchColour(
    ['slice', get('ydyh_code'), 0, 4],
    Object.entries(YDYH_CODES).filter(([code]) => code.length === 4),
    byGroup,
  );
  return matchColour(get('ydyh_code'), Object.entries(YDYH_CODES), byFour);
}

function controlFill(): ExpressionSpecification {
  const byType = matchColour(
    get('line_type'),
    Object.entries(CONTROL_LINES).map(([k, v]) => [k, v.fill]),
    '#999999',
  );
  return matchColour(
    get('sub_type'),
    Object.entries(UDB_SUBZONES).map(([k, v]) => [k, v.fill]),
    byType,
  );
}

const lineTypes = (dashed: boolean) =>
  Object.entries(CONTROL_LINES)
    .filter(([, s]) => s.dashed === dashed)
    .map(([k]) => k);

export function styleLayers(layer: LayerView, sourceId: string, opacity = 1): LayerSpecification[] {
  const base = { source: sourceId, 'source-layer': layer.code };
  const id = (part: string) => `${sourceId}::${part}`;
  switch (layer.category) {
    case 'land_survey':
      return [
        {
          ...base,
          id: id('fill'),
          type: 'fill',
          paint: { 'fill-color': sandiaoColour(), 'fill-opacity': 0.88 * opacity },
        },
        {
          ...base,
          id: id('line'),
          type: 'line',
          minzoom: 12,
          paint: { 'line-color': '#7a6f5c', 'line-width': 0.4, 'line-opacity': 0.6 * opacity },
        },
      ];
    case 'planned_land_use':
      return [
        {
          ...base,
          id: id('fill'),
          type: 'fill',
          paint: { 'fill-color': ydyhColour(), 'fill-opacity': 0.85 * opacity },
        },
        {
          ...base,
          id: id('line'),
          type: 'line',
          minzoom: 12,
          paint: { 'line-color': '#555555', 'line-width': 0.5, 'line-opacity': 0.7 * opacity },
        },
      ];
    case 'planning_zone': {
      const colour = matchColour(
        get('zone_name'),
        PLANNING_ZONES.map((z) => [z.code, z.colour]),
        matchColour(
          get('zone_type'),
          PLANNING_ZONES.map((z) => [z.code, z.colour]),
          '#cccccc',
        ),
      );
      return [
        { ...base, id: id('fill'), type: 'fill', paint: { 'fill-color': colour, 'fill-opacity': 0.7 * opacity } },
        {
          ...base,
          id: id('line'),
          type: 'line',
          paint: { 'line-color': '#ffffff', 'line-width': 0.6, 'line-opacity': opacity },
        },
      ];
    }
    case 'control_line': {
      const width = matchColour(
        get('line_type'),
        Object.entries(CONTROL_LINES).map(([k, v]) => [k, String(v.width)]),
        '1.5',
      );
      const lineColour = matchColour(
        get('line_type'),
        Object.entries(CONTROL_LINES).map(([k, v]) => [k, v.line]),
        '#666666',
      );
      const fillOpacity = matchColour(
        get('line_type'),
        Object.entries(CONTROL_LINES).map(([k, v]) => [k, String(v.fillOpacity * opacity)]),
        String(0.25 * opacity),
      );
      return [
        {
          ...base,
          id: id('fill'),
          type: 'fill',
          paint: { 'fill-color': controlFill(), 'fill-opacity': ['to-number', fillOpacity] },
        },
        {
          ...base,
          id: id('line'),
          type: 'line',
          filter: ['in', get('line_type'), ['literal', lineTypes(false)]],
          paint: { 'line-color': lineColour, 'line-width': ['to-number', width], 'line-opacity': opacity },
        },
        {
          ...base,
          id: id('dash'),
          type: 'line',
          filter: ['!', ['in', get('line_type'), ['literal', lineTypes(false)]]],
          paint: {
            'line-color': lineColour,
            'line-width': ['to-number', width],
            'line-dasharray': [3, 2],
            'line-opacity': opacity,
          },
        },
      ];
    }
    case 'road': {
      const colour = matchColour(
        get('road_class'),
        ROAD_CLASSES.map((r) => [r.code, r.colour]),
        '#b0b0b0',
      );
      const width = [
        'to-number',
        matchColour(
          get('road_class'),
          ROAD_CLASSES.map((r) => [r.code, String(r.width)]),
          '1',
        ),
      ];
      return [
        {
          ...base,
          id: id('line'),
          type: 'line',
          layout: { 'line-cap': 'round', 'line-join': 'round' },
          paint: {
            'line-color': colour,
            'line-opacity': opacity,
            'line-width': [
              'interpolate',
              ['linear'],
              ['zoom'],
              9,
              ['*', 0.4, width],
              14,
              ['*', 1.2, width],
              17,
              ['*', 3, width],
            ],
          } as never,
        },
      ];
    }
    case 'facility': {
      const colour = matchColour(
        get('facility_type'),
        FACILITY_TYPES.map((f) => [f.code, f.colour]),
        '#555555',
      );
      return [
        {
          ...base,
          id: id('circle'),
          type: 'circle',
          paint: {
            'circle-color': colour,
            'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 2.5, 13, 5, 16, 8],
            'circle-stroke-color': '#ffffff',
            'circle-stroke-width': 1,
            'circle-opacity': opacity,
            'circle-stroke-opacity': opacity,
          },
        },
      ];
    }
    case 'zone':
      return ZONE_OUTLINES.map((z) => ({
        ...base,
        id: id(z.key),
        type: 'line' as const,
        filter:
          z.key === 'county' || z.key === 'township'
            ? (['all', ['==', get('kind'), 'region'], ['==', get('level'), z.key]] as ExpressionSpecification)
            : (['==', get('kind'), z.key] as ExpressionSpecification),
        minzoom: z.key === 'planning_unit' ? 11 : z.key === 'township' ? 9 : 0,
        paint: {
          'line-color': z.colour,
          'line-width': z.width,
          'line-opacity': opacity,
          ...(z.dashed ? { 'line-dasharray': [4, 2] } : {}),
        },
      }));
    default:
      return [
        {
          ...base,
          id: id('fill'),
          type: 'fill',
          filter: ['==', ['geometry-type'], 'Polygon'],
          paint: { 'fill-color': '#5b8def', 'fill-opacity': 0.35 * opacity },
        },
        {
          ...base,
          id: id('line'),
          type: 'line',
          paint: { 'line-color': '#2f54eb', 'line-width': 1, 'line-opacity': opacity },
        },
        {
          ...base,
          id: id('circle'),
          type: 'circle',
          filter: ['==', ['geometry-type'], 'Point'],
          paint: { 'circle-color': '#2f54eb', 'circle-radius': 4 },
        },
      ];
  }
}

export function legendFor(layer: LayerView): LegendEntry[] {
  switch (layer.category) {
    case 'land_survey':
      return SANDIAO_GROUPS.map((g) => ({
        zh: `${g.code} ${g.zh}`,
        en: `${g.code} ${g.en}`,
        colour: g.colour,
        kind: 'fill',
      }));
    case 'planned_land_use':
      return YDYH_GROUPS.filter((g) => Number(g.code) <= 17).map((g) => ({
        zh: `${g.code} ${g.zh}`,
        en: `${g.code} ${g.en}`,
        colour: g.colour,
        kind: 'fill',
      }));
    case 'planning_zone':
      return PLANNING_ZONES.map((z) => ({ zh: z.zh, en: z.en, colour: z.colour, kind: 'fill' }));
    case 'control_line':
      return [
        ...Object.values(CONTROL_LINES)
          .slice(0, 5)
          .map((s) => ({ zh: s.zh, en: s.en, colour: s.line, kind: s.dashed ? ('dash' as const) : ('line' as const) })),
        ...Object.values(UDB_SUBZONES).map((s) => ({ zh: s.zh, en: s.en, colour: s.fill, kind: 'fill' as const })),
      ];
    case 'road':
      return ROAD_CLASSES.map((r) => ({ zh: r.zh, en: r.en, colour: r.colour, kind: 'line' }));
    case 'facility':
      return FACILITY_TYPES.map((f) => ({ zh: f.zh, en: f.en, colour: f.colour, kind: 'circle' }));
    case 'zone':
      return ZONE_OUTLINES.map((z) => ({ zh: z.zh, en: z.en, colour: z.colour, kind: z.dashed ? 'dash' : 'line' }));
    default:
      return [];
  }
}
