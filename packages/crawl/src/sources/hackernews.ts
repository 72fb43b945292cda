import { ConfigError, decodeEntities, htmlToText, type RemoteType, type Salary } from '@skillpulse/core';
import type { FetchedPage, PageResult, SourceAdapter, SourceRequest } from '../engine.js';
import { postingFrom } from '../normalise.js';
import { salaryFromText } from '../salary.js';
import { checkMonth, FIRST_HIRING_MONTH, hiringThreadMonth, MonthWalk, monthOf } from './hackernews-history.js';

export { FIRST_HIRING_MONTH, hiringThreadMonth } from './hackernews-history.js';

export const HN_API_BASE = 'https://hacker-news.firebaseio.com/v0';

export interface HackerNewsConfig {
  /** Source name: the first part of every posting id (default `hn`). */
  name: string;
  /** How many of the latest monthly "Who is hiring?" threads to read (default 1). */
  months: number;
  /** Explicit thread ids instead of the latest ones (for backfills). */
  threads?: number[];
  /** Walk every monthly thread from this month (`YYYY-MM`, at the earliest 2011-04) instead of the latest `months`. */
  from?: string;
  /** The last month of the walk (default: this month). */
  to?: string;
  /** Where the walk keeps its progress between runs (a JSON file next to the job's queue); in memory without it. */
  statePath?: string;
  /** The time now (tests pin it). */
  now?: () => Date;
  apiBase?: string;
}

type Item = Record<string, unknown>;

export interface FirstLine {
  company: string | null;
  title: string | null;
  locations: string[];
  remote: RemoteType | null;
  salary: Salary | null;
}

const ROLE =
  /\b(engineers?|developers?|programmers?|scientists?|designers?|managers?|lead|architects?|devops|sre|analysts?|founding|cto|interns?|head of|researchers?|full[- ]?stack|front[- ]?end|back[- ]?end|product|data|ml|ai|qa|security|mobile|ios|android)\b/i;
const SALARY = /([$€£]\s?\d|\d\s?[kK]\b|\d{2,3},\d{3}|\b(salary|equity|USD|EUR|GBP)\b)/;
/** A field that is only a link or a domain: `https://acme.com/jobs`, `www.acme.io`, `acme.dev/careers`. */
const URL_ONLY = /^(https?:\/\/\S+|www\.\S+|[\w-]+(\.[\w-]+)*\.[a-z]{2,}(\/\S*)?)$/i;
const URL_IN_TEXT =
  /\(?\s*(https?:\/\/\S+|www\.[^\s)]+|\b[\w-]+(\.[\w-]+)*\.(com|io|ai|co|dev|org|net|app|tech|xyz|so|sh|me|us|uk|de|fr|eu|ca|gg|tv|cloud|health|inc)\b(\/[^\s)]*)?)\s*\)?/gi;
