import type { CheerioAPI } from '@crawlee/cheerio';

/** A schema.org JobPosting as found on a page, with field values as strings or nested records. */
export type JobPostingData = Record<string, unknown>;

function isJobPostingType(type: unknown): boolean {
  const types = Array.isArray(type) ? type : [type];
  return types.some((t) => typeof t === 'string' && /(^|[/#:])JobPosting$/.test(t));
}

/** Walks JSON-LD (objects, arrays, `@graph` wrappers) and collects every JobPosting. */
function collectJobPostings(node: unknown, found: JobPostingData[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collectJobPostings(item, found);
  } else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (isJobPostingType(record['@type'])) found.push(record);
    else if (record['@graph']) collectJobPostings(record['@graph'], found);
  }
}

/** JSON as sites write it: raw newlines inside strings and trailing commas are repaired. */
export function parseLenientJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const repaired = text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: raw control characters are what breaks sites' JSON
      .replace(/[\u0000-\u001f]+/g, ' ')
      .replace(/,\s*([}\]])/g, '$1')
      .trim();
    return JSON.parse(repaired);
  }
}

export interface StructuredDataResult {
  postings: JobPostingData[];
  /** Problems met on the way (a broken JSON-LD block), reported but not fatal. */
  problems: string[];
}

/** JobPostings from JSON-LD blocks, then microdata when no JSON-LD posting was found. */
export function extractJobPostings($: CheerioAPI): StructuredDataResult {
  const postings: JobPostingData[] = [];
  const problems: string[] = [];
  $('script[type="application/ld+json"]').each((_, element) => {
    const text = $(element).text().trim();
    if (text === '') return;
    try {
      collectJobPostings(parseLenientJson(text), postings);
    } catch (error) {
      problems.push(`invalid JSON-LD: ${(error as Error).message}`);
    }
  });
  if (postings.length === 0) {
    $('[itemscope][itemtype]').each((_, element) => {
      const node = $(element);
      if (isJobPostingType(node.attr('itemtype'))) postings.push(readMicrodata($, node));
    });
  }
  return { postings, problems };
}

// biome-ignore lint/suspicious/noExplicitAny: cheerio's element wrapper type differs between its copies
function readMicrodata($: CheerioAPI, scope: any): JobPostingData {
  const data: JobPostingData = {};
  // Properties of this scope only: not those of a nested itemscope.
  scope.find('[itemprop]').each((_: number, element: unknown) => {
    const node = $(element as never);
    const owner = node.parent().closest('[itemscope]');
    if (owner.get(0) !== scope.get(0)) return;
    const name = node.attr('itemprop');
    if (!name) return;
    let value: unknown;
    if (node.is('[itemscope]')) value = readMicrodata($, node);
    else if (name === 'description') value = node.html() ?? '';
    else value = node.attr('content') ?? node.attr('datetime') ?? node.attr('href') ?? node.text().trim();
    data[name] = value;
  });
  data['@type'] = 'JobPosting';
  return data;
}
