import { describe, expect, it } from 'vitest';
import { key, words } from '../../src/normalise.js';

describe('title words', () => {
  it('folds the spellings of stack words and languages into one form', () => {
    expect(key('Front-End Developer')).toBe('frontend developer');
    expect(key('front end developer')).toBe('frontend developer');
    expect(key('Full Stack / C# .NET')).toBe('fullstack csharp dotnet');
    expect(key('Node.js & C++')).toBe('node and cpp');
    expect(key('ICT security')).toBe('it security');
  });

  it('folds plural head nouns and strips accents', () => {
    expect(words('Research Software Engineers')).toEqual(['research', 'software', 'engineer']);
    expect(words('Développeur Sénior')).toEqual(['developpeur', 'senior']);
  });
});
