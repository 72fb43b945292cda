import { PLACES_VERSION } from '@skillpulse/places';
import { loadRoleCatalogue, TitleClassifier } from '@skillpulse/roles';
import { beforeAll, describe, expect, it } from 'vitest';
import { PostingDeriver } from '../../src/derive.js';

let deriver: PostingDeriver;
beforeAll(() => {
  deriver = new PostingDeriver();
  // The first derivation loads the ESCO index and the gazetteer (seconds).
  deriver.derive({ title: 'Data Engineer', locations: ['Berlin'], country: null }, []);
}, 120_000);

describe('PostingDeriver', () => {
  it('maps the title to a role stamped with the catalogue version, and unknown when it names none', () => {
    const { role } = deriver.derive({ title: 'Sr. Data Engineer (Remote, EU) | Acme', locations: [], country: null }, []);
    expect(role).toEqual({
      id: 'data-engineer',
      occupationUri: expect.stringMatching(/^http:\/\/data\.europa\.eu\/esco\/occupation\//),
      isco: '2511',
      onetSoc: '15-1243.00',
      confidence: 0.9,
      version: deriver.roleVersion,
    });
    expect(deriver.derive({ title: 'Multiple positions', locations: [], country: null }, []).role).toMatchObject({
      id: 'unknown',
      occupationUri: null,
      confidence: 0,
    });
  });

  it('uses the skills for a generic title', () => {
    const title = 'Software Engineer';
    expect(deriver.role(title, ['react', 'typescript', 'css']).id).toBe('frontend');
    expect(deriver.role(title, []).id).toBe('software-engineer');
  });

  it('lists distinct cities, regions, countries, metros and remote scopes of all locations', () => {
    const { place, country } = deriver.derive(
      { title: 'Backend Engineer', locations: ['San Francisco, CA', 'Oakland, CA', 'Toronto, ON / Remote (Canada)'], country: null },
      [],
    );
    expect(place).toEqual({
      cities: ['San Francisco, US-CA', 'Oakland, US-CA', 'Toronto, CA-08'],
      regions: ['US-CA', 'CA-08'],
      countries: ['US', 'CA'],
      metros: ['US-san-francisco', 'CA-toronto'],
      remoteScope: ['CA'],
      version: PLACES_VERSION,
    });
    // Two countries: the posting's country stays unknown.
    expect(country).toBeNull();
  });

  it("fills the posting's country when its places name exactly one, and never overrides a stated one", () => {
    expect(deriver.derive({ title: 'Nurse', locations: ['München'], country: null }, []).country).toBe('DE');
    expect(deriver.derive({ title: 'Nurse', locations: ['Remote (US)'], country: null }, []).country).toBe('US');
    expect(deriver.derive({ title: 'Nurse', locations: ['Berlin'], country: 'AT' }, []).country).toBe('AT');
    expect(deriver.derive({ title: 'Nurse', locations: [], country: null }, []).place).toMatchObject({ cities: [], countries: [] });
  });

  it('says a stored posting is current only when both versions match', () => {
    const { role, place } = deriver.derive({ title: 'Data Engineer', locations: ['Berlin'], country: null }, []);
    expect(deriver.isCurrent({ role, place })).toBe(true);
    expect(deriver.isCurrent({ role: null, place })).toBe(false);
    expect(deriver.isCurrent({ role, place: { ...place, version: 'places-0' } })).toBe(false);
    const upgraded = new PostingDeriver({ classifier: new TitleClassifier({ ...loadRoleCatalogue(), version: '2099.1.0' }) });
    expect(upgraded.isCurrent({ role, place })).toBe(false);
    expect(upgraded.role('Data Engineer', []).version).toBe('2099.1.0');
  });
});
