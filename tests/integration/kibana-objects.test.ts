import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePosting } from '../fixtures/postings.js';
import { ES_AVAILABLE, ES_MISSING_MESSAGE, ES_URL, openTestElasticsearch, REQUIRE_ES } from '../support/elasticsearch.js';

interface SavedObject {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  references: Array<{ type: string; id: string; name: string }>;
}

interface LensColumn {
  operationType: string;
  sourceField?: string;
}

const file = new URL('../../dashboards/kibana/skillpulse.ndjson', import.meta.url);
const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
const parsed = lines.map((line, i) => {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`dashboards/kibana/skillpulse.ndjson line ${i + 1} is not JSON: ${(error as Error).message}`);
  }
});
const summary = parsed.at(-1) as { exportedCount: number };
const objects = parsed.slice(0, -1) as unknown as SavedObject[];

function lensLayers(lens: SavedObject): Record<string, { columns: Record<string, LensColumn>; columnOrder: string[] }> {
  const state = lens.attributes.state as { datasourceStates: { formBased: { layers: Record<string, never> } } };
  return state.datasourceStates.formBased.layers;
}

describe('Kibana saved objects (dashboards/kibana/skillpulse.ndjson)', () => {
  it('ends with an export summary that counts the objects', () => {
    expect(summary.exportedCount).toBe(objects.length);
    expect(objects.map((o) => o.type).sort()).toEqual(['dashboard', 'index-pattern', 'lens', 'lens', 'lens']);
  });

  it('resolves every reference inside the file', () => {
    const ids = new Set(objects.map((o) => `${o.type}:${o.id}`));
    for (const object of objects) {
      for (const ref of object.references) expect(ids, `${object.id} → ${ref.type}:${ref.id}`).toContain(`${ref.type}:${ref.id}`);
    }
  });

  it('names a reference for every dashboard panel and every Lens layer', () => {
    const dashboard = objects.find((o) => o.type === 'dashboard') as SavedObject;
    const panels = JSON.parse(dashboard.attributes.panelsJSON as string) as Array<{ panelIndex: string; panelRefName: string }>;
    expect(panels).toHaveLength(3);
    for (const panel of panels) {
      expect(dashboard.references.map((r) => r.name)).toContain(`${panel.panelIndex}:${panel.panelRefName}`);
    }
    for (const lens of objects.filter((o) => o.type === 'lens')) {
      for (const [layerId, layer] of Object.entries(lensLayers(lens))) {
        expect(lens.references.map((r) => r.name)).toContain(`indexpattern-datasource-layer-${layerId}`);
        expect(Object.keys(layer.columns).sort()).toEqual([...layer.columnOrder].sort());
      }
    }
  });

  // The fields the objects read must exist, aggregatable, in the index SkillPulse creates.
  const check = ES_AVAILABLE || REQUIRE_ES ? it : it.skip;
  check('reads only fields that the SkillPulse index maps as aggregatable', async () => {
    if (!ES_AVAILABLE) throw new Error(ES_MISSING_MESSAGE);
    const store = await openTestElasticsearch();
    try {
      await store.upsertPostings([fixturePosting({ id: 'kibana-1' })]);
      const caps = (await (await fetch(`${ES_URL}/${store.alias}/_field_caps?fields=*`)).json()) as {
        fields: Record<string, Record<string, { aggregatable: boolean }>>;
      };
      const aggregatable = (field: string) => Object.values(caps.fields[field] ?? {}).some((c) => c.aggregatable);
      const pattern = objects.find((o) => o.type === 'index-pattern') as SavedObject;
      expect(pattern.attributes.title).toBe('skillpulse-postings');
      expect(Object.keys(caps.fields[pattern.attributes.timeFieldName as string] ?? {})).toEqual(['date']);
      const fields = objects
        .filter((o) => o.type === 'lens')
        .flatMap((lens) => Object.values(lensLayers(lens)).flatMap((layer) => Object.values(layer.columns)))
        .map((column) => column.sourceField)
        .filter((field): field is string => field !== undefined && field !== '___records___');
      expect(fields.length).toBeGreaterThan(0);
      for (const field of fields) expect(aggregatable(field), field).toBe(true);
      expect(aggregatable('unique')).toBe(true);
    } finally {
      await store.destroy();
    }
  });
});
