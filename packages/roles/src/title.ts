import type { Seniority } from '@skillpulse/core';
import { type EscoIndex, loadEscoIndex, type Occupation } from './esco.js';
import { loadRoleCatalogue, type RoleCatalogue, type RoleFamily } from './families.js';
import { words } from './normalise.js';
import { branchWords, GENERIC_WORDS, HEADS, INVERTIBLE, inContext, qualifiersOnly, SOFTWARE_KINDS, techContext } from './rules.js';
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
  private readonly branches: Set<string>;
  private readonly techWords: Set<string>;

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
    this.branches = branchWords(catalogue);
    this.techWords = techContext(catalogue);
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
    if (decided === 'none') return this.fromEsco(title, [], seniority);
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
   * decides it (only that part may then name an ESCO occupation), `'none'` when the line lists
   * several different roles, or null.
   */
  private decide(raw: Segment[], skills: readonly string[]): Decision | { head: Segment } | 'none' | null {
    const segments = this.invertHeads(raw);
    const hits = segments.map((s) => this.longestPhrase(s.words));
    // "Backend Engineer, Full Stack Engineer" is software work; "Robotics Engineer, Data Scientist"
    // or "Engineering Manager (Firmware), Software Engineer (Cloud)" is two jobs, and no one role.
    const listed = new Map<string, Segment>();
    segments.forEach((s, i) => {
      const id = this.headedRole(s, hits[i] ?? null);
      if (id && !listed.has(id)) listed.set(id, s);
    });
    if (listed.size > 1) {
      const software = this.family('software-engineer');
      if (![...listed.keys()].every((id) => SOFTWARE_KINDS.has(id)) || !software) return 'none';
      const [segment] = [...listed.values()];
      return segment ? { family: software, segment, phrase: null, evidence: 'generic', confidence: 0.6 } : 'none';
    }
    let head: Segment | null = null;
    let generic = false;
    for (const [i, segment] of segments.entries()) {
      const hit = hits[i];
      if (!hit) continue;
      if (typeof hit.family === 'object') {
        // Hacker News lines start with the company: "Axis Communications | Software Engineer".
        // A first part naming only a field (no person noun) gives way to a later part that names a job.
        if (i === 0 && !HEADS.has(hit.words.at(-1) ?? '') && hits.slice(1).some((h, j) => h && this.isHeaded(h, segments[j + 1]))) continue;
        const family = this.inContext(this.managerOf(hit.family, segment, hit.words), segment, hit.words, segments);
        return { family, segment, phrase: hit.words, evidence: 'title', confidence: 0.9 };
      }
      // A generic head qualified in its own part decides at once ("Node.js Developer (Mobile Team)").
      const own = this.qualifierIn(segment.words);
      if (own) return { family: own, segment, phrase: null, evidence: 'qualifier', confidence: hit.family === 'generic' ? 0.75 : 0.6 };
      head = segment;
      generic = hit.family === 'generic';
      break;
    }
    if (!head) return null;
    const refined = this.refinement(segments, head, generic);
    if (refined) return refined;
    const bySkills = this.fromSkills(skills);
    if (bySkills) return { family: bySkills, segment: head, phrase: null, evidence: 'skills', confidence: generic ? 0.65 : 0.5 };
    const software = this.family('software-engineer');
    if (generic && software) return { family: software, segment: head, phrase: null, evidence: 'generic', confidence: 0.6 };
    return { head };
  }

  /**
   * The kind a generic or ambiguous head takes from the parts after it: a technology role
   * ("Software Engineer - Full Stack") or a part that is only technologies ("Software Engineer -
   * Java"). Parts before it are the company or team in the Hacker News order. A part with other
   * words is a team or product name, not a kind ("Software Engineer, Data Platform", "SDE,
   * Integrated Vehicle Testing"); a list of kinds is not one kind ("Software Engineers (SRE, data
   * platform, backend, mobile)"). An ambiguous head ("Systems Engineer") is refined only by the
   * parts right after it, up to the first that is not a kind, so a stack listed at the end of a
   * Hacker News line, after the place and the pay, does not decide it.
   */
  private refinement(segments: Segment[], head: Segment, generic: boolean): Decision | null {
    const named = new Set<RoleFamily>();
    const qualified = new Set<RoleFamily>();
    for (const s of segments.filter((s) => s.index > head.index)) {
      const hit = this.longestPhrase(s.words);
      const kinds = hit && typeof hit.family === 'object' ? null : qualifiersOnly(s.words, this.qualifiers, this.maxWords);
      if (hit && typeof hit.family === 'object') {
        if (hit.family.tech) named.add(hit.family);
        else if (!generic) break;
      } else if (kinds) for (const f of kinds) qualified.add(f);
      else if (!generic) break;
    }
    const [only] = [...named];
    if (only) {
      // "Software Engineers (Python, Full-Stack)": languages agree with full-stack.
      const agrees = (f: RoleFamily) => f === only || (only.id === 'full-stack' && SOFTWARE_KINDS.has(f.id));
      if (named.size > 1 || ![...qualified].every(agrees)) return null;
      return { family: only, segment: head, phrase: null, evidence: 'title', confidence: 0.8 };
    }
    const ids = new Set([...qualified].map((f) => f.id));
    // Backend and frontend stacks together are full-stack ("Kotlin/Java/React/TypeScript"; Kotlin
    // is also Android); any other kind in the list makes it a list of jobs, not one.
    const stack = ids.has('backend') && ids.has('frontend') && [...ids].every((id) => SOFTWARE_KINDS.has(id));
    const family = stack ? this.family('full-stack') : ids.size === 1 ? [...qualified][0] : undefined;
    return family ? { family, segment: head, phrase: null, evidence: 'qualifier', confidence: generic ? 0.75 : 0.6 } : null;
  }

  /** The family a title phrase names once its context is read (see `inContext` in rules.ts). */
  private inContext(family: RoleFamily, segment: Segment, phrase: string[], segments: Segment[]): RoleFamily {
    const id = inContext(
      family.id,
      segment.words,
      phrase,
      segments.flatMap((s) => s.words),
      this.branches,
      this.techWords,
    );
    return (id === family.id ? family : this.family(id)) ?? family;
  }

  /** A hit that ends its part with a person noun: the part is headed by a role. */
  private isHeaded(hit: PhraseHit, segment: Segment | undefined): boolean {
    const last = hit.words.at(-1) ?? '';
    return !!segment && segment.words.at(-1) === last && HEADS.has(last);
  }

  /** The role a part is headed by ("Backend Engineer", "Java Engineer"), for spotting lines that list several. */
  private headedRole(segment: Segment, hit: PhraseHit | null): string | null {
    if (!hit || !this.isHeaded(hit, segment)) return null;
    if (typeof hit.family === 'object') return this.managerOf(hit.family, segment, hit.words).id;
    const own = this.qualifierIn(segment.words);
    return own ? own.id : hit.family === 'generic' ? 'software-engineer' : null;
  }

  /**
   * "Engineer, Manufacturing", "Manager, Software Development": a part that is only a head noun,
   * followed by its field, is read as "Manufacturing Engineer" when that names a role.
   */
  private invertHeads(segments: Segment[]): Segment[] {
    const out: Segment[] = [];
    for (let i = 0; i < segments.length; i++) {
      const s = segments[i] as Segment;
      const next = segments[i + 1];
      const headWord = s.words[0] ?? '';
      if (next && s.words.length === 1 && INVERTIBLE.has(headWord)) {
        const merged = { words: [...next.words, headWord], index: s.index };
        const hit = this.longestPhrase(merged.words);
        if (hit && hit.family !== 'ambiguous') {
          out.push(merged);
          i++;
          continue;
        }
      }
      out.push(s);
    }
    return out;
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
  private occupationFor({ family, segment, phrase, evidence }: Decision): TitleRole['occupation'] {
    // A generic head refined to a kind ("Software Engineer - iOS", "Software Dev Engineer (ML)"):
    // the head's own ESCO match describes the generic word, the family's default the kind.
    const refined = phrase === null && evidence !== 'generic' && family.id !== 'software-engineer';
    const preset = refined && family.occupation ? this.esco.occupations.get(family.occupation) : undefined;
    if (preset) return { uri: preset.uri, label: preset.label, isco: preset.isco };
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
      if (!occupation || !this.sharesDistinctiveWord(segment.words, occupation)) continue;
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
   * Without a role phrase, an ESCO label must share a word with the title that tells occupations
   * apart: "Team Manager", "General Engineer" or "Support Manager" share only head and rank words
   * with whatever label they come closest to.
   */
  private sharesDistinctiveWord(ws: readonly string[], occupation: Occupation): boolean {
    const distinctive = ws.filter((w) => !GENERIC_WORDS.has(w));
    return distinctive.length > 0 && this.esco.similar(distinctive, (o) => o.id === occupation.id, 1e-9) !== null;
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
