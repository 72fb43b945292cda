import { describe, expect, it } from 'vitest';
import { parseAmount, salaryFromText } from '../../src/salary-text.js';

/** Free-text salaries: what is read, and the numbers that are not pay. Structured shapes: salary.test.ts. */

const pick = (text: string, country?: string) => {
  const s = salaryFromText(text, { country: country ?? null });
  return s && { min: s.min, max: s.max, currency: s.currency, period: s.period, annualMid: s.annualMid };
};

describe('parseAmount', () => {
  it.each([
    ['150,000', 150_000],
    ['60.000', 60_000],
    ["120'000", 120_000],
    ['120 000', 120_000],
    ['12,00,000', 1_200_000],
    ['60.000,50', 60_000.5],
    ['60,000.50', 60_000.5],
    ['45,50', 45.5],
    ['211.4', 211.4],
  ])('reads %j as %d', (written, value) => expect(parseAmount(written)).toBe(value));
});

describe('salaryFromText: the shapes sources write', () => {
  it.each([
    ['Acme | Senior Backend Engineer | SF | ONSITE | $150k-$190k + equity | https://acme.dev/jobs', 150_000, 190_000, 'USD', 'year'],
    ['€60.000 – €75.000 per year', 60_000, 75_000, 'EUR', 'year'],
    ['£45,000 - £55,000 p.a. + benefits', 45_000, 55_000, 'GBP', 'year'],
    ['USD 120K–150K', 120_000, 150_000, 'USD', 'year'],
    ['Contract, $45/hr, 6 months', 45, 45, 'USD', 'hour'],
    ['$60-70 per hour (W2)', 60, 70, 'USD', 'hour'],
    ["Zürich, CHF 120'000", 120_000, 120_000, 'CHF', 'year'],
    ['Paris, 120 000 € brut annuel', 120_000, 120_000, 'EUR', 'year'],
    ['Bengaluru | ₹18 LPA', 1_800_000, 1_800_000, 'INR', 'year'],
    ['₹18-25 LPA', 1_800_000, 2_500_000, 'INR', 'year'],
    ['Rs 12,00,000 per annum', 1_200_000, 1_200_000, 'INR', 'year'],
    ['80.000 - 95.000 € brutto/Jahr', 80_000, 95_000, 'EUR', 'year'],
    ['€5.000 brutto monatlich', 5_000, 5_000, 'EUR', 'month'],
    ['€ 4.200 / Monat', 4_200, 4_200, 'EUR', 'month'],
    ['Salary: 45,50 €/h', 45.5, 45.5, 'EUR', 'hour'],
    ['Day rate £500, outside IR35', 500, 500, 'GBP', 'day'],
    ['$3,000/week', 3_000, 3_000, 'USD', 'week'],
    ['$120,000 - $150,000 a year', 120_000, 150_000, 'USD', 'year'],
    ['from $120k to $150k per year', 120_000, 150_000, 'USD', 'year'],
    ['$211.4K – $290.6K • Offers Equity', 211_400, 290_600, 'USD', 'year'],
    ['C$ 95,000 - 110,000', 95_000, 110_000, 'CAD', 'year'],
    ['A$140k + super', 140_000, 140_000, 'AUD', 'year'],
    ['$120k CAD', 120_000, 120_000, 'CAD', 'year'],
    ['SEK 45 000 per month', 45_000, 45_000, 'SEK', 'month'],
    ['¥8,000,000', 8_000_000, 8_000_000, 'JPY', 'year'],
    ['$60-70k', 60_000, 70_000, 'USD', 'year'],
    ['Technical lead - Salary: c.£75-85K (plus equity package)', 75_000, 85_000, 'GBP', 'year'],
    ['€4.200 – €5.000 pro Monat', 4_200, 5_000, 'EUR', 'month'],
    ['The hourly rate is £11.50 (£460 for a 40-hour week)', 11.5, 11.5, 'GBP', 'hour'],
    ['The monthly salary before tax for a junior researcher with no experience is 31.540 DKK', 31_540, 31_540, 'DKK', 'month'],
    ['Gehalt: ab 60.000 € brutto', 60_000, null, 'EUR', 'year'],
    ['Between 55 and 70K euros', 55_000, 70_000, 'EUR', 'year'],
    ['€60k and 30 days of holiday', 60_000, 60_000, 'EUR', 'year'],
  ])('%j', (text, min, max, currency, period) => {
    expect(pick(text)).toMatchObject({ min, max, currency, period });
  });

  it('reads open ranges: "up to" is a max, "from" and "+" a min', () => {
    expect(pick('Remote (US), up to $200k')).toMatchObject({ min: null, max: 200_000, annualMid: 200_000 });
    expect(pick('from 80k EUR')).toMatchObject({ min: 80_000, max: null, currency: 'EUR' });
    expect(pick('Pay: $100k+')).toMatchObject({ min: 100_000, max: null });
  });

  it('reads LPA without a symbol as INR, flagged as inferred', () => {
    expect(salaryFromText('Hyderabad, 18-24 LPA')).toMatchObject({
      min: 1_800_000,
      max: 2_400_000,
      currency: 'INR',
      currencyInferred: true,
    });
  });

  it('annualises what it reads', () => {
    expect(pick('€4.200 – €5.000 pro Monat')?.annualMid).toBe(55_200);
    expect(pick('$60-70 per hour')?.annualMid).toBe(135_200);
    expect(pick('€5.000 brutto monatlich')?.annualMid).toBe(60_000);
  });

  it('flags text, an inferred `$` and an inferred year', () => {
    expect(salaryFromText('$150k-$190k + equity')).toMatchObject({ fromText: true, currencyInferred: true, periodInferred: true });
    expect(salaryFromText('USD 150,000 per year')).toMatchObject({ fromText: true, currencyInferred: false, periodInferred: false });
  });

  it('settles `$`, `¥` and `kr` by the country when given, and refuses `kr` without one', () => {
    expect(pick('$95k', 'CA')?.currency).toBe('CAD');
    expect(pick('$95k', 'DE')?.currency).toBe('USD');
    expect(pick('¥300,000 per month', 'CN')?.currency).toBe('CNY');
    expect(pick('45 000 kr per month', 'SE')?.currency).toBe('SEK');
    expect(pick('45 000 kr per month')).toBeNull();
  });

  it('finds the salary deep in a long description full of other numbers', () => {
    const description = [
      'Nous sommes 45 personnes réparties sur 3 bureaux (Paris, Lyon, Nantes) depuis 2015.',
      'Vous avez 5+ ans d’expérience, dont 2 en Kotlin ; 10 000 requêtes par seconde ne vous font pas peur.',
      'Notre API sert 1,2 million d’utilisateurs. '.repeat(40),
      'Rémunération : 55 000 - 65 000 € brut annuel, 2 jours de télétravail par semaine.',
    ].join('\n');
    expect(pick(description)).toMatchObject({ min: 55_000, max: 65_000, currency: 'EUR', period: 'year' });
  });

  it('skips money that is not pay and reads the salary after it', () => {
    expect(pick('We raised a $10M Series A last year. Salary: €70k - €85k')).toMatchObject({ min: 70_000, max: 85_000, currency: 'EUR' });
  });
});

