#!/usr/bin/env node
// `npm run eval [-- --show] [-- --shared DIR] [-- --taxonomy FILE]`: three measures of the extractor, side by side.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getDefaultTaxonomy, loadTaxonomy } from '@skillpulse/taxonomy';
import { SkillExtractor } from '../extractor.js';
import { scoreExtractor, scoreHouse, scoreTagRecall } from './score.js';
import { EvalDataError, readDevSet, readHouseSet, readTagSet } from './sets.js';

const USAGE = 'usage: npm run eval [-- --show] [--shared DIR (default ../shared/eval)] [--taxonomy FILE]';
const args = process.argv.slice(2);
let show = false;
let shared = '../shared/eval';
let taxonomyFile: string | null = null;
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--show') show = true;
  else if (arg === '--shared' && args[i + 1]) shared = args[++i] as string;
  else if (arg === '--taxonomy' && args[i + 1]) taxonomyFile = args[++i] as string;
  else {
    console.error(`eval: unknown argument "${arg}"\n${USAGE}`);
    process.exit(2);
  }
}
const root = resolve(shared);
if (!existsSync(root)) {
  console.error(
    `eval: the shared evaluation folder ${root} does not exist; it must hold skillspan-tech-dev, skillspan-tech-train and skillspan-house-train (pass another with --shared DIR)`,
  );
  process.exit(2);
}

let sets: { dev: ReturnType<typeof readDevSet>; tags: ReturnType<typeof readTagSet>; house: ReturnType<typeof readHouseSet> };
try {
  sets = {
    dev: readDevSet(join(root, 'skillspan-tech-dev')),
    tags: readTagSet(join(root, 'skillspan-tech-train')),
    house: readHouseSet(join(root, 'skillspan-house-train')),
  };
} catch (error) {
  if (!(error instanceof EvalDataError)) throw error;
  console.error(`eval: cannot read the evaluation data: ${error.message}`);
  process.exit(2);
}

const taxonomy = taxonomyFile ? loadTaxonomy(taxonomyFile) : getDefaultTaxonomy();
const extractor = new SkillExtractor({ taxonomy });
const dev = scoreExtractor(extractor, taxonomy, sets.dev);
const tags = scoreTagRecall(extractor, taxonomy, sets.tags.texts, sets.tags.tags);
const house = scoreHouse(extractor, sets.house);

if (show) {
  console.log('# TECH dev: postings with errors');
  for (const e of dev.errors) {
    console.log(
      `${e.postingId}: missed=${JSON.stringify(e.missed)} false=${JSON.stringify(e.falsePositives)} not_in_taxonomy=${JSON.stringify(e.notInTaxonomy)}`,
    );
  }
  console.log(`vocabulary unresolved: ${JSON.stringify(dev.unresolvedVocabulary)}`);
  console.log('# TECH train: employer tags per posting');
  for (const row of tags.detail) {
    if (row.missed.length + row.unresolved.length === 0) continue;
    console.log(
      `${row.postingId}: found=${JSON.stringify(row.found)} missed=${JSON.stringify(row.missed)} not_in_taxonomy=${JSON.stringify(row.unresolved)}`,
    );
  }
  console.log('');
}

console.log(
  `# HOUSE train: ${house.falsePositives.length} false positives (counted skill, not soft skill, no mention inside an annotated span)`,
);
for (const fp of house.falsePositives) console.log(`${fp.postingId}\t${fp.skillId}\t"${fp.surface}"\t${fp.sentence.slice(0, 140)}`);
console.log('');
const pad = (text: string, width: number) => text.padEnd(width);
console.log(`${pad('measure', 34)}${pad('value', 30)}detail`);
console.log(
  `${pad('TECH dev, gold sets', 34)}${pad(`F1=${dev.f1.toFixed(3)} P=${dev.precision.toFixed(3)} R=${dev.recall.toFixed(3)}`, 30)}postings=${dev.postings} tp=${dev.truePositives} fp=${dev.falsePositives} fn=${dev.falseNegatives}`,
);
console.log(
  `${pad('TECH train, employer tags', 34)}${pad(`recall=${tags.recall.toFixed(3)} (resolved ${tags.recallResolved.toFixed(3)})`, 30)}postings=${tags.postings} tags=${tags.tags} resolved=${tags.resolved} found=${tags.found}`,
);
console.log(
  `${pad('HOUSE train, false positives', 34)}${pad(`${house.per100Ads.toFixed(1)} per 100 ads`, 30)}ads=${house.ads} false_positives=${house.falsePositives.length}`,
);
console.log(`taxonomy ${taxonomy.version}, ${taxonomy.skills.length} skills${show ? '' : '; per-posting detail: npm run eval -- --show'}`);
