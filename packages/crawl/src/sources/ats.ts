import type { NormalisedPosting, RemoteType, Salary } from '@skillpulse/core';
import type { FetchedPage, ListingInfo, PageResult, SourceAdapter, SourceRequest } from '../engine.js';
import { postingFrom, type RawPosting } from '../normalise.js';
import { isoCurrency, normaliseSalary, salaryFromAshby, salaryFromGreenhouse, salaryFromLever } from '../salary.js';

export const ATS_KINDS = ['greenhouse', 'lever', 'ashby', 'workable', 'smartrecruiters', 'recruitee'] as const;
export type AtsKind = (typeof ATS_KINDS)[number];

/** The public API host of each ATS; tests point `apiBase` at recorded responses on loopback. */
export const ATS_API_BASES: Record<AtsKind, string> = {
  greenhouse: 'https://boards-api.greenhouse.io',
  lever: 'https://api.lever.co',
  ashby: 'https://api.ashbyhq.com',
  workable: 'https://apply.workable.com',
  smartrecruiters: 'https://api.smartrecruiters.com',
  recruitee: 'https://{board}.recruitee.com',
};

export interface AtsConfig {
  kind: AtsKind;
  /** Source name: the first part of every posting id (default `<kind>-<board>`). */
  name: string;
  /** The board token / site / account / company id, as in the board's public URL. */
  board: string;
  /** Company name for postings whose API does not give one. */
  company?: string;
  apiBase?: string;
}

type Json = Record<string, unknown>;

const LEVER_PAGE = 100;
const SMARTRECRUITERS_PAGE = 100;

const str = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const objects = (value: unknown): Json[] =>
  Array.isArray(value) ? value.filter((v): v is Json => typeof v === 'object' && v !== null) : [];
const obj = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});

function period(value: unknown): Salary['period'] {
  const text = String(value ?? '').toLowerCase();
  if (/hour/.test(text)) return 'hour';
  if (/day|daily/.test(text)) return 'day';
  if (/week/.test(text)) return 'week';
  if (/month/.test(text)) return 'month';
  if (/year|annual/.test(text)) return 'year';
  return null;
}

function workplace(value: unknown): RemoteType | null {
  const text = String(value ?? '').toLowerCase();
  if (/remote/.test(text)) return 'remote';
  if (/hybrid/.test(text)) return 'hybrid';
  if (/on-?site|office/.test(text)) return 'onsite';
  return null;
}

/** The page as JSON; a page that is not JSON (a wrong apiBase serving HTML) says what it was instead. */
function json(page: FetchedPage): unknown {
  try {
    return page.json();
  } catch {
    const start = page.body.trim().slice(0, 40).replace(/\s+/g, ' ');
    throw new Error(`expected JSON, got ${page.contentType || 'a response without content type'} starting "${start}"`);
  }
}