describe('salaryFromText: numbers that are not salaries', () => {
  it.each([
    ['5+ years of experience with Go'],
    ['401k matching and great benefits'],
    ['We just closed $10M Series A funding'],
    ['Series A ($10M)'],
    ['We raised $5M from top investors'],
    ['Join the top 10% of engineers'],
    ['A team of 12 engineers, founded 2019'],
    ['Start date 01.03.2027'],
    ['$15,000 signing bonus'],
    ['$2,000 yearly learning budget'],
    ['$5k home office stipend'],
    ['$50k in equity'],
    ['$1.2M'],
    ['$1B valuation'],
    ['120k'],
    ['USD 150'],
    ['$50'],
    ['XYZ 120,000 per year'],
    ['ALL 100,000 per year'],
    ['equity 0.5% – 1.75%'],
    ['Salary commensurate with experience: 4000-7000 EUR gross'],
    ['Interest-free season ticket loan of up to £10,000'],
    ['Referral programme: £1,000 for each hire'],
    ['€18 L per year'],
  ])('%j gives no salary', (text) => expect(salaryFromText(text)).toBeNull());

  it('refuses reversed ranges, implausibly wide ranges and out-of-bounds amounts', () => {
    expect(salaryFromText('$190k - $150k')).toBeNull();
    expect(salaryFromText('$5-150k')).toBeNull();
    expect(salaryFromText('$9,000/hr')).toBeNull();
    expect(salaryFromText('€400 per year')).toBeNull();
    expect(salaryFromText('$6,500,000 per year')).toBeNull();
  });

  it('refuses two different stated currencies in one figure', () => {
    expect(salaryFromText('€100k USD')).toBeNull();
  });

  it('does not take a period from another sentence or the hours of the week', () => {
    expect(pick('Monthly standups. $120k')?.period).toBe('year');
    expect(pick('€65k, 40 hours per week')?.period).toBe('year');
  });
});
