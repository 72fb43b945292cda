import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import './style.css';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, SVGRenderer]);

/** Okabe–Ito: distinguishable with the common forms of colour blindness. */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

interface TopRow {
  skillId: string;
  name: string;
  postings: number;
  share: number | null;
  shareLow: number | null;
  shareHigh: number | null;
}
interface TopReport {
  totalPostings: number;
  skills: TopRow[];
  stamp: { taxonomyVersion: string; extractorVersions: string[]; backend: string; generatedAt: string };
}
interface TrendsReport {
  series: Array<{
    skillId: string;
    name: string;
    points: Array<{ period: string; postings: number; totalPostings: number; share: number | null }>;
  }>;
}

const form = document.querySelector<HTMLFormElement>('#filters')!;
const FILTER_KEYS = ['from', 'to', 'category', 'interval'] as const;

/** The view's state lives in the URL, so a link reproduces what is shown. */
function stateFromUrl(): URLSearchParams {
  const params = new URLSearchParams(location.search);
  for (const key of FILTER_KEYS) {
    const field = form.elements.namedItem(key) as HTMLInputElement | HTMLSelectElement | null;
    if (field) field.value = params.get(key) ?? (key === 'interval' ? 'month' : '');
  }
  return params;
}

function query(params: URLSearchParams, keys: readonly string[]): URLSearchParams {
  const out = new URLSearchParams();
  for (const key of keys) {
    const value = params.get(key);
    if (value) out.set(key, value);
  }
  return out;
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  const body = await response.json();
  if (!response.ok) throw new Error(body.message ?? `HTTP ${response.status}`);
  return body as T;
}

const topChart = echarts.init(document.querySelector<HTMLDivElement>('#top-chart')!, undefined, { renderer: 'svg' });
const trendChart = echarts.init(document.querySelector<HTMLDivElement>('#trend-chart')!, undefined, { renderer: 'svg' });
window.addEventListener('resize', () => {
  topChart.resize();
  trendChart.resize();
});

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);

async function render(): Promise<void> {
  const params = stateFromUrl();
  const filters = query(params, ['from', 'to', 'category']);
  const topSummary = document.querySelector<HTMLParagraphElement>('#top-summary')!;
  const trendSummary = document.querySelector<HTMLParagraphElement>('#trend-summary')!;
  topSummary.className = 'summary';
  topSummary.textContent = 'Loading…';
  try {
    const topParams = new URLSearchParams(filters);
    topParams.set('limit', '20');
    const top = await getJson<TopReport>(`/api/top?${topParams}`);
    document.querySelector<HTMLAnchorElement>('#top-csv')!.href = `/api/top.csv?${topParams}`;
    document.querySelector<HTMLParagraphElement>('#stamp')!.textContent =
      `Taxonomy ${top.stamp.taxonomyVersion} · extractor ${top.stamp.extractorVersions.join(', ') || 'n/a'} · ${top.stamp.backend} store · generated ${top.stamp.generatedAt}`;
    if (top.skills.length === 0) {
      topSummary.textContent = 'No postings match these filters yet. Widen the dates or run a crawl.';
      topChart.clear();
      trendChart.clear();
      trendSummary.textContent = '';
      return;
    }
    topSummary.textContent = `${top.totalPostings.toLocaleString()} unique postings. Bars show the share of postings asking for each skill; hover for the count and the 95% interval.`;
    const rows = [...top.skills].reverse();
    topChart.setOption(
      {
        color: PALETTE,
        grid: { left: 150, right: 40, top: 10, bottom: 30 },
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          formatter: (items: Array<{ dataIndex: number }>) => {
            const row = rows[items[0]?.dataIndex ?? 0]!;
            return `${row.name}<br>${pct(row.share)} of postings (${row.postings.toLocaleString()})<br>95% CI ${pct(row.shareLow)}–${pct(row.shareHigh)}`;
          },
        },
        xAxis: { type: 'value', axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
        yAxis: { type: 'category', data: rows.map((r) => r.name) },
        series: [{ type: 'bar', name: 'Share of postings', data: rows.map((r) => r.share ?? 0) }],
      },
      true,
    );

    const trendParams = new URLSearchParams(filters);
    trendParams.set(
      'skills',
      top.skills
        .slice(0, 5)
        .map((s) => s.skillId)
        .join(','),
    );
    trendParams.set('interval', params.get('interval') ?? 'month');
    const trends = await getJson<TrendsReport>(`/api/trends?${trendParams}`);
    document.querySelector<HTMLAnchorElement>('#trends-csv')!.href = `/api/trends.csv?${trendParams}`;
    trendSummary.textContent = 'Share of postings per period. Periods with too few postings are left as gaps.';
    trendChart.setOption(
      {
        color: PALETTE,
        grid: { left: 50, right: 30, top: 40, bottom: 40 },
        legend: { top: 0 },
        tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => pct(v) },
        xAxis: { type: 'category', data: trends.series[0]?.points.map((p) => p.period.slice(0, 7)) ?? [] },
        yAxis: { type: 'value', axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
        series: trends.series.map((s) => ({
          type: 'line',
          name: s.name,
          showSymbol: false,
          connectNulls: false,
          data: s.points.map((p) => p.share),
        })),
      },
      true,
    );
  } catch (error) {
    topSummary.className = 'summary error';
    topSummary.textContent = `Could not load the report: ${(error as Error).message}`;
  }
}

form.addEventListener('change', () => {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = (form.elements.namedItem(key) as HTMLInputElement | HTMLSelectElement).value;
    if (value && !(key === 'interval' && value === 'month')) params.set(key, value);
  }
  history.pushState(null, '', `${location.pathname}${params.size > 0 ? `?${params}` : ''}`);
  void render();
});
window.addEventListener('popstate', () => void render());

async function showSampleBanner(): Promise<void> {
  try {
    const top = await getJson<{ skills: unknown[] }>('/api/top?source=sample-board&limit=1');
    document.querySelector<HTMLParagraphElement>('#sample-banner')!.hidden = top.skills.length === 0;
  } catch {
    // The banner is a label, not a feature: a failure here must not hide the charts.
  }
}

void showSampleBanner();
void render();
