import { type BreakdownReport, csvUrl, getJson, type PlaceRow, type PlacesReport } from '../api.js';
import { intervalBars } from '../intervals.js';
import { type Card, type Column, card, count, field, h, pct, select, skillPicker, sortableTable } from '../ui.js';
import { filterParams, type View } from './context.js';
import { escapeHtml, guard, placeName, roleSelect, sortFromUrl, sortRows, times } from './dimensions.js';

const LEVELS: Array<[string, string]> = [
  ['metro', 'Metro areas'],
  ['country', 'Countries'],
  ['region', 'Regions'],
  ['city', 'Cities'],
];
const FILTERS = ['from', 'to', 'role', 'remote'] as const;
const ROWS = '30';

/**
 * Where the postings are, as sortable bars: metro areas, countries, regions or cities. With a skill,
 * its location quotient in each place (its share there over its share everywhere) with a 95% interval.
 */
export const places: View = async ({ params, update, signal, main }) => {
  const onChange = (name: string, value: string) => update({ [name]: value === 'metro' && name === 'by' ? null : value });
  const by = LEVELS.some(([level]) => level === params.get('by')) ? (params.get('by') as string) : 'metro';
  const skill = params.get('skill');
  const window = filterParams(params, ['from', 'to']);
  const roles = await roleSelect(window, params.get('role') ?? '', signal);
  main.append(
    h(
      'form',
      { class: 'filters', 'aria-label': 'Places filters', onsubmit: (e: Event) => e.preventDefault() },
      field('Places', select(LEVELS), 'by', by, onChange),
      skillPicker({
        label: 'Skill (for its location quotient)',
        selected: skill ? [skill] : [],
        max: 1,
        onChange: ([next]) => update({ skill: next ?? null, sort: null, dir: null }),
      }),
      field('Role', roles, 'role', params.get('role') ?? '', onChange),
      field('From', h('input', { type: 'date' }), 'from', params.get('from') ?? '', onChange),
      field('To', h('input', { type: 'date' }), 'to', params.get('to') ?? '', onChange),
    ),
  );
  const level = (LEVELS.find(([l]) => l === by) as [string, string])[1];
  const target = card(skill ? `Location quotient by ${level.toLowerCase()}` : `Postings by ${level.toLowerCase()}`, {
    id: 'places',
    wide: true,
  });
  main.append(target.root);
  target.status('loading');
  const query = filterParams(params, FILTERS);
  query.set('by', by);
  query.set('limit', ROWS);
  const sort = sortFromUrl(params, 'postings');
  const onSort = (key: string, dir: 'asc' | 'desc') => update({ sort: key, dir });
  await guard(target, async () => {
    if (skill) {
      query.set('skill', skill);
      const report = await getJson<PlacesReport>('/api/places', query, signal);
      target.setCsv(csvUrl('/api/places', query));
      drawQuotients(target, report, level, sort, onSort);
    } else {
      const report = await getJson<BreakdownReport>('/api/breakdown', query, signal);
      target.setCsv(csvUrl('/api/breakdown', query));
      drawBreakdown(target, report, by, level, sort, onSort);
    }
  });
};

type Sort = { key: string; dir: 'asc' | 'desc' };
type OnSort = (key: string, dir: 'asc' | 'desc') => void;

function chartBox(target: Card, rows: number, label: string): HTMLElement {
  const box = h('div', { class: 'chart', role: 'img', 'aria-label': label });
  box.style.height = `${Math.max(220, rows * 24 + 50)}px`;
  target.body.append(box);
  return box;
}

