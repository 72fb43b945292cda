import type * as echarts from 'echarts/core';
import { drawChart } from './charts.js';

/**
 * Charts of estimates with their 95% intervals, drawn with the bar and line series the bundle
 * already has (no boxplot, scatter or custom series: each would add to the bundle). An interval is a
 * line segment centred on its category; a gap ('-') separates the segments of one series.
 */

/** One bar: an estimate, its interval, and whether the cell is too small to trust. */
export interface IntervalRow {
  label: string;
  value: number | null;
  low: number | null;
  high: number | null;
  /** Under the minimum cell: drawn grey (the table and the tooltip say "too few"). */
  flagged: boolean;
  /** HTML of the tooltip (escaped by the caller). */
  tooltip: string;
  /** Text after the whisker's end, e.g. the change against the previous window. */
  note?: string;
}

type Gap = '-';
const GAP: Gap = '-';
const FLAGGED = '#b8bec6';

/** Segments [low, i]–[high, i] for every row with both ends, as one series' data. */
function segments<T>(rows: T[], ends: (row: T) => [number | null, number | null]): Array<[number, number] | Gap> {
  return rows.flatMap((row, i) => {
    const [low, high] = ends(row);
    return low === null || high === null ? [] : [[low, i] as [number, number], [high, i] as [number, number], GAP];
  });
}

const whisker = (name: string, data: Array<[number, number] | Gap>, color = '#000', width = 2, notes?: (row: number) => string) => ({
  type: 'line',
  name,
  data,
  connectNulls: false,
  // A short vertical tick at each end.
  symbol: 'rect',
  symbolSize: [2, 10],
  lineStyle: { color, width },
  itemStyle: { color },
  // A note past the whisker's upper end (the second point of each segment).
  label: notes
    ? {
        show: true,
        position: 'right',
        distance: 6,
        color: '#4a5360',
        formatter: ({ dataIndex, data: point }: { dataIndex: number; data: [number, number] }) =>
          dataIndex % 3 === 1 ? notes(point[1]) : '',
      }
    : { show: false },
  tooltip: { show: false },
  silent: true,
  z: 4,
});

/**
 * Horizontal bars, the first row on top, each with its 95% interval as a whisker. `reference` draws a
 * dashed vertical line (1 for a location quotient). Flagged rows are grey: too few postings.
 */
export function intervalBars(
  container: HTMLElement,
  rows: IntervalRow[],
  options: {
    format: (v: number) => string;
    reference?: number;
    /** The largest possible value (1 for a share). */
    max?: number;
    narrow?: boolean;
    grid?: { left: number; right: number; top?: number; bottom?: number };
  },
): echarts.ECharts {
  const shown = [...rows].reverse();
  const narrow = options.narrow ?? false;
  const series: unknown[] = [
    {
      type: 'bar',
      name: 'estimate',
      data: shown.map((r) => ({
        value: r.value ?? 0,
        itemStyle: r.flagged ? { color: FLAGGED } : {},
      })),
      itemStyle: { color: '#0072B2' },
      barMaxWidth: 22,
      // Rows without an interval carry their note on the bar.
      label: {
        show: !narrow,
        position: 'right',
        distance: 8,
        color: '#4a5360',
        formatter: ({ dataIndex }: { dataIndex: number }) => {
          const row = shown[dataIndex];
          return row && (row.low === null || row.high === null) ? (row.note ?? '') : '';
        },
      },
    },
    whisker(
      '95% interval',
      segments(shown, (r) => [r.low, r.high]),
      '#000',
      2,
      narrow || !shown.some((r) => r.note) ? undefined : (i) => shown[i]?.note ?? '',
    ),
  ];
  if (options.reference !== undefined && shown.length > 0) {
    series.push({
      type: 'line',
      name: 'reference',
      data: [
        [options.reference, -0.5],
        [options.reference, shown.length - 0.5],
      ],
      symbol: 'none',
      lineStyle: { color: '#D55E00', type: 'dashed', width: 1.5 },
      tooltip: { show: false },
      silent: true,
      z: 5,
    });
  }
  return drawChart(container, {
    grid: { top: 10, bottom: 30, ...(options.grid ?? { left: narrow ? 110 : 220, right: narrow ? 16 : 110 }) },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: Array<{ dataIndex: number; seriesName: string }>) => {
        const item = items.find((i) => i.seriesName === 'estimate') ?? items[0];
        return shown[item?.dataIndex ?? 0]?.tooltip ?? '';
      },
    },
    xAxis: {
      type: 'value',
      axisLabel: { formatter: options.format, hideOverlap: true },
      splitNumber: 4,
      // A share never passes 100%: stop the axis there rather than at a round 120%.
      max: options.max !== undefined && shown.some((r) => (r.high ?? r.value ?? 0) > 0.8 * options.max!) ? options.max : undefined,
    },
    yAxis: {
      type: 'category',
      data: shown.map((r) => r.label),
      axisLabel: { width: (options.grid?.left ?? (narrow ? 110 : 220)) - 24, overflow: 'truncate' },
    },
    series,
  });
}

