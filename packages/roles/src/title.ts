import type { Seniority } from '@skillpulse/core';
import { type EscoIndex, loadEscoIndex, type Occupation } from './esco.js';
import { loadRoleCatalogue, type RoleCatalogue, type RoleFamily } from './families.js';
import { words } from './normalise.js';
import { seniorityOf } from './seniority.js';

/** What `skillpulse title` prints for one title. */
export interface TitleRole {
  title: string;
  role: { id: string; name: string };
  seniority: Seniority;
  occupation: { uri: string | null; label: string | null; isco: string | null };
  /** O*NET-SOC code of the role family where a crosswalk exists. */
  onetSoc: string | null;
  /** 0 (unknown) to 1; see docs/roles.md for what each level means. */
  confidence: number;
  /** How the role was decided: title, qualifier, skills, esco or none. */
  evidence: 'title' | 'qualifier' | 'skills' | 'esco' | 'generic' | 'none';
}

/** Engineering roles whose manager is an engineering manager. */
const MANAGED = new Set([
  'backend',
  'frontend',
  'full-stack',
  'mobile',
  'software-engineer',
  'data-engineer',
  'ml-engineer',
  'devops',
  'sre',
  'embedded',
  'game',
]);

/** Similarity an ESCO label needs to name the role of a many-part title when no role phrase did. */
const ESCO_ONLY_THRESHOLD = 0.6;

export const UNKNOWN_ROLE = { id: 'unknown', name: 'Unknown' } as const;

// Gender markers ("(m/f/d)", "m/w/d", "(all genders)") and pictographs carry no role.
const GENDER = /\(\s*(?:all\s+genders?|[mwfdxhai]{1,3}(?:\s*\/+\s*[mwfdxhai]{1,3}){1,3})\s*\)|\b[mwfdxh](?:\s*\/+\s*[mwfdxh]){1,3}\b/gi;
const PICTOGRAPHS = /\p{Extended_Pictographic}|\u{FE0F}|\u{200D}/gu;
// Links and bare domains ("https://acme.ai", "gobii.ai") name the company, never the role.
const LINKS = /\bhttps?:\/\/\S+|\bwww\.\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:ai|io|com|co|dev|app|org|net|tech|xyz|so|sh|gg)\b\S*/gi;
// Titles join the role, the company, the place and the terms with these; the role is one part.
const SEPARATORS = /\s+[-–—]+\s+|\s*[|•·;:!?]+\s*|\s+@\s+|\s+at\s+|\s*[()[\]{}]+\s*|\s*,\s*/i;
// Words that qualify a title without naming a role: seniority, terms, place of work.
const NOISE = new Set(
  'senior junior mid midlevel level entry principal intern internship trainee apprentice graduate experienced i ii iii iv 1 2 3 4 remote hybrid onsite fulltime parttime full part time contract contractor freelance temporary permanent m f d w x new urgent hiring wfh'.split(
    ' ',
  ),
);

interface Segment {
  words: string[];
  index: number;
}

/** The parts of a title, each as normalised words without noise. */
export function titleSegments(title: string): Segment[] {
  const cleaned = title.replace(LINKS, ' ').replace(PICTOGRAPHS, ' ').replace(GENDER, ' ');
  return cleaned
    .split(SEPARATORS)
    .map((part) => words(part).filter((w) => !NOISE.has(w)))
    .filter((w) => w.length > 0)
    .map((w, index) => ({ words: w, index }));
}

interface PhraseHit {
  family: RoleFamily | 'generic' | 'ambiguous';
  length: number;
  /** The words of the phrase as they stand in the title. */
  words: string[];
}

interface Decision {
  family: RoleFamily;
  segment: Segment;
  /** The phrase that named the role, when one did: the occupation is looked up on it too. */
  phrase: string[] | null;
  evidence: TitleRole['evidence'];
  confidence: number;
}

/** Maps titles to role families and ESCO occupations; see docs/roles.md for the method. */
export class TitleClassifier {
  private readonly phrases = new Map<string, RoleFamily | 'generic' | 'ambiguous'>();
  private readonly qualifiers = new Map<string, RoleFamily>();
  private readonly maxWords: number;

  constructor(
    readonly catalogue: RoleCatalogue = loadRoleCatalogue(),
    private readonly esco: EscoIndex = loadEscoIndex(),
  ) {
    for (const phrase of catalogue.ambiguous) this.phrases.set(phrase, 'ambiguous');
    for (const phrase of catalogue.genericTitles) this.phrases.set(phrase, 'generic');
    for (const family of catalogue.families) {
      for (const phrase of family.titles) this.phrases.set(phrase, family);
      for (const q of family.qualifiers) if (!this.qualifiers.has(q)) this.qualifiers.set(q, family);
    }
    this.maxWords = Math.max(...[...this.phrases.keys(), ...this.qualifiers.keys()].map((p) => p.split(' ').length));
  }

  get version(): string {
    return this.catalogue.version;
  }

  family(id: string): RoleFamily | undefined {
    return this.catalogue.families.find((f) => f.id === id);
  }

