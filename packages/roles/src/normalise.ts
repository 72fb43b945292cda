/**
 * Title normalisation shared by the role phrases, the ESCO labels and the titles themselves, so
 * that all three are compared in one form: lower case, ASCII words, spelling variants folded
 * ("front-end" and "front end" -> "frontend", "C#" -> "csharp", "ICT" -> "it"), plural head nouns
 * folded ("engineers" -> "engineer").
 */

/** Spelling variants folded before words are split (order matters: longer forms first). */
const VARIANTS: Array<[RegExp, string]> = [
  [/\bc\s*#/g, ' csharp '],
  [/\bf\s*#/g, ' fsharp '],
  [/\bc\s*\+\s*\+/g, ' cpp '],
  [/(^|\s|\/)\.net\b/g, ' dotnet '],
  [/\bnode\s*\.?\s*js\b/g, ' node '],
  [/\bvue\s*\.?\s*js\b/g, ' vue '],
  [/\bnext\s*\.?\s*js\b/g, ' nextjs '],
  [/\breact\s*\.?\s*js\b/g, ' react '],
  [/\bangular\s*\.?\s*js\b/g, ' angular '],
  [/\bfront\s*-?\s*end\b/g, ' frontend '],
  [/\bback\s*-?\s*end\b/g, ' backend '],
  [/\bfull\s*-?\s*stack\b/g, ' fullstack '],
  [/\bdev\s*-?\s*ops\b/g, ' devops '],
  [/\bdev\s*sec\s*ops\b/g, ' devsecops '],
  [/\bml\s*ops\b/g, ' mlops '],
  [/\bpre\s*-\s*sales\b/g, ' presales '],
  [/\bco\s*-\s*founder\b/g, ' co founder '],
  [/\bui\s*\/\s*ux\b/g, ' ui ux '],
  [/\bux\s*\/\s*ui\b/g, ' ux ui '],
  [/\bcyber\s+security\b/g, ' cybersecurity '],
  [/\bsr\.?(?=\s|$)/g, ' senior '],
  [/\bjr\.?(?=\s|$)/g, ' junior '],
  [/\bartificial\s+intelligence\b/g, ' ai '],
  [/\bmachine\s*-\s*learning\b/g, ' machine learning '],
  // "R&D" before "&" becomes "and" (and before the "d" of "R and D" is dropped as a gender letter).
  [/\br\s*&\s*d\b/g, ' rnd '],
  [/&/g, ' and '],
  [/\bict\b/g, ' it '],
  [/\bobjective\s*-\s*c\b/g, ' objective c '],
  [/\be\s*-\s*commerce\b/g, ' ecommerce '],
  [/\bpl\s*\/\s*sql\b/g, ' plsql '],
];

/** Head nouns whose plural is folded: "Research Software Engineers" is one engineer's title. */
const PLURALS = new Set([
  'engineers',
  'developers',
  'designers',
  'analysts',
  'scientists',
  'managers',
  'consultants',
  'architects',
  'administrators',
  'programmers',
  'testers',
  'technicians',
  'specialists',
  'officers',
  'assistants',
  'nurses',
  'teachers',
  'lecturers',
  'researchers',
  'accountants',
  'recruiters',
  'writers',
  'operators',
  'drivers',
  'chefs',
  'cooks',
  'directors',
  'leads',
  'associates',
  'representatives',
  'executives',
  'advisors',
  'coordinators',
  'agents',
  'workers',
]);

/**
 * Clipped forms: "Software Eng (Backend)", "Infra Eng", "Full-stack Dev", "Software Dev Engineer",
 * "App Dev Manager". "Dev" before a head noun is the field (development), at the end of a part the
 * person (developer), elsewhere left alone ("Dev Shop").
 */
const CLIPPED: Record<string, string> = {
  eng: 'engineer',
  engr: 'engineer',
  engs: 'engineer',
  devs: 'developer',
  infra: 'infrastructure',
  // British spelling: "Programme Director" is a "Program Director".
  programme: 'program',
  programmes: 'program',
};
const DEV_FIELD_BEFORE = new Set(['engineer', 'manager', 'lead', 'team', 'director']);

/** Normalised words of a text (no separators: callers split titles into segments first). */
export function words(text: string): string[] {
  let s = ` ${text.normalize('NFKC').toLowerCase()} `;
  for (const [pattern, replacement] of VARIANTS) s = s.replace(pattern, replacement);
  const ws = s
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .split(' ')
    .filter((w) => w.length > 0)
    .map((w) => CLIPPED[w] ?? w);
  return ws
    .map((w, i) => (w !== 'dev' ? w : DEV_FIELD_BEFORE.has(ws[i + 1] ?? '') ? 'development' : i === ws.length - 1 ? 'developer' : w))
    .map((w) => (PLURALS.has(w) ? w.slice(0, -1) : w));
}

/** Words joined by single spaces: the key a phrase or label is stored under. */
export function key(text: string): string {
  return words(text).join(' ');
}
