// Builds data/esco-occupations.tsv and eval/esco-heldout.tsv from ESCO v1.0 (CC BY 4.0,
// "ESCO, European Commission") in ../shared/taxonomy-sources/esco. One alternative label in ten
// (chosen by a hash of the label, so the split is stable) is held out of the matcher's data and
// kept for measuring it: a matcher must not be scored on titles it was built from.
//
// Usage: node scripts/build-esco.mjs [path/to/esco-folder]
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = resolve(here, '..');
const source = resolve(process.argv[2] ?? resolve(pkg, '../../../shared/taxonomy-sources/esco'));

const occupations = parse(readFileSync(resolve(source, 'occupations_en.csv')), { columns: true, bom: true });
const groups = parse(readFileSync(resolve(source, 'ISCOGroups_en.csv')), { columns: true, bom: true });

export const isHeldOut = (label) => createHash('sha1').update(label.toLowerCase()).digest()[0] % 10 === 0;
const clean = (s) =>
  s
    .replace(/[\t\r\n]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const rows = [];
const heldOut = [];
for (const o of occupations) {
  const id = o.conceptUri.replace('http://data.europa.eu/esco/occupation/', '');
  const preferred = clean(o.preferredLabel);
  const alts = [];
  for (const raw of `${o.altLabels}\n${o.hiddenLabels}`.split('\n')) {
    const label = clean(raw);
    if (!label || label.toLowerCase() === preferred.toLowerCase()) continue;
    if (isHeldOut(label)) heldOut.push([label, id, o.iscoGroup]);
    else alts.push(label);
  }
  rows.push([id, o.iscoGroup, preferred, [...new Set(alts)].join('|')]);
}
rows.sort((a, b) => a[0].localeCompare(b[0]));
heldOut.sort((a, b) => a[0].localeCompare(b[0]));

const header = '# ESCO v1.0 occupations (CC BY 4.0, "ESCO, European Commission"), built by scripts/build-esco.mjs.\n';
writeFileSync(
  resolve(pkg, 'data/esco-occupations.tsv'),
  `${header}# id\tisco\tpreferred\talternatives (|-separated; one in ten held out for evaluation)\n${rows.map((r) => r.join('\t')).join('\n')}\n`,
);
writeFileSync(
  resolve(pkg, 'eval/esco-heldout.tsv'),
  `${header}# label\tid\tisco (alternative labels held out of data/esco-occupations.tsv)\n${heldOut.map((r) => r.join('\t')).join('\n')}\n`,
);
const unitGroups = groups.filter((g) => /^\d{4}$/.test(g.code)).map((g) => [g.code, clean(g.preferredLabel)]);
unitGroups.sort((a, b) => a[0].localeCompare(b[0]));
writeFileSync(
  resolve(pkg, 'data/isco-unit-groups.tsv'),
  `# ISCO-08 unit groups with their ESCO English labels (CC BY 4.0, "ESCO, European Commission").\n# code\tlabel\n${unitGroups.map((r) => r.join('\t')).join('\n')}\n`,
);
console.log(`${rows.length} occupations, ${heldOut.length} alternative labels held out, ${unitGroups.length} ISCO unit groups`);
