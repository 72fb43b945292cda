import { getDefaultTaxonomy } from '@skillpulse/taxonomy';
import { describe, expect, it } from 'vitest';
import { findEmergingTerms } from '../../src/index.js';

const taxonomy = getDefaultTaxonomy();

describe('findEmergingTerms', () => {
  const postings = [
    { text: 'We build workflows on Temporal and Python. You have experience with Tauri apps.', exclude: ['Acme'] },
    { text: 'Our services run on Temporal. Knowledge of Tauri is a plus. Based in Berlin.', exclude: ['Berlin'] },
    { text: 'Senior Backend Engineer at Acme. We use Kubernetes and CI/CD. Acme loves Temporal.', exclude: ['Acme'] },
    { text: 'Remote role. Experience with Bazelisk is welcome.', exclude: [] },
  ];
  const terms = findEmergingTerms(postings, taxonomy);
  const names = terms.map((t) => t.term);

  it('finds unknown names used across postings, with counts and an example', () => {
    expect(names).toEqual(expect.arrayContaining(['Temporal', 'Tauri']));
    const temporal = terms.find((t) => t.term === 'Temporal');
    expect(temporal).toMatchObject({ postings: 3, mentions: 3 });
    expect(temporal?.example).toMatch(/Temporal/);
  });

  it('leaves out known skills and their parts, companies, places, titles and one-off terms', () => {
    for (const noise of ['Python', 'Kubernetes', 'CI', 'CD', 'Acme', 'Berlin', 'Senior Backend', 'Engineer', 'Bazelisk'])
      expect(names).not.toContain(noise);
  });

  it('ranks a term named in fewer postings but as often per posting higher (TF-IDF)', () => {
    const score = (term: string) => terms.find((t) => t.term === term)?.score ?? 0;
    expect(score('Tauri')).toBeGreaterThan(score('Temporal'));
  });

  it('honours minPostings and limit', () => {
    expect(findEmergingTerms(postings, taxonomy, { minPostings: 1 }).map((t) => t.term)).toContain('Bazelisk');
    expect(findEmergingTerms(postings, taxonomy, { limit: 1 })).toHaveLength(1);
  });
});
