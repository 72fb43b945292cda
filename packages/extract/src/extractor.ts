import type { PostingSkill } from '@skillpulse/core';
import { htmlToText, looksLikeHtml, type TextDocument } from '@skillpulse/core';
import { getDefaultTaxonomy, type Skill, type Taxonomy } from '@skillpulse/taxonomy';
import { type AliasHit, AliasMatcher } from './matcher.js';
import { ParentRollUp } from './rollup.js';
import { type RequirementLevel, type SectionKind, type Sentence, sentenceKind, splitSentences, UNCOUNTED_SECTIONS } from './sections.js';

export type { RequirementLevel, SectionKind } from './sections.js';
export { headingKind, splitSentences, UNCOUNTED_SECTIONS } from './sections.js';

/**
 * Bump when a change to the rules can change a posting's skill set: stored postings are stamped
 * with it, and `skillpulse reindex` re-extracts those with an older one.
 */
export const EXTRACTOR_VERSION = '0.4.0';

export interface Mention {
  skillId: string;
  /** [start, end) in `ExtractionResult.text`. */
  start: number;
  end: number;
  text: string;
  /** The heading of the section the mention stands in, or null before any heading. */
  section: string | null;
  /**
   * What the sentence is: requirements, responsibilities, nice-to-have, about-company, benefits or
   * other. Mentions in about-company and benefits text are kept but do not count.
   */
  sectionKind: SectionKind;
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
  /** Mentions that count (not negated, not in about-company or benefits text). */
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
const LEVEL_RANK: Record<RequirementLevel, number> = { mentioned: 0, preferred: 1, required: 2 };

export interface ExtractorOptions {
  taxonomy?: Taxonomy;
}

/** Finds the skills a posting asks for. Build once, call `extract` per posting. */
export class SkillExtractor {
  readonly taxonomy: Taxonomy;
  private readonly matcher: AliasMatcher;
  private readonly rollUp: ParentRollUp;

