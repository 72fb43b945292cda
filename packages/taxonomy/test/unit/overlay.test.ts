import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyOverlay, buildTaxonomy, getDefaultTaxonomy, loadTaxonomyOverlay, lookupSkill, taxonomyWithOverlay } from '../../src/index.js';

const base = buildTaxonomy({
  version: '2026.1.0',
  categories: { language: 'Languages', framework: 'Frameworks', devops: 'DevOps' },
  skills: [
    { id: 'java', name: 'Java', category: 'language', aliases: ['java 17'] },
    { id: 'spring', name: 'Spring', category: 'framework', parent: 'java', ambiguous: true },
    { id: 'go', name: 'Go', category: 'language', aliases: ['golang'], ambiguous: true },
    { id: 'acme', name: 'Acme Platform', category: 'devops' },
    { id: 'ci-cd', name: 'CI/CD', category: 'devops', aliases: ['ci'] },
  ],
});

const apply = (skills: unknown[], extra: Record<string, unknown> = {}) =>
  applyOverlay(base, { skills, ...extra }, { source: './my-skills.yaml' });

function file(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'skillpulse-overlay-')), 'my-skills.yaml');
  writeFileSync(path, text);
  return path;
}

describe('applyOverlay', () => {
  it('adds a skill with aliases and a parent, found by lookup under every form', () => {
    const t = apply([{ id: 'acme-ci', name: 'AcmeCI', category: 'devops', aliases: ['acme ci'], parent: 'acme' }]);
    const skill = lookupSkill(t, 'Acme CI');
    expect(skill).toMatchObject({ id: 'acme-ci', name: 'AcmeCI', category: 'devops', parent: 'acme', ambiguousForms: [] });
    expect(lookupSkill(t, 'acmeci')?.id).toBe('acme-ci');
    expect(t.skills).toHaveLength(base.skills.length + 1);
    // The built-in taxonomy is left as it was.
    expect(lookupSkill(base, 'acmeci')).toBeUndefined();
  });

  it('adds aliases to a built-in skill and keeps its own', () => {
    const t = apply([{ id: 'java', aliases: ['jdk', 'java 17'] }]);
    expect(t.byId.get('java')).toMatchObject({ name: 'Java', category: 'language', aliases: ['java 17', 'jdk'] });
    expect(lookupSkill(t, 'JDK')?.id).toBe('java');
  });

  it('sets and removes parents, and decides ambiguity', () => {
    const t = apply([
      { id: 'go', ambiguous: false },
      { id: 'spring', parent: null },
      { id: 'acme', ambiguous: true, parent: 'java' },
      { id: 'java', ambiguous: ['java 17'] },
    ]);
    expect(t.byId.get('go')?.ambiguousForms).toEqual([]);
    expect(t.byId.get('spring')).toMatchObject({ parent: null, ambiguousForms: ['spring'] });
    expect(t.byId.get('acme')).toMatchObject({ parent: 'java', ambiguousForms: ['acme platform'] });
    expect(t.byId.get('java')?.ambiguousForms).toEqual(['java 17']);
  });

  it('adds categories', () => {
    const t = apply([{ id: 'widgetry', name: 'Widgetry', category: 'internal' }], { categories: { internal: 'Internal tools' } });
    expect(t.categories.get('internal')).toBe('Internal tools');
    expect(t.byId.get('widgetry')?.category).toBe('internal');
  });

  it('stamps the version with the overlay digest', () => {
    const t = applyOverlay(base, { skills: [{ id: 'x1', name: 'X1', category: 'devops' }] }, { digest: 'abcdef0123456789' });
    expect(t.version).toBe('2026.1.0+overlay.abcdef01');
  });

  it.each([
    [
      [{ id: 'acme-ci', name: 'AcmeCI', category: 'devops', parent: 'acmee' }],
      'overlay ./my-skills.yaml: skills[0] (id "acme-ci"): parent "acmee" is not a skill; did you mean "acme"?',
    ],
    [
      [{ id: 'acme-ci', name: 'AcmeCI', category: 'devop' }],
      'overlay ./my-skills.yaml: skills[0] (id "acme-ci"): unknown category "devop"; did you mean "devops"? (known: language, framework, devops; or add it under "categories:")',
    ],
    [
      [{ id: 'acme-ci', name: 'AcmeCI', category: 'devops', aliases: ['CI'] }],
      'overlay ./my-skills.yaml: skills[0] (id "acme-ci"): alias "CI" is already used by built-in skill "ci-cd" (CI/CD); drop it, or add it to "ci-cd" instead',
    ],
    [
      [{ id: 'golang2', name: 'golang', category: 'language' }],
      'overlay ./my-skills.yaml: skills[0] (id "golang2"): name "golang" is already used by built-in skill "go" (Go)',
    ],
    [
      [
        { id: 'a1', name: 'A1', category: 'devops', aliases: ['shared'] },
        { id: 'b1', name: 'B1', category: 'devops', aliases: ['Shared'] },
      ],
      'skills[1] (id "b1"): alias "Shared" is already used by skill "a1" (A1)',
    ],
    [
      [{ id: 'kubernets', aliases: ['kube'] }],
      'skills[0] (id "kubernets"): "kubernets" is not a built-in skill, so a new one needs a "name"',
    ],
    [[{ id: 'Java', aliases: ['jdk'] }], 'skills[0] (id "Java"): "Java" is not an id; to change the built-in skill Java, write id: java'],
    [[{ id: 'x1', name: 'X1', category: 'devops', alias: ['x'] }], 'skills[0] (id "x1"): unknown field "alias"; did you mean "aliases"?'],
    [[{ id: 'java', parent: 'spring' }], 'skills[0] (id "java"): parent "spring" makes a cycle (java -> spring -> java)'],
    [[{ id: 'go', ambiguous: ['gopher'] }], 'skills[0] (id "go"): ambiguous form "gopher" is neither its name nor an alias'],
    [[{ id: 'go' }, { id: 'go', ambiguous: false }], 'skills[1] (id "go"): id "go" is already given at skills[0] (id "go")'],
    [[{ id: 'x1', name: 'X1', category: 'devops', aliases: 'x' }], 'skills[0] (id "x1"): "aliases" must be a list of strings'],
    [['acme'], 'skills[0]: must be a mapping'],
  ])('rejects %j naming the file and the entry', (skills, message) => {
    expect(() => apply(skills)).toThrow(message);
  });

  it('rejects documents that are not overlays', () => {
    expect(() => applyOverlay(base, null, { source: 'o.yaml' })).toThrow('overlay o.yaml: is empty');
    expect(() => applyOverlay(base, { skill: [] }, { source: 'o.yaml' })).toThrow(
      'unknown top-level field "skill"; did you mean "skills"?',
    );
    expect(() => applyOverlay(base, { skills: {} }, { source: 'o.yaml' })).toThrow('overlay o.yaml: skills: must be a list');
  });

  it('carries the error code of an invalid overlay', () => {
    expect(() => apply([{ id: 'x1', name: 'X1', category: 'nope' }])).toThrow(
      expect.objectContaining({ code: 'SKILLPULSE_ERR_TAXONOMY_OVERLAY_INVALID' }),
    );
  });
});