function drawBreakdown(target: Card, report: BreakdownReport, by: string, level: string, sort: Sort, onSort: OnSort): void {
  type Row = BreakdownReport['rows'][number] & { name: string };
  const all: Row[] = report.rows.map((r) => ({ ...r, name: r.label ?? placeName(r.value, by) }));
  if (all.length === 0) {
    target.status('empty', 'No posting in this filter has a known place. Widen the dates or clear the role.');
    return;
  }
  target.status(
    'info',
    `Share of ${report.shareOf} in each of the ${all.length} ${level.toLowerCase()} with the most postings, with its 95% interval; grey bars have too few postings to trust. A posting listing several places counts in each. Choose a skill for its location quotient.`,
  );
  const columns: Column<Row>[] = [
    { key: 'name', label: 'Place', value: (r) => r.name, render: (r) => h('span', { title: r.value }, r.name) },
    { key: 'postings', label: 'Postings', value: (r) => r.postings, render: (r) => count(r.postings), numeric: true },
    {
      key: 'share',
      label: 'Share',
      value: (r) => r.share,
      render: (r) => (r.tooSmall ? `${pct(r.share)} (few)` : pct(r.share)),
      numeric: true,
    },
    { key: 'ci', label: '95% interval', value: (r) => r.shareLow, render: (r) => `${pct(r.shareLow)}–${pct(r.shareHigh)}`, numeric: true },
  ];
  const rows = sortRows(all, columns.find((c) => c.key === sort.key)?.value, sort.dir);
  intervalBars(
    chartBox(target, rows.length, `Bar chart of the share of postings in ${rows.length} ${level.toLowerCase()}, sorted by ${sort.key}`),
    rows.map((r) => ({
      label: r.name,
      value: r.share,
      low: r.shareLow,
      high: r.shareHigh,
      flagged: r.tooSmall,
      tooltip: `<b>${escapeHtml(r.name)}</b><br>${pct(r.share)} of postings (${count(r.postings)} of ${count(r.totalPostings)})<br>95% CI ${pct(r.shareLow)}–${pct(r.shareHigh)}${r.tooSmall ? '<br>too few postings to trust' : ''}`,
    })),
    { format: (v) => `${Math.round(v * 1000) / 10}%`, max: 1, narrow: globalThis.innerWidth < 600 },
  );
  target.body.append(sortableTable(`Postings by ${level.toLowerCase()}`, columns, rows, sort, onSort));
}

function drawQuotients(target: Card, report: PlacesReport, level: string, sort: Sort, onSort: OnSort): void {
  const skill = report.skill.name;
  if (report.rows.length === 0) {
    target.status('empty', `No posting in this filter has a known place. Widen the dates or clear the role.`);
    return;
  }
  const o = report.overall;
  target.status(
    'info',
    `${skill} is asked for in ${pct(o.share)} of all ${count(o.totalPostings)} postings in the filter (95% CI ${pct(o.shareLow)}–${pct(o.shareHigh)}). The location quotient is its share in a place over that: above 1 (the dashed line), the place asks for ${skill} more than postings do overall. Whiskers are 95% intervals; grey bars have too few postings to trust.`,
  );
  const columns: Column<PlaceRow>[] = [
    { key: 'name', label: 'Place', value: (r) => r.label, render: (r) => h('span', { title: r.place }, r.label) },
    { key: 'postings', label: 'Postings', value: (r) => r.totalPostings, render: (r) => count(r.totalPostings), numeric: true },
    { key: 'skill', label: `With ${skill}`, value: (r) => r.postings, render: (r) => count(r.postings), numeric: true },
    {
      key: 'share',
      label: 'Share',
      value: (r) => r.share,
      render: (r) => (r.tooSmall ? `${pct(r.share)} (few)` : pct(r.share)),
      numeric: true,
    },
    { key: 'lq', label: 'Location quotient', value: (r) => r.lq, render: (r) => times(r.lq), numeric: true },
    {
      key: 'ci',
      label: '95% interval',
      value: (r) => r.lqLow,
      render: (r) => (r.lqLow === null ? '–' : `${times(r.lqLow)}–${times(r.lqHigh)}`),
      numeric: true,
    },
  ];
  const rows = sortRows(report.rows, columns.find((c) => c.key === sort.key)?.value, sort.dir);
  intervalBars(
    chartBox(
      target,
      rows.length,
      `Bar chart of the location quotient of ${skill} in ${rows.length} ${level.toLowerCase()}, sorted by ${sort.key}`,
    ),
    rows.map((r) => ({
      label: r.label,
      value: r.lq,
      low: r.lqLow,
      high: r.lqHigh,
      flagged: r.tooSmall,
      tooltip: `<b>${escapeHtml(r.label)}</b><br>location quotient ${times(r.lq)} (95% CI ${times(r.lqLow)}–${times(r.lqHigh)})<br>${escapeHtml(skill)} in ${pct(r.share)} of its postings (${count(r.postings)} of ${count(r.totalPostings)})${r.tooSmall ? '<br>too few postings to trust' : ''}`,
    })),
    { format: (v) => `${v.toFixed(1)}×`, reference: 1, narrow: globalThis.innerWidth < 600 },
  );
  target.body.append(sortableTable(`Location quotient of ${skill} by ${level.toLowerCase()}`, columns, rows, sort, onSort));
}