  constructor(options: ExtractorOptions = {}) {
    this.taxonomy = options.taxonomy ?? getDefaultTaxonomy();
    this.matcher = new AliasMatcher(this.taxonomy);
    this.rollUp = new ParentRollUp(this.taxonomy);
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
      const sentence = sentences[s] ?? { start: 0, end: doc.text.length, section: null, sectionLevel: null, headingKind: null };
      if (context?.sentence !== sentence) context = sentenceContext(doc.text, sentence);
      if (hit.ambiguous && !supportsAmbiguous(doc.text, hits, h, sentence, context)) continue;
      const before = doc.text.slice(Math.max(sentence.start, hit.start - 60), hit.start);
      const after = doc.text.slice(hit.end, Math.min(sentence.end, hit.end + 80));
      const negated =
        (NEGATION_BEFORE.test(before) && NEGATION_NEED.test(after) && !/\bnot only\b/i.test(before)) || NEGATION_AFTER.test(after);
      const mention: Mention = {
        skillId: hit.skill.id,
        start: hit.start,
        end: hit.end,
        text: doc.text.slice(hit.start, hit.end),
        section: sentence.section,
        sectionKind: context.kind,
        level: context.level,
        years: yearsFor(context, hit),
        confidence: hit.fuzzy ? 0.6 : hit.ambiguous ? 0.7 : 0.95,
        negated,
      };
      mentions.push(mention);
      // "AWS Lambda", "Spring Boot": a form that names an ancestor counts the ancestor too.
      if (hit.skill.parent !== null && !hit.fuzzy) {
        for (const ancestor of this.rollUp.namedAncestors(hit.skill, mention.text)) mentions.push({ ...mention, skillId: ancestor.id });
      }
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
      if (mention.negated || UNCOUNTED_SECTIONS.has(mention.sectionKind)) continue;
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

/** The longest surface form a hit can span; bounds the search for a hit's neighbours. */
const MAX_HIT_LENGTH = 120;

/**
 * An ambiguous form counts when written as the name is written (not "go" for "Go"), and its
 * sentence either names another skill or talks about technology. Neighbours are searched from
 * the hit's own index outwards (hits are sorted by start): scanning every hit for every
 * ambiguous one made a long posting quadratic.
 */
function supportsAmbiguous(text: string, hits: AliasHit[], h: number, sentence: Sentence, context: SentenceContext): boolean {
  const hit = hits[h] as AliasHit;
  const neighbour = (maxGap: number, anyKind = false) => {
    const accept = (other: AliasHit) =>
      (anyKind || !other.ambiguous) &&
      other.start >= sentence.start &&
      other.end <= sentence.end &&
      Math.max(other.start - hit.end, hit.start - other.end) <= maxGap;
    for (let j = h - 1; j >= 0 && (hits[j] as AliasHit).start >= hit.start - maxGap - MAX_HIT_LENGTH; j--) {
      if (accept(hits[j] as AliasHit)) return true;
    }
    for (let j = h + 1; j < hits.length && (hits[j] as AliasHit).start <= hit.end + maxGap; j++) {
      if (accept(hits[j] as AliasHit)) return true;
    }
    return false;
  };
  // Joined to another skill ("jest/enzyme", "Docker, Go") it is a skill whatever its case.
  if (neighbour(2)) return true;
  const written = text.slice(hit.start, hit.end);
  if (written === written.toLowerCase() && hit.skill.name !== hit.skill.name.toLowerCase()) return false;
  // An all-lower-case name (top, sar, sed) is an ordinary word unless it stands in a list of skills.
  if (hit.skill.name === hit.skill.name.toLowerCase()) return neighbour(30);
  // First word of a sentence: its capital letter proves nothing ("Make our backend resilient").
  if (/^[\s\-•*·]*$/.test(text.slice(sentence.start, hit.start)) && sentence.sectionLevel === null) {
    return neighbour(30) || (neighbour(30, true) && TECH_CONTEXT.test(context.text));
  }
  // A list item under a skills heading ("Nice to have: - Rust") is context enough.
  if (sentence.sectionLevel !== null) return true;
  return sentenceHasPlainSkill(context, hits) || TECH_CONTEXT.test(context.text);
}

interface SentenceContext {
  sentence: Sentence;
  text: string;
  level: RequirementLevel;
  kind: SectionKind;
  /** [offset in the document, years] of each "N+ years" figure in the sentence. */
  years: Array<[number, number]>;
  /** Whether the sentence holds a hit of an unambiguous form; computed on first need. */
  plainSkill?: boolean;
}

/** Whether the sentence names a skill through an unambiguous form (binary search to its first hit). */
function sentenceHasPlainSkill(context: SentenceContext, hits: AliasHit[]): boolean {
  if (context.plainSkill !== undefined) return context.plainSkill;
  const { start, end } = context.sentence;
  let lo = 0;
  let hi = hits.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((hits[mid] as AliasHit).start < start) lo = mid + 1;
    else hi = mid;
  }
  let found = false;
  for (let j = lo; j < hits.length && (hits[j] as AliasHit).start < end && !found; j++) {
    const other = hits[j] as AliasHit;
    found = !other.ambiguous && other.end <= end;
  }
  context.plainSkill = found;
  return found;
}

function sentenceContext(text: string, sentence: Sentence): SentenceContext {
  const sentenceText = text.slice(sentence.start, sentence.end);
  const years: Array<[number, number]> = [];
  if (/\dyear|\d\s*\+?\s*(?:-|–|to|plus)?\s*\d*\s*\+?\s*year/i.test(sentenceText)) {
    for (const match of sentenceText.matchAll(YEARS)) years.push([sentence.start + (match.index ?? 0), Number(match[1])]);
  }
  const level = levelOf(sentenceText, sentence.sectionLevel);
  return { sentence, text: sentenceText, level, kind: sentenceKind(sentenceText, sentence.headingKind, level), years };
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
