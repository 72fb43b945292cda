import { describe, expect, it } from 'vitest';
import { capDescription, descriptionCutProblem, MAX_DESCRIPTION_BYTES } from '../../../src/normalise/description.js';

describe('capDescription', () => {
  it('caps at 256 KiB by default', () => {
    expect(MAX_DESCRIPTION_BYTES).toBe(256 * 1024);
    const long = 'word '.repeat(60_000);
    const { text, cutFrom } = capDescription(long);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_DESCRIPTION_BYTES);
    expect(text.endsWith('word')).toBe(true);
    expect(cutFrom).toBe(300_000);
  });

  it('counts bytes, not characters: three-byte characters over the cap are cut', () => {
    const text = '€€€ €€€€';
    expect(capDescription(text, 22)).toEqual({ text, cutFrom: null });
    expect(capDescription(text, 20)).toEqual({ text: '€€€', cutFrom: 22 });
    expect(capDescription('€€€€', 10)).toEqual({ text: '€€€', cutFrom: 12 });
  });
});

describe('descriptionCutProblem', () => {
  it('names the posting, the cap and the size it had', () => {
    expect(descriptionCutProblem('https://a.example/jobs/1', 300_000)).toBe(
      'description of https://a.example/jobs/1 cut to 256 KiB from 300000 bytes (postings contribute at most 256 KiB of text)',
    );
  });
});