/** Job boards of applicant tracking systems, read through their public JSON APIs. */
export function atsSource(config: AtsConfig): SourceAdapter {
  const base = (config.apiBase ?? ATS_API_BASES[config.kind]).replace('{board}', encodeURIComponent(config.board)).replace(/\/$/, '');
  const board = encodeURIComponent(config.board);
  const keep = (raws: Array<Omit<RawPosting, 'source' | 'seenAt'>>, page: FetchedPage): PageResult => {
    const postings: NormalisedPosting[] = [];
    const problems: string[] = [];
    for (const raw of raws) {
      const posting = postingFrom({
        ...raw,
        company: raw.company ?? config.company ?? null,
        source: config.name,
        seenAt: page.seenAt,
        pageUrl: page.url,
        problems,
      });
      if (posting) postings.push(posting);
      else problems.push(`posting ${raw.externalId ?? raw.url} has no title or no description`);
    }
    return { postings, problems };
  };
  // A wrong board name or API base is the usual cause of a listing that is not there.
  const listing: ListingInfo = {
    what: `${config.kind} board "${config.board}"`,
    hint: `check source.board in the job file (the name in the board's public URL)${config.apiBase ? ' and source.apiBase' : ''}`,
  };
  const list = (page: FetchedPage, field: string | null): Json[] => {
    const data = json(page);
    const items = field === null ? data : obj(data)[field];
    if (!Array.isArray(items)) throw new Error(`expected ${field === null ? 'a JSON array' : `a "${field}" array`} in the response`);
    return objects(items);
  };

  const readers: Record<AtsKind, { start: string; handle: (page: FetchedPage) => PageResult }> = {
    greenhouse: {
      // `pay_transparency=true` adds each job's `pay_input_ranges`, which the listing leaves out otherwise.
      start: `${base}/v1/boards/${board}/jobs?content=true&pay_transparency=true`,
      handle: (page) =>
        keep(
          list(page, 'jobs').map((job) => ({
            externalId: String(job.id ?? ''),
            url: str(job.absolute_url) ?? `${base}/v1/boards/${board}/jobs/${job.id}`,
            title: str(job.title) ?? '',
            company: str(job.company_name),
            locations: [str(obj(job.location).name)].filter((l): l is string => l !== null),
            // Greenhouse escapes the HTML of `content` (&lt;p&gt;); postingFrom unescapes it.
            descriptionHtml: str(job.content),
            // Pay ranges (pay zones), else a currency-range custom field named like pay (docs/pay.md).
            salary: salaryFromGreenhouse(job),
            datePosted: job.first_published ?? job.updated_at,
          })),
          page,
        ),
    },
    lever: {
      start: `${base}/v0/postings/${board}?mode=json&skip=0&limit=${LEVER_PAGE}`,
      handle: (page) => {
        const jobs = list(page, null);
        const result = keep(
          jobs.map((job) => {
            const categories = obj(job.categories);
            // Requirements live in `lists`: the description is opening + body + lists + closing.
            const lists = objects(job.lists).map((l) => `<h3>${str(l.text) ?? ''}</h3><ul>${str(l.content) ?? ''}</ul>`);
            return {
              externalId: str(job.id),
              url: str(job.hostedUrl) ?? `${base}/v0/postings/${board}/${job.id}`,
              title: str(job.text) ?? '',
              company: null,
              locations: [str(categories.location)].filter((l): l is string => l !== null),
              country: str(job.country),
              remote: workplace(job.workplaceType),
              employmentType: str(categories.commitment),
              salary: salaryFromLever(job.salaryRange),
              descriptionHtml: [str(job.opening), str(job.descriptionBody) ?? str(job.description), ...lists, str(job.additional)]
                .filter(Boolean)
                .join('\n'),
              // Boards that serve only the plain-text fields.
              descriptionText: [str(job.openingPlain), str(job.descriptionBodyPlain) ?? str(job.descriptionPlain), str(job.additionalPlain)]
                .filter(Boolean)
                .join('\n'),
              datePosted: num(job.createdAt) !== null ? new Date(job.createdAt as number).toISOString() : null,
            };
          }),
          page,
        );
        if (jobs.length === LEVER_PAGE) {
          const skip = Number(new URL(page.request.url).searchParams.get('skip') ?? 0) + LEVER_PAGE;
          result.enqueue = [{ url: `${base}/v0/postings/${board}?mode=json&skip=${skip}&limit=${LEVER_PAGE}`, label: 'list', listing }];
        }
        return result;
      },
    },
    ashby: {
      start: `${base}/posting-api/job-board/${board}?includeCompensation=true`,
      handle: (page) =>
        keep(
          list(page, 'jobs')
            .filter((job) => job.isListed !== false)
            .map((job) => ({
              externalId: str(job.id),
              url: str(job.jobUrl) ?? `${base}/posting-api/job-board/${board}/${job.id}`,
              title: str(job.title) ?? '',
              company: null,
              locations: [str(job.location)].filter((l): l is string => l !== null),
              country: str(obj(obj(job.address).postalAddress).addressCountry),
              remote: job.isRemote === true ? 'remote' : workplace(job.workplaceType),
              employmentType: str(job.employmentType),
              salary: salaryFromAshby(job.compensation),
              descriptionHtml: str(job.descriptionHtml),
              descriptionText: str(job.descriptionHtml) === null ? str(job.descriptionPlain) : null,
              datePosted: job.publishedAt,
            })),
          page,
        ),
    },
    workable: {
      start: `${base}/api/v1/widget/accounts/${board}?details=true`,
      handle: (page) =>
        keep(
          list(page, 'jobs').map((job) => ({
            externalId: str(job.shortcode),
            url: str(job.url) ?? str(job.application_url) ?? `${base}/${board}/j/${job.shortcode}`,
            title: str(job.title) ?? '',
            company: str(obj(page.json()).name),
            locations: [[str(job.city), str(job.state)].filter(Boolean).join(', ')].filter((l) => l !== ''),
            country: str(job.country),
            remote: job.telecommuting === true ? 'remote' : null,
            employmentType: str(job.employment_type),
            descriptionHtml: str(job.description),
            datePosted: job.published_on ?? job.created_at,
          })),
          page,
        ),
    },
    smartrecruiters: {
      start: `${base}/v1/companies/${board}/postings?limit=${SMARTRECRUITERS_PAGE}&offset=0`,
      handle: (page) => {
        // The list has no descriptions: each posting's detail has them (label "detail").
        if (page.request.label === 'detail') {
          const job = obj(page.json());
          const location = obj(job.location);
          const sections = obj(obj(job.jobAd).sections);
          const html = Object.values(sections)
            .map((section) => `<h3>${str(obj(section).title) ?? ''}</h3>${str(obj(section).text) ?? ''}`)
            .join('\n');
          return keep(
            [
              {
                externalId: str(job.id),
                url: str(job.postingUrl) ?? str(job.applyUrl) ?? page.url,
                title: str(job.name) ?? '',
                company: str(obj(job.company).name),
                locations: [str(location.city)].filter((l): l is string => l !== null),
                country: str(location.country)?.toUpperCase() ?? null,
                remote: location.remote === true ? 'remote' : null,
                employmentType: str(obj(job.typeOfEmployment).label),
                descriptionHtml: html,
                datePosted: job.releasedDate,
              },
            ],
            page,
          );
        }
        const data = obj(json(page));
        if (!Array.isArray(data.content)) throw new Error('expected a "content" array in the response');
        const items = objects(data.content);
        const offset = Number(new URL(page.request.url).searchParams.get('offset') ?? 0);
        const enqueue: SourceRequest[] = items.map((job) => ({ url: `${base}/v1/companies/${board}/postings/${job.id}`, label: 'detail' }));
        if (offset + items.length < (num(data.totalFound) ?? 0) && items.length > 0) {
          enqueue.push({
            url: `${base}/v1/companies/${board}/postings?limit=${SMARTRECRUITERS_PAGE}&offset=${offset + items.length}`,
            label: 'list',
            listing,
          });
        }
        return { enqueue };
      },
    },
    recruitee: {
      start: `${base}/api/offers/`,
      handle: (page) =>
        keep(
          list(page, 'offers').map((offer) => {
            const salary = obj(offer.salary);
            return {
              externalId: String(offer.id ?? offer.slug ?? ''),
              url: str(offer.careers_url) ?? `${base}/o/${offer.slug}`,
              title: str(offer.title) ?? '',
              company: str(offer.company_name),
              locations: [str(offer.city)].filter((l): l is string => l !== null),
              country: str(offer.country_code),
              remote: offer.remote === true ? 'remote' : offer.hybrid === true ? 'hybrid' : offer.on_site === true ? 'onsite' : null,
              employmentType: str(offer.employment_type_code),
              salary: normaliseSalary({
                min: Number(salary.min) || null,
                max: Number(salary.max) || null,
                currency: isoCurrency(salary.currency),
                period: period(salary.period),
              }),
              descriptionHtml: [str(offer.description), str(offer.requirements)].filter(Boolean).join('\n'),
              datePosted: str(offer.published_at)?.replace(' UTC', 'Z').replace(' ', 'T'),
            };
          }),
          page,
        ),
    },
  };
  const reader = readers[config.kind];
  return {
    name: config.name,
    snapshot: true,
    startRequests: () => [{ url: reader.start, label: 'list', listing }],
    handle: reader.handle,
  };
}