/** What a poster writes before the roles: "Hiring:", "Roles:", "Positions -". */
const ROLES_LABEL = /^(we(?:'| a)re\s+hiring|hiring(\s+for)?|roles?|positions?|open(ings| roles| positions)|jobs?)\s*[:\-–—]\s*/i;
const MAX_TITLE = 100;

/**
 * The company name alone from a header field: without a URL or domain (`Snout https://snoutplans.com`,
 * `Galaxy (getgalaxy.io)`), a tagline after a dash (`Galaxy - The Cursor for SQL`), a trailing
 * parenthesis (`Acme (YC S21)`) or "is hiring".
 */
export function companyName(field: string): string | null {
  const original = field.trim();
  let name = original.split(/\s+[-–—]\s+|\s+[|:]\s+/)[0] ?? '';
  name = name.replace(URL_IN_TEXT, ' ').replace(/\s*\([^)]*\)/g, ' ');
  name = name
    .replace(/\s+(is|are)\s+hiring\b.*$/i, '')
    .replace(/[\s,;:.\-–—]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (name !== '') return name;
  // Only a domain was given: that is how the company names itself.
  const domain = /^(?:https?:\/\/)?(?:www\.)?([^\s/]+)/i.exec(original)?.[1];
  return domain ?? null;
}

/** One role from a field that may list several ("Backend Engineer, Designer & SRE"), cut to a title's length. */
export function roleTitle(field: string): string {
  const cleaned = field.replace(ROLES_LABEL, '').trim();
  // Separators inside parentheses ("Engineer (Backend, Infra)") do not separate roles.
  const roles: string[] = [];
  let depth = 0;
  let current = '';
  for (const token of cleaned.split(/(\s*(?:,|;|\s\/\s|\s&\s|\s\+\s|\band\b|\bor\b)\s*|[()])/i)) {
    if (token === '(') depth++;
    if (token === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && token !== ')' && /^\s*(?:,|;|\/|&|\+|and|or)\s*$/i.test(token)) {
      roles.push(current.trim());
      current = '';
    } else current += token;
  }
  roles.push(current.trim());
  const named = roles.filter(Boolean);
  const first = named.length > 1 && named.filter((r) => ROLE.test(r)).length > 1 ? (named.find((r) => ROLE.test(r)) ?? cleaned) : cleaned;
  return shorten(first);
}

/** Text cut at a word boundary to at most MAX_TITLE characters. */
function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  if (oneLine.length <= MAX_TITLE) return oneLine;
  const cut = oneLine.slice(0, MAX_TITLE + 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 40)).replace(/[\s,;:\-–—]+$/, '')}…`;
}

/** A header field naming pay, through the salary normaliser (flagged as read from text). */
function salaryOf(part: string): Salary | null {
  return salaryFromText(part);
}

/**
 * The header of a "Who is hiring?" post, by convention `Company | Role | Location | REMOTE/ONSITE |
 * Salary | URL` in whatever order the poster chose; it may run over several lines, each with pipes.
 * Fields that are only a URL are skipped; the first field is the company; the first field naming a
 * role is the title (the first role when it lists several); fields that are neither are places.
 */
export function parseFirstLine(header: string): FirstLine {
  const result: FirstLine = { company: null, title: null, locations: [], remote: null, salary: null };
  // The header is the leading lines with pipes; a line without is already the post's text.
  const lines = header
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  // A short line without pipes just before them is the company ("Acme Corp" / "Engineer | Berlin").
  const start = !lines[0]?.includes('|') && lines[1]?.includes('|') && (lines[0]?.length ?? 0) <= 60 ? 1 : 0;
  const headerLines: string[] = start === 1 ? [lines[0] as string] : [];
  for (const line of lines.slice(start)) {
    if (!line.includes('|')) break;
    headerLines.push(line);
  }
  if (headerLines.length === 0) return result;
  const parts = headerLines
    .join(' | ')
    .split('|')
    .map((p) => p.trim())
    .filter(Boolean);
  result.company = parts[0] ? companyName(parts[0]) : null;
  for (const part of parts.slice(1)) {
    const lower = part.toLowerCase();
    const remote = /\bhybrid\b/.test(lower)
      ? 'hybrid'
      : /\bremote\b/.test(lower)
        ? 'remote'
        : /\b(on-?site|in[- ]office)\b/.test(lower)
          ? 'onsite'
          : null;
    if (remote && result.remote === null) result.remote = remote;
    if (URL_ONLY.test(part)) continue;
    if (SALARY.test(part) && result.salary === null) {
      result.salary = salaryOf(part);
      if (result.salary) continue;
    }
    if (ROLE.test(part) && result.title === null) {
      result.title = roleTitle(part);
      continue;
    }
    // What is left and is not only a work-mode word is a place ("Berlin, DE", "NYC or Remote (US)").
    const place = part
      .replace(/\b(remote|hybrid|on-?site|only|full[- ]time|part[- ]time|contract|visa)\b/gi, '')
      .replace(/[()/,;+&-]|\bor\b|\band\b/gi, ' ')
      .trim();
    if (place.length >= 2 && part.length <= 60 && !SALARY.test(part) && !ROLE.test(part)) result.locations.push(part);
  }
  return result;
}

/** A title for a post without a usable header: its first sentence, cut to a title's length. */
export function fallbackTitle(firstParagraph: string, company: string | null): string {
  if (company) return `Job at ${company}`;
  const sentence = /^(.*?[.!?])(\s|$)/.exec(firstParagraph.replace(/\s+/g, ' ').trim())?.[1] ?? firstParagraph;
  return shorten(sentence);
}

/** Hacker News "Ask HN: Who is hiring?" threads through the HN Firebase API: each top-level comment is a posting. */
export function hackerNewsSource(config: HackerNewsConfig): SourceAdapter {
  const base = (config.apiBase ?? HN_API_BASE).replace(/\/$/, '');
  const item = (id: unknown, label: string, userData?: Record<string, unknown>): SourceRequest => ({
    url: `${base}/item/${id}.json`,
    label,
    ...(userData ? { userData } : {}),
  });

  // Explicit `threads` win over a month walk.
  const walk = config.from && !config.threads?.length ? monthWalk(config) : undefined;

  const handle = (page: FetchedPage): PageResult => {
    const data = page.json();
    if (walk) {
      const walked = walkPage(walk, page, data as Item | null, item);
      if (walked) return walked;
    }
    if (page.request.label === 'user') {
      // whoishiring posts three threads a month (hiring, freelancer, wants to be hired), newest first.
      const submitted = ((data as Item | null)?.submitted ?? []) as unknown[];
      return { enqueue: submitted.slice(0, Math.max(1, config.months) * 3).map((id) => item(id, 'thread')) };
    }
    const record = (data ?? {}) as Item;
    if (page.request.label === 'thread') {
      const title = String(record.title ?? '');
      if (!/who is hiring\?/i.test(title)) return {};
      const kids = (record.kids ?? []) as unknown[];
      return { enqueue: kids.map((id) => item(id, 'comment')) };
    }
    if (walk && typeof page.request.userData?.thread === 'number') walk.comment(page.request.userData.thread);
    if (record.deleted === true || record.dead === true || typeof record.text !== 'string') return {};
    const html = record.text;
    // HN separates paragraphs with <p>; a header may also break its lines with <br> or newlines.
    const firstParagraph = htmlToText(decodeEntities(html.split(/<p>/i)[0] ?? '')).text.trim();
    const parsed = parseFirstLine(firstParagraph);
    const time = typeof record.time === 'number' ? new Date(record.time * 1000).toISOString() : null;
    const problems: string[] = [];
    const posting = postingFrom({
      source: config.name,
      externalId: String(record.id),
      url: `https://news.ycombinator.com/item?id=${record.id}`,
      title: parsed.title ?? fallbackTitle(firstParagraph, parsed.company),
      company: parsed.company,
      locations: parsed.locations,
      remote: parsed.remote,
      salary: parsed.salary,
      datePosted: time,
      descriptionHtml: html,
      seenAt: page.seenAt,
      pageUrl: page.url,
      problems,
    });
    if (!posting) problems.push(`comment ${record.id} has no text`);
    return { postings: posting ? [posting] : [], problems };
  };

  return {
    name: config.name,
    // Threads only grow; a comment missing from a later read was deleted, not expired.
    snapshot: false,
    startRequests: () =>
      config.threads && config.threads.length > 0
        ? config.threads.map((id) => item(id, 'thread'))
        : [{ url: `${base}/user/whoishiring.json`, label: 'user' }],
    handle,
    ...(walk ? { progress: () => walk.progress() } : {}),
  };
}

