import type { CheerioAPI } from 'cheerio';

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

/** JobPostings from JSON-LD blocks, then microdata and RDFa when no JSON-LD posting was found. */
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
      if (isJobPostingType(node.attr('itemtype'))) postings.push(readScope($, node, MICRODATA));
    });
    $('[typeof]').each((_, element) => {
      const node = $(element);
      const types = (node.attr('typeof') ?? '').split(/\s+/);
      if (types.some((t) => isJobPostingType(t))) postings.push(readScope($, node, RDFA));
    });
  }
  return { postings, problems };
}

/** How a markup names properties and nested items: microdata (itemprop/itemscope) or RDFa (property/typeof). */
interface ScopeSyntax {
  property: string;
  scope: string;
}
const MICRODATA: ScopeSyntax = { property: 'itemprop', scope: '[itemscope]' };
const RDFA: ScopeSyntax = { property: 'property', scope: '[typeof]' };

// biome-ignore lint/suspicious/noExplicitAny: cheerio's element wrapper type differs between its copies
function readScope($: CheerioAPI, scope: any, syntax: ScopeSyntax): JobPostingData {
  const data: JobPostingData = {};
  // Properties of this scope only: not those of a nested item.
  scope.find(`[${syntax.property}]`).each((_: number, element: unknown) => {
    const node = $(element as never);
    const owner = node.parent().closest(syntax.scope);
    if (owner.get(0) !== scope.get(0)) return;
    // RDFa may prefix the vocabulary (schema:title); the local name is what counts.
    const name = node
      .attr(syntax.property)
      ?.split(/\s+/)[0]
      ?.replace(/^.*[:/#]/, '');
    if (!name) return;
    let value: unknown;
    if (node.is(syntax.scope)) value = readScope($, node, syntax);
    else if (name === 'description') value = node.html() ?? '';
    else value = node.attr('content') ?? node.attr('datetime') ?? node.attr('href') ?? node.attr('resource') ?? node.text().trim();
    data[name] = value;
  });
  data['@type'] = 'JobPosting';
  return data;
}
