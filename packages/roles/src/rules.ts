import type { RoleCatalogue, RoleFamily } from './families.js';

/**
 * Word lists behind the title rules that generalise beyond single titles (docs/roles.md, "Rules
 * for the shapes real titles take"). Kept apart from the classifier so each list is documented once.
 */

/**
 * Person nouns that head a role ("Backend Engineer", "Data Scientist", "SRE"). A role phrase that
 * ends in one of them names a job; one that does not ("Communications", "Logistics", "Full Stack")
 * names a field, a team or a scope.
 */
export const HEADS = new Set(
  'engineer developer programmer scientist manager designer analyst architect administrator executive representative consultant specialist officer director tester researcher writer recruiter accountant nurse assistant associate technician lead coordinator advisor adviser agent worker operator driver teacher lecturer professor instructor cook chef clerk cashier attendant supervisor owner cto cio ceo cfo coo ciso cmo'.split(
    ' ',
  ),
);

/** Heads that a title may put first, before a comma: "Engineer, Manufacturing", "Manager, Software Development". */
export const INVERTIBLE = new Set('engineer manager developer analyst scientist designer architect consultant specialist'.split(' '));

/** Families that are kinds of software development: two of them listed in one line are still software work. */
export const SOFTWARE_KINDS = new Set(['backend', 'frontend', 'full-stack', 'mobile', 'software-engineer']);

/** Words a part naming only a technology may also hold: "Java / Kotlin", "Go and Rust", "Java Developer". */
const FILLER = new Set('and or plus with engineer developer programmer'.split(' '));

/**
 * Words that do not tell occupations apart: an ESCO label sharing only these with a title ("Team
 * Manager", "General Engineer", "Support Manager") is not evidence of the occupation.
 */
export const GENERIC_WORDS = new Set(
  'engineer engineering manager management specialist lead leader team general chief head director officer assistant associate worker technician consultant analyst expert coordinator supervisor principal staff member professional executive administrator operator agent representative advisor adviser services service group of and for in the to a an it senior junior multiple various several role roles position positions open opening openings'.split(
    ' ',
  ),
);

/** The families of a part made only of technology qualifiers (and filler), else null. */
export function qualifiersOnly(ws: readonly string[], qualifiers: ReadonlyMap<string, RoleFamily>, maxWords: number): RoleFamily[] | null {
  const found: RoleFamily[] = [];
  let start = 0;
  while (start < ws.length) {
    let end = Math.min(ws.length, start + maxWords);
    for (; end > start; end--) {
      const family = qualifiers.get(ws.slice(start, end).join(' '));
      if (family) {
        found.push(family);
        break;
      }
    }
    if (end === start) {
      if (!FILLER.has(ws[start] ?? '')) return null;
      end = start + 1;
    }
    start = end;
  }
  return found.length > 0 ? found : null;
}

/** Branch words that say an engineer is not a software engineer are too broad on their own here. */
const NOT_BRANCHES = new Set([
  'field',
  'application',
  'applications',
  'site',
  'design',
  'project',
  'validation',
  'software',
  'r',
  'and',
  'd',
]);

/**
 * The branches of non-software engineering, read from the catalogue: the words before "engineer"
 * in the engineering-other family's phrases ("mechanical", "civil", "manufacturing", "hvac" ...).
 */
export function branchWords(catalogue: RoleCatalogue): Set<string> {
  const out = new Set<string>();
  for (const phrase of catalogue.families.find((f) => f.id === 'engineering-other')?.titles ?? []) {
    const ws = phrase.split(' ');
    if (ws.at(-1) === 'engineer') for (const w of ws.slice(0, -1)) if (!NOT_BRANCHES.has(w)) out.add(w);
  }
  return out;
}

/** Words that put a project or programme manager in technology: the tech families' qualifiers, and IT. */
export function techContext(catalogue: RoleCatalogue): Set<string> {
  const out = new Set(['it', 'software', 'technical', 'technology']);
  for (const f of catalogue.families) if (f.tech) for (const q of f.qualifiers) if (!q.includes(' ')) out.add(q);
  return out;
}

/**
 * Context that changes what a title phrase names:
 * - an engineering manager or a support engineer of a non-software branch is in that branch
 *   ("Engineering Manager Manufacturing", "Civil Land Engineering Manager", "HVAC Technical
 *   Support Engineer"), unless the branch word is part of the phrase itself;
 * - a project or programme manager or director with a technology in the title is an IT project
 *   or delivery manager ("SAP Project Manager", "ICT Program Director").
 */
export function inContext(
  id: string,
  part: readonly string[],
  phrase: readonly string[],
  all: readonly string[],
  branches: ReadonlySet<string>,
  techWords: ReadonlySet<string>,
): string {
  if ((id === 'engineering-manager' || id === 'support') && part.some((w) => branches.has(w) && !phrase.includes(w)))
    return 'engineering-other';
  if (
    id === 'management' &&
    phrase.some((w) => w === 'project' || w === 'program' || w === 'programme') &&
    all.some((w) => techWords.has(w))
  )
    return 'project-delivery';
  return id;
}
