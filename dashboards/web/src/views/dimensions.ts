import { getJson, type RolesReport } from '../api.js';
import { type Card, h, select } from '../ui.js';

/** What the Roles, Pay and Places views share: the role picker, the sort in the URL, names of places. */

/** The sort a view keeps in the URL (`sort`, `dir`), with its default. */
export function sortFromUrl(params: URLSearchParams, defaultKey: string): { key: string; dir: 'asc' | 'desc' } {
  return { key: params.get('sort') ?? defaultKey, dir: params.get('dir') === 'asc' ? 'asc' : 'desc' };
}

/** Sorts rows as `sortableTable` does, so the bars and the table below them agree. */
export function sortRows<T>(rows: T[], value: ((row: T) => string | number | null) | undefined, dir: 'asc' | 'desc'): T[] {
  if (!value) return rows;
  const factor = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return (x < y ? -1 : 1) * factor;
  });
}

/**
 * A select of the role families with postings in the window (from /api/roles), "All roles" first.
 * A role in the URL that the list lacks stays selectable, so the URL is never silently changed.
 */
export async function roleSelect(window: URLSearchParams, chosen: string, signal: AbortSignal): Promise<HTMLSelectElement> {
  const query = new URLSearchParams(window);
  query.set('limit', '200');
  let options: Array<[string, string]> = [];
  try {
    const report = await getJson<RolesReport>('/api/roles', query, signal);
    options = report.roles.map((r) => [r.roleId, `${r.name} (${r.postings.toLocaleString('en')})`]);
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    // The list is a convenience: without it the role in the URL still applies.
  }
  if (chosen && !options.some(([id]) => id === chosen)) options.unshift([chosen, chosen]);
  return select([['', 'All roles'], ...options]);
}

/** A free-text filter input (country code, …) bound to a URL parameter on change. */
export function textInput(placeholder: string, size = 6): HTMLInputElement {
  return h('input', { type: 'text', placeholder, size, autocomplete: 'off' });
}

const PARTICLES = new Set(['am', 'an', 'da', 'de', 'del', 'di', 'do', 'du', 'im', 'la', 'le', 'of', 'on', 'upon']);
/** "san" → "San", "dc" → "DC", "am" (Frankfurt am Main) stays. */
const titleWord = (word: string, first: boolean) =>
  !first && PARTICLES.has(word) ? word : word.length === 2 ? word.toUpperCase() : `${word[0]?.toUpperCase() ?? ''}${word.slice(1)}`;

/**
 * A readable name for a place id the API reports: a metro id `US-san-francisco` is "San Francisco
 * (US)", a city `Munich, DE-02` is "Munich (DE)", a region and a country stay as they are (US-CA, DE).
 */
export function placeName(id: string, level: string): string {
  if (level === 'metro') {
    const match = /^([A-Z]{2})-(.+)$/.exec(id);
    if (match?.[1] && match[2]) {
      const words = match[2].split('-').map((w, i) => titleWord(w, i === 0));
      return `${words.join(' ')} (${match[1]})`;
    }
  }
  if (level === 'city') {
    const match = /^(.*), ([A-Z]{2})-[^,]+$/.exec(id);
    if (match?.[1] && match[2]) return `${match[1]} (${match[2]})`;
  }
  return id;
}

/** Money as an analyst reads it: "€85,000", "¥9.6M" on an axis. */
export function money(currency: string, compact = false): (v: number | null) => string {
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat('en', {
      style: 'currency',
      currency,
      maximumFractionDigits: compact ? 1 : 0,
      notation: compact ? 'compact' : 'standard',
    });
  } catch {
    format = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
  }
  return (v) => (v === null || v === undefined ? 'n/a' : format.format(v));
}

/** A signed amount: "+€12,000", "−€3,000". */
export function signedMoney(currency: string): (v: number | null) => string {
  const plain = money(currency);
  return (v) => (v === null ? 'n/a' : v > 0 ? `+${plain(v)}` : v < 0 ? `−${plain(-v)}` : plain(0));
}

/** "2.31×" for a lift or quotient. */
export const times = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${x.toFixed(2)}×`);

/** Those of `names` the params carry, as a record for `href`. */
export function keep(params: URLSearchParams, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = params.get(name);
    if (value) out[name] = value;
  }
  return out;
}

/** Each card loads on its own: one failing shows its error and leaves the others. */
export async function guard(target: Card, load: () => Promise<void>): Promise<void> {
  try {
    await load();
  } catch (error) {
    if ((error as Error).name === 'AbortError') return;
    target.status('error', `Could not load: ${(error as Error).message}`);
  }
}

/** Text for a tooltip's HTML. */
export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
