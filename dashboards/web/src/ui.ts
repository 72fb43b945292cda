import { getJson, type ShareChange, type SkillsReport } from './api.js';

type Child = Node | string | null | undefined | false;

/** Builds an element; attributes starting with "on" are listeners. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | number | EventListener | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

export const pct = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `${(x * 100).toFixed(1)}%`);
export const count = (n: number) => n.toLocaleString('en');

/** "▲ +2.1 pp" with a star when the change is significant after the BH correction. */
export function changeLabel(row: ShareChange): { text: string; title: string; className: string } {
  if (row.changePp === null) return { text: '–', title: 'no comparison (too few postings in one window)', className: 'flat' };
  const arrow = row.changePp > 0 ? '▲' : row.changePp < 0 ? '▼' : '▶';
  const sign = row.changePp > 0 ? '+' : '';
  const star = row.significant ? ' *' : '';
  return {
    text: `${arrow} ${sign}${row.changePp.toFixed(1)} pp${star}`,
    title: `${sign}${row.changePp.toFixed(2)} percentage points${row.qValue !== null ? `, q = ${row.qValue.toPrecision(2)}` : ''}${row.significant ? ', significant' : ', not significant'}`,
    className: `${row.changePp > 0 ? 'up' : row.changePp < 0 ? 'down' : 'flat'}${row.significant ? ' significant' : ''}`,
  };
}

/** A titled card with a CSV link and a status line for its loading, empty and error states. */
export interface Card {
  root: HTMLElement;
  body: HTMLElement;
  setCsv(href: string | null): void;
  status(kind: 'loading' | 'empty' | 'error' | 'info' | null, text?: string): void;
}

export function card(title: string, options: { id: string; wide?: boolean } = { id: '' }): Card {
  const heading = h('h2', { id: `${options.id}-title` }, title);
  const csv = h('a', { class: 'download', hidden: true, 'data-csv': options.id }, 'Download CSV');
  const statusLine = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const body = h('div', { class: 'card-body' });
  const root = h(
    'section',
    { class: `card${options.wide ? ' wide' : ''}`, 'aria-labelledby': `${options.id}-title`, id: options.id },
    h('div', { class: 'card-head' }, heading, csv),
    statusLine,
    body,
  );
  return {
    root,
    body,
    setCsv(href) {
      csv.hidden = href === null;
      if (href) {
        csv.setAttribute('href', href);
        csv.setAttribute('download', '');
      }
    },
    status(kind, text = '') {
      statusLine.className = `status${kind ? ` ${kind}` : ''}`;
      statusLine.textContent = kind === 'loading' ? text || 'Loading…' : text;
      root.setAttribute('aria-busy', String(kind === 'loading'));
    },
  };
}

export interface Column<T> {
  key: string;
  label: string;
  value: (row: T) => string | number | null;
  render?: (row: T) => Child;
  numeric?: boolean;
}

/** A table whose headers sort it (click or Enter); the sort lives in the URL via `onSort`. */
export function sortableTable<T>(
  caption: string,
  columns: Column<T>[],
  rows: T[],
  sort: { key: string; dir: 'asc' | 'desc' } | null,
  onSort?: (key: string, dir: 'asc' | 'desc') => void,
): HTMLTableElement {
  const sorted = [...rows];
  const column = columns.find((c) => c.key === sort?.key);
  if (column && sort) {
    const factor = sort.dir === 'asc' ? 1 : -1;
    sorted.sort((a, b) => {
      const x = column.value(a);
      const y = column.value(b);
      if (x === y) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * factor;
    });
  }
  const head = h(
    'tr',
    {},
    ...columns.map((c) => {
      const active = sort?.key === c.key;
      const label = onSort
        ? h(
            'button',
            {
              type: 'button',
              class: 'sort',
              onclick: () => onSort(c.key, active && sort?.dir === 'desc' ? 'asc' : 'desc'),
            },
            c.label,
            active ? (sort?.dir === 'asc' ? ' ↑' : ' ↓') : '',
          )
        : c.label;
      return h(
        'th',
        {
          scope: 'col',
          class: c.numeric ? 'num' : undefined,
          'aria-sort': active ? (sort?.dir === 'asc' ? 'ascending' : 'descending') : undefined,
        },
        label,
      );
    }),
  );
  const body = sorted.map((row) =>
    h(
      'tr',
      {},
      ...columns.map((c) => h('td', { class: c.numeric ? 'num' : undefined }, c.render ? c.render(row) : String(c.value(row) ?? '–'))),
    ),
  );
  return h('table', { class: 'data' }, h('caption', { class: 'visually-hidden' }, caption), h('thead', {}, head), h('tbody', {}, ...body));
}

