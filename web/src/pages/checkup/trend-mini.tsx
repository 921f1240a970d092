/** A finding's trend in a small line chart (ECharts comes with it, only when a trend is shown). */
import { useMemo } from 'react';
import { Chart, type ChartOption } from '../../charts/chart.js';

export default function TrendMini({
  series,
  label,
}: {
  series: { year: number; value: number | null; expected?: number | null }[];
  label: string;
}) {
  const option = useMemo<ChartOption>(() => {
    const sorted = [...series].sort((a, b) => a.year - b.year);
    const hasExpected = sorted.some((p) => typeof p.expected === 'number');
    return {
      grid: { left: 48, right: 16, top: 16, bottom: 24 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: sorted.map((p) => String(p.year)) },
      yAxis: { type: 'value', scale: true },
      series: [
        { type: 'line', data: sorted.map((p) => p.value), symbolSize: 6, lineStyle: { width: 2 } },
        ...(hasExpected
          ? [{ type: 'line', data: sorted.map((p) => p.expected ?? null), lineStyle: { type: 'dashed' } }]
          : []),
      ],
    };
  }, [series]);
  return <Chart option={option} label={label} height={160} />;
}
