import { applyOverlay, getDefaultTaxonomy, lookupSkill } from '@skillpulse/taxonomy';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { emergingOverlayYaml, findEmergingTerms } from '../../src/index.js';

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

// Building a matcher over the whole taxonomy takes a few seconds on a busy machine.
describe('emergingOverlayYaml', { timeout: 60_000 }, () => {
  const postings = [
    { text: 'We build workflows on Temporal and Python. You have experience with Acme Deploy pipelines.' },
    { text: 'Our services run on Temporal. Knowledge of Acme Deploy is a plus.' },
    { text: 'Our Go services ship with Acme Deploy. Jobs run on Temporal.' },
  ];
  const terms = findEmergingTerms(postings, taxonomy);
  const yaml = emergingOverlayYaml(terms, taxonomy, postings.length);

  it('keeps up to three example sentences per term, each from another posting', () => {
    const acme = terms.find((t) => t.term === 'Acme Deploy');
    expect(acme?.examples).toEqual([
      'You have experience with Acme Deploy pipelines.',
      'Knowledge of Acme Deploy is a plus.',
      'Our Go services ship with Acme Deploy.',
    ]);
    expect(acme?.example).toBe(acme?.examples[0]);
  });

  it('proposes a ready-to-paste overlay entry per candidate, with counts and examples as comments', () => {
    const acme = terms.find((t) => t.term === 'Acme Deploy');
    expect(yaml).toContain(
      [
        `  # Acme Deploy: 3 postings, ${acme?.mentions} mentions (score ${acme?.score.toFixed(2)}), e.g.`,
        '  #   "You have experience with Acme Deploy pipelines."',
        '  #   "Knowledge of Acme Deploy is a plus."',
        '  #   "Our Go services ship with Acme Deploy."',
        '  - id: acme-deploy',
        '    name: Acme Deploy',
      ].join('\n'),
    );
    expect(yaml).toMatch(/ {4}aliases: \[AcmeDeploy, Acme-Deploy\]\n/);
  });

  it('is itself a valid overlay that makes the candidates skills', () => {
    const overlaid = applyOverlay(taxonomy, parseYaml(yaml), { source: 'emerging.yaml' });
    expect(lookupSkill(overlaid, 'acmedeploy')?.id).toBe('acme-deploy');
    expect(lookupSkill(overlaid, 'Temporal')?.name).toBe('Temporal');
    expect(findEmergingTerms(postings, overlaid)).toEqual([]);
  });

  it('is an empty overlay when there is nothing to propose', () => {
    expect(parseYaml(emergingOverlayYaml([], taxonomy, 0))).toEqual({ skills: [] });
  });
});