/**
 * Search-as-you-type over skill names and aliases (the API's /api/skills?q=): a labelled input
 * with a datalist, and the chosen skills as removable chips.
 */
export function skillPicker(options: { label: string; selected: string[]; max: number; onChange: (ids: string[]) => void }): HTMLElement {
  const listId = `skill-options-${Math.random().toString(36).slice(2, 8)}`;
  const input = h('input', {
    type: 'search',
    list: listId,
    placeholder: 'Type a skill, e.g. rust',
    autocomplete: 'off',
    'aria-describedby': `${listId}-help`,
  });
  const datalist = h('datalist', { id: listId });
  const names = new Map<string, string>();
  let pending: AbortController | null = null;
  input.addEventListener('input', () => {
    const q = input.value.trim();
    const chosen = names.get(q.toLowerCase());
    if (chosen) {
      add(chosen);
      return;
    }
    if (q.length < 1) return;
    pending?.abort();
    pending = new AbortController();
    getJson<SkillsReport>('/api/skills', new URLSearchParams({ q, limit: '12' }), pending.signal)
      .then((report) => {
        datalist.replaceChildren(
          ...report.skills.map((s) => h('option', { value: s.name }, `${s.category} · ${count(s.postings)} postings`)),
        );
        for (const s of report.skills) names.set(s.name.toLowerCase(), s.skillId);
      })
      .catch(() => {});
  });
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const id = names.get(input.value.trim().toLowerCase());
    if (id) add(id);
  });
  const add = (id: string) => {
    input.value = '';
    if (options.selected.includes(id) || options.selected.length >= options.max) return;
    options.onChange([...options.selected, id]);
  };
  const chips = h(
    'ul',
    { class: 'chips', 'aria-label': 'Chosen skills' },
    ...options.selected.map((id, i) =>
      h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'chip',
            style: `--chip: ${PALETTE[i % PALETTE.length]}`,
            'aria-label': `Remove ${id}`,
            onclick: () => options.onChange(options.selected.filter((s) => s !== id)),
          },
          `${id} ×`,
        ),
      ),
    ),
  );
  return h(
    'div',
    { class: 'picker' },
    h('label', {}, options.label, ' ', input),
    datalist,
    h('span', { id: `${listId}-help`, class: 'hint' }, `Up to ${options.max} skills; Enter adds the one typed.`),
    chips,
  );
}

/** Okabe–Ito: distinguishable with the common forms of colour blindness. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#999933'];

/** A labelled form control bound to a URL parameter. */
export function field(
  label: string,
  control: HTMLInputElement | HTMLSelectElement,
  name: string,
  value: string,
  onChange: (name: string, value: string) => void,
): HTMLLabelElement {
  control.name = name;
  control.value = value;
  control.addEventListener('change', () => onChange(name, control.value));
  return h('label', {}, label, ' ', control);
}

export const CATEGORIES: Array<[string, string]> = [
  ['', 'All categories'],
  ['language', 'Programming languages'],
  ['framework', 'Frameworks & libraries'],
  ['database', 'Databases & data stores'],
  ['cloud', 'Cloud platforms & services'],
  ['devops', 'DevOps & infrastructure'],
  ['testing', 'Testing tools'],
  ['data-ml', 'Data & ML'],
  ['api', 'APIs & protocols'],
  ['practice', 'Practices & methodologies'],
  ['soft-skill', 'Soft skills'],
  ['tool', 'Developer tools'],
  ['security', 'Security'],
  ['platform', 'Platforms'],
];

export function select(options: Array<[string, string]>): HTMLSelectElement {
  return h('select', {}, ...options.map(([value, label]) => h('option', { value }, label)));
}
