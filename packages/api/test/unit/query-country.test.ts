import type { Taxonomy } from '@skillpulse/taxonomy';
import { describe, expect, it } from 'vitest';
import { toFilter } from '../../src/query.js';

const taxonomy = { categories: new Map(), skills: [] } as unknown as Taxonomy;

describe('country filter', () => {
  it('matches the stored ISO alpha-2 codes whatever case the user typed', () => {
    expect(toFilter({ country: 'de' }, taxonomy).country).toBe('DE');
    expect(toFilter({ country: ' gb ' }, taxonomy).country).toBe('GB');
    expect(toFilter({ country: 'US' }, taxonomy).country).toBe('US');
  });
});
