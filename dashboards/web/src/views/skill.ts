import {
  type BreakdownReport,
  type CooccurrenceReport,
  csvUrl,
  getJson,
  type PostingsReport,
  type SkillDetail,
  type TrendsReport,
} from '../api.js';
import { periodLabel, shareLines } from '../charts.js';
import { type Card, card, count, field, h, pct, skillPicker, sortableTable } from '../ui.js';
import { filterParams, type View } from './context.js';

const BREAKDOWNS: Array<[string, string]> = [
  ['company', 'By company'],
  ['country', 'By country'],
  ['remote', 'Remote or on site'],
  ['seniority', 'By seniority'],
];

/** One skill: its trend, what goes with it (lift), where it is asked for, and recent postings. */
export const skill: View = async ({ params, update, href, navigate, signal, main }) => {
  const id = params.get('id');
  const onChange = (name: string, value: string) => update({ [name]: value });
  main.append(
    h(
      'form',
      { class: 'filters', 'aria-label': 'Skill and window', onsubmit: (e: Event) => e.preventDefault() },
      skillPicker({
        label: 'Skill',
        selected: [],
        max: 1,
        onChange: ([next]) => next && navigate('skill', { id: next, ...Object.fromEntries(filterParams(params, ['from', 'to'])) }),
      }),
      field('From', h('input', { type: 'date' }), 'from', params.get('from') ?? '', onChange),
      field('To', h('input', { type: 'date' }), 'to', params.get('to') ?? '', onChange),
    ),
  );
  const head = card(id ? 'Skill' : 'Pick a skill', { id: 'skill', wide: true });
  main.append(head.root);
  if (!id) {
    head.status('empty', 'Type a skill above, or follow one from the Overview or Movers.');
    return;
  }
  const window = filterParams(params, ['from', 'to']);
  head.status('loading');
  const detail = await getJson<SkillDetail>(`/api/skills/${encodeURIComponent(id)}`, window, signal);
  head.root.querySelector('h2')!.textContent = detail.skill.name;
  head.setCsv(csvUrl(`/api/skills/${encodeURIComponent(id)}`, window));
  head.status(
    'info',
    detail.demand.tooSmall
      ? `${count(detail.demand.postings)} postings: too few for a share.`
      : `${pct(detail.demand.share)} of ${count(detail.demand.totalPostings)} unique postings (95% CI ${pct(detail.demand.shareLow)}–${pct(detail.demand.shareHigh)}), rank ${detail.rank ?? '–'}. Category ${detail.skill.category}${detail.skill.aliases.length ? `; also written ${detail.skill.aliases.slice(0, 5).join(', ')}` : ''}. Asked for from ${detail.firstPosted ?? '–'} to ${detail.lastPosted ?? '–'}.`,
  );

  const trend = card('Trend', { id: 'skill-trend', wide: true });
  const related = card('Goes with', { id: 'cooccurrence' });
  const postings = card('Recent postings', { id: 'postings' });
  const breakdowns = BREAKDOWNS.map(([by, title]) => [by, card(title, { id: `breakdown-${by}` })] as const);
  main.append(
    trend.root,
    h('div', { class: 'grid' }, related.root, postings.root),
    h('div', { class: 'grid four' }, ...breakdowns.map(([, c]) => c.root)),
  );
  for (const c of [trend, related, postings, ...breakdowns.map(([, c]) => c)]) c.status('loading');

  const trendQuery = new URLSearchParams(window);
  trendQuery.set('skills', detail.skill.skillId);
  const relatedQuery = new URLSearchParams(window);
  relatedQuery.set('skill', detail.skill.skillId);
  relatedQuery.set('limit', '15');
  const postingsQuery = new URLSearchParams(window);
  postingsQuery.set('skills', detail.skill.skillId);
  postingsQuery.set('page_size', '8');

  const loads: Array<Promise<void>> = [
    guard(trend, async () => {
      const report = await getJson<TrendsReport>('/api/trends', trendQuery, signal);
      trend.setCsv(csvUrl('/api/trends', trendQuery));
      trend.status('info', 'Share of unique postings per month with its 95% interval; hover for counts.');
      const box = h('div', {
        class: 'chart',
        role: 'img',
        'aria-label': `Line chart of ${detail.skill.name}'s share of postings per month`,
      });
      trend.body.append(box);
      shareLines(box, report.series, periodLabel('month'));
    }),
    guard(related, async () => {
      const report = await getJson<CooccurrenceReport>('/api/cooccurrence', relatedQuery, signal);
      related.setCsv(csvUrl('/api/cooccurrence', relatedQuery));
      if (report.skills.length === 0) return related.status('empty', 'No other skill appears with it often enough.');
      related.status(
        'info',
        `Of ${count(report.postings)} postings asking for ${detail.skill.name}: how many also ask for each skill, and lift (how much more often than chance).`,
      );
      related.body.append(
        sortableTable(
          'Skills asked for together with this one',
          [
            {
              key: 'name',
              label: 'Skill',
              value: (r) => r.name,
              render: (r) => h('a', { href: href('skill', { id: r.skillId, ...Object.fromEntries(window) }) }, r.name),
            },
            { key: 'both', label: 'Together', value: (r) => r.postingsBoth, render: (r) => count(r.postingsBoth), numeric: true },
            {
              key: 'conditional',
              label: 'Also ask',
              value: (r) => r.conditional.share,
              render: (r) => pct(r.conditional.share),
              numeric: true,
            },
            {
              key: 'lift',
              label: 'Lift',
              value: (r) => r.lift,
              render: (r) => (r.lift === null ? '–' : `${r.lift.toFixed(2)}×`),
              numeric: true,
            },
          ],
          report.skills,
          null,
        ),
      );
    }),
    guard(postings, async () => {
      const report = await getJson<PostingsReport>('/api/postings', postingsQuery, signal);
      postings.setCsv(csvUrl('/api/postings', postingsQuery));
      if (report.postings.length === 0) return postings.status('empty', 'No postings in this window.');
      postings.status('info', `${count(report.total)} postings ask for it; the newest, with the skills marked.`);
      postings.body.append(
        h(
          'ol',
          { class: 'postings' },
          ...report.postings.map((p) => {
            // The API escapes the text and adds only <mark data-skill> around mentions. Only an http(s)
            // URL becomes a link: a `javascript:` or `data:` one a hostile page gave is shown as text.
            const title = isWebUrl(p.url) ? h('a', { href: p.url, rel: 'noopener noreferrer', target: '_blank' }) : h('span', {});
            title.innerHTML = p.title.html;
            const snippet = h('p', { class: 'snippet' });
            snippet.innerHTML = p.snippet.html;
            return h(
              'li',
              {},
              title,
              h(
                'span',
                { class: 'meta' },
                [p.company, p.locations[0], p.remote !== 'unknown' ? p.remote : null, p.datePosted, p.source].filter(Boolean).join(' · '),
              ),
              snippet,
            );
          }),
        ),
      );
    }),
    ...breakdowns.map(([by, target]) =>
      guard(target, async () => {
        const query = new URLSearchParams(window);
        query.set('by', by);
        query.set('skill', detail.skill.skillId);
        query.set('limit', '8');
        const report = await getJson<BreakdownReport>('/api/breakdown', query, signal);
        target.setCsv(csvUrl('/api/breakdown', query));
        if (report.rows.length === 0) return target.status('empty', 'Nothing to break down.');
        target.status('info', `Share of ${report.shareOf}.`);
        target.body.append(
          h(
            'ul',
            { class: 'bars' },
            ...report.rows.map((r) =>
              h(
                'li',
                { title: r.tooSmall ? 'too few postings for a share' : `95% CI ${pct(r.shareLow)}–${pct(r.shareHigh)}` },
                h('span', { class: 'bar-label' }, r.value),
                h('span', { class: 'bar', style: `--share: ${r.tooSmall ? 0 : (r.share ?? 0)}` }),
                h('span', { class: 'bar-value' }, r.tooSmall ? `${count(r.postings)} (few)` : `${pct(r.share)} (${count(r.postings)})`),
              ),
            ),
          ),
        );
      }),
    ),
  ];
  await Promise.all(loads);
};

/** Each card loads on its own: one failing shows its error and leaves the others. */
async function guard(target: Card, load: () => Promise<void>): Promise<void> {
  try {
    await load();
  } catch (error) {
    if ((error as Error).name === 'AbortError') return;
    target.status('error', `Could not load: ${(error as Error).message}`);
  }
}

/** True for an absolute http(s) URL: the only kind the dashboard links to. */
function isWebUrl(url: unknown): url is string {
  if (typeof url !== 'string') return false;
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
