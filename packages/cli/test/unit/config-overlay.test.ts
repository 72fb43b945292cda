import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@skillpulse/core';
import { getDefaultTaxonomy, lookupSkill } from '@skillpulse/taxonomy';
import { describe, expect, it } from 'vitest';
import { configuredExtractor, configuredTaxonomy, loadConfig } from '../../src/config.js';

describe('SKILLPULSE_TAXONOMY_OVERLAY', () => {
  it('is unset when empty, as in a copied .env.example: the built-in taxonomy', () => {
    expect(loadConfig({ SKILLPULSE_TAXONOMY_OVERLAY: '' }).taxonomyOverlay).toBeUndefined();
    expect(configuredTaxonomy(loadConfig({}))).toBe(getDefaultTaxonomy());
  });

  it('names the variable when the file is missing or a folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'skillpulse-config-'));
    expect(() => loadConfig({ SKILLPULSE_TAXONOMY_OVERLAY: join(dir, 'nope.yaml') })).toThrow(ConfigError);
    expect(() => loadConfig({ SKILLPULSE_TAXONOMY_OVERLAY: join(dir, 'nope.yaml') })).toThrow(
      /^SKILLPULSE_TAXONOMY_OVERLAY: ".*nope\.yaml" does not exist; give the path of a YAML file/,
    );
    expect(() => loadConfig({ SKILLPULSE_TAXONOMY_OVERLAY: dir })).toThrow(/is not a file/);
  });

  it('merges the file once per process, and the extractor uses it', { timeout: 60_000 }, () => {
    const path = join(mkdtempSync(join(tmpdir(), 'skillpulse-config-')), 'my-skills.yaml');
    writeFileSync(path, 'skills:\n  - {id: zorblax, name: Zorblax, category: devops}\n');
    const config = loadConfig({ SKILLPULSE_TAXONOMY_OVERLAY: path });
    expect(config.taxonomyOverlay).toBe(path);
    const taxonomy = configuredTaxonomy(config);
    expect(taxonomy.version).toMatch(/\+overlay\.[0-9a-f]{8}$/);
    expect(lookupSkill(taxonomy, 'zorblax')?.id).toBe('zorblax');
    expect(configuredTaxonomy(config)).toBe(taxonomy);
    expect(
      configuredExtractor(config)
        .extract('We ship with Zorblax and Kubernetes.')
        .skills.map((s) => s.id),
    ).toContain('zorblax');
  });
});
