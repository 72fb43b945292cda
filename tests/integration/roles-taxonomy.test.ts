import { loadRoleCatalogue } from '@skillpulse/roles';
import { getDefaultTaxonomy } from '@skillpulse/taxonomy';
import { describe, expect, it } from 'vitest';

// Role families name taxonomy skills as evidence for generic titles; an id the taxonomy does not
// have would silently never count.
describe('role families and the taxonomy', () => {
  it('names only skill ids the taxonomy has', () => {
    const taxonomy = getDefaultTaxonomy();
    const unknown = loadRoleCatalogue().families.flatMap((f) => f.skills.filter((s) => !taxonomy.byId.has(s)).map((s) => `${f.id}: ${s}`));
    expect(unknown).toEqual([]);
  });
});