describe('loadTaxonomyOverlay', () => {
  it('merges a file into the bundled taxonomy, versioned by the sha256 of the file', () => {
    const text =
      'skills:\n  - {id: acme-deploy, name: AcmeDeploy, category: devops, aliases: [acme deploy]}\n  - {id: kubernetes, aliases: [kube]}\n';
    const t = loadTaxonomyOverlay(file(text));
    const builtIn = getDefaultTaxonomy();
    const digest = createHash('sha256').update(text).digest('hex').slice(0, 8);
    expect(t.version).toBe(`${builtIn.version}+overlay.${digest}`);
    expect(lookupSkill(t, 'acme deploy')?.id).toBe('acme-deploy');
    expect(lookupSkill(t, 'kube')?.id).toBe('kubernetes');
    expect(t.skills.length).toBe(builtIn.skills.length + 1);
  });

  it('names the line of a YAML syntax error', () => {
    const path = file('skills:\n  - id: acme-ci\n   name: AcmeCI\n');
    expect(() => loadTaxonomyOverlay(path, base)).toThrow(new RegExp(`^overlay ${path}: line 3, column 1: not valid YAML: `));
  });

  it('says when the file cannot be read', () => {
    expect(() => loadTaxonomyOverlay('/nonexistent/my-skills.yaml', base)).toThrow(
      'overlay /nonexistent/my-skills.yaml: cannot be read (ENOENT)',
    );
  });

  it('is the bundled taxonomy itself without an overlay', () => {
    expect(taxonomyWithOverlay(undefined)).toBe(getDefaultTaxonomy());
    expect(taxonomyWithOverlay(undefined, base)).toBe(base);
  });
});
