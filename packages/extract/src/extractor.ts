import type { PostingSkill } from '@skillpulse/core';
import { htmlToText, looksLikeHtml, type TextDocument } from '@skillpulse/core';
import { getDefaultTaxonomy, type Skill, type Taxonomy } from '@skillpulse/taxonomy';
import { type AliasHit, AliasMatcher } from './matcher.js';

/**
 * Bump when a change to the rules can change a posting's skill set: stored postings are stamped
 * with it, and `skillpulse reindex` re-extracts those with an older one.
 */
export const EXTRACTOR_VERSION = '0.3.0';

export type RequirementLevel = 'required' | 'preferred' | 'mentioned';

export interface Mention {
  skillId: string;
  /** [start, end) in `ExtractionResult.text`. */
  start: number;
  end: number;
  text: string;
  /** The heading of the section the mention stands in, or null before any heading. */
  section: string | null;
  level: RequirementLevel;
  /** Stated years of experience ("5+ years of Python"), or null. */
  years: number | null;
  confidence: number;
  /** "No Java experience needed": kept for inspection, not counted. */
  negated: boolean;
}

export interface ExtractedSkill {
  id: string;
  name: string;
  category: string;
  /** Mentions that count (not negated). */
  count: number;
  level: RequirementLevel;
  years: number | null;
  mentions: Mention[];
}

export interface ExtractionResult {
  /** The text the spans refer to (HTML input is converted to text first). */
  text: string;
  mentions: Mention[];
  /** One entry per counted skill: a posting counts once per skill. */
  skills: ExtractedSkill[];
  taxonomyVersion: string;
  extractorVersion: string;
}

export interface ExtractInput {
  text?: string;
  html?: string;
}

interface Sentence {
  start: number;
  end: number;
  section: string | null;
  sectionLevel: RequirementLevel | null;
}

const PREFERRED_HEADING = /\b(nice|bonus|preferred|plus|desirable|good to have|ideal(ly)?|optional|extra credit|would be great)\b/i;
const REQUIRED_HEADING =
  /\b(require\w*|must|qualifications?|what you('ll| will)? (need|bring)|you (have|bring)|essential|skills|experience|about you|who you are|we('re| are) looking for|expect\w*|tech stack|stack)\b/i;
const PREFERRED_CUE =
  /\b(nice[- ]to[- ]have|a plus|an? advantage|advantageous|bonus|preferred|preferably|ideally|desirable|good to have|would be great|is a bonus|familiarity with|exposure to|not required)\b/i;
const REQUIRED_CUE =
  /\b(must|required|requirements?|essential|mandatory|strong|solid|proficien\w*|expert\w*|deep|extensive|advanced|hands-on|years?|experience (with|in|using|of)|knowledge of|you have|you bring)\b/i;
