import { formIndex, formKey, formSpellings, getDefaultTaxonomy, lookupSkill, type Taxonomy } from '@skillpulse/taxonomy';
import { describe, expect, it } from 'vitest';
import { SkillExtractor } from '../../src/index.js';
import { smallTaxonomy } from './fixture.js';

/** Every spelling of every sampled entry: lookup resolves it, and the extractor finds it in a sentence. */
function checkAgreement(taxonomy: Taxonomy, every: number) {
  const extractor = new SkillExtractor({ taxonomy });
  const problems: string[] = [];
  taxonomy.skills.forEach((skill, index) => {
    if (index % every !== 0) return;
    for (const form of [skill.name, ...skill.aliases]) {
      for (const spelling of formSpellings(form, skill)) {
        if (formIndex(taxonomy)[spelling.caseSensitive ? 'exact' : 'folded'].get(spelling.key)?.skill !== skill) continue; // contested
        const looked = lookupSkill(taxonomy, spelling.key);
        if (looked?.id !== skill.id) problems.push(`lookup "${spelling.key}" → ${looked?.id} (want ${skill.id})`);
        // Between other skills, so an ambiguous spelling has the context it needs.
        const text = `Python, ${spelling.key}, Docker`;
        const found = extractor.extract(text).mentions.some((m) => m.skillId === skill.id && m.text.length > 0);
        if (!found) problems.push(`extract "${text}" misses ${skill.id}`);
      }
    }
  });
  return problems;
}

describe('form rules', () => {
  it('fold separators, dots inside names and pre-tokenised spacing into one key', () => {
    expect(formKey('Node.js', false)).toBe('node js');
    expect(formKey('Node . js', false)).toBe('node js');
    expect(formKey('event-driven', false)).toBe('event driven');
    expect(formKey('. NET Core', false)).toBe('.net core');
    expect(formKey('CI / CD', false)).toBe('ci/cd');
    expect(formKey('CSV', true)).toBe('CSV');
  });

  it.each([
    ['NodeJS', 'nodejs'],
    ['node js', 'nodejs'],
    ['Node . js', 'nodejs'],
    ['microfrontends', 'micro-frontends'],
    ['micro-frontend', 'micro-frontends'],
    ['eventdriven', 'event-driven'],
    ['continuous-integration', 'ci'],
    ['design pattern', 'design-patterns'],
    ['microservice', 'microservices'],
    ['ASP . NET', 'dotnet'],
    ['model context protocol', 'mcp'],
  ])('lookup and extractor both take "%s"', (form, id) => {
    expect(lookupSkill(smallTaxonomy, form)?.id).toBe(id);
    const extractor = new SkillExtractor({ taxonomy: smallTaxonomy });
    expect(extractor.extract(`We use ${form} daily.`).skills.map((s) => s.id)).toContain(id);
  });

  it('keeps case-sensitive single words to their case; ALL CAPS only where unambiguous', () => {
    const ids = (text: string) => new SkillExtractor({ taxonomy: smallTaxonomy }).extract(text).skills.map((s) => s.id);
    expect(ids('Export to CSV.')).toContain('csv');
    expect(ids('Styles in LESS please')).not.toContain('less');
    expect(ids('It costs less.')).not.toContain('less');
    // The lower-case form of a case-sensitive name needs context: next to another skill it counts.
    expect(ids('We read csv, Python and Docker files.')).toContain('csv');
    expect(ids('Please send a csv.')).not.toContain('csv');
  });

  it('agrees with lookup on every spelling of the small taxonomy', () => {
    expect(checkAgreement(smallTaxonomy, 1)).toEqual([]);
  });

  it('agrees with lookup on every spelling of a sample of the bundled taxonomy', () => {
    expect(checkAgreement(getDefaultTaxonomy(), 37)).toEqual([]);
  }, 180_000);
});
