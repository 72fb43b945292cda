import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fetchedPage } from '../../../src/engine/page.js';
import { atsSource } from '../../../src/sources/ats.js';

/** Recorded-shape answers of the Greenhouse and Ashby job-board APIs with pay (fixtures beside this file). */
const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');
const page = (url: string, body: string) => fetchedPage({ url, label: 'list' }, url, 200, 'application/json', body, undefined);
const pay = (fields: Record<string, unknown>) => ({ fromText: false, currencyInferred: false, periodInferred: false, ...fields });

describe('ATS pay', () => {
  it('greenhouse: asks for pay transparency and reads pay ranges (cents), hourly ranges and a pay custom field', async () => {
    const board = atsSource({ kind: 'greenhouse', name: 'gh', board: 'acme', apiBase: 'https://api.test' });
    const [start] = await board.startRequests();
    expect(start?.url).toBe('https://api.test/v1/boards/acme/jobs?content=true&pay_transparency=true');
    const result = await board.handle(page(start?.url as string, fixture('greenhouse-pay.json')));
    const salary = Object.fromEntries((result.postings ?? []).map((p) => [p.title, p.salary]));
    // Two pay zones in USD with no period stated: their span, a year inferred (amounts ≥ 10,000).
    expect(salary['Senior Data Engineer']).toEqual(
      pay({
        min: 145000,
        max: 190000,
        currency: 'USD',
        period: 'year',
        annualMin: 145000,
        annualMax: 190000,
        annualMid: 167500,
        periodInferred: true,
      }),
    );
    // "Hourly Pay Range": $24–29 an hour, × 2,080.
    expect(salary['Customer Support Specialist']).toEqual(
      pay({ min: 24, max: 29, currency: 'USD', period: 'hour', annualMin: 49920, annualMax: 60320, annualMid: 55120 }),
    );
    // No pay_input_ranges: the "Salary Range" currency_range custom field, its period from "Pay Frequency".
    expect(salary['Product Designer']).toEqual(
      pay({ min: 60000, max: 75000, currency: 'GBP', period: 'year', annualMin: 60000, annualMax: 75000, annualMid: 67500 }),
    );
    expect(salary['Office Manager']).toBeNull();
  });

  it('ashby: reads the Salary compensation component, else the tiers; equity is never pay', async () => {
    const board = atsSource({ kind: 'ashby', name: 'ashby', board: 'acme', apiBase: 'https://api.test' });
    const [start] = await board.startRequests();
    expect(start?.url).toBe('https://api.test/posting-api/job-board/acme?includeCompensation=true');
    const result = await board.handle(page(start?.url as string, fixture('ashby-compensation.json')));
    const salary = Object.fromEntries((result.postings ?? []).map((p) => [p.title, p.salary]));
    expect(salary['Backend Engineer']).toEqual(
      pay({ min: 70000, max: 90000, currency: 'EUR', period: 'year', annualMin: 70000, annualMax: 90000, annualMid: 80000 }),
    );
    expect(salary['Warehouse Associate']).toEqual(
      pay({ min: 22, max: 25, currency: 'CAD', period: 'hour', annualMin: 45760, annualMax: 52000, annualMid: 48880 }),
    );
    expect(salary['Account Executive']).toBeNull();
  });
});
