import { getDefaultTaxonomy } from '@skillpulse/taxonomy';
import { describe, expect, it } from 'vitest';
import { scoreExtractor, scoreHouse, scoreTagRecall } from '../../src/eval/score.js';
import { SkillExtractor } from '../../src/index.js';
import { smallTaxonomy } from './fixture.js';

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
  }, 120_000);
});

describe('scoreTagRecall', () => {
  it('resolves tags through the taxonomy, counts an unresolved tag as a miss, and reports both recalls', () => {
    const extractor = new SkillExtractor({ taxonomy: smallTaxonomy });
    const score = scoreTagRecall(
      extractor,
      smallTaxonomy,
      new Map([
        ['a', 'You know NodeJS and AWS.'],
        ['b', 'Python only.'],
      ]),
      // SO-style tags: node.js and amazon-web-services resolve by the form rules; "cloud" is no skill.
      { a: ['node.js', 'amazon-web-services', 'cloud'], b: ['python', 'java', 'python'] },
    );
    expect(score).toMatchObject({ postings: 2, tags: 5, resolved: 4, found: 3 });
    expect(score.recall).toBeCloseTo(3 / 5, 10);
    expect(score.recallResolved).toBeCloseTo(3 / 4, 10);
    expect(score.detail.find((d) => d.postingId === 'a')?.unresolved).toEqual(['cloud']);
    expect(score.detail.find((d) => d.postingId === 'b')?.missed).toEqual(['java']);
  });
});

describe('scoreHouse', () => {
  it('counts a counted non-soft skill with no mention inside an annotated span, once per posting', () => {
    const extractor = new SkillExtractor({ taxonomy: smallTaxonomy });
    const text = 'Python and Java.\nMore Java.\nTeamwork matters.';
    const score = scoreHouse(extractor, [
      // Python is inside an annotated span; Java (twice) and the soft skill are not.
      { id: 'h1', text, spans: [[0, 6]] },
      { id: 'h2', text: 'Wine tasting.', spans: [] },
    ]);
    expect(score.falsePositives).toEqual([
      { postingId: 'h1', skillId: 'java', name: 'Java', surface: 'Java', sentence: 'Python and Java.' },
    ]);
    expect(score.per100Ads).toBeCloseTo(50, 10);
  });
});
