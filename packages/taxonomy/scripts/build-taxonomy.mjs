#!/usr/bin/env node
// Builds the bundled taxonomy from the hand-curated overlay (curation/skills.yaml, curation/rules.yaml)
// and the open sources: GitHub Linguist languages.yml (MIT), O*NET Technology_Skills.txt (CC BY 4.0),
// Stack Overflow tags.csv (CC BY-SA 4.0). Writes data/skills.yaml (curated + Linguist + O*NET) and
// data/skills-stackoverflow.yaml (everything derived from tag names, under CC BY-SA 4.0).
// Deterministic: the same inputs give byte-identical files.
//
// Usage: npm run build:taxonomy -w @skillpulse/taxonomy [-- SOURCES_DIR [HOUSE_JSONL] [--out DIR] [--report]]
// SOURCES_DIR defaults to ../shared/taxonomy-sources from the repository root; HOUSE_JSONL to
// ../shared/eval/skillspan-house-train/postings_house_train.jsonl (the non-tech ads the ambiguity rule reads).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { Registry } from './registry.mjs';
import { renderMain, renderStackOverflow } from './render.mjs';
import { addLinguist, addOnet, addStackOverflow } from './sources.mjs';
import { houseIndex, loadWordCounts, loadWordNet } from './taxonomy-rules.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = resolve(here, '..');
const repo = resolve(pkg, '../..');
const args = process.argv.slice(2);
const flag = (name) => {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  args.splice(at, 2);
  return value;
};
const outDir = resolve(flag('--out') ?? join(pkg, 'data'));
const report = args.includes('--report');
const positional = args.filter((a) => !a.startsWith('--'));
const sources = resolve(positional[0] ?? join(repo, '../shared/taxonomy-sources'));
const housePath = resolve(positional[1] ?? join(repo, '../shared/eval/skillspan-house-train/postings_house_train.jsonl'));

function read(path, what) {
  if (!existsSync(path)) {
    console.error(`build-taxonomy: ${what} not found at ${path}; pass the sources folder as the first argument`);
    process.exit(2);
  }
  return readFileSync(path, 'utf8');
}

const curated = parseYaml(read(join(pkg, 'curation/skills.yaml'), 'curated overlay'));
const rules = parseYaml(read(join(pkg, 'curation/rules.yaml'), 'build rules'));
const linguist = parseYaml(read(join(sources, 'linguist/languages.yml'), 'Linguist languages.yml'));
const onetRows = read(join(sources, 'onet/Technology_Skills.txt'), 'O*NET Technology_Skills.txt')
  .split('\n')
  .slice(1)
  .filter((line) => line.trim() !== '')
  .map((line) => line.split('\t'));
const tags = parseCsv(read(join(sources, 'stackoverflow-tags/tags.csv'), 'Stack Overflow tags.csv'), { columns: true }).map((row) => ({
  tag: row.TagName,
  count: Number(row.Count),
}));
const houseTexts = read(housePath, 'HOUSE train split')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) =>
    JSON.parse(line)
      .sentences.map((s) => s.text)
      .join('\n'),
  );

const context = { counts: loadWordCounts(), wordNet: loadWordNet(), house: houseIndex(houseTexts), measure: rules.measure };
const registry = new Registry(curated, context);
const stats = { linguist: addLinguist(registry, linguist, rules.linguist) };
stats.onet = addOnet(registry, onetRows, rules.onet);
stats.stackoverflow = addStackOverflow(registry, tags, rules.stackoverflow);

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'skills.yaml'), renderMain(registry, curated));
writeFileSync(join(outDir, 'skills-stackoverflow.yaml'), renderStackOverflow(registry, curated));

const technologies = registry.entries().filter((e) => !['practice', 'soft-skill'].includes(e.category));
const byCategory = {};
for (const e of registry.entries()) byCategory[e.category] = (byCategory[e.category] ?? 0) + 1;
console.log(
  `taxonomy ${curated.version}: ${registry.entries().length} skills (${technologies.length} technologies), ${JSON.stringify(stats)}`,
);
console.log(`by category: ${JSON.stringify(byCategory)}`);
if (report) for (const line of registry.log) console.log(line);