/** The month walk a `from:` asks for, its months checked. */
function monthWalk(config: HackerNewsConfig): MonthWalk {
  const current = monthOf(config.now?.() ?? new Date());
  const from = checkMonth(config.from as string, 'source.from');
  if (from < FIRST_HIRING_MONTH)
    throw new ConfigError(
      `source.from: ${from} is before the first monthly "Who is hiring?" thread (${FIRST_HIRING_MONTH}); use ${FIRST_HIRING_MONTH} or later`,
    );
  const to = config.to ? checkMonth(config.to, 'source.to') : current;
  if (to < from) throw new ConfigError(`source.to: ${to} is before source.from (${from}); use a month from ${from} on`);
  return new MonthWalk(from, to, current, config.statePath);
}

/**
 * The pages of a month walk: whoishiring's submissions (oldest first, finished months skipped) and
 * each thread (its month read from the title; threads outside the months are not read). Comments
 * are left to the usual handler. Undefined for a page that is neither.
 */
function walkPage(
  walk: MonthWalk,
  page: FetchedPage,
  data: Item | null,
  item: (id: unknown, label: string, userData?: Record<string, unknown>) => SourceRequest,
): PageResult | undefined {
  if (page.request.label === 'user') {
    // A listing: an answer without the list fails the run rather than looking like an empty history.
    if (!Array.isArray(data?.submitted)) throw new Error('expected the whoishiring user with a "submitted" list of item ids');
    const submitted = data.submitted.filter((id): id is number => typeof id === 'number');
    return { enqueue: walk.toFetch(submitted).map((id) => item(id, 'thread', { walk: id })) };
  }
  if (page.request.label !== 'thread') return undefined;
  const id = typeof page.request.userData?.walk === 'number' ? page.request.userData.walk : Number(data?.id);
  const month = hiringThreadMonth(String(data?.title ?? ''));
  const missing = month === null ? walk.other(id) : walk.thread(id, month, walk.inRange(month) ? kidsOf(data).length : 0);
  const problems = missing.map(
    (m) => `no "Ask HN: Who is hiring?" thread for ${m} among whoishiring's submissions; that month has no postings from Hacker News`,
  );
  if (month === null || !walk.inRange(month)) return { problems };
  return { enqueue: kidsOf(data).map((kid) => item(kid, 'comment', { thread: id })), problems };
}

const kidsOf = (data: Item | null): unknown[] => (Array.isArray(data?.kids) ? data.kids : []);
