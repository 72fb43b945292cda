import { contentHash } from '@skillpulse/crawl';
import { describe, expect, it } from 'vitest';
import { jsonlItem } from '../../../src/import/formats.js';

/** Issue 21: a line of SkillPulse's own JSONL is carried as written only when its text is the one its skills were found in. */

const versions = { taxonomy: 'tax-1', extractor: 'ext-1' };
const exported = (edit: Partial<Record<'title' | 'descriptionText', string>> = {}) => {
  const title = 'Data Engineer';
  const descriptionText = 'We use Python and SQL every day.';
  return JSON.stringify({
    id: 'import:feed:1',
    source: 'import:feed',
    url: 'https://jobs.example/1',
    title,
    descriptionText,
    datePosted: '2026-03-02',
    contentHash: contentHash(title, descriptionText),
    skills: [{ skillId: 'python', count: 1 }],
    taxonomyVersion: versions.taxonomy,
    extractorVersion: versions.extractor,
    ...edit,
  });
};

describe('jsonlItem', () => {
  it('carries an exported line as written', () => {
    const item = jsonlItem(exported(), 'line 1', versions);
    expect('carried' in item).toBe(true);
  });

  it('extracts again a line whose title or text was edited after the export, with the hash of the new text', () => {
    for (const edit of [{ descriptionText: 'We use Rust and Kafka every day.' }, { title: 'Senior Data Engineer' }]) {
      const item = jsonlItem(exported(edit), 'line 1', versions);
      expect('posting' in item, JSON.stringify(edit)).toBe(true);
      if (!('posting' in item)) continue;
      expect(item.posting.contentHash).toBe(contentHash(item.posting.title, item.posting.descriptionText));
      expect(item.posting.contentHash).not.toBe(JSON.parse(exported()).contentHash);
    }
  });
});