/** A negation governing the mention: "no Java experience", "without Docker", not "no shying away from … Babel". */
const NEGATION_BEFORE = /\b(no|without|not|don'?t need|do not need)\s+(?:[\w.+#/-]+[\s,]+){0,2}$/i;
const NEGATION_NEED = /\b(need(ed)?|required|necessary|experience|knowledge|expected)\b/i;
const NEGATION_AFTER = /^[^.;:!?]{0,40}?\b(is|are)\s+not\s+(required|needed|necessary|expected)\b/i;
const YEARS = /\b(\d{1,2})\s*(?:\+|plus)?\s*(?:(?:-|–|to)\s*\d{1,2}\s*)?(?:\+\s*)?years?\b/gi;
/** Words that make an ambiguous name ("Go", "Rust", "Spring") read as a skill. */
const TECH_CONTEXT =
  /\b(programming|language|languages|developer|developers|engineer|engineering|framework|frameworks|library|libraries|stack|coding|code|backend|back-end|frontend|software|proficien\w*|experience|knowledge|tools?|platforms?|databases?|methodolog\w*|practices)\b/i;
const HEADING_LINE = /^\s*(#{1,6}\s+\S.*|[^.!?]{2,80}:\s*)$/;
const ABBREVIATIONS = /\b(e\.g|i\.e|etc|vs|incl|approx|min|max|no|Sr|Jr|Dr|Mr|Ms|Inc|Ltd|Co)\.$/i;
const LEVEL_RANK: Record<RequirementLevel, number> = { mentioned: 0, preferred: 1, required: 2 };

function headingLevel(heading: string): RequirementLevel | null {
  if (PREFERRED_HEADING.test(heading)) return 'preferred';
  if (REQUIRED_HEADING.test(heading)) return 'required';
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
 * Splits text into sentences (within lines; list items are lines) and tags each with its section.
 * Only lines holding a mention (`wanted` offsets, ascending) are split: the others matter only
 * as headings, and splitting them would be wasted work.
 */
export function splitSentences(doc: TextDocument, wanted?: readonly number[]): Sentence[] {
  const { text, headings } = doc;
  const sentences: Sentence[] = [];
  let section: string | null = null;
  let sectionLevel: RequirementLevel | null = null;
  let headingIndex = 0;
  let wantedIndex = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    while (headingIndex < headings.length && (headings[headingIndex]?.[1] ?? 0) <= lineStart) headingIndex++;
    const heading = headings[headingIndex];
    const isHeading =
      (heading !== undefined && heading[0] <= lineStart && heading[1] >= lineEnd) || isHeadingLine(text, lineStart, lineEnd);
    let holdsMention = wanted === undefined;
    if (wanted) {
      while (wantedIndex < wanted.length && (wanted[wantedIndex] ?? 0) < lineStart) wantedIndex++;
      holdsMention = wantedIndex < wanted.length && (wanted[wantedIndex] ?? 0) < lineEnd;
    }
    if (isHeading) {
      section = text.slice(lineStart, lineEnd).replace(/^[\s#]+|[\s:]+$/g, '');
      sectionLevel = headingLevel(section);
      sentences.push({ start: lineStart, end: lineEnd, section, sectionLevel: null });
    } else if (holdsMention && lineEnd > lineStart) {
      const line = text.slice(lineStart, lineEnd);
      let start = lineStart;
      const boundary = /[.!?;]+(?=\s+\S)/g;
      for (let m = boundary.exec(line); m !== null; m = boundary.exec(line)) {
        const end = lineStart + m.index + m[0].length;
        if (ABBREVIATIONS.test(text.slice(Math.max(start, end - 8), end))) continue;
        sentences.push({ start, end, section, sectionLevel });
        start = end;
      }
      sentences.push({ start, end: lineEnd, section, sectionLevel });
    }
    lineStart = lineEnd + 1;
  }
  return sentences;
}

export interface ExtractorOptions {
  taxonomy?: Taxonomy;
}

/** Finds the skills a posting asks for. Build once, call `extract` per posting. */
export class SkillExtractor {
  readonly taxonomy: Taxonomy;
  private readonly matcher: AliasMatcher;

  constructor(options: ExtractorOptions = {}) {
    this.taxonomy = options.taxonomy ?? getDefaultTaxonomy();
    this.matcher = new AliasMatcher(this.taxonomy);
  }

  extract(input: ExtractInput | string): ExtractionResult {
    const doc = toDocument(input);
    const hits = this.matcher.match(doc.text);
    const sentences = splitSentences(
      doc,
      hits.map((hit) => hit.start),
    );
    const mentions: Mention[] = [];
    let s = 0;
    // Level, stated years and text are per sentence: computed once, shared by its mentions.
    let context: SentenceContext | null = null;
    for (let h = 0; h < hits.length; h++) {
      const hit = hits[h] as AliasHit;
      while (s < sentences.length - 1 && (sentences[s]?.end ?? 0) <= hit.start) s++;
      const sentence = sentences[s] ?? { start: 0, end: doc.text.length, section: null, sectionLevel: null };
      if (context?.sentence !== sentence) context = sentenceContext(doc.text, sentence);
      if (hit.ambiguous && !supportsAmbiguous(doc.text, hit, sentence, context.text, hits)) continue;
      const before = doc.text.slice(Math.max(sentence.start, hit.start - 60), hit.start);
      const after = doc.text.slice(hit.end, Math.min(sentence.end, hit.end + 80));
      const negated =
        (NEGATION_BEFORE.test(before) && NEGATION_NEED.test(after) && !/\bnot only\b/i.test(before)) || NEGATION_AFTER.test(after);
      mentions.push({
        skillId: hit.skill.id,
        start: hit.start,
        end: hit.end,
        text: doc.text.slice(hit.start, hit.end),
        section: sentence.section,
        level: context.level,
        years: yearsFor(context, hit),
        confidence: hit.fuzzy ? 0.6 : hit.ambiguous ? 0.7 : 0.95,
        negated,
      });
    }
    return {
      text: doc.text,
      mentions,
      skills: this.skillSet(mentions),
      taxonomyVersion: this.taxonomy.version,
      extractorVersion: EXTRACTOR_VERSION,
    };
  }

  private skillSet(mentions: Mention[]): ExtractedSkill[] {
    const bySkill = new Map<string, ExtractedSkill>();
    for (const mention of mentions) {
      if (mention.negated) continue;
      const skill = this.taxonomy.byId.get(mention.skillId) as Skill;
      let entry = bySkill.get(skill.id);
      if (!entry) {
        entry = { id: skill.id, name: skill.name, category: skill.category, count: 0, level: 'mentioned', years: null, mentions: [] };
        bySkill.set(skill.id, entry);
      }
      entry.count++;
      entry.mentions.push(mention);
      if (LEVEL_RANK[mention.level] > LEVEL_RANK[entry.level]) entry.level = mention.level;
      if (mention.years !== null && (entry.years === null || mention.years > entry.years)) entry.years = mention.years;
    }
    return [...bySkill.values()];
  }
}

/** The per-posting skill set as the store keeps it. */
export function toPostingSkills(result: ExtractionResult): PostingSkill[] {
  return result.skills.map((skill) => ({ skillId: skill.id, level: skill.level, count: skill.count }));
}

function toDocument(input: ExtractInput | string): TextDocument {
  if (typeof input === 'string') return looksLikeHtml(input) ? htmlToText(input) : { text: input, headings: [] };
  if (typeof input.html === 'string') return htmlToText(input.html);
  return { text: input.text ?? '', headings: [] };
}

function levelOf(sentenceText: string, sectionLevel: RequirementLevel | null): RequirementLevel {
  if (PREFERRED_CUE.test(sentenceText)) return 'preferred';
  if (sectionLevel) return sectionLevel;
  if (REQUIRED_CUE.test(sentenceText)) return 'required';
  return 'mentioned';
}

/**
 * An ambiguous form counts when written as the name is written (not "go" for "Go"), and its
 * sentence either names another skill or talks about technology.
 */
function supportsAmbiguous(text: string, hit: AliasHit, sentence: Sentence, sentenceText: string, hits: AliasHit[]): boolean {
  const gapTo = (other: AliasHit) => Math.max(other.start - hit.end, hit.start - other.end);
  const neighbour = (maxGap: number, anyKind = false) =>
    hits.some(
      (other) =>
        other !== hit &&
        (anyKind || !other.ambiguous) &&
        other.start >= sentence.start &&
        other.end <= sentence.end &&
        gapTo(other) <= maxGap,
    );
  // Joined to another skill ("jest/enzyme", "Docker, Go") it is a skill whatever its case.
  if (neighbour(2)) return true;
  const written = text.slice(hit.start, hit.end);
  if (written === written.toLowerCase() && hit.skill.name !== hit.skill.name.toLowerCase()) return false;
  // An all-lower-case name (top, sar, sed) is an ordinary word unless it stands in a list of skills.
  if (hit.skill.name === hit.skill.name.toLowerCase()) return neighbour(30);
  // First word of a sentence: its capital letter proves nothing ("Make our backend resilient").
  if (/^[\s\-•*·]*$/.test(text.slice(sentence.start, hit.start)) && sentence.sectionLevel === null) {
    return neighbour(30) || (neighbour(30, true) && TECH_CONTEXT.test(sentenceText));
  }
  // A list item under a skills heading ("Nice to have: - Rust") is context enough.
  if (sentence.sectionLevel !== null) return true;
  const otherSkill = hits.some((other) => other !== hit && !other.ambiguous && other.start >= sentence.start && other.end <= sentence.end);
  return otherSkill || TECH_CONTEXT.test(sentenceText);
}

interface SentenceContext {
  sentence: Sentence;
  text: string;
  level: RequirementLevel;
  /** [offset in the document, years] of each "N+ years" figure in the sentence. */
  years: Array<[number, number]>;
}

function sentenceContext(text: string, sentence: Sentence): SentenceContext {
  const sentenceText = text.slice(sentence.start, sentence.end);
  const years: Array<[number, number]> = [];
  if (/\dyear|\d\s*\+?\s*(?:-|–|to|plus)?\s*\d*\s*\+?\s*year/i.test(sentenceText)) {
    for (const match of sentenceText.matchAll(YEARS)) years.push([sentence.start + (match.index ?? 0), Number(match[1])]);
  }
  return { sentence, text: sentenceText, level: levelOf(sentenceText, sentence.sectionLevel), years };
}

function yearsFor(context: SentenceContext, hit: AliasHit): number | null {
  let years: number | null = null;
  for (const [at, value] of context.years) {
    // A figure applies to the skills after it in its clause ("5+ years of Python and Go") or to
    // the one right before it ("Python (5+ years)").
    if (at < hit.start || at - hit.end <= 3) years = value;
  }
  return years;
}
