import { csvUrl, getJson, type MoverRow, type MoversReport } from '../api.js';
import { CATEGORIES, type Column, card, changeLabel, count, field, h, pct, select, sortableTable } from '../ui.js';
import { filterParams, type View } from './context.js';

const FILTERS = ['from', 'to', 'base_from', 'base_to', 'category'] as const;

/** Rising and declining skills between two windows, in sortable tables, significant ones marked. */
export const movers: View = async ({ params, update, href, signal, main }) => {
  const onChange = (name: string, value: string) => update({ [name]: value });
  main.append(
    h(
      'form',
      { class: 'filters', 'aria-label': 'Windows to compare', onsubmit: (e: Event) => e.preventDefault() },
      field('From', h('input', { type: 'date' }), 'from', params.get('from') ?? '', onChange),
      field('To', h('input', { type: 'date' }), 'to', params.get('to') ?? '', onChange),
      field('Baseline from', h('input', { type: 'date' }), 'base_from', params.get('base_from') ?? '', onChange),
      field('Baseline to', h('input', { type: 'date' }), 'base_to', params.get('base_to') ?? '', onChange),
      field('Category', select(CATEGORIES), 'category', params.get('category') ?? '', onChange),
    ),
  );
  const summary = card('Movers', { id: 'movers', wide: true });
  const rising = card('Rising', { id: 'rising' });
  const declining = card('Declining', { id: 'declining' });
  main.append(summary.root, h('div', { class: 'grid' }, rising.root, declining.root));
  summary.status('loading');
  const query = filterParams(params, FILTERS);
  const report = await getJson<MoversReport>('/api/movers', query, signal);
  summary.setCsv(csvUrl('/api/movers', query));
  summary.status(
    'info',
    `${report.window.from} – ${report.window.to} (${count(report.window.totalPostings)} postings) against ${report.baseline.from} – ${report.baseline.to} (${count(report.baseline.totalPostings)}). ${report.skillsTested} skills tested; * marks a change significant after the Benjamini–Hochberg correction (q < 0.05).`,
  );
  const sortKey = params.get('sort') ?? 'change';
  const sort = { key: sortKey, dir: (params.get('dir') === 'asc' ? 'asc' : 'desc') as 'asc' | 'desc' };
  const onSort = (key: string, dir: 'asc' | 'desc') => update({ sort: key, dir });
  const columns: Column<MoverRow>[] = [
    { key: 'name', label: 'Skill', value: (r) => r.name, render: (r) => h('a', { href: href('skill', { id: r.skillId }) }, r.name) },
    { key: 'share', label: 'Now', value: (r) => r.share, render: (r) => pct(r.share), numeric: true },
    { key: 'before', label: 'Before', value: (r) => r.previousShare, render: (r) => pct(r.previousShare), numeric: true },
    {
      key: 'change',
      label: 'Change',
      value: (r) => (r.changePp === null ? null : Math.abs(r.changePp)),
      render: (r) => {
        const change = changeLabel(r);
        return h('span', { class: `change ${change.className}`, title: change.title }, change.text);
      },
      numeric: true,
    },
    {
      key: 'relative',
      label: 'Relative',
      value: (r) => r.relativeChange,
      render: (r) => (r.relativeChange === null ? '–' : `${r.relativeChange > 0 ? '+' : ''}${(r.relativeChange * 100).toFixed(0)}%`),
      numeric: true,
    },
    { key: 'postings', label: 'Postings', value: (r) => r.postings, render: (r) => count(r.postings), numeric: true },
    { key: 'q', label: 'q', value: (r) => r.qValue, render: (r) => (r.qValue === null ? '–' : r.qValue.toPrecision(2)), numeric: true },
  ];
  for (const [target, rows, what] of [
    [rising, report.rising, 'rising'],
    [declining, report.declining, 'declining'],
  ] as const) {
    if (rows.length === 0) target.status('empty', `No skill is ${what} between these windows.`);
    else target.body.append(sortableTable(`Skills ${what}`, columns, rows, sort, onSort));
  }
};
