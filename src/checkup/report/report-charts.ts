/**
 * The report's charts, drawn by ECharts on the server (SSR to an SVG string, no DOM, no browser) and
 * rasterised with the shipped font: a trend chart per indicator — the yearly values, the plan trajectory,
 * the target, and the OLS line carried forward with its 90 % prediction band — and the dimension radar.
 */
import * as echarts from 'echarts';
import { fmt } from './report-labels.js';
import type { DimensionScore, TrendSeries } from './report-model.js';
import { FONT_FAMILY, svgToPng, type Png } from './render-png.js';

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 360;

function renderSvg(option: echarts.EChartsCoreOption, width = CHART_WIDTH, height = CHART_HEIGHT): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: FONT_FAMILY },
      ...option,
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export function trendChartSvg(t: TrendSeries): string {
  const pair = (p: { year: number; value: number }) => [p.year, p.value];
  const years = [...t.points, ...t.trajectory, ...t.forecast].map((p) => p.year);
  const series: unknown[] = [
    {
      name: '实际值',
      type: 'line',
      data: t.points.map(pair),
      symbolSize: 7,
      lineStyle: { width: 2.5, color: '#1f5fa8' },
      itemStyle: { color: '#1f5fa8' },
    },
  ];
  if (t.trajectory.length)
    series.push({
      name: '规划目标轨迹',
      type: 'line',
      data: t.trajectory.map(pair),
      showSymbol: false,
      lineStyle: { type: 'dashed', width: 1.5, color: '#2e8b57' },
      itemStyle: { color: '#2e8b57' },
    });
  if (t.target)
    series.push({
      name: '规划目标',
      type: 'scatter',
      data: [[t.target.year, t.target.value]],
      symbol: 'diamond',
      symbolSize: 12,
      itemStyle: { color: '#2e8b57' },
      label: { show: true, position: 'top', formatter: `目标 ${fmt(t.target.value)}` },
    });
  if (t.forecast.length) {
    const last = t.points.at(-1)!;
    series.push(
      {
        name: '趋势外推',
        type: 'line',
        data: [pair(last), ...t.forecast.map((f) => [f.year, f.value])],
        showSymbol: false,
        lineStyle: { type: 'dotted', width: 2, color: '#d9822b' },
        itemStyle: { color: '#d9822b' },
      },
      {
        name: '90% 预测区间',
        type: 'line',
        data: t.forecast.map((f) => [f.year, f.low]),
        showSymbol: false,
        lineStyle: { width: 1, color: '#f0b27a' },
        itemStyle: { color: '#f0b27a' },
      },
      {
        name: '90% 预测区间',
        type: 'line',
        data: t.forecast.map((f) => [f.year, f.high]),
        showSymbol: false,
        lineStyle: { width: 1, color: '#f0b27a' },
        itemStyle: { color: '#f0b27a' },
      },
    );
  }
  return renderSvg({
    title: { text: `${t.name}变化趋势`, subtext: `单位：${t.unit}`, left: 'center', textStyle: { fontSize: 18 } },
    legend: { bottom: 4, textStyle: { fontSize: 12 } },
    grid: { left: 70, right: 70, top: 70, bottom: 60 },
    xAxis: {
      type: 'value',
      min: Math.min(...years),
      max: Math.max(...years),
      minInterval: 1,
      axisLabel: { formatter: (v: number) => String(v) },
    },
    yAxis: { type: 'value', scale: true, name: t.unit },
    series,
  });
}

export function radarChartSvg(dimensions: readonly DimensionScore[], title: string): string {
  return renderSvg(
    {
      title: { text: title, left: 'center', textStyle: { fontSize: 18 } },
      radar: {
        indicator: dimensions.map((d) => ({ name: d.dimension, max: 100 })),
        radius: '62%',
        center: ['50%', '56%'],
        axisName: { color: '#333', fontSize: 14 },
      },
      series: [
        {
          type: 'radar',
          data: [{ value: dimensions.map((d) => Math.round(d.score)), name: '维度得分' }],
          areaStyle: { color: 'rgba(31,95,168,0.25)' },
          lineStyle: { color: '#1f5fa8', width: 2 },
          itemStyle: { color: '#1f5fa8' },
          label: { show: true, fontSize: 12 },
        },
      ],
    },
    CHART_WIDTH,
    420,
  );
}

export const trendChartPng = (t: TrendSeries): Png => svgToPng(trendChartSvg(t));
export const radarChartPng = (d: readonly DimensionScore[], title: string): Png => svgToPng(radarChartSvg(d, title));
