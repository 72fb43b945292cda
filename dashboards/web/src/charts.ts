import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { ShareCell } from './api.js';
import { count, PALETTE, pct } from './ui.js';

// Only what the views draw: the whole of ECharts would triple the bundle.
echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, SVGRenderer]);

const live = new Set<echarts.ECharts>();
window.addEventListener('resize', () => {
  for (const chart of live) chart.resize();
});

/** Charts of the previous view, disposed when the view changes. */
export function disposeCharts(): void {
  for (const chart of live) chart.dispose();
  live.clear();
}

export function drawChart(container: HTMLElement, option: echarts.EChartsCoreOption): echarts.ECharts {
  const chart = echarts.init(container, undefined, { renderer: 'svg' });
  // No animation: figures are read, not watched, and a screenshot never catches a bar mid-way.
  chart.setOption({ color: PALETTE, animation: false, textStyle: { fontFamily: 'inherit' }, ...option });
  live.add(chart);
  return chart;
}

export interface ShareSeries {
  name: string;
  points: Array<ShareCell & { period: string }>;
}

/**
 * Share of postings per period, one line per skill with its 95% interval as a band (a transparent
 * base line plus a stacked area of the interval's width). Hover gives counts. Small cells are gaps.
 */
export function shareLines(container: HTMLElement, series: ShareSeries[], label: (period: string) => string): echarts.ECharts {
  const periods = series[0]?.points.map((p) => p.period) ?? [];
  const lines = series.flatMap((s, i) => {
    const color = PALETTE[i % PALETTE.length];
    const stack = `band-${i}`;
    const shown = (p: ShareCell) => !p.tooSmall && p.share !== null;
    return [
      {
        type: 'line',
        name: s.name,
        data: s.points.map((p) => (shown(p) ? p.share : null)),
        showSymbol: s.points.length < 40,
        connectNulls: false,
        lineStyle: { width: 2, color },
        itemStyle: { color },
        z: 3,
      },
      {
        type: 'line',
        name: `${s.name} low`,
        data: s.points.map((p) => (shown(p) ? p.shareLow : null)),
        stack,
        symbol: 'none',
        lineStyle: { opacity: 0 },
        tooltip: { show: false },
        silent: true,
      },
      {
        type: 'line',
        name: `${s.name} 95% interval`,
        data: s.points.map((p) => (shown(p) && p.shareHigh !== null && p.shareLow !== null ? p.shareHigh - p.shareLow : null)),
        stack,
        symbol: 'none',
        lineStyle: { opacity: 0 },
        areaStyle: { color, opacity: 0.15 },
        tooltip: { show: false },
        silent: true,
      },
    ];
  });
  return drawChart(container, {
    grid: { left: 56, right: 24, top: 40, bottom: 40 },
    legend: { top: 0, type: 'scroll', data: series.map((s) => s.name) },
    tooltip: {
      trigger: 'axis',
      formatter: (items: Array<{ dataIndex: number }>) => {
        const index = items[0]?.dataIndex ?? 0;
        const rows = series.map((s, i) => {
          const p = s.points[index];
          if (!p) return '';
          const value = p.tooSmall
            ? `too few postings (${count(p.totalPostings)})`
            : `${pct(p.share)} (${count(p.postings)} of ${count(p.totalPostings)}), 95% CI ${pct(p.shareLow)}–${pct(p.shareHigh)}`;
          return `<span style="color:${PALETTE[i % PALETTE.length]}">●</span> ${s.name}: ${value}`;
        });
        return [label(periods[index] ?? ''), ...rows].join('<br>');
      },
    },
    xAxis: { type: 'category', data: periods.map(label), boundaryGap: false },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => `${Math.round(v * 1000) / 10}%` } },
    series: lines,
  });
}

/** Period labels as an analyst writes them: 2025-03, 2025-Q1, 2025, or the day. */
export function periodLabel(interval: string): (period: string) => string {
  return (period) => {
    if (interval === 'month') return period.slice(0, 7);
    if (interval === 'year') return period.slice(0, 4);
    if (interval === 'quarter') return `${period.slice(0, 4)}-Q${Math.floor(Number(period.slice(5, 7)) / 3) + 1}`;
    return period.slice(0, 10);
  };
}
