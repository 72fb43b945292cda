import type { StoredPosting } from '@skillpulse/core';
import { MAX_SEARCH_WINDOW, type PostingFilter } from '@skillpulse/store';
import type { Skill, Taxonomy } from '@skillpulse/taxonomy';
import type { CsvValue } from '../csv.js';
import { includedSkills, resolveSkills, selectSkills, toFilter } from '../query.js';
import { type Highlighted, MAX_POSTING_SKILLS, type PostingHit, type PostingsQuery, type PostingsReport } from '../schemas/index.js';
import { type ReportContext, stamp } from './common.js';

const SNIPPET_LENGTH = 320;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One regular expression per skill over its name and aliases, matched as whole words. */
const mentionPatterns = new WeakMap<Skill, RegExp>();
function mentionPattern(skill: Skill): RegExp {
  let pattern = mentionPatterns.get(skill);
  if (!pattern) {
    const forms = [...new Set([skill.name, ...skill.aliases])].filter((f) => f.trim() !== '').sort((a, b) => b.length - a.length);
    pattern = new RegExp(
      `(?<![\\p{L}\\p{N}])(?:${forms.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}+#])`,
      skill.caseSensitive ? 'gu' : 'giu',
    );
    mentionPatterns.set(skill, pattern);
  }
  return pattern;
}

function toHtml(text: string, marks: Highlighted['marks']): string {
  let html = '';
  let at = 0;
  for (const mark of marks) {
    html += `${escapeHtml(text.slice(at, mark.start))}<mark data-skill="${escapeHtml(mark.skillId)}">${escapeHtml(text.slice(mark.start, mark.end))}</mark>`;
    at = mark.end;
  }
  return html + escapeHtml(text.slice(at));
}

/** Marks the mentions of the given skills; with `maxLength`, keeps the stretch around the first of them. */
export function highlight(text: string, skills: readonly Skill[], maxLength = Number.POSITIVE_INFINITY): Highlighted {
  const found: Highlighted['marks'] = [];
  for (const skill of skills) {
    for (const match of text.matchAll(mentionPattern(skill)))
      found.push({ start: match.index, end: match.index + match[0].length, skillId: skill.id });
  }
  // Longest first at the same start, then drop overlaps.
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const marks: Highlighted['marks'] = [];
  for (const mark of found) if (mark.start >= (marks[marks.length - 1]?.end ?? 0)) marks.push(mark);
  let start = 0;
  let end = text.length;
  if (text.length > maxLength) {
    start = Math.max(0, (marks[0]?.start ?? 0) - Math.floor(maxLength / 4));
    start = start === 0 ? 0 : text.indexOf(' ', start) + 1 || start;
    end = Math.min(text.length, start + maxLength);
    const space = text.lastIndexOf(' ', end);
    if (end < text.length && space > start) end = space;
  }
  const prefix = start > 0 ? '… ' : '';
  const slice = prefix + text.slice(start, end) + (end < text.length ? ' …' : '');
  const shift = prefix.length - start;
  const kept = marks.filter((m) => m.start >= start && m.end <= end).map((m) => ({ ...m, start: m.start + shift, end: m.end + shift }));
  return { text: slice, marks: kept, html: toHtml(slice, kept) };
}

function hit(posting: StoredPosting, taxonomy: Taxonomy): PostingHit {
  const skills = posting.skills.map((s) => taxonomy.byId.get(s.skillId)).filter((s): s is Skill => s !== undefined);
  return {
    id: posting.id,
    url: posting.url,
    title: highlight(posting.title, skills),
    company: posting.company,
    locations: posting.locations,
    country: posting.country,
    remote: posting.remote,
    seniority: posting.seniority,
    source: posting.source,
    datePosted: posting.datePosted,
    dateInferred: posting.dateInferred,
    expired: posting.expired,
    skills: posting.skills.map((s) => ({ skillId: s.skillId, name: taxonomy.byId.get(s.skillId)?.name ?? s.skillId, level: s.level })),
    snippet: highlight(posting.descriptionText, skills, SNIPPET_LENGTH),
  };
}

