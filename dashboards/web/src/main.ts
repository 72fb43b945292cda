import './style.css';
import { getJson, type ReportStamp } from './api.js';
import { disposeCharts } from './charts.js';
import { h } from './ui.js';
import type { View, ViewContext } from './views/context.js';
import { jobs } from './views/jobs.js';
import { movers } from './views/movers.js';
import { overview } from './views/overview.js';
import { pay } from './views/pay.js';
import { places } from './views/places.js';
import { roles } from './views/roles.js';
import { skill } from './views/skill.js';
import { trends } from './views/trends.js';

const VIEWS: Record<string, { title: string; view: View }> = {
  overview: { title: 'Overview', view: overview },
  trends: { title: 'Trends', view: trends },
  movers: { title: 'Movers', view: movers },
  skill: { title: 'Skill', view: skill },
  roles: { title: 'Roles', view: roles },
  pay: { title: 'Pay', view: pay },
  places: { title: 'Places', view: places },
  jobs: { title: 'Jobs', view: jobs },
};

const main = document.querySelector<HTMLElement>('#view')!;
const nav = document.querySelector<HTMLElement>('#nav')!;
let current: AbortController | null = null;

const href = (view: string, params: Record<string, string> = {}) => {
  const search = new URLSearchParams(view === 'overview' ? params : { view, ...params });
  return `${location.pathname}${search.size > 0 ? `?${search}` : ''}`;
};

function go(url: string, replace = false): void {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  void render();
}

/** Draws the view the URL names; everything a view shows follows from the URL. */
async function render(): Promise<void> {
  current?.abort();
  const controller = new AbortController();
  current = controller;
  const params = new URLSearchParams(location.search);
  const name = params.get('view') && VIEWS[params.get('view') as string] ? (params.get('view') as string) : 'overview';
  params.delete('view');
  const { title, view } = VIEWS[name] as (typeof VIEWS)[string];
  document.title = `${title} · SkillPulse`;
  for (const link of nav.querySelectorAll('a')) {
    if (link.dataset.view === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  disposeCharts();
  main.replaceChildren(h('h1', { class: 'visually-hidden' }, title));
  document.body.dataset.ready = '';
  const context: ViewContext = {
    params,
    signal: controller.signal,
    main,
    href,
    navigate: (view, next) => go(href(view, next)),
    update(changes, options) {
      const next = new URLSearchParams(params);
      for (const [key, value] of Object.entries(changes)) {
        if (value === null || value === '') next.delete(key);
        else next.set(key, value);
      }
      go(href(name, Object.fromEntries(next)), options?.replace);
    },
  };
  try {
    await view(context);
  } catch (error) {
    if (controller.signal.aborted) return;
    main.append(
      h(
        'div',
        { class: 'card wide failure', role: 'alert' },
        h('h2', {}, 'This view could not load'),
        h('p', {}, (error as Error).message),
        h('p', {}, 'Check the filters (the message names the one at fault), or ', h('a', { href: href(name) }, 'reset this view'), '.'),
      ),
    );
  }
  if (!controller.signal.aborted) document.body.dataset.ready = name;
}

// Links inside the app change the view without a page load; the URL keeps the state.
document.addEventListener('click', (event) => {
  const link = (event.target as HTMLElement).closest('a');
  if (!link || link.target || link.hasAttribute('download') || event.ctrlKey || event.metaKey || event.shiftKey) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || url.pathname !== location.pathname) return;
  event.preventDefault();
  go(`${url.pathname}${url.search}`);
});
window.addEventListener('popstate', () => void render());

nav.replaceChildren(...Object.entries(VIEWS).map(([name, { title }]) => h('a', { href: href(name), 'data-view': name }, title)));

/** The sample-data label and the methodology stamp, from the data itself. */
async function frame(): Promise<void> {
  try {
    const sample = await getJson<{ skills: unknown[]; stamp: ReportStamp }>(
      '/api/top',
      new URLSearchParams({ source: 'sample-board', limit: '1' }),
    );
    document.querySelector<HTMLElement>('#sample-banner')!.hidden = sample.skills.length === 0;
    const s = sample.stamp;
    document.querySelector<HTMLElement>('#stamp')!.textContent =
      `Taxonomy ${s.taxonomyVersion} · extractor ${s.extractorVersions.join(', ') || 'n/a'} · ${s.backend} store · methodology ${s.methodology}`;
  } catch {
    // A label, not a feature: a failure here must not hide the views.
  }
}

void frame();
void render();
