import { describe, expect, it } from 'vitest';
import { closestMatch, didYouMean } from '../../src/index.js';

describe('closestMatch', () => {
  it('finds the nearest candidate by edit distance, ignoring case', () => {
    expect(closestMatch('acmee', ['acme', 'java', 'kotlin'])).toBe('acme');
    expect(closestMatch('Kubernets', ['kubernetes', 'kafka'])).toBe('kubernetes');
    expect(closestMatch('alias', ['id', 'aliases'])).toBe('aliases');
  });

  it('gives nothing when no candidate is a plausible typo', () => {
    expect(closestMatch('zzz', ['java', 'kotlin'])).toBeUndefined();
    expect(closestMatch('x', [])).toBeUndefined();
    expect(closestMatch('abcdef', ['uvwxyz'], 2)).toBeUndefined();
  });

  it('words a hint', () => {
    expect(didYouMean('acmee', ['acme'])).toBe('; did you mean "acme"?');
    expect(didYouMean('zzz', ['acme'])).toBe('');
  });
});
