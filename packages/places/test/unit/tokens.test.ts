import { describe, expect, it } from 'vitest';
import { segments, stripArea } from '../../src/tokens.js';

const isCode = (code: string) => ['US', 'DEU', 'GB'].includes(code);

describe('segments', () => {
  it('splits alternatives and marks remote ones', () => {
    expect(segments('Toronto, ON / Remote (Canada)', isCode)).toEqual([
      { remote: false, anywhere: false, multiple: false, tokens: ['Toronto', 'ON'] },
      { remote: true, anywhere: false, multiple: false, tokens: ['Canada'] },
    ]);
  });

  it('rewrites Workday style and drops postcodes and workplace words', () => {
    expect(segments('US-CA-Mountain View', isCode)[0]?.tokens).toEqual(['Mountain View', 'CA', 'US']);
    expect(segments('XX-Berlin', isCode)[0]?.tokens).toEqual(['XX-Berlin']);
    expect(segments('Paris 75008', isCode)[0]?.tokens).toEqual(['Paris']);
    expect(segments('Hybrid - Amsterdam', isCode)[0]?.tokens).toEqual(['Amsterdam']);
    expect(segments('London EC1A 1BB', isCode)[0]?.tokens).toEqual(['London']);
  });

  it('flags anywhere and multiple locations', () => {
    expect(segments('Anywhere', isCode)[0]).toMatchObject({ remote: true, anywhere: true, tokens: [] });
    expect(segments('Multiple Locations', isCode)[0]).toMatchObject({ multiple: true, tokens: [] });
  });
});

describe('stripArea', () => {
  it('drops greater and area', () => {
    expect(stripArea('Greater Boston Area')).toBe('Boston');
    expect(stripArea('Atlanta Metropolitan Area')).toBe('Atlanta');
  });
});
