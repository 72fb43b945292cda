import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderJobReference } from '../../src/job-reference.js';
import { JobFileShellSchema, SOURCE_SCHEMAS } from '../../src/job-schema.js';

const DOC = fileURLToPath(new URL('../../../../docs/crawl-jobs.md', import.meta.url));

describe('docs/crawl-jobs.md', () => {
  it('is what the job-file schema generates (run npm run docs:jobs -w @skillpulse/ingest after changing the schema)', () => {
    expect(readFileSync(DOC, 'utf8')).toBe(renderJobReference());
  });

  it('documents every key of every source type, the {board} placeholder and company:', () => {
    const text = renderJobReference();
    for (const key of Object.keys(JobFileShellSchema.properties)) expect(text).toContain(`| \`${key}`);
    for (const schema of Object.values(SOURCE_SCHEMAS))
      for (const key of Object.keys(schema.properties)) expect(text).toContain(`| \`source.${key}\``);
    expect(text).toContain('`https://{board}.recruitee.com`');
    expect(text).toMatch(/`lever` and `ashby`: their APIs give no company name/);
  });
});
