import { createWriteStream, readFileSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { METHODOLOGY } from '@skillpulse/api';
import type { StoredPosting } from '@skillpulse/core';
import { EXTRACTOR_VERSION } from '@skillpulse/extract';
import { fileDigest, SNAPSHOT_FILES, type SnapshotManifest } from '@skillpulse/ingest';
import { loadRoleCatalogue } from '@skillpulse/roles';
import type { Taxonomy } from '@skillpulse/taxonomy';
import { configuredTaxonomy } from '../config.js';
import { matchingPostings, postingFilter, postingFilterOptions, writePostingLines } from '../postings-file.js';
import { type Command, withStore } from '../runtime.js';
import { parseCommand, UsageError } from '../usage.js';

const SKILLPULSE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

/** Unique postings per month, and per month and skill: the counts of skills_by_month.csv. */
class MonthlyCounts {
  readonly totals = new Map<string, number>();
  readonly bySkill = new Map<string, Map<string, number>>();
  add(posting: StoredPosting): void {
    if (posting.canonicalId !== null) return;
    const month = posting.datePosted.slice(0, 7);
    this.totals.set(month, (this.totals.get(month) ?? 0) + 1);
    let skills = this.bySkill.get(month);
    if (!skills) this.bySkill.set(month, (skills = new Map()));
    for (const { skillId } of posting.skills) skills.set(skillId, (skills.get(skillId) ?? 0) + 1);
  }
  csv(taxonomy: Taxonomy): { text: string; rows: number } {
    const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
    const lines = ['month,skill_id,skill_name,category,postings,total_postings,share'];
    for (const month of [...this.totals.keys()].sort()) {
      const total = this.totals.get(month) as number;
      const counts = [...(this.bySkill.get(month) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      for (const [skillId, n] of counts) {
        const skill = taxonomy.byId.get(skillId);
        lines.push(
          [month, quote(skillId), quote(skill?.name ?? skillId), quote(skill?.category ?? ''), n, total, (n / total).toFixed(6)].join(','),
        );
      }
    }
    return { text: `${lines.join('\n')}\n`, rows: lines.length - 1 };
  }
}

function methodology(manifest: Omit<SnapshotManifest, 'files'>): string {
  const query = Object.entries(manifest.query);
  return `# SkillPulse snapshot: methodology

Taken ${manifest.createdAt} with SkillPulse ${manifest.versions.skillpulse} from a store at data version
\`${manifest.dataVersion}\`: taxonomy ${manifest.versions.taxonomy}, extractor ${manifest.versions.extractor},
role mapping ${manifest.versions.roles ?? 'none'}, places ${manifest.versions.places ?? 'none'}.

Query: ${query.length === 0 ? 'every stored posting' : query.map(([k, v]) => `${k}=${v}`).join(', ')}.

## Files

- \`postings.jsonl.gz\`: ${manifest.rows.postings} postings (${manifest.rows.uniquePostings} unique), one JSON object a line, as
  stored: text, skills, role, place, pay, and \`canonicalId\` pointing a near-duplicate at the posting it
  repeats. \`skillpulse import DIR --format snapshot\` loads them after checking every file's SHA-256.
- \`skills_by_month.csv\`: ${manifest.rows.skillsByMonth} rows; per month of \`datePosted\` and skill, the unique
  postings asking for the skill, the unique postings of the month, and their ratio (share).
- \`manifest.json\`: versions, query, row counts and the SHA-256 of every file.

## How a share is computed (as stamped on every SkillPulse report)

${METHODOLOGY}

Duplicates (postings with a \`canonicalId\`) are stored but never counted. The reports of a store that
imported this snapshot into an empty store equal those of the store it was taken from.
`;
}

export const snapshot: Command = {
  summary: 'write a versioned dataset folder: postings, monthly skill counts, manifest, methodology',
  usage: `skillpulse snapshot DIR [--from --to --source --company --country --remote --seniority
                    --role --city --region --metro --skills A,B] [--data-dir DIR]

  Writes into DIR (new, or empty): postings.jsonl.gz (the postings as skillpulse export postings
  --format jsonl writes them), skills_by_month.csv, manifest.json (SkillPulse, taxonomy, extractor and
  role-mapping versions, the query, row counts, the SHA-256 of every file) and METHODOLOGY.md.
  skillpulse import DIR --format snapshot verifies the checksums, then loads it. docs/importing.md.`,
  async run(args, io) {
    const { values, positionals } = parseCommand(args, { ...postingFilterOptions(), 'data-dir': { type: 'string' } });
    if (positionals.length !== 1)
      throw new UsageError(
        positionals.length === 0
          ? 'snapshot: give the folder to write, e.g. skillpulse snapshot ./dataset-2026-11'
          : `snapshot: unexpected argument "${positionals[1]}"`,
      );
    const dir = positionals[0] as string;
    const taxonomy = configuredTaxonomy(io.config);
    const { query, filter } = postingFilter(values, taxonomy);
    const existing = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw new UsageError(`snapshot: ${dir}: ${error.message}`);
    });
    if (existing.length > 0) throw new UsageError(`snapshot: ${dir} is not empty; give a new or empty folder`);
    await mkdir(dir, { recursive: true });
    return withStore(io, values['data-dir'], async (store) => {
      const dataVersion = await store.dataVersion();
      const monthly = new MonthlyCounts();
      const places = new Set<string>();
      let unique = 0;
      const lines = new PassThrough();
      const written = pipeline(lines, createGzip(), createWriteStream(join(dir, 'postings.jsonl.gz')));
      const postings = await writePostingLines(matchingPostings(store, filter), lines, (posting) => {
        monthly.add(posting);
        if (posting.canonicalId === null) unique++;
        if (posting.place) places.add(posting.place.version);
      });
      lines.end();
      await written;
      const csv = monthly.csv(taxonomy);
      await writeFile(join(dir, 'skills_by_month.csv'), csv.text);
      const head: Omit<SnapshotManifest, 'files'> = {
        format: 'skillpulse-snapshot',
        formatVersion: 1,
        createdAt: new Date().toISOString(),
        versions: {
          skillpulse: SKILLPULSE_VERSION,
          taxonomy: taxonomy.version,
          extractor: EXTRACTOR_VERSION,
          roles: loadRoleCatalogue().version,
          places: places.size > 0 ? [...places].sort().join(', ') : null,
        },
        query,
        dataVersion,
        rows: { postings, uniquePostings: unique, skillsByMonth: csv.rows },
      };
      await writeFile(join(dir, 'METHODOLOGY.md'), methodology(head));
      const files: SnapshotManifest['files'] = {};
      for (const name of SNAPSHOT_FILES) files[name] = await fileDigest(join(dir, name));
      await writeFile(join(dir, 'manifest.json'), `${JSON.stringify({ ...head, files }, null, 2)}\n`);
      io.stderr.write(
        `snapshot: ${dir}: ${postings} postings (${unique} unique), ${csv.rows} skill-month rows; manifest.json lists the SHA-256 of each file\n`,
      );
      return 0;
    });
  },
};
