import { type CheerioAPI, load } from 'cheerio';
import { parseLenientJson } from '../jobposting.js';
import type { FetchedPage, SourceRequest } from './source.js';

/**
 * The page a source's handler sees: the body as text, parsed on demand as JSON, HTML or XML (each
 * parse done once). `parsedHtml` is crawlee's own parse of an HTML page, reused.
 */
export function fetchedPage(
  request: SourceRequest,
  url: string,
  status: number,
  contentType: string,
  body: string,
  parsedHtml: CheerioAPI | undefined,
): FetchedPage {
  let htmlDoc = parsedHtml;
  let xmlDoc: CheerioAPI | undefined;
  return {
    request,
    url,
    status,
    contentType,
    body,
    seenAt: new Date().toISOString(),
    json: () => parseLenientJson(body.replace(/^\uFEFF/, '')),
    html: () => {
      // htmlparser2 (xml: { xmlMode: false }) is several times faster than cheerio's default parse5.
      htmlDoc ??= load(body, { xml: { xmlMode: false, decodeEntities: true } });
      return htmlDoc;
    },
    xml: () => {
      xmlDoc ??= load(body, { xmlMode: true });
      return xmlDoc;
    },
  };
}
