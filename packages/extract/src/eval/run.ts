#!/usr/bin/env node
// `npm run eval [-- DIR]`: scores the extractor on the SkillSpan dev set (default ../shared/eval/skillspan-tech-dev).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getDefaultTaxonomy } from '@skillpulse/taxonomy';
import { SkillExtractor } from '../extractor.js';
import { type EvalSet, scoreExtractor } from './score.js';

const dir = resolve(process.argv[2] ?? '../shared/eval/skillspan-tech-dev');
const readJson = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));
let set: EvalSet;
try {
  const texts = new Map<string, string>();
  for (const line of readFileSync(join(dir, 'postings_dev.jsonl'), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const posting = JSON.parse(line) as { posting_id: string; sentences: Array<{ text: string }> };
    texts.set(posting.posting_id, posting.sentences.map((s) => s.text).join('\n'));
  }
  set = {
    texts,
    gold: readJson('gold_dev.json'),
    vocabulary: readJson('vocabulary_dev.json'),
    unannotated: readJson('unannotated_dev.json'),
  };
} catch (error) {
  console.error(`eval: cannot read the evaluation set in ${dir}: ${(error as Error).message}`);
  process.exit(2);
}
const taxonomy = getDefaultTaxonomy();
const score = scoreExtractor(new SkillExtractor({ taxonomy }), taxonomy, set);
for (const e of score.errors) {
  console.log(
    `${e.postingId}: missed=${JSON.stringify(e.missed)} false=${JSON.stringify(e.falsePositives)} not_in_taxonomy=${JSON.stringify(e.notInTaxonomy)}`,
  );
}
console.log(`vocabulary unresolved: ${JSON.stringify(score.unresolvedVocabulary)}`);
console.log(`postings=${score.postings} tp=${score.truePositives} fp=${score.falsePositives} fn=${score.falseNegatives}`);
console.log(
  `F1=${score.f1.toFixed(3)} P=${score.precision.toFixed(3)} R=${score.recall.toFixed(3)} (taxonomy ${taxonomy.version}, ${taxonomy.skills.length} skills)`,
);