/** The pay of one group: quartiles of the annualised midpoint, each with its 95% interval. */
export interface PayBox {
  label: string;
  p25: number | null;
  p25Low: number | null;
  p25High: number | null;
  median: number | null;
  medianLow: number | null;
  medianHigh: number | null;
  p75: number | null;
  p75Low: number | null;
  p75High: number | null;
  flagged: boolean;
  tooltip: string;
}

/**
 * One row per group (all one currency): the box spans the 25th to the 75th percentile, the diamond is
 * the median; the black whisker is the median's 95% interval and the grey ones the quartiles'.
 */
export function payBoxes(container: HTMLElement, boxes: PayBox[], format: (v: number) => string, narrow = false): echarts.ECharts {
  const shown = [...boxes].reverse();
  const has = (b: PayBox) => b.p25 !== null && b.p75 !== null;
  return drawChart(container, {
    grid: { left: narrow ? 90 : 150, right: 24, top: narrow ? 50 : 30, bottom: 30 },
    legend: { top: 0, itemGap: 28, data: ['25th–75th percentile', 'Median', 'Median 95% interval', 'Quartile 95% intervals'] },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: Array<{ dataIndex: number; seriesName: string }>) => {
        const item = items.find((i) => i.seriesName === 'box-base') ?? items[0];
        return shown[item?.dataIndex ?? 0]?.tooltip ?? '';
      },
    },
    xAxis: { type: 'value', scale: true, splitNumber: 5, axisLabel: { formatter: format, hideOverlap: true } },
    yAxis: { type: 'category', data: shown.map((b) => b.label), axisLabel: { width: narrow ? 80 : 140, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        name: 'box-base',
        stack: 'box',
        data: shown.map((b) => (has(b) ? b.p25 : 0)),
        itemStyle: { color: 'transparent' },
        barMaxWidth: 28,
        silent: true,
      },
      {
        type: 'bar',
        name: '25th–75th percentile',
        stack: 'box',
        data: shown.map((b) => ({
          value: has(b) ? (b.p75 as number) - (b.p25 as number) : 0,
          itemStyle: b.flagged ? { color: FLAGGED, opacity: 0.6 } : {},
        })),
        itemStyle: { color: '#56B4E9', opacity: 0.45, borderColor: '#0072B2', borderWidth: 1 },
        barMaxWidth: 28,
      },
      whisker(
        'Quartile 95% intervals',
        [...segments(shown, (b) => [b.p25Low, b.p25High]), ...segments(shown, (b) => [b.p75Low, b.p75High])],
        '#6b7480',
        1.5,
      ),
      whisker(
        'Median 95% interval',
        segments(shown, (b) => [b.medianLow, b.medianHigh]),
        '#000',
        2.5,
      ),
      {
        type: 'line',
        name: 'Median',
        data: shown.map((b, i) => (b.median === null ? GAP : [b.median, i])),
        connectNulls: false,
        lineStyle: { opacity: 0 },
        symbol: 'diamond',
        symbolSize: 12,
        itemStyle: { color: '#D55E00' },
        tooltip: { show: false },
        z: 5,
      },
    ],
  });
}
