import { describe, expect, it } from 'vitest';
import { selectedText } from '../../../src/sources/career-site.js';

describe('selectedText', () => {
  it('strips field labels and collapses whitespace', () => {
    expect(selectedText('Location:\n    Kirkland WA')).toBe('Kirkland WA');
    expect(selectedText('  Company :  Acme&nbsp;Corp ')).toBe('Acme Corp');
    expect(selectedText('Posted on: 6 Oct 2026')).toBe('6 Oct 2026');
    expect(selectedText('Job title:\n\tSenior   Engineer')).toBe('Senior Engineer');
  });

  it('leaves values that only look like labels, and gives undefined for empty text', () => {
    expect(selectedText('Remote: US only')).toBe('Remote: US only');
    expect(selectedText('   \n ')).toBeUndefined();
    expect(selectedText(undefined)).toBeUndefined();
  });
});
