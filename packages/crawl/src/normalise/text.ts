import { decodeEntities, htmlToText } from '@skillpulse/core';
import { load } from 'cheerio';

/** Text of posting fields: entities decoded, whitespace collapsed; the helpers every field parser uses. */

/** Entities decoded (also when escaped twice, `&amp;nbsp;`), whitespace collapsed, trimmed. */
export function cleanText(value: string): string {
  let decoded = value;
  for (let pass = 0; pass < 3 && /&(#x?[0-9a-f]+|[a-z][a-z0-9]*);/i.test(decoded); pass++) {
    let next = decodeEntities(decoded);
    // Named entities beyond the common ones (&uuml;, &oslash;...): the HTML parser knows them all.
    if (/&[a-z][a-z0-9]*;/i.test(next)) next = load(next.replace(/</g, '&lt;'), null, false).text();
    if (next === decoded) break;
    decoded = next;
  }
  return decoded.replace(/[\s\u00a0]+/g, ' ').trim();
}

/** Plain text of an HTML (or plain) field: entities decoded however often they were escaped, trimmed. */
export function fieldText(value: string): string {
  let html = value;
  // Some sites escape the HTML a second time (&lt;p&gt;).
  if (!/<[a-z]/i.test(html) && /&lt;[a-z]/i.test(html)) html = decodeEntities(html);
  const plain = /<[a-z!/]/i.test(html) ? htmlToText(html).text : html;
  return plain
    .split('\n')
    .map((line) => cleanText(line))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Text of a structured-data value: a string, a number, the first of a list, or an object's name or value. */
export function textOf(value: unknown): string | null {
  if (typeof value === 'string') return cleanText(value) || null;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return textOf(value[0]);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return textOf(record.name ?? record.value ?? record['@value']);
  }
  return null;
}

/** A value that may be one or several, as a list. */
export function list<T>(value: T | T[] | undefined | null): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Distinct values, compared case- and space-insensitively, in their first order. */
export function distinct(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = value.toLowerCase().replace(/\s+/g, ' ');
    if (value === '' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
