import type { TextDocument } from '@skillpulse/core';

export type RequirementLevel = 'required' | 'preferred' | 'mentioned';

/**
 * What part of a posting a sentence belongs to. Skills named only in `about-company` or
 * `benefits` text are not demand: they are kept as mentions but not counted.
 */
export type SectionKind = 'requirements' | 'responsibilities' | 'nice-to-have' | 'about-company' | 'benefits' | 'other';

/** Section kinds whose mentions do not count towards a posting's skill set. */
export const UNCOUNTED_SECTIONS: ReadonlySet<SectionKind> = new Set(['about-company', 'benefits']);

export interface Sentence {
  start: number;
  end: number;
  section: string | null;
  sectionLevel: RequirementLevel | null;
  /** The kind its heading (or a heading-like line) gives it; null where none does. */
  headingKind: SectionKind | null;
}

const PREFERRED_HEADING =
  /\b(nice|bonus|preferred|plus|desirable|good to have|ideal(ly)?|optional|extra credit|would be great|extra points)\b/i;
const REQUIRED_HEADING =
  /\b(require\w*|must|qualifications?|what you('ll| will)? (need|bring)|you (have|bring)|essential|skills|experience|about you|who you are|we('re| are) looking for|who we('re| are) looking for|expect\w*|tech stack|stack|technologies)\b/i;
const BENEFITS_HEADING =
  /\b(benefits?|perks?|we offer|our offer|what('s| is) in it for you|compensation|why (join|work)|what you('ll| will) get|salary)\b/i;
const COMPANY_HEADING =
  /\b(about (us|the (company|team|business)|our (company|team)|<organization>)|company description|who we are|our (company|story|mission|culture|values)|industry|company (size|type)|what (do )?we do|the company|culture)\b/i;
const RESPONSIBILITIES_HEADING =
  /\b(responsibilit\w*|what you('ll| will) (do|be doing)|your (role|tasks?|mission|job|day)|the role|role description|duties|day[- ]to[- ]day|tasks)\b/i;
/** A neutral heading: it ends the section before it without starting a kind of its own. */
const NEUTRAL_HEADING = /^(job description|description|overview|summary|the job|position|job)$/i;
/** Posting metadata ("Industry:", "Company size:"): a heading that governs only the value line after it. */
const FIELD_HEADING = /^(industry|company size|company type|sector|location options|job type|experience level|role|date posted)$/i;
const FIELD_LINE = /^\s*(industry|company size|company type|sector)\s*:\s*\S/i;
const HEADING_LINE = /^\s*(#{1,6}\s+\S.*|[^.!?]{2,80}:\s*)$/;
const ABBREVIATIONS = /\b(e\.g|i\.e|etc|vs|incl|approx|min|max|no|Sr|Jr|Dr|Mr|Ms|Inc|Ltd|Co)\.$/i;

function headingLevel(heading: string): RequirementLevel | null {
  if (PREFERRED_HEADING.test(heading)) return 'preferred';
  if (REQUIRED_HEADING.test(heading)) return 'required';
  return null;
}

const KIND_HEADINGS: ReadonlyArray<[RegExp, SectionKind]> = [
  [/\blooking for\b/i, 'requirements'],
  [BENEFITS_HEADING, 'benefits'],
  [COMPANY_HEADING, 'about-company'],
  [PREFERRED_HEADING, 'nice-to-have'],
  [RESPONSIBILITIES_HEADING, 'responsibilities'],
  [REQUIRED_HEADING, 'requirements'],
];

/** The kind of section a heading starts, or null (neutral, or not a section heading). */
export function headingKind(heading: string): SectionKind | null {
  for (const [pattern, kind] of KIND_HEADINGS) if (pattern.test(heading)) return kind;
  return null;
}

/** A heading line in plain text: "## Skills", or a short line ending in a colon with no sentence in it. */
function isHeadingLine(text: string, start: number, end: number): boolean {
  while (end > start && text.charCodeAt(end - 1) <= 32) end--;
  while (start < end && text.charCodeAt(start) <= 32) start++;
  if (end - start < 2) return false;
  if (text.charCodeAt(start) === 35 /* # */) return HEADING_LINE.test(text.slice(start, end));
  return text.charCodeAt(end - 1) === 58 /* : */ && end - start <= 82 && HEADING_LINE.test(text.slice(start, end));
}

/**
 * A heading without colon or markup, as headingless text writes it ("Responsibilities", "About us",
 * "What we offer", "Job description"): a line of at most six words, no full stop, naming a section and no skill (a line naming a
 * skill, "Package management", is a list item).
 */
function bareHeading(line: string): string | null {
  const trimmed = line.replace(/^[\s#*•·-]+|[\s:!]+$/g, '');
  if (trimmed.length < 4 || trimmed.length > 40 || /[.,;]$/.test(trimmed)) return null;
  if (trimmed.split(/\s+/).length > 6) return null;
  return NEUTRAL_HEADING.test(trimmed) || headingKind(trimmed) !== null ? trimmed : null;
}

/**
 * Splits text into sentences (within lines; list items are lines) and tags each with its section.
 * Only lines holding a mention (`wanted` offsets, ascending) are split: the others matter only
 * as headings, and splitting them would be wasted work.
 */
export function splitSentences(doc: TextDocument, wanted?: readonly number[]): Sentence[] {
  const { text, headings } = doc;
  const sentences: Sentence[] = [];
  let section: string | null = null;
  let sectionLevel: RequirementLevel | null = null;
  let kind: SectionKind | null = null;
  // A metadata field heading governs one value line; then the section before it resumes.
  let fieldLines = 0;
  let resume: SectionKind | null = null;
  let headingIndex = 0;
  let wantedIndex = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    while (headingIndex < headings.length && (headings[headingIndex]?.[1] ?? 0) <= lineStart) headingIndex++;
    const heading = headings[headingIndex];
    const marked = (heading !== undefined && heading[0] <= lineStart && heading[1] >= lineEnd) || isHeadingLine(text, lineStart, lineEnd);
    let holdsMention = wanted === undefined;
    if (wanted) {
      while (wantedIndex < wanted.length && (wanted[wantedIndex] ?? 0) < lineStart) wantedIndex++;
      holdsMention = wantedIndex < wanted.length && (wanted[wantedIndex] ?? 0) < lineEnd;
    }
    const bare = marked || lineEnd - lineStart > 48 || (wanted && holdsMention) ? null : bareHeading(text.slice(lineStart, lineEnd));
    if (marked || bare !== null) {
      const title = bare ?? text.slice(lineStart, lineEnd).replace(/^[\s#]+|[\s:]+$/g, '');
      const titleKind = headingKind(title);
      if (FIELD_HEADING.test(title)) {
        if (fieldLines === 0) resume = kind;
        fieldLines = 1;
        kind = titleKind === 'about-company' ? titleKind : null;
      } else {
        fieldLines = 0;
        section = title;
        // A bare line sets the level only when it is plainly a requirements heading.
        sectionLevel = marked || titleKind === 'requirements' || titleKind === 'nice-to-have' ? headingLevel(title) : null;
        kind = titleKind;
      }
      sentences.push({ start: lineStart, end: lineEnd, section: title, sectionLevel: null, headingKind: kind });
    } else {
      const lineKind = FIELD_LINE.test(text.slice(lineStart, Math.min(lineEnd, lineStart + 40))) ? 'about-company' : kind;
      if (holdsMention && lineEnd > lineStart) {
        const line = text.slice(lineStart, lineEnd);
        let start = lineStart;
        const boundary = /[.!?;]+(?=\s+\S)/g;
        for (let m = boundary.exec(line); m !== null; m = boundary.exec(line)) {
          const end = lineStart + m.index + m[0].length;
          if (ABBREVIATIONS.test(text.slice(Math.max(start, end - 8), end))) continue;
          sentences.push({ start, end, section, sectionLevel, headingKind: lineKind });
          start = end;
        }
        sentences.push({ start, end: lineEnd, section, sectionLevel, headingKind: lineKind });
      }
      if (fieldLines > 0 && lineEnd > lineStart && --fieldLines === 0) kind = resume;
    }
    lineStart = lineEnd + 1;
  }
  return sentences;
}

const BENEFITS_CUE =
  /\b(we offer|we provide (you|our employees)|(employee |great |our )?benefits|perks|competitive (salary|pay|compensation)|health (insurance|care)|pension|paid (time off|vacation|holidays?)|vacation days|stock options|free (lunch|breakfast|snacks|fruit|coffee)|(training|learning|conference) budget)\b/i;
/** A sentence that says what the company is or does, not what the candidate will do or know. */
const COMPANY_CUE =
  /^[\s\-•*·]*(?:(?:the\s+)?(?:<organization>\s*)+|the company|our (?:company|mission|products?|platform|clients|customers|solutions?)|founded|we(?:'re| are) (?:a|an|the|one of)\b|we (?:build|provide|develop|offer|serve|help|deliver|create|power|operate|specialise|specialize)s?\b)/i;
/** Words of the candidate's side: a sentence with them is about the job, whatever its subject. */
const JOB_CUE = /\b(you|your|candidate|looking for|seeking|hiring|join|require\w*|experience|role|position|responsib\w*|must|should)\b/i;

const ASKS_CANDIDATE =
  /\b(you will|you'll|you have|you bring|you need|your (role|tasks?|responsibilit\w*|experience|skills|knowledge)|candidate|we('re| are) looking for|looking for (someone|a|an)|required|requirements?|must have|experience (with|in)|knowledge of)\b/i;

/** The kind of one sentence: its heading's, else a cue in the sentence itself, else by its level. */
export function sentenceKind(sentenceText: string, headingKind: SectionKind | null, level: RequirementLevel): SectionKind {
  if (headingKind === 'benefits') return headingKind;
  // Under "About us", a sentence that addresses the candidate is about the job.
  if (headingKind === 'about-company')
    return ASKS_CANDIDATE.test(sentenceText) ? (level === 'preferred' ? 'nice-to-have' : 'requirements') : headingKind;
  if (headingKind === null || headingKind === 'other') {
    if (BENEFITS_CUE.test(sentenceText) && !/\b(experience|knowledge) (of|with|in)\b/i.test(sentenceText)) return 'benefits';
    if (COMPANY_CUE.test(sentenceText) && !JOB_CUE.test(sentenceText)) return 'about-company';
  }
  if (level === 'preferred') return 'nice-to-have';
  if (headingKind !== null) return headingKind;
  return level === 'required' ? 'requirements' : 'other';
}
