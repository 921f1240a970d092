/** Every figure of a report, rendered once and shared by the DOCX, HTML and PDF writers. */
import { LEVEL_LABEL } from './report-labels.js';
import type { ReportModel } from './report-model.js';
import { radarChartPng, trendChartPng } from './report-charts.js';
import type { Png } from './render-png.js';
import { thematicMapPng, type MapValue } from './thematic-map.js';

export interface Figure {
  key: string;
  caption: string;
  png: Png;
}

export interface ReportFigures {
  radar: Figure | null;
  trends: Figure[];
  maps: Figure[];
}

export function renderFigures(m: ReportModel): ReportFigures {
  const region = m.checkup.regionName;
  const radar =
    m.dimensions.length >= 3
      ? {
          key: 'radar',
          caption: `${region}${LEVEL_LABEL.city}分项评估雷达图`,
          png: radarChartPng(m.dimensions, `${region}分项评估得分`),
        }
      : null;
  const trends = m.trends.map((t) => ({
    key: `trend-${t.indicatorCode}`,
    caption: `${t.name}（${t.indicatorCode}）历年变化、规划目标轨迹与趋势外推`,
    png: trendChartPng(t),
  }));
  const maps = m.mapIndicators.map((code) => {
    const indicator = m.indicators.get(code);
    const name = indicator?.name ?? code;
    const values = new Map<string, MapValue>();
    for (const r of m.rows)
      if (r.indicatorCode === code && r.level === 'unit') values.set(r.zoneCode, { value: r.value, status: r.status });
    return {
      key: `map-${code}`,
      caption: `${region}各规划单元${name}（${m.checkup.year}年）`,
      png: thematicMapPng({
        title: `${name}（${m.checkup.year}年）`,
        unit: indicator?.unit ?? '',
        units: m.units,
        values,
      }),
    };
  });
  return { radar, trends, maps };
}