function selections(context: ReportContext, query: PostingsQuery) {
  if (query.skills === undefined) return [];
  return selectSkills(resolveSkills(query.skills, context.taxonomy, MAX_POSTING_SKILLS), context.taxonomy, query.includeDescendants);
}

function searchFilter(context: ReportContext, query: PostingsQuery): PostingFilter {
  const filter = toFilter(query, context.taxonomy, context.roles);
  if (query.skills !== undefined) {
    // Every skill is required; with descendants, any one of a skill's group will do.
    const selected = selections(context, query);
    filter.hasSkills = selected.filter((s) => s.ids.length === 1).map((s) => s.skill.id);
    const groups = selected.filter((s) => s.ids.length > 1).map((s) => s.ids);
    if (groups.length > 0) filter.skillGroups = groups;
  }
  // A category narrows postings to those asking for one of its skills.
  if (query.category !== undefined) filter.anySkills = filter.skillIds;
  return filter;
}

/** Unique postings matching text and filters, newest first, one page, with the skill mentions marked. */
export async function postingsReport(context: ReportContext, query: PostingsQuery): Promise<PostingsReport> {
  const filter = searchFilter(context, query);
  const page = query.page ?? 1;
  const pageSize = query.page_size ?? 20;
  const result = await context.store.searchPostings({ filter, text: query.q, page, pageSize });
  // The stamp names the page size pageSize, as the answer does.
  const { page_size: _pageSize, ...rest } = query;
  return {
    stamp: await stamp(context, { report: 'postings', ...rest, page, pageSize }),
    total: result.total,
    page,
    pageSize,
    ...(query.includeDescendants && query.skills !== undefined
      ? {
          skills: selections(context, query).map((s) => ({
            skillId: s.skill.id,
            name: s.skill.name,
            ...includedSkills(s, context.taxonomy, true),
          })),
        }
      : {}),
    postings: result.postings.map((p) => hit(p, context.taxonomy)),
  };
}

export const POSTINGS_CSV_COLUMNS = [
  'id',
  'date_posted',
  'date_inferred',
  'title',
  'company',
  'locations',
  'country',
  'remote',
  'seniority',
  'employment_type',
  'salary_min',
  'salary_max',
  'salary_currency',
  'salary_period',
  'source',
  'url',
  'skills',
  'first_seen',
  'last_seen',
  'expired',
];

const postingCsv = (p: StoredPosting): CsvValue[] => [
  p.id,
  p.datePosted,
  p.dateInferred,
  p.title,
  p.company,
  p.locations.join('; '),
  p.country,
  p.remote,
  p.seniority,
  p.employmentType,
  p.salary?.min,
  p.salary?.max,
  p.salary?.currency,
  p.salary?.period,
  p.source,
  p.url,
  p.skills.map((s) => s.skillId).join('; '),
  p.firstSeen,
  p.lastSeen,
  p.expired,
];

/**
 * Every matching unique posting as CSV rows, not one page: streamed from the store, so memory
 * stays flat however many there are. A text search is capped at the search window (10,000).
 */
export function postingsCsvRows(context: ReportContext, query: PostingsQuery): AsyncGenerator<CsvValue[]> {
  // Not a generator itself: a bad date, skill or category throws here, before the answer starts,
  // not at the first row, after a 200 has gone out.
  return postingRows(context, searchFilter(context, query), query.q);
}

async function* postingRows(context: ReportContext, filter: PostingFilter, text: string | undefined): AsyncGenerator<CsvValue[]> {
  if (!text) {
    for await (const posting of context.store.iteratePostings(filter)) if (posting.canonicalId === null) yield postingCsv(posting);
    return;
  }
  const pageSize = 200;
  for (let page = 1; page * pageSize <= MAX_SEARCH_WINDOW; page++) {
    const result = await context.store.searchPostings({ filter, text, page, pageSize });
    for (const posting of result.postings) yield postingCsv(posting);
    if (page * pageSize >= result.total) return;
  }
}