  /** Role of one title; `skills` (taxonomy ids of the posting) decide between generic titles. */
  classify(title: string, skills: readonly string[] = []): TitleRole {
    const segments = titleSegments(title);
    const seniority = seniorityOf(title);
    const decided = this.decide(segments, skills);
    if (!decided || 'head' in decided) return this.fromEsco(title, decided ? [decided.head] : segments, seniority);
    const { family, evidence, confidence } = decided;
    return {
      title,
      role: { id: family.id, name: family.name },
      seniority,
      occupation: this.occupationFor(decided),
      onetSoc: family.onetSoc,
      confidence,
      evidence,
    };
  }

  /**
   * The family a title names, or the part holding its ambiguous head ("Engineer") when nothing
   * decides it (only that part may then name an ESCO occupation), or null.
   */
  private decide(segments: Segment[], skills: readonly string[]): Decision | { head: Segment } | null {
    let generic: Segment | null = null;
    let ambiguous: Segment | null = null;
    for (const segment of segments) {
      const hit = this.longestPhrase(segment.words);
      if (!hit) continue;
      if (typeof hit.family === 'object') {
        // A named role: in the first part that names one it is the title; a later part
        // refines a generic software title only with a technology role.
        if (!generic && !ambiguous) {
          return { family: this.managerOf(hit.family, segment, hit.words), segment, phrase: hit.words, evidence: 'title', confidence: 0.9 };
        }
        if (hit.family.tech) return { family: hit.family, segment, phrase: hit.words, evidence: 'title', confidence: 0.8 };
        continue;
      }
      // A generic head qualified in its own part decides at once ("Node.js Developer (Mobile Team)").
      const own = !generic && !ambiguous ? this.qualifierIn(segment.words) : null;
      if (own) return { family: own, segment, phrase: null, evidence: 'qualifier', confidence: hit.family === 'generic' ? 0.75 : 0.6 };
      if (hit.family === 'generic' && !generic) generic = segment;
      if (hit.family === 'ambiguous' && !ambiguous) ambiguous = segment;
    }
    const head = generic ?? ambiguous;
    if (!head) return null;
    // Only parts after the head refine it ("Software Engineer - Java"); parts before it are the
    // company or the team in the Hacker News order ("Gobii AI | Software Engineer").
    const after = segments.filter((s) => s.index > head.index).flatMap((s) => s.words);
    const qualified = this.qualifierIn(after);
    if (qualified) return { family: qualified, segment: head, phrase: null, evidence: 'qualifier', confidence: generic ? 0.75 : 0.6 };
    const bySkills = this.fromSkills(skills);
    if (bySkills) return { family: bySkills, segment: head, phrase: null, evidence: 'skills', confidence: generic ? 0.65 : 0.5 };
    const software = this.family('software-engineer');
    if (generic && software) return { family: software, segment: head, phrase: null, evidence: 'generic', confidence: 0.6 };
    return { head };
  }

  /**
   * "Site Reliability Engineering Manager", "Head of Backend": a part that ends in "manager" or
   * starts with "head of"/"director of" around an engineering role names the manager of it.
   */
  private managerOf(family: RoleFamily, segment: Segment, phrase: string[]): RoleFamily {
    if (!MANAGED.has(family.id)) return family;
    const ws = segment.words;
    const managing =
      (ws.at(-1) === 'manager' && phrase.at(-1) !== 'manager') || (ws[1] === 'of' && (ws[0] === 'head' || ws[0] === 'director'));
    return managing ? (this.family('engineering-manager') ?? family) : family;
  }

  private longestPhrase(ws: readonly string[]): PhraseHit | null {
    let best: PhraseHit | null = null;
    for (let start = 0; start < ws.length; start++) {
      for (let end = Math.min(ws.length, start + this.maxWords); end > start; end--) {
        const family = this.phrases.get(ws.slice(start, end).join(' '));
        if (!family) continue;
        const length = end - start;
        // A named role outranks a generic head ("Full Stack Software Developer"); then the longer
        // phrase; then the later one (English titles end with their head noun). Full-stack is a
        // scope that overrides the language a title names ("Full-Stack JavaScript Developer").
        const rank = (h: PhraseHit) =>
          typeof h.family === 'object'
            ? 1000 + (h.family.id === 'full-stack' ? 500 : 0) + h.length * 10
            : h.length * 10 + (h.family === 'generic' ? 1 : 0);
        const hit = { family, length, words: ws.slice(start, end) };
        if (!best || rank(hit) >= rank(best)) best = hit;
        break;
      }
    }
    return best;
  }

  private qualifierIn(ws: readonly string[]): RoleFamily | null {
    const found = new Set<RoleFamily>();
    for (let start = 0; start < ws.length; start++) {
      for (let end = Math.min(ws.length, start + this.maxWords); end > start; end--) {
        const family = this.qualifiers.get(ws.slice(start, end).join(' '));
        if (family) {
          found.add(family);
          break;
        }
      }
    }
    if (found.size === 0) return null;
    const ids = new Set([...found].map((f) => f.id));
    // "Java / React Developer": both sides of the stack are full-stack.
    if (ids.has('backend') && ids.has('frontend')) return this.family('full-stack') ?? null;
    return [...found][0] ?? null;
  }

