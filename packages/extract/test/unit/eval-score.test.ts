import { getDefaultTaxonomy } from '@skillpulse/taxonomy';
import { describe, expect, it } from 'vitest';
import { scoreExtractor } from '../../src/eval/score.js';
import { SkillExtractor } from '../../src/index.js';

describe('scoreExtractor', () => {
  it('scores like the reference scorer: resolved names, vocabulary universe, unannotated ignored', () => {
    const taxonomy = getDefaultTaxonomy();
    const score = scoreExtractor(new SkillExtractor({ taxonomy }), taxonomy, {
      texts: new Map([
        ['p1', 'We need Python, Docker and Kubernetes. Great communication.'],
        ['p2', 'Java and MySQL required.'],
      ]),
      gold: { p1: ['Python', 'Docker', 'Terraform'], p2: ['Java', 'Klingon Framework'] },
      vocabulary: ['Python', 'Docker', 'Terraform', 'Java', 'Kubernetes', 'MySQL'],
      unannotated: { p2: ['MySQL'] },
    });
    // p1: tp python, docker; fp kubernetes; fn terraform. Communication is outside the vocabulary.
    // p2: tp java; MySQL unannotated (ignored); "Klingon Framework" is not in the taxonomy: a miss.
    expect(score).toMatchObject({ truePositives: 3, falsePositives: 1, falseNegatives: 2 });
    expect(score.precision).toBeCloseTo(0.75, 10);
    expect(score.recall).toBeCloseTo(0.6, 10);
    expect(score.errors.find((e) => e.postingId === 'p2')?.notInTaxonomy).toEqual(['Klingon Framework']);
  });
});
