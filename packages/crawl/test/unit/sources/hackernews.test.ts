import { describe, expect, it } from 'vitest';
import { companyName, fallbackTitle, parseFirstLine, roleTitle } from '../../../src/sources/hackernews.js';

describe('companyName', () => {
  it.each([
    ['Snout https://www.snoutplans.com/', 'Snout'],
    ['Galaxy (getgalaxy.io) - The Cursor for SQL', 'Galaxy'],
    ['Acme Robotics (YC W24)', 'Acme Robotics'],
    ['Fathom – AI notes for every meeting', 'Fathom'],
    ['Tandem Health www.tandemhealth.ai', 'Tandem Health'],
    ['Plaid (https://plaid.com/careers)', 'Plaid'],
    ['Orbital Materials is hiring', 'Orbital Materials'],
    ['Linear.app', 'Linear.app'],
    ['https://www.railway.com', 'railway.com'],
  ])('%s → %s', (field, expected) => {
    expect(companyName(field)).toBe(expected);
  });
});

describe('roleTitle', () => {
  it('takes one role from a list, not the whole list', () => {
    expect(roleTitle('Senior Backend Engineer, Frontend Engineer, Product Designer')).toBe('Senior Backend Engineer');
    expect(roleTitle('Hiring: Staff SRE & Data Engineer')).toBe('Staff SRE');
    expect(roleTitle('Software Engineer (Backend, Infra)')).toBe('Software Engineer (Backend, Infra)');
    expect(roleTitle('Research & Development Engineer')).toBe('Research & Development Engineer');
  });
  it('cuts a long field to a title at a word boundary', () => {
    const title = roleTitle(`Founding engineer ${'who loves distributed systems and '.repeat(6)}`);
    expect(title.length).toBeLessThanOrEqual(101);
    expect(title.endsWith('…')).toBe(true);
  });
});

describe('parseFirstLine', () => {
  it('reads the header fields in any order, skipping URL fields', () => {
    expect(
      parseFirstLine('Galaxy (getgalaxy.io) - The Cursor for SQL | Founding Engineer | San Francisco | ONSITE | $180k-$230k + equity'),
    ).toEqual({
      company: 'Galaxy',
      title: 'Founding Engineer',
      locations: ['San Francisco'],
      remote: 'onsite',
      // The salary normaliser's full record: annualised figures, read from text, USD and year inferred.
      salary: {
        min: 180000,
        max: 230000,
        currency: 'USD',
        period: 'year',
        annualMin: 180000,
        annualMax: 230000,
        annualMid: 205000,
        fromText: true,
        currencyInferred: true,
        periodInferred: true,
      },
    });
    expect(
      parseFirstLine('Snout https://www.snoutplans.com/ | Remote (US) | Full Stack Engineer | https://www.snoutplans.com/careers'),
    ).toMatchObject({
      company: 'Snout',
      title: 'Full Stack Engineer',
      remote: 'remote',
    });
  });

  it('gives one title for a header listing several roles, and keeps role fields out of the places', () => {
    const parsed = parseFirstLine('Mercury | Backend Engineer, iOS Engineer, Data Scientist | New York, SF or Remote (US) | Full-time');
    expect(parsed).toMatchObject({ company: 'Mercury', title: 'Backend Engineer', locations: ['New York, SF or Remote (US)'] });
    const separate = parseFirstLine('Ramp | Senior Software Engineer | Product Designer | NYC | Hybrid');
    expect(separate).toMatchObject({ title: 'Senior Software Engineer', locations: ['NYC'], remote: 'hybrid' });
  });

  it('reads a header over several lines, and stops at the first line of prose', () => {
    const header = 'Acme Corp (acme.dev)\nStaff Platform Engineer | Berlin, DE | Hybrid\nWe run the payments stack for 2,000 shops, in Go.';
    expect(parseFirstLine(header)).toMatchObject({
      company: 'Acme Corp',
      title: 'Staff Platform Engineer',
      locations: ['Berlin, DE'],
      remote: 'hybrid',
    });
    const twoLines = parseFirstLine('Tessl | London, UK | ONSITE\n| Senior ML Engineer | £120k');
    expect(twoLines).toMatchObject({
      company: 'Tessl',
      title: 'Senior ML Engineer',
      locations: ['London, UK'],
      salary: { currency: 'GBP' },
    });
  });

  it('gives no title for a long block and no fields without pipes', () => {
    const block = `Foo Labs | ${'We are a small team building developer tools for data engineers, and we need help with everything '.repeat(3)}`;
    const parsed = parseFirstLine(block);
    expect(parsed.company).toBe('Foo Labs');
    expect((parsed.title ?? '').length).toBeLessThanOrEqual(101);
    expect(parseFirstLine('We are hiring engineers in Berlin.')).toMatchObject({ company: null, title: null });
  });
});

describe('fallbackTitle', () => {
  it('is the first sentence, cut, or "Job at" the company', () => {
    expect(fallbackTitle('We are hiring data engineers to work on Spark. Email me.', null)).toBe(
      'We are hiring data engineers to work on Spark.',
    );
    expect(fallbackTitle('whatever', 'Acme')).toBe('Job at Acme');
    expect(fallbackTitle('x '.repeat(200), null).length).toBeLessThanOrEqual(101);
  });
});
