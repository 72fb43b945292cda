/**
 * `npm run eval` (title mapping): accuracy of the role family and of the ISCO-08 unit group on
 * the hand-labelled real titles in eval/titles-labelled.jsonl, and of the ISCO unit group on the
 * ESCO alternative labels held out of the matcher's data (eval/esco-heldout.tsv); the same figures
 * for the second, blind set (eval/titles-blind.jsonl), built from other sources and labelled before
 * the mapper was run on it (eval/README.md). "unknown" is
 * reported apart from a wrong answer: precision counts only the titles given an answer, coverage
 * the share given one.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TitleClassifier } from '../title.js';

const here = (file: string) => fileURLToPath(new URL(`../../eval/${file}`, import.meta.url));

export interface LabelledTitle {
  title: string;
  role: string;
  isco: string | null;
  reason: string;
  source: string;
}

export interface Measure {
  total: number;
  /** Items given an answer other than unknown. */
  answered: number;
  /** Items whose answer equals the label (an expected unknown answered unknown counts). */
  correct: number;
  /** Answered items whose answer equals the label. */
  correctAnswered: number;
}

export const accuracy = (m: Measure) => (m.total ? m.correct / m.total : 0);
export const precision = (m: Measure) => (m.answered ? m.correctAnswered / m.answered : 0);
export const coverage = (m: Measure) => (m.total ? m.answered / m.total : 0);

export function readLabelledTitles(path = here('titles-labelled.jsonl')): LabelledTitle[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LabelledTitle);
}

export function scoreLabelled(classifier: TitleClassifier, titles: LabelledTitle[]) {
  const role: Measure = { total: 0, answered: 0, correct: 0, correctAnswered: 0 };
  const isco: Measure = { total: 0, answered: 0, correct: 0, correctAnswered: 0 };
  const misses: string[] = [];
  for (const t of titles) {
    const got = classifier.classify(t.title);
    role.total++;
    if (got.role.id !== 'unknown') role.answered++;
    if (got.role.id === t.role) role.correct++;
    if (got.role.id === t.role && got.role.id !== 'unknown') role.correctAnswered++;
    else if (got.role.id !== 'unknown') misses.push(`role ${got.role.id} (want ${t.role}): ${t.title}`);
    if (t.isco === null) continue;
    isco.total++;
    if (got.occupation.isco !== null) isco.answered++;
    if (got.occupation.isco === t.isco) {
      isco.correct++;
      isco.correctAnswered++;
    } else if (got.occupation.isco !== null) misses.push(`isco ${got.occupation.isco} (want ${t.isco}): ${t.title}`);
  }
  return { role, isco, misses };
}

export function scoreHeldOutEsco(classifier: TitleClassifier, path = here('esco-heldout.tsv')) {
  const isco: Measure = { total: 0, answered: 0, correct: 0, correctAnswered: 0 };
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const [label = '', , expected = ''] = line.split('\t');
    const got = classifier.classify(label);
    isco.total++;
    if (got.occupation.isco !== null) isco.answered++;
    if (got.occupation.isco === expected) {
      isco.correct++;
      isco.correctAnswered++;
    }
  }
  return isco;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const line = (name: string, m: Measure) =>
  `${name}: accuracy ${pct(accuracy(m))} (${m.correct}/${m.total}), precision ${pct(precision(m))}, coverage ${pct(coverage(m))}`;

export function main(argv: string[]): void {
  const classifier = new TitleClassifier();
  const labelled = scoreLabelled(classifier, readLabelledTitles());
  const blind = scoreLabelled(classifier, readLabelledTitles(here('titles-blind.jsonl')));
  const esco = scoreHeldOutEsco(classifier);
  console.log(`\n## Title mapping (roles ${classifier.version})`);
  console.log(line('Labelled real titles, role family (target >= 90%)', labelled.role));
  console.log(line('Labelled real titles, ISCO-08 unit group (target >= 80%)', labelled.isco));
  console.log(line('Blind real titles (second set), role family', blind.role));
  console.log(line('Blind real titles (second set), ISCO-08 unit group', blind.isco));
  console.log(line('ESCO alternative labels held out, ISCO-08 unit group', esco));
  if (argv.includes('--show')) {
    for (const miss of labelled.misses) console.log(`  ${miss}`);
    console.log('  -- blind set --');
    for (const miss of blind.misses) console.log(`  ${miss}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
