import { expectation } from './job-check.js';
import { ATS_WITHOUT_COMPANY, JobFileShellSchema, SOURCE_SCHEMAS, SOURCE_TYPES } from './job-schema.js';

// biome-ignore lint/suspicious/noExplicitAny: schemas are read as plain JSON
type Json = Record<string, any>;

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
const code = (value: unknown) => `\`${typeof value === 'string' && value !== '' ? value : JSON.stringify(value)}\``;

function typeText(schema: Json): string {
  if (schema.const !== undefined) return code(schema.const);
  if (schema.type === undefined) return 'mapping (one of the source types below)';
  if (schema.patternText) return `string: ${schema.patternText}`;
  return expectation(schema).replace(/^an? /, '');
}

function defaultText(schema: Json, required: boolean): string {
  if (required) return '**required**';
  if (schema.defaultText) return schema.defaultText;
  if (schema.default !== undefined) return code(schema.default);
  return 'not set';
}

/** One table row per key of an object schema: key path, type, default, example, description. */
function rows(schema: Json, prefix: string): string[][] {
  const out: string[][] = [];
  for (const [key, child] of Object.entries((schema.properties ?? {}) as Json)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const required = (schema.required ?? []).includes(key);
    const example = child.examples?.[0];
    out.push(
      [
        `\`${path}\``,
        typeText(child),
        defaultText(child, required),
        example === undefined ? '' : code(example),
        child.description ?? '',
      ].map(cell),
    );
  }
  return out;
}

/** A Markdown table padded the way the formatter (Biome) writes it, so formatting never changes the file. */
function table(schema: Json, prefix: string): string {
  const body = [['key', 'type', 'default', 'example', 'description'], ...rows(schema, prefix)];
  const widths = body[0]?.map((_, col) => Math.max(3, ...body.map((row) => (row[col] ?? '').length))) ?? [];
  const line = (row: string[]) => `| ${row.map((c, col) => c.padEnd(widths[col] ?? 0)).join(' | ')} |`;
  const [head = [], ...rest] = body;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rest.map(line)].join('\n');
}

/** docs/crawl-jobs.md, generated from the job-file schema (`npm run docs:jobs -w @skillpulse/ingest`). */
export function renderJobReference(): string {
  const shell = JobFileShellSchema as Json;
  const top = {
    ...shell,
    properties: Object.fromEntries(Object.entries(shell.properties).filter(([k]) => k !== 'limits' && k !== 'options')),
  };
  const limits = shell.properties.limits as Json;
  const options = shell.properties.options as Json;
  const sections: string[] = [
    '# Crawl job files',
    '',
    '<!-- Generated from pipelines/ingest/src/job-schema.ts by `npm run docs:jobs -w @skillpulse/ingest`; do not edit by hand (a test fails when this file differs). -->',
    '',
    'A crawl job is a YAML file in `pipelines/jobs/` (or the folder `SKILLPULSE_JOBS_DIR` names), one job per file;',
    'the examples there cover every source type. `skillpulse jobs validate` checks every file and prints every problem.',
    '',
    '- **Unknown keys are errors**, at every level: a misspelt or misplaced key is reported with the key that was',
    '  meant (`job file jobs/acme.yaml: source.apibase: unknown key; did you mean source.apiBase?`), never ignored.',
    '- Types and ranges are checked: `options.userAgent: must be a string (got 42)`,',
    '  `limits.maxRetries: must be an integer from 0 to 10 (got -1)`.',
    '- A key written with no value (`company:`) is the same as a key left out.',
    '- A file with a problem does not run; the other files of the folder still load and run.',
    '',
    '## Top level',
    '',
    table(top, ''),
    '',
    '## `limits`',
    '',
    limits.description ?? '',
    '',
    table(limits, 'limits'),
    '',
    '## `options`',
    '',
    options.description ?? '',
    '',
    table(options, 'options'),
    '',
    '## `source`',
    '',
    `What to crawl. \`source.type\` is one of ${SOURCE_TYPES.map((t) => `\`${t}\``).join(', ')}; each type allows the keys listed`,
    'under it and no others.',
    '',
    '### Which sources need `company:`',
    '',
    `- ${ATS_WITHOUT_COMPANY.map((k) => `\`${k}\``).join(' and ')}: their APIs give no company name, so set \`source.company\`; without it the postings have no company.`,
    '- The other ATS types read the company from the API; `source.company` fills in only where a record has none.',
    '- `feed`: a single company\'s feed should set `source.company`; otherwise "Company: Role" titles or the item author give it.',
    '- `career-site` reads the company from the JobPosting markup or `source.selectors.company`.',
    '',
    '### The `{board}` placeholder (Recruitee)',
    '',
    'Recruitee serves each board on its own host (`https://acme.recruitee.com`), so its default `apiBase` is',
    '`https://{board}.recruitee.com`: `{board}` is replaced by `source.board`. Any ATS `apiBase` may use the placeholder,',
    'e.g. `apiBase: "http://127.0.0.1:8080/{board}"` for a local copy of several boards.',
  ];
  for (const type of SOURCE_TYPES) {
    const schema = SOURCE_SCHEMAS[type] as Json;
    sections.push('', `### \`type: ${type}\``, '', schema.properties.type.description ?? '', '', table(schema, 'source'));
    for (const [key, child] of Object.entries(schema.properties as Json)) {
      if (child.type !== 'object') continue;
      sections.push('', `#### \`source.${key}\` (${type})`, '', child.description ?? '', '', table(child, `source.${key}`));
    }
  }
  return `${sections.join('\n')}\n`;
}