  private fromSkills(skills: readonly string[]): RoleFamily | null {
    if (skills.length === 0) return null;
    const have = new Set(skills);
    const scored = this.catalogue.families
      .filter((f) => f.tech && f.skills.length > 0)
      .map((f) => ({ f, hits: f.skills.filter((s) => have.has(s)).length }))
      .filter((s) => s.hits >= 2)
      .sort((a, b) => b.hits - a.hits);
    const [first, second] = scored;
    if (!first) return null;
    const ids = new Set(scored.filter((s) => s.hits * 1.5 >= first.hits).map((s) => s.f.id));
    if (ids.has('backend') && ids.has('frontend')) return this.family('full-stack') ?? null;
    if (second && second.hits * 1.5 >= first.hits) return null;
    return first.f;
  }

  /**
   * The ESCO occupation for a decision: a label of a compatible ISCO group for the title part,
   * else for the role phrase alone ("Associate Professor in molecular cell biology" is looked up
   * as "associate professor"), else for the phrase's head noun ("registered nurse" -> "nurse");
   * then the family's default. A family without a default occupation (the non-tech ones, whose
   * ISCO prefixes cannot list every group their titles fall in) takes the closest occupation of
   * any group for the part or the phrase.
   */
  private occupationFor({ family, segment, phrase }: Decision): TitleRole['occupation'] {
    const compatible = (o: Occupation) => family.isco.some((p) => o.isco.startsWith(p));
    const any = () => true;
    const part = phrase && phrase.length < segment.words.length ? phrase : null;
    const head = phrase && phrase.length > 1 ? phrase.slice(-1) : null;
    const tries: Array<[string[] | null, (o: Occupation) => boolean]> = [
      [segment.words, compatible],
      [family.occupation ? null : segment.words, any],
      [part, compatible],
      [head, compatible],
    ];
    let occupation: Occupation | null | undefined = null;
    for (const [words, accept] of tries) {
      if (words) occupation = this.matchOccupation(words, accept);
      if (occupation) break;
    }
    occupation ??= family.occupation ? this.esco.occupations.get(family.occupation) : part ? this.matchOccupation(part, any) : null;
    return occupation ? { uri: occupation.uri, label: occupation.label, isco: occupation.isco } : { uri: null, label: null, isco: null };
  }

  /**
   * An ESCO occupation for a title part: a label equal to the whole part, else the most similar
   * label (ESCO's generic one-word alternatives such as "teacher" or "technician" belong to many
   * occupations, so a label merely contained in the title is not enough).
   */
  private matchOccupation(words: readonly string[], accept: (o: Occupation) => boolean, threshold = 0.5): Occupation | null {
    // A one-word title part shorter than four letters ("PA", "VA") is a place or an initialism far
    // more often than the occupation some ESCO label abbreviates.
    if (words.length === 1 && (words[0]?.length ?? 0) < 4) return null;
    const exact = this.esco.find(words).find((m) => m.whole && accept(m.occupation));
    return exact?.occupation ?? this.esco.similar(words, accept, threshold)?.occupation ?? null;
  }

  /** No role phrase: an ESCO label of two or more words (or the whole title part) decides. */
  private fromEsco(title: string, segments: Segment[], seniority: Seniority): TitleRole {
    for (const segment of segments) {
      // A bare "Engineer" or "Consultant" is some ESCO occupation's alternative label, but it names no role.
      if (typeof this.phrases.get(segment.words.join(' ')) === 'string') continue;
      // Without a role phrase, in a line of several parts (mostly company, place and terms) the
      // evidence must be stronger than in a title that is one part.
      const occupation = this.matchOccupation(segment.words, () => true, segments.length > 1 ? ESCO_ONLY_THRESHOLD : 0.5);
      if (!occupation) continue;
      const family = this.familyOfOccupation(occupation);
      const { uri, label, isco } = occupation;
      return {
        title,
        role: family ? { id: family.id, name: family.name } : { ...UNKNOWN_ROLE },
        seniority,
        occupation: { uri, label, isco },
        onetSoc: family?.onetSoc ?? null,
        confidence: family ? 0.6 : 0.4,
        evidence: 'esco',
      };
    }
    return {
      title,
      role: { ...UNKNOWN_ROLE },
      seniority,
      occupation: { uri: null, label: null, isco: null },
      onetSoc: null,
      confidence: 0,
      evidence: 'none',
    };
  }

  /**
   * The family of an occupation found without a role phrase: the family it is the default
   * occupation of, else the non-tech family whose ISCO prefixes cover it most specifically (tech
   * families share ISCO groups, so a group alone does not name one).
   */
  private familyOfOccupation({ id, isco }: Occupation): RoleFamily | null {
    const own = this.catalogue.families.find((f) => f.occupation === id);
    if (own) return own;
    let best: { family: RoleFamily; length: number } | null = null;
    for (const family of this.catalogue.families) {
      if (family.tech) continue;
      for (const prefix of family.isco) {
        if (isco.startsWith(prefix) && (!best || prefix.length > best.length)) best = { family, length: prefix.length };
      }
    }
    return best?.family ?? null;
  }
}
