import { csvUrl, getJson, type TopReport, type TrendsReport } from '../api.js';
import { periodLabel, shareLines } from '../charts.js';
import { card, count, field, h, pct, select, skillPicker, sortableTable } from '../ui.js';
import { filterParams, type View } from './context.js';

const MAX_SKILLS = 8;
const INTERVALS: Array<[string, string]> = [
  ['day', 'Day'],
  ['week', 'Week'],
  ['month', 'Month'],
  ['quarter', 'Quarter'],
  ['year', 'Year'],
];

/** Up to eight skills over time as a share of postings, with interval bands and counts on hover. */
export const trends: View = async ({ params, update, signal, main }) => {
  let skills = (params.get('skills') ?? '').split(',').filter(Boolean).slice(0, MAX_SKILLS);
  if (skills.length === 0) {
    // No choice yet: the five most requested skills of the window, written into the URL.
    const top = await getJson<TopReport>(
      '/api/top',
      new URLSearchParams({ ...Object.fromEntries(filterParams(params, ['from', 'to'])), limit: '5' }),
      signal,
    );
    skills = top.skills.map((s) => s.skillId);
    if (skills.length > 0) {
      update({ skills: skills.join(',') }, { replace: true });
      return;
    }
  }
  const interval = params.get('interval') ?? 'month';
  const onChange = (name: string, value: string) => update({ [name]: value === 'month' && name === 'interval' ? null : value });
  main.append(
    h(
      'form',
      { class: 'filters', 'aria-label': 'Trend settings', onsubmit: (e: Event) => e.preventDefault() },
      skillPicker({ label: 'Add a skill', selected: skills, max: MAX_SKILLS, onChange: (ids) => update({ skills: ids.join(',') }) }),
      field('Granularity', select(INTERVALS), 'interval', interval, onChange),
      field('From', h('input', { type: 'date' }), 'from', params.get('from') ?? '', onChange),
      field('To', h('input', { type: 'date' }), 'to', params.get('to') ?? '', onChange),
    ),
  );
  const chartCard = card('Share of postings over time', { id: 'trend', wide: true });
  main.append(chartCard.root);
  if (skills.length === 0) {
    chartCard.status('empty', 'No postings yet, so no skills to compare. Run a crawl on the Jobs page.');
    return;
  }
  chartCard.status('loading');
  const query = filterParams(params, ['from', 'to']);
  query.set('skills', skills.join(','));
  if (interval !== 'month') query.set('interval', interval);
  const report = await getJson<TrendsReport>('/api/trends', query, signal);
  chartCard.setCsv(csvUrl('/api/trends', query));
  const periods = report.periods.length;
  if (periods === 0 || report.periods.every((p) => p.totalPostings === 0)) {
    chartCard.status('empty', 'No postings in this window. Widen the dates.');
    return;
  }
  chartCard.status(
    'info',
    `${periods} ${interval}s. Lines are the share of unique postings asking for each skill; bands are 95% intervals; periods with too few postings are gaps. Hover for counts.`,
  );
  const box = h('div', {
    class: 'chart tall',
    role: 'img',
    'aria-label': `Line chart of the share of postings for ${report.series.map((s) => s.name).join(', ')} per ${interval}`,
  });
  chartCard.body.append(box);
  const label = periodLabel(interval);
  shareLines(box, report.series, label);
  const rows = report.series.flatMap((s) => s.points.map((p) => ({ ...p, name: s.name })));
  chartCard.body.append(
    h(
      'details',
      { class: 'figures' },
      h('summary', {}, 'The figures as a table'),
      sortableTable(
        'Share per period and skill',
        [
          { key: 'period', label: 'Period', value: (r) => label(r.period) },
          { key: 'name', label: 'Skill', value: (r) => r.name },
          { key: 'postings', label: 'Postings', value: (r) => r.postings, render: (r) => count(r.postings), numeric: true },
          { key: 'total', label: 'Of', value: (r) => r.totalPostings, render: (r) => count(r.totalPostings), numeric: true },
          { key: 'share', label: 'Share', value: (r) => r.share, render: (r) => (r.tooSmall ? 'too few' : pct(r.share)), numeric: true },
          {
            key: 'ci',
            label: '95% interval',
            value: (r) => r.shareLow,
            render: (r) => (r.tooSmall ? '' : `${pct(r.shareLow)}–${pct(r.shareHigh)}`),
            numeric: true,
          },
        ],
        rows,
        null,
      ),
    ),
  );
};
