import { describe, expect, it } from 'vitest';
import { nameKey, slug } from '../../src/normalise.js';

describe('nameKey', () => {
  it('folds accents, case, punctuation and saint', () => {
    expect(nameKey('München')).toBe('munchen');
    expect(nameKey('SÃO PAULO')).toBe(nameKey('Sao Paulo'));
    expect(nameKey('St. Louis')).toBe(nameKey('Saint Louis'));
    expect(nameKey('Washington, D.C.')).toBe('washington dc');
    expect(nameKey('Łódź')).toBe('lodz');
  });

  it('makes metro slugs', () => {
    expect(slug('San Francisco')).toBe('san-francisco');
    expect(slug('Zürich')).toBe('zurich');
  });
});
