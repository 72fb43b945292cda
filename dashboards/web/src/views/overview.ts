import { type BreakdownReport, type CrawlRun, csvUrl, getJson, type TopReport } from '../api.js';
import { drawChart } from '../charts.js';
import { CATEGORIES, card, changeLabel, count, field, h, pct, select, sortableTable } from '../ui.js';
import { filterParams, type View } from './context.js';

const FILTERS = ['from', 'to', 'category'] as const;

/** Headline figures, the top skills with their change against the previous window, a category filter. */
export const overview: View = async ({ params, update, href, navigate, signal, main }) => {
  const onChange = (name: string, value: string) => update({ [name]: value });
  main.append(
    h(
      'form',
      { class: 'filters', 'aria-label': 'Filters', onsubmit: (e: Event) => e.preventDefault() },
      field('From', h('input', { type: 'date' }), 'from', params.get('from') ?? '', onChange),
      field('To', h('input', { type: 'date' }), 'to', params.get('to') ?? '', onChange),
      field('Category', select(CATEGORIES), 'category', params.get('category') ?? '', onChange),
      h('div', { class: 'ranges', role: 'group', 'aria-label': 'Quick windows' }, ...quickRanges(href, params)),
    ),
  );
  const tiles = h('div', { class: 'tiles', role: 'group', 'aria-label': 'Headline figures' });
  const top = card('Top skills', { id: 'top', wide: true });
  main.append(tiles, top.root);
  top.status('loading');

  const filters = filterParams(params, FILTERS);
  const topParams = new URLSearchParams(filters);
  topParams.set('limit', '20');
  const sourceParams = filterParams(params, ['from', 'to']);
  sourceParams.set('by', 'source');
  const [report, sources, runs] = await Promise.all([
    getJson<TopReport>('/api/top', topParams, signal),
    getJson<BreakdownReport>('/api/breakdown', sourceParams, signal),
    getJson<{ runs: CrawlRun[] }>('/api/runs', new URLSearchParams({ limit: '1' }), signal),
  ]);
  const lastRun = runs.runs[0];
  tiles.append(
    tile(
      'Unique postings',
      count(report.totalPostings),
      report.previousWindow ? `previous window: ${count(report.previousWindow.totalPostings)}` : 'duplicates removed',
    ),
    tile(
      'Sources',
      count(sources.rows.length),
      sources.rows
        .map((r) => r.value)
        .slice(0, 3)
        .join(', ') || 'none yet',
    ),
    tile(
      'Last crawl',
      lastRun ? lastRun.status.replaceAll('_', ' ') : 'none yet',
      lastRun
        ? `${lastRun.job}, ${lastRun.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${count(lastRun.postingsNew)} new`
        : 'run a job on the Jobs page',
      lastRun ? `run-${lastRun.status}` : undefined,
    ),
  );
  top.setCsv(csvUrl('/api/top', topParams));
  if (report.skills.length === 0) {
    top.status('empty', 'No postings match these filters. Widen the dates, pick another category, or run a crawl on the Jobs page.');
    return;
  }
  const comparison = report.previousWindow
    ? ` Arrows compare with ${report.previousWindow.from} – ${report.previousWindow.to}; * marks a significant change (Benjamini–Hochberg q < 0.05).`
    : ' Set From and To to compare with the previous window of equal length.';
  top.status(
    'info',
    `Share of ${count(report.totalPostings)} unique postings asking for each skill; the whisker is the 95% interval.${comparison}`,
  );

  const rows = [...report.skills].reverse();
  const narrow = window.innerWidth < 600;
  const chartBox = h('div', { class: 'chart tall', role: 'img', 'aria-label': `Bar chart of the ${rows.length} most requested skills` });
  top.body.append(chartBox);
  const chart = drawChart(chartBox, {
    grid: { left: narrow ? 110 : 200, right: narrow ? 16 : 110, top: 10, bottom: 30 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: Array<{ dataIndex: number }>) => {
        const row = rows[items[0]?.dataIndex ?? 0];
        if (!row) return '';
        return `<b>${row.name}</b><br>${pct(row.share)} of postings (${count(row.postings)})<br>95% CI ${pct(row.shareLow)}–${pct(row.shareHigh)}<br>${changeLabel(row).title}`;
      },
    },
    xAxis: { type: 'value', axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
    yAxis: {
      type: 'category',
      data: rows.map((r) => r.name),
      axisLabel: { width: narrow ? 100 : 190, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: 'Share of postings',
        data: rows.map((r) => r.share ?? 0),
        itemStyle: { color: '#0072B2' },
      },
      {
        type: 'bar',
        name: 'ci-base',
        barGap: '-100%',
        barWidth: 3,
        data: rows.map((r) => r.shareLow ?? 0),
        stack: 'ci',
        itemStyle: { color: 'transparent' },
        tooltip: { show: false },
        silent: true,
        z: 3,
      },
      {
        // The 95% interval: a thin bar from low to high, stacked on the transparent base.
        type: 'bar',
        name: '95% interval',
        barGap: '-100%',
        barWidth: 3,
        data: rows.map((r) => (r.shareHigh ?? 0) - (r.shareLow ?? 0)),
        stack: 'ci',
        itemStyle: { color: '#000' },
        tooltip: { show: false },
        // The change against the previous window, past the whisker's end.
        label: {
          show: !narrow && report.previousWindow !== null,
          position: 'right',
          formatter: ({ dataIndex }: { dataIndex: number }) => {
            const change = changeLabel(rows[dataIndex] ?? ({ changePp: null } as never));
            const style = change.className.startsWith('up') ? 'up' : change.className.startsWith('down') ? 'down' : 'flat';
            return `{${style}|${change.text}}`;
          },
          rich: { up: { color: '#007a5a', fontWeight: 'bold' }, down: { color: '#b34700', fontWeight: 'bold' }, flat: { color: '#666' } },
        },
        z: 3,
      },
    ],
  });
  chart.on('click', (event) => {
    const row = rows[(event as { dataIndex: number }).dataIndex];
    if (row) navigate('skill', { id: row.skillId, ...Object.fromEntries(filterParams(params, ['from', 'to'])) });
  });

  top.body.append(
    sortableTable(
      'Top skills with share, interval and change',
      [
        { key: 'rank', label: '#', value: (r) => r.rank, numeric: true },
        {
          key: 'name',
          label: 'Skill',
          value: (r) => r.name,
          render: (r) =>
            h('a', { href: href('skill', { id: r.skillId, ...Object.fromEntries(filterParams(params, ['from', 'to'])) }) }, r.name),
        },
        { key: 'category', label: 'Category', value: (r) => r.category },
        { key: 'postings', label: 'Postings', value: (r) => r.postings, render: (r) => count(r.postings), numeric: true },
        { key: 'share', label: 'Share', value: (r) => r.share, render: (r) => pct(r.share), numeric: true },
        {
          key: 'ci',
          label: '95% interval',
          value: (r) => r.shareLow,
          render: (r) => `${pct(r.shareLow)}–${pct(r.shareHigh)}`,
          numeric: true,
        },
        {
          key: 'change',
          label: 'Change',
          value: (r) => r.changePp,
          render: (r) => {
            const change = changeLabel(r);
            return h('span', { class: `change ${change.className}`, title: change.title }, change.text);
          },
          numeric: true,
        },
      ],
      report.skills,
      null,
    ),
  );
};

/** Links that set a window ending today, so the change against the previous window shows. */
function quickRanges(href: (view: string, params?: Record<string, string>) => string, params: URLSearchParams): HTMLElement[] {
  const day = (offset: number) => new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);
  const keep = Object.fromEntries(filterParams(params, ['category']));
  return [
    h('a', { href: href('overview', { ...keep, from: day(89), to: day(0) }) }, 'Last 90 days'),
    h('a', { href: href('overview', { ...keep, from: day(364), to: day(0) }) }, 'Last 12 months'),
    h('a', { href: href('overview', keep) }, 'All time'),
  ];
}

function tile(label: string, value: string, detail: string, className?: string): HTMLElement {
  return h(
    'div',
    { class: `tile${className ? ` ${className}` : ''}` },
    h('span', { class: 'tile-label' }, label),
    h('strong', {}, value),
    h('span', { class: 'tile-detail' }, detail),
  );
}
