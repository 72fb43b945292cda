import { csvUrl, getJson, type RoleDetail, type RoleProfileRow, type RoleRow, type RolesReport, type TrendsReport } from '../api.js';
import { periodLabel, shareLines } from '../charts.js';
import { intervalBars } from '../intervals.js';
import { type Card, type Column, card, changeLabel, count, field, h, pct, select, sortableTable } from '../ui.js';
import { filterParams, type View } from './context.js';
import { escapeHtml, guard, keep, sortFromUrl, sortRows, times } from './dimensions.js';

const WINDOW = ['from', 'to'] as const;
const TREND_SKILLS = 5;
const INTERVALS: Array<[string, string]> = [
  ['', 'Auto'],
  ['month', 'Month'],
  ['quarter', 'Quarter'],
  ['year', 'Year'],
];

/** A role is a slice of the postings: months of a small role are mostly too small, so coarser periods by default. */
const autoInterval = (postings: number) => (postings >= 1000 ? 'month' : postings >= 250 ? 'quarter' : 'year');

/** Role families as sortable bars; a chosen role's skill profile (lift against all postings) and trend. */
export const roles: View = async ({ params, update, href, signal, main }) => {
  const onChange = (name: string, value: string) => update({ [name]: value });
  const role = params.get('role');
  main.append(
    h(
      'form',
      { class: 'filters', 'aria-label': 'Window', onsubmit: (e: Event) => e.preventDefault() },
      field('From', h('input', { type: 'date' }), 'from', params.get('from') ?? '', onChange),
      field('To', h('input', { type: 'date' }), 'to', params.get('to') ?? '', onChange),
      role ? field('Trend by', select(INTERVALS), 'interval', params.get('interval') ?? '', onChange) : null,
    ),
  );
  const families = card('Role families', { id: 'roles', wide: true });
  main.append(families.root);
  const profile = role ? card('Skill profile', { id: 'role-profile', wide: true }) : null;
  const trend = role ? card('Trend of its top skills', { id: 'role-trend', wide: true }) : null;
  if (profile && trend) main.append(profile.root, trend.root);
  for (const c of [families, profile, trend]) c?.status('loading');

  const window = filterParams(params, WINDOW);
  const query = new URLSearchParams(window);
  query.set('limit', '200');
  const loads = [
    guard(families, async () => {
      const report = await getJson<RolesReport>('/api/roles', query, signal);
      families.setCsv(csvUrl('/api/roles', query));
      drawFamilies(families, report, { params, update, href, chosen: role });
    }),
  ];
  if (role && profile && trend) {
    loads.push(
      guard(profile, async () => {
        const detailQuery = new URLSearchParams(window);
        detailQuery.set('limit', '20');
        const path = `/api/roles/${encodeURIComponent(role)}`;
        const detail = await getJson<RoleDetail>(path, detailQuery, signal);
        profile.setCsv(csvUrl(path, detailQuery));
        drawProfile(profile, detail, href, window);
        await guard(trend, () => drawTrend(trend, detail, window, params.get('interval') || autoInterval(detail.postings), signal));
      }),
    );
  }
  await Promise.all(loads);
};

function drawFamilies(
  target: Card,
  report: RolesReport,
  context: {
    params: URLSearchParams;
    update: (changes: Record<string, string | null>) => void;
    href: (view: string, params?: Record<string, string>) => string;
    chosen: string | null;
  },
): void {
  const { params, update, href, chosen } = context;
  if (report.roles.length === 0) {
    target.status('empty', 'No postings match these filters. Widen the dates, or run a crawl on the Jobs page.');
    return;
  }
  const comparison = report.previousWindow
    ? ` Change against ${report.previousWindow.from} – ${report.previousWindow.to}; * marks a significant change (Benjamini–Hochberg q < 0.05).`
    : ' Set From and To to see the change against the previous window of equal length.';
  target.status(
    'info',
    `Share of ${count(report.totalPostings)} unique postings in each role family, with its 95% interval; grey bars have too few postings to trust. Choose a role for its skill profile.${comparison}`,
  );
  const columns: Column<RoleRow>[] = [
    {
      key: 'name',
      label: 'Role',
      value: (r) => r.name,
      render: (r) =>
        h(
          'a',
          {
            href: href('roles', { ...keep(params, ['from', 'to', 'sort', 'dir']), role: r.roleId }),
            'aria-current': r.roleId === chosen ? 'true' : undefined,
          },
          r.name,
        ),
    },
    { key: 'postings', label: 'Postings', value: (r) => r.postings, render: (r) => count(r.postings), numeric: true },
    {
      key: 'share',
      label: 'Share',
      value: (r) => r.share,
      render: (r) => (r.tooSmall ? `${pct(r.share)} (few)` : pct(r.share)),
      numeric: true,
    },
    { key: 'ci', label: '95% interval', value: (r) => r.shareLow, render: (r) => `${pct(r.shareLow)}–${pct(r.shareHigh)}`, numeric: true },
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
  ];
  const sort = sortFromUrl(params, 'postings');
  const rows = sortRows(report.roles, columns.find((c) => c.key === sort.key)?.value, sort.dir);
  const narrow = globalThis.innerWidth < 600;
  const box = h('div', {
    class: 'chart',
    role: 'img',
    'aria-label': `Bar chart of the share of postings in ${rows.length} role families, sorted by ${sort.key}`,
  });
  box.style.height = `${Math.max(220, rows.length * 24 + 50)}px`;
  target.body.append(box);
  const chart = intervalBars(
    box,
    rows.map((r) => ({
      label: r.name,
      value: r.share,
      low: r.shareLow,
      high: r.shareHigh,
      flagged: r.tooSmall,
      note: report.previousWindow ? changeLabel(r).text : undefined,
      tooltip: `<b>${escapeHtml(r.name)}</b><br>${pct(r.share)} of postings (${count(r.postings)} of ${count(r.totalPostings)})<br>95% CI ${pct(r.shareLow)}–${pct(r.shareHigh)}${r.tooSmall ? '<br>too few postings to trust' : ''}<br>${changeLabel(r).title}`,
    })),
    { format: (v) => `${Math.round(v * 1000) / 10}%`, max: 1, narrow },
  );
  chart.on('click', (event) => {
    const row = [...rows].reverse()[(event as { dataIndex: number }).dataIndex];
    if (row) update({ role: row.roleId });
  });
  target.body.append(
    sortableTable('Role families with share, interval and change', columns, rows, sort, (key, dir) => update({ sort: key, dir })),
  );
}

