import { describe, expect, it } from 'vitest';
import { isoDate, remoteFromText, remoteOf, salaryOf, seniorityOf } from '../../../src/normalise/fields.js';

describe('isoDate', () => {
  it('reads ISO dates and timestamps, other date forms and date objects', () => {
    expect(isoDate('2026-10-01')).toBe('2026-10-01');
    expect(isoDate('2026-10-01T23:30:00-05:00')).toBe('2026-10-01');
    expect(isoDate('Thu, 01 Oct 2026 10:00:00 GMT')).toBe('2026-10-01');
    expect(isoDate({ '@value': '2026-09-30' })).toBe('2026-09-30');
  });

  it('gives null for what is not a date', () => {
    expect(isoDate('yesterday')).toBeNull();
    expect(isoDate('2026-13-45')).toBeNull();
    // Days that do not exist, never rolled over into the next month.
    expect(isoDate('2026-02-31')).toBeNull();
    expect(isoDate('2026-02-29T10:00:00Z')).toBeNull();
    expect(isoDate('2026-04-31')).toBeNull();
    expect(isoDate('2028-02-29')).toBe('2028-02-29');
    expect(isoDate(undefined)).toBeNull();
  });
});

describe('seniorityOf', () => {
  it('reads the title first, then the start of the text, and calls a plain engineer mid', () => {
    expect(seniorityOf('Software Engineering Intern')).toBe('intern');
    expect(seniorityOf('Jr. Developer')).toBe('junior');
    expect(seniorityOf('Staff Engineer', 'We want a junior')).toBe('lead');
    expect(seniorityOf('Sr Backend Engineer')).toBe('senior');
    expect(seniorityOf('Backend Engineer', 'A senior role on the payments team.')).toBe('senior');
    expect(seniorityOf('Backend Engineer', `${'x '.repeat(1001)}senior`)).toBe('mid');
    expect(seniorityOf('Data Analyst')).toBe('unknown');
  });
});

describe('remoteOf', () => {
  it('reads TELECOMMUTE and applicant locations as remote, hybrid when there is also a place and the word', () => {
    expect(remoteOf({ jobLocationType: 'TELECOMMUTE' }, '', false)).toBe('remote');
    expect(remoteOf({ applicantLocationRequirements: { name: 'USA' } }, '', false)).toBe('remote');
    expect(remoteOf({ jobLocationType: ['TELECOMMUTE'], title: 'Hybrid Engineer' }, '', true)).toBe('hybrid');
    expect(remoteOf({ jobLocationType: 'TELECOMMUTE', title: 'Hybrid Engineer' }, '', false)).toBe('remote');
  });

  it('falls back to the title and text, then to onsite for a posting with a place', () => {
    expect(remoteOf({ title: 'Engineer' }, 'Hybrid: two days in the office', true)).toBe('hybrid');
    expect(remoteOf({ title: 'Remote Engineer' }, '', false)).toBe('remote');
    expect(remoteOf({ title: 'Engineer' }, 'remote friendly', true)).toBe('onsite');
    expect(remoteOf({ title: 'Engineer' }, '', false)).toBe('unknown');
  });
});

describe('salaryOf', () => {
  const structured = { fromText: false, currencyInferred: false, periodInferred: false };
  it('reads a range, a single value and strings, with currency and period', () => {
    expect(
      salaryOf({
        baseSalary: { currency: 'EUR', value: { '@type': 'QuantitativeValue', minValue: 60000, maxValue: '80000', unitText: 'YEAR' } },
      }),
    ).toEqual({
      ...structured,
      min: 60000,
      max: 80000,
      currency: 'EUR',
      period: 'year',
      annualMin: 60000,
      annualMax: 80000,
      annualMid: 70000,
    });
    // The salary normaliser's full record: an hourly rate is annualised at 2,080 hours (docs/pay.md).
    expect(salaryOf({ baseSalary: { currency: 'USD', value: { value: 45, unitText: 'hour' } } })).toEqual({
      ...structured,
      min: 45,
      max: 45,
      currency: 'USD',
      period: 'hour',
      annualMin: 93600,
      annualMax: 93600,
      annualMid: 93600,
    });
    // No period (an unknown unitText): kept as stated, with no annual figure.
    expect(salaryOf({ baseSalary: { value: { minValue: 50000, unitText: 'FORTNIGHT' } } })).toEqual({
      ...structured,
      min: 50000,
      max: null,
      currency: null,
      period: null,
      annualMin: null,
      annualMax: null,
      annualMid: null,
    });
  });

  it('gives null without an amount', () => {
    expect(salaryOf({})).toBeNull();
    expect(salaryOf({ baseSalary: 'competitive' })).toBeNull();
    expect(salaryOf({ baseSalary: { currency: 'EUR', value: { unitText: 'YEAR' } } })).toBeNull();
  });
});

describe('remoteFromText', () => {
  it('finds hybrid before remote before onsite, in any of the texts', () => {
    expect(remoteFromText('Engineer', 'Remote or hybrid')).toBe('hybrid');
    expect(remoteFromText('Engineer', null, 'Work from anywhere')).toBe('remote');
    expect(remoteFromText('Engineer', 'On-site in Berlin')).toBe('onsite');
    expect(remoteFromText('Engineer', undefined)).toBe('unknown');
  });
});
