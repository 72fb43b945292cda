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

describe('clipped forms', () => {
  it('reads "Eng" as engineer and "Dev" as the field before a head noun, the person at the end of a part', () => {
    expect(key('Software Dev Engineer II')).toBe('software development engineer ii');
    expect(key('Software Eng')).toBe('software engineer');
    expect(key('Full-stack Dev')).toBe('fullstack developer');
    expect(key('App Dev Manager')).toBe('app development manager');
    expect(key('Dev Shop')).toBe('dev shop');
    expect(key('Infra Eng')).toBe('infrastructure engineer');
  });

  it('keeps R&D one word, so its "D" is not dropped as a gender letter', () => {
    expect(key('R&D Engineer')).toBe('rnd engineer');
    expect(key('R & D engineer')).toBe('rnd engineer');
  });
});

describe('British spellings', () => {
  it('folds "programme" into "program"', () => {
    expect(key('Programme Manager')).toBe('program manager');
  });
});
