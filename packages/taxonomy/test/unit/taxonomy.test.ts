import { describe, expect, it } from 'vitest';
import { buildTaxonomy, getDefaultTaxonomy, lookupSkill } from '../../src/index.js';

const SEED_SKILLS = [
  'Python',
  'Java',
  'Ruby',
  'PHP',
  'Go',
  'Rust',
  'C#',
  'Node.js',
  'MySQL',
  'PostgreSQL',
  'MongoDB',
  'Cassandra',
  'Redis',
  'REST',
  'GraphQL',
  'AWS',
  'Azure',
  'GCP',
  'Kubernetes',
  'Docker',
  'Terraform',
  'CloudFormation',
  'Git',
  'JUnit',
  'Mocha',
  'RSpec',
  'Django',
  'Flask',
  'Spring Boot',
  'Express.js',
  'TensorFlow',
  'PyTorch',
  'Ethereum',
  'Hyperledger',
  'microservices',
  'serverless',
  'CI/CD',
  'Scrum',
  'Kanban',
  'communication',
  'mentoring',
  'problem solving',
  'GitHub',
  'GitLab',
  'SQL',
  'NoSQL',
  'HTTP',
  'Google Cloud',
];

const base = (skills: unknown[]) => ({ version: 't1', categories: { language: 'Languages', framework: 'Frameworks' }, skills });

describe('bundled taxonomy', () => {
  const taxonomy = getDefaultTaxonomy();

  it('loads with a version and hundreds of skills', () => {
    expect(taxonomy.version).toMatch(/^\d{4}\.\d+\.\d+$/);
    expect(taxonomy.skills.length).toBeGreaterThan(300);
  });

  it.each(SEED_SKILLS)('has the seed skill %s', (name) => {
    expect(lookupSkill(taxonomy, name), name).toBeDefined();
  });

  it('keeps parents (Spring Boot → Spring → Java)', () => {
    const springBoot = lookupSkill(taxonomy, 'Spring Boot');
    expect(springBoot?.parent).toBe('spring');
    expect(taxonomy.byId.get('spring')?.parent).toBe('java');
  });

  it('marks ordinary-word names as ambiguous', () => {
    expect(taxonomy.byId.get('go')?.ambiguousForms).toContain('go');
    expect(taxonomy.byId.get('go')?.ambiguousForms).not.toContain('golang');
    expect(taxonomy.byId.get('rails')?.ambiguousForms).toEqual(['rails']);
  });

  it('finds case-sensitive skills only in their case', () => {
    expect(lookupSkill(taxonomy, 'R')?.id).toBe('r');
    expect(lookupSkill(taxonomy, 'k8s')?.id).toBe('kubernetes');
    expect(lookupSkill(taxonomy, 'no such skill')).toBeUndefined();
  });
});

describe('validation', () => {
  it('rejects an alias claimed by two skills, naming both', () => {
    expect(() =>
      buildTaxonomy(
        base([
          { id: 'js', name: 'JavaScript', category: 'language', aliases: ['ecma'] },
          { id: 'es', name: 'ECMAScript', category: 'language', aliases: ['ECMA'] },
        ]),
      ),
    ).toThrow(/skill "es": alias "ECMA" is already used by skill "js"/);
  });

  it('rejects an unknown parent', () => {
    expect(() => buildTaxonomy(base([{ id: 'spring', name: 'Spring', category: 'framework', parent: 'jvm' }]))).toThrow(
      /skill "spring": unknown parent "jvm"/,
    );
  });

  it('rejects an empty name', () => {
    expect(() => buildTaxonomy(base([{ id: 'x', name: '  ', category: 'language' }]))).toThrow(/skill "x": "name" is empty/);
  });

  it('rejects an unknown category and a duplicate id', () => {
    expect(() => buildTaxonomy(base([{ id: 'x', name: 'X', category: 'nope' }]))).toThrow(/unknown category "nope"/);
    expect(() =>
      buildTaxonomy(
        base([
          { id: 'x', name: 'X', category: 'language' },
          { id: 'x', name: 'Y', category: 'language' },
        ]),
      ),
    ).toThrow(/duplicate id/);
  });

  it('rejects an ambiguous form that is not a name or alias', () => {
    expect(() => buildTaxonomy(base([{ id: 'go', name: 'Go', category: 'language', ambiguous: ['gopher'] }]))).toThrow(
      /ambiguous form "gopher"/,
    );
  });
});
