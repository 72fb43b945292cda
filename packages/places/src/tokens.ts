/**
 * Splitting a location string into segments ("Toronto, ON / Remote (Canada)" → two) and
 * tokens ("Toronto", "ON"), with remote and workplace words, postcodes and filler removed.
 */

const SEGMENT_SPLIT = /\s*(?:\/|;|\||•|·|\n|\s+or\s+)\s*/i;
const REMOTE =
  /\b(?:remote|anywhere|worldwide|globally|global|work\s+from\s+home|wfh|distributed|telecommute|home[- ]based|home\s*office)\b/gi;
const ANYWHERE = /\b(?:anywhere|worldwide|globally|global)\b/i;
const MULTIPLE = /\b(?:multiple|various|several|many)\s+(?:locations?|cities|offices|sites)\b/gi;
const FILLER =
  /\b(?:fully|100%|hybrid|on[- ]?site|in[- ]office|office|offices|hq|headquarters|relocation|time\s*zones?|timezones?|hours|based|only|preferred|friendly|first|flexible)\b/gi;
const TOKEN_SPLIT = /[,()[\]:]|\s+[-–—]+\s*|\s*[-–—]+\s+|^[-–—]+|[-–—]+$/;
const POSTCODE = /\b(?:\d[\d-]{2,}\d|[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d)\b/g;
/** Workday style "US-CA-Mountain View" or "DEU-Berlin": country code, optional region code, place. */
const WORKDAY = /^([A-Z]{2,3})-(?:([A-Z0-9]{1,3})-)?([^\s-].*)$/;

export interface Segment {
  remote: boolean;
  anywhere: boolean;
  multiple: boolean;
  tokens: string[];
}

/** `isCountryCode` decides whether "US-CA-Mountain View" is Workday style (it is when "US" is a country code). */
export function segments(raw: string, isCountryCode: (code: string) => boolean): Segment[] {
  return raw
    .normalize('NFKC')
    .split(SEGMENT_SPLIT)
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => segment(part, isCountryCode));
}

function segment(text: string, isCountryCode: (code: string) => boolean): Segment {
  const workday = WORKDAY.exec(text);
  let body = text;
  if (workday !== null && isCountryCode(workday[1]!)) {
    body = [workday[3], workday[2], workday[1]].filter((part) => part !== undefined).join(', ');
  }
  const remote = new RegExp(REMOTE.source, 'i').test(body);
  const anywhere = ANYWHERE.test(body);
  const multiple = new RegExp(MULTIPLE.source, 'i').test(body);
  body = body.replace(MULTIPLE, ',').replace(REMOTE, ',').replace(FILLER, ',');
  const tokens: string[] = [];
  for (const part of body.split(TOKEN_SPLIT)) {
    const token = cleanToken(part ?? '');
    if (token.length === 0) continue;
    // "San Francisco CA" written without a comma: split a trailing upper-case code off.
    const trailing = /^(.*\p{L}.*)\s+([A-Z]{2})$/u.exec(token);
    if (trailing !== null) tokens.push(trailing[1]!.trim(), trailing[2]!);
    else tokens.push(token);
  }
  return { remote, anywhere, multiple, tokens };
}

function cleanToken(part: string): string {
  return part
    .replace(POSTCODE, ' ')
    .replace(/^\s*(?:in|near|around)\s+/i, '')
    .replace(/[.\s]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** "Greater Boston Area" → "Boston": what is left to look up once a token is not a metro name. */
export function stripArea(token: string): string {
  return token
    .replace(/^greater\s+/i, '')
    .replace(/\s+(?:metropolitan|metro)?\s*(?:area|region)$/i, '')
    .replace(/\s+(?:metropolitan|metro)$/i, '')
    .trim();
}
