#!/usr/bin/env node
// Measures the built taxonomy with the built extractor (run `npx turbo run build --filter=@skillpulse/cli...` first):
// false positives on the HOUSE train split (every skill found there, with its surface form), recall of the
// employer tags on the SkillSpan TECH train split (tagless bodies), and taxonomy load time / memory.
// Usage: node packages/taxonomy/scripts/measure.mjs [EVAL_DIR=../shared/eval] [--list] [--taxonomy FILE[,FILE]]
// (--taxonomy: measure other data files, e.g. the data before a change, instead of the bundled ones)
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const taxonomyAt = args.indexOf('--taxonomy');
const taxonomyFiles = taxonomyAt >= 0 ? args.splice(taxonomyAt, 2)[1].split(',') : null;
const list = args.includes('--list');
const evalDir = resolve(args.find((a) => !a.startsWith('--')) ?? '../shared/eval');
const rss0 = process.memoryUsage().rss;
let t = performance.now();
const { getDefaultTaxonomy, loadTaxonomy, lookupSkill } = await import('@skillpulse/taxonomy');
const taxonomy = taxonomyFiles ? loadTaxonomy(taxonomyFiles) : getDefaultTaxonomy();
const loadMs = performance.now() - t;
t = performance.now();
const { SkillExtractor } = await import('@skillpulse/extract');
const extractor = new SkillExtractor({ taxonomy });
const extractorMs = performance.now() - t;
const rss = process.memoryUsage().rss - rss0;

const readJsonl = (file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));
const textOf = (p) => p.sentences.map((s) => s.text).join('\n');

// HOUSE: every counted skill is a false positive unless the ad really asks for it; list them.
const house = readJsonl(join(evalDir, 'skillspan-house-train/postings_house_train.jsonl'));
let houseSkills = 0;
const forms = new Map();
for (const p of house) {
  const r = extractor.extract(textOf(p));
  houseSkills += r.skills.length;
  for (const s of r.skills) {
    const key = `${s.id} "${s.mentions[0].text}"`;
    forms.set(key, (forms.get(key) ?? 0) + 1);
  }
}
// Employer tags: recall of the tags that resolve to a skill, and of all tags.
const tagsBy = JSON.parse(readFileSync(join(evalDir, 'skillspan-tech-train/employer_tags_train.json'), 'utf8'));
const tech = readJsonl(join(evalDir, 'skillspan-tech-train/postings_train_tagless.jsonl'));
let tags = 0;
let resolved = 0;
let found = 0;
const missed = [];
for (const p of tech) {
  const ids = new Set(extractor.extract(textOf(p)).skills.map((s) => s.id));
  for (const tag of tagsBy[p.posting_id] ?? []) {
    tags++;
    const skill = lookupSkill(taxonomy, tag) ?? lookupSkill(taxonomy, tag.replace(/-/g, ' '));
    if (!skill) {
      missed.push(`${tag}(unresolved)`);
      continue;
    }
    resolved++;
    if (ids.has(skill.id)) found++;
    else missed.push(`${tag}→${skill.id}`);
  }
}
console.log(
  `taxonomy ${taxonomy.version}: ${taxonomy.skills.length} skills, ${taxonomy.aliasIndex.size} forms; load ${loadMs.toFixed(0)} ms, extractor ${extractorMs.toFixed(0)} ms, +RSS ${(rss / 2 ** 20).toFixed(0)} MB`,
);
console.log(
  `HOUSE train: ${house.length} ads, ${houseSkills} skills found (${((100 * houseSkills) / house.length).toFixed(1)} per 100 ads), ${forms.size} distinct skill/form pairs`,
);
if (list) for (const [k, n] of [...forms].sort((a, b) => b[1] - a[1])) console.log(`  ${n}\t${k}`);
console.log(
  `TECH train employer tags: ${tags} tags, ${resolved} resolve to a skill, found ${found} (recall ${(found / tags).toFixed(3)} of all, ${(found / resolved).toFixed(3)} of resolved)`,
);
if (list) console.log(`  missed: ${missed.join(' ')}`);