function drawProfile(
  target: Card,
  detail: RoleDetail,
  href: (view: string, params?: Record<string, string>) => string,
  window: URLSearchParams,
): void {
  target.root.querySelector('h2')!.textContent = `Skill profile: ${detail.role.name}`;
  const share = detail.roleShare;
  if (detail.skills.length === 0) {
    target.status('empty', `No skills among the ${count(detail.postings)} ${detail.role.name} postings in this window.`);
    return;
  }
  target.status(
    'info',
    `${count(detail.postings)} of ${count(detail.totalPostings)} unique postings (${pct(share.share)}, 95% CI ${pct(share.shareLow)}–${pct(share.shareHigh)}) are ${detail.role.name}. Bars: share of them asking for each skill, with its 95% interval. Lift: that share over the share among all postings (above 1×: asked for more in this role), with its 95% interval.`,
  );
  const box = h('div', { class: 'chart', role: 'img', 'aria-label': `Bar chart of the top skills of ${detail.role.name} postings` });
  box.style.height = `${Math.max(220, detail.skills.length * 24 + 50)}px`;
  target.body.append(box);
  intervalBars(
    box,
    detail.skills.map((s) => ({
      label: s.name,
      value: s.share,
      low: s.shareLow,
      high: s.shareHigh,
      flagged: s.tooSmall,
      note: `lift ${times(s.lift)}`,
      tooltip: `<b>${escapeHtml(s.name)}</b><br>${pct(s.share)} of ${escapeHtml(detail.role.name)} postings (${count(s.postings)} of ${count(s.totalPostings)}), 95% CI ${pct(s.shareLow)}–${pct(s.shareHigh)}<br>${pct(s.overallShare)} of all postings<br>lift ${times(s.lift)} (95% CI ${times(s.liftLow)}–${times(s.liftHigh)})`,
    })),
    { format: (v) => `${Math.round(v * 100)}%`, max: 1, narrow: globalThis.innerWidth < 600 },
  );
  const columns: Column<RoleProfileRow>[] = [
    { key: 'rank', label: '#', value: (r) => r.rank, numeric: true },
    {
      key: 'name',
      label: 'Skill',
      value: (r) => r.name,
      render: (r) => h('a', { href: href('skill', { id: r.skillId, ...Object.fromEntries(window) }) }, r.name),
    },
    { key: 'postings', label: 'Postings', value: (r) => r.postings, render: (r) => count(r.postings), numeric: true },
    {
      key: 'share',
      label: 'Share in role',
      value: (r) => r.share,
      render: (r) => (r.tooSmall ? `${pct(r.share)} (few)` : pct(r.share)),
      numeric: true,
    },
    { key: 'ci', label: '95% interval', value: (r) => r.shareLow, render: (r) => `${pct(r.shareLow)}–${pct(r.shareHigh)}`, numeric: true },
    { key: 'overall', label: 'All postings', value: (r) => r.overallShare, render: (r) => pct(r.overallShare), numeric: true },
    { key: 'lift', label: 'Lift', value: (r) => r.lift, render: (r) => times(r.lift), numeric: true },
    {
      key: 'liftCi',
      label: 'Lift 95% interval',
      value: (r) => r.liftLow,
      render: (r) => (r.liftLow === null ? '–' : `${times(r.liftLow)}–${times(r.liftHigh)}`),
      numeric: true,
    },
  ];
  target.body.append(sortableTable(`Top skills of ${detail.role.name} postings`, columns, detail.skills, null));
}

async function drawTrend(target: Card, detail: RoleDetail, window: URLSearchParams, interval: string, signal: AbortSignal): Promise<void> {
  const skills = detail.skills.slice(0, TREND_SKILLS).map((s) => s.skillId);
  if (skills.length === 0) {
    target.status('empty', 'No skills to follow over time.');
    return;
  }
  const query = new URLSearchParams(window);
  query.set('skills', skills.join(','));
  query.set('role', detail.role.roleId);
  query.set('interval', interval);
  const report = await getJson<TrendsReport>('/api/trends', query, signal);
  target.setCsv(csvUrl('/api/trends', query));
  if (report.periods.every((p) => p.totalPostings === 0)) {
    target.status('empty', 'No postings of this role in the window.');
    return;
  }
  target.status(
    'info',
    `Share of ${detail.role.name} postings per ${interval} asking for its ${skills.length} most requested skills, with 95% interval bands; ${interval}s with too few postings are gaps.`,
  );
  const box = h('div', {
    class: 'chart',
    role: 'img',
    'aria-label': `Line chart of the top skills of ${detail.role.name} postings per month`,
  });
  target.body.append(box);
  shareLines(box, report.series, periodLabel('month'));
}
