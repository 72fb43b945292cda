import { parseRoleCatalogue } from '@skillpulse/roles';
import { SqliteStore } from '@skillpulse/store';
import { getDefaultTaxonomy } from '@skillpulse/taxonomy';
import { describe, expect, it } from 'vitest';
import { toFilter } from '../../../src/query.js';
import { placeLabel, type ReportContext, roleLabel, stamp } from '../../../src/reports/common.js';
import { premiumSeed } from '../../../src/reports/salary.js';
import { checkRole, defaultRoles, roleIds } from '../../../src/role-catalogue.js';

const taxonomy = getDefaultTaxonomy();
const catalogue = parseRoleCatalogue(
  'version: test-1\nfamilies:\n  - id: data-engineer\n    name: Data engineer\n    tech: true\n  - id: nurse\n    name: Nurse\n',
);

describe('placeLabel', () => {
  it('turns a metro id into a name and its country, and leaves other levels as stored', () => {
    expect(placeLabel('metro', 'US-san-francisco')).toBe('San Francisco (US)');
    expect(placeLabel('metro', 'GB-london')).toBe('London (GB)');
    expect(placeLabel('metro', 'odd')).toBe('odd');
    expect(placeLabel('city', 'Munich, DE-02')).toBe('Munich, DE-02');
    expect(placeLabel('region', 'US-CA')).toBe('US-CA');
  });
});

describe('role ids', () => {
  it('accepts every family and unknown, in any case', () => {
    expect(roleIds(catalogue)).toEqual(['data-engineer', 'nurse', 'unknown']);
    expect(checkRole(' Data-Engineer ', catalogue)).toBe('data-engineer');
    expect(checkRole('unknown', catalogue)).toBe('unknown');
  });

  it('refuses an unknown id with a 400 naming it and the closest id', () => {
    expect(() => checkRole('data-enginer', catalogue)).toThrow(
      'role: unknown role family "data-enginer"; did you mean "data-engineer"? (GET /api/roles lists the 3 role ids)',
    );
    expect(() => toFilter({ role: 'nurs' }, taxonomy, catalogue)).toThrow(/did you mean "nurse"/);
    try {
      checkRole('x', catalogue);
    } catch (error) {
      expect((error as { code?: string }).code).toBe('SKILLPULSE_ERR_INVALID_INPUT');
    }
  });

  it('passes role and place filters to the store filter', () => {
    expect(toFilter({ role: 'nurse', city: 'Paris, FR-11', region: 'FR-11', metro: 'FR-paris' }, taxonomy, catalogue)).toMatchObject({
      role: 'nurse',
      city: 'Paris, FR-11',
      region: 'FR-11',
      metro: 'FR-paris',
    });
    // Without a catalogue, the one shipped with @skillpulse/roles.
    expect(toFilter({ role: 'backend' }, taxonomy).role).toBe('backend');
    expect(defaultRoles().families.length).toBeGreaterThan(30);
  });

  it('names a role from the catalogue, unknown as Unknown', () => {
    const context: ReportContext = { store: new SqliteStore({ path: ':memory:' }), taxonomy, minCell: 10, roles: catalogue };
    expect(roleLabel(context, 'nurse')).toEqual({ roleId: 'nurse', name: 'Nurse', tech: false });
    expect(roleLabel(context, 'unknown')).toEqual({ roleId: 'unknown', name: 'Unknown', tech: false });
  });
});

describe('the stamp', () => {
  it('carries the role-mapping version only on role-aware reports', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    const context: ReportContext = { store, taxonomy, minCell: 10, roles: catalogue };
    expect((await stamp(context, { report: 'top' })).roleMappingVersion).toBeUndefined();
    expect((await stamp(context, { report: 'top', role: 'nurse' })).roleMappingVersion).toBe('test-1');
    expect((await stamp(context, { report: 'breakdown', by: 'role' })).roleMappingVersion).toBe('test-1');
    expect((await stamp(context, { report: 'roles' })).roleMappingVersion).toBe('test-1');
    expect((await stamp(context, { report: 'salary' })).methodology).toMatch(/bootstrap/);
    await store.close();
  });
});

describe('premiumSeed', () => {
  it('depends on the query and currency, not on the order of the parameters or the BOM', () => {
    const a = premiumSeed({ report: 'salary', skill: 'python', from: '2025-01-01' }, 'EUR');
    expect(premiumSeed({ from: '2025-01-01', skill: 'python', report: 'salary', bom: '1', to: undefined }, 'EUR')).toBe(a);
    expect(premiumSeed({ report: 'salary', skill: 'python', from: '2025-01-01' }, 'USD')).not.toBe(a);
    expect(premiumSeed({ report: 'salary', skill: 'java', from: '2025-01-01' }, 'EUR')).not.toBe(a);
  });
});
