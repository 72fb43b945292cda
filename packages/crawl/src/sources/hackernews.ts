import { decodeEntities, htmlToText, type RemoteType, type Salary } from '@skillpulse/core';
import type { FetchedPage, PageResult, SourceAdapter } from '../engine.js';
import { postingFrom } from '../normalise.js';

export const HN_API_BASE = 'https://hacker-news.firebaseio.com/v0';

export interface HackerNewsConfig {
  /** Source name: the first part of every posting id (default `hn`). */
  name: string;
  /** How many of the latest monthly "Who is hiring?" threads to read (default 1). */
  months: number;
  /** Explicit thread ids instead of the latest ones (for backfills). */
  threads?: number[];
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
  /\b(engineer|developer|programmer|scientist|designer|manager|lead|architect|devops|sre|analyst|founding|cto|intern|head of|researcher|full[- ]?stack|front[- ]?end|back[- ]?end|product|data|ml|ai|qa|security|mobile|ios|android)\b/i;
const SALARY = /([$€£]\s?\d|\d\s?[kK]\b|\d{2,3},\d{3}|\b(salary|equity|USD|EUR|GBP)\b)/;
const URLISH = /^(https?:\/\/|www\.)|\.(com|io|ai|co|dev|org|net)(\/|$)/i;

function salaryOf(part: string): Salary | null {
  const currency = /€|EUR/i.test(part) ? 'EUR' : /£|GBP/i.test(part) ? 'GBP' : /\$|USD/i.test(part) ? 'USD' : null;
  const amounts = [...part.matchAll(/(\d+(?:[.,]\d+)?)\s*([kK])?/g)]
    .map((m) => Number((m[1] ?? '').replace(',', '')) * (m[2] ? 1000 : 1))
    .filter((n) => n >= 1000);
  if (amounts.length === 0) return null;
  return {
    min: Math.min(...amounts),
    max: Math.max(...amounts),
    currency,
    period: /hour|\/hr|\bph\b/i.test(part) ? 'hour' : 'year',
  };
}

/**
 * The pipe-delimited first line of a "Who is hiring?" post, by convention
 * `Company | Role | Location | REMOTE/ONSITE | Salary | URL`, in whatever order the poster chose.
 */
export function parseFirstLine(line: string): FirstLine {
  const result: FirstLine = { company: null, title: null, locations: [], remote: null, salary: null };
  if (!line.includes('|')) return result;
  const parts = line
    .split('|')
    .map((p) => p.trim())
    .filter(Boolean);
  result.company = parts[0]?.replace(/\s*\(.*?\)\s*$/, '').trim() || null;
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
    if (URLISH.test(part)) continue;
    if (SALARY.test(part) && result.salary === null) {
      result.salary = salaryOf(part);
      if (result.salary) continue;
    }
    if (ROLE.test(part) && result.title === null) {
      result.title = part;
      continue;
    }
    // What is left and is not only a work-mode word is a place ("Berlin, DE", "NYC or Remote (US)").
    const place = part
      .replace(/\b(remote|hybrid|on-?site|only|full[- ]time|part[- ]time|contract|visa)\b/gi, '')
      .replace(/[()/,;+&-]|\bor\b|\band\b/gi, ' ')
      .trim();
    if (place.length >= 2 && !SALARY.test(part)) result.locations.push(part);
  }
  return result;
}

/** Hacker News "Ask HN: Who is hiring?" threads through the HN Firebase API: each top-level comment is a posting. */
export function hackerNewsSource(config: HackerNewsConfig): SourceAdapter {
  const base = (config.apiBase ?? HN_API_BASE).replace(/\/$/, '');
  const item = (id: unknown, label: string) => ({ url: `${base}/item/${id}.json`, label });

  const handle = (page: FetchedPage): PageResult => {
    const data = page.json();
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
    if (record.deleted === true || record.dead === true || typeof record.text !== 'string') return {};
    const html = record.text;
    const firstLine = htmlToText(decodeEntities(html.split(/<p>/i)[0] ?? '')).text.trim();
    const parsed = parseFirstLine(firstLine);
    const time = typeof record.time === 'number' ? new Date(record.time * 1000).toISOString() : null;
    const posting = postingFrom({
      source: config.name,
      externalId: String(record.id),
      url: `https://news.ycombinator.com/item?id=${record.id}`,
      title: parsed.title ?? (parsed.company ? `Job at ${parsed.company}` : firstLine.slice(0, 120)),
      company: parsed.company,
      locations: parsed.locations,
      remote: parsed.remote,
      salary: parsed.salary,
      datePosted: time,
      descriptionHtml: html,
      seenAt: page.seenAt,
    });
    return posting ? { postings: [posting] } : { problems: [`comment ${record.id} has no text`] };
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
  };
}
