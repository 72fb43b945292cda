/**
 * The sample job board's postings: synthetic, generated from templates with a seeded random
 * generator, so every run and every machine sees the same board. Skill demand moves over the
 * 30 months it covers: some skills rise, some fall, most hold steady.
 * The vocabulary is in vocab.ts.
 */

import { CURRENCY_SCALE, NON_TECH_ROLES, NON_TECH_SHARE, PAY_PERIODS, TITLE_VARIANTS } from './variety.js';
import { BENEFITS, COMPANIES, type Ingredient, PLACES, ROLE_WEIGHTS, ROLES, type Role, SENIORITY, SOFT } from './vocab.js';

export interface SamplePosting {
  slug: string;
  title: string;
  company: string;
  city: string;
  region: string;
  country: string;
  remote: 'remote' | 'hybrid' | 'onsite';
  employmentType: 'FULL_TIME' | 'PART_TIME' | 'CONTRACTOR';
  datePosted: string;
  validThrough: string;
  /** The role family @skillpulse/roles should map the title to (docs/roles.md). */
  roleFamily: string;
  /** Pay as stated, in `salaryPeriod`; null when the posting hides it (no baseSalary). */
  salaryMin: number | null;
  salaryMax: number | null;
  salaryPeriod: 'year' | 'month' | 'hour';
  currency: string;
  /** Description HTML (headings and lists). */
  descriptionHtml: string;
  /** Written with microdata only, no JSON-LD (a minority, as on the web). */
  microdataOnly: boolean;
  /** The skills the template put in, by display form, for tests to check extraction against. */
  skillsWritten: string[];
}

export const SAMPLE_START = '2024-01-01';
export const SAMPLE_MONTHS = 30;
export const SAMPLE_SIZE = 360;

/** mulberry32: a small, fast seeded PRNG, good enough for sample data and for tests that must repeat. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)] as T;
}

function pickWeighted(rnd: () => number, weights: readonly number[]): number {
  let r = rnd() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i] as number;
    if (r <= 0) return i;
  }
  return weights.length - 1;
}

function shuffled<T>(rnd: () => number, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function listSentence(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The board's postings, oldest first. Deterministic for a given seed and size. */
export function generateSamplePostings(size = SAMPLE_SIZE, seed = 20240101): SamplePosting[] {
  const rnd = seededRandom(seed);
  // Titles, non-tech roles and how pay is stated come from a second generator, so the draws of the
  // first (dates, roles, skills) and hence the skill trends stay as they were.
  const variety = seededRandom(seed ^ 0x5eed);
  const totalDays = Math.round(SAMPLE_MONTHS * 30.44);
  const postings: SamplePosting[] = [];
  for (let i = 0; i < size; i++) {
    // Later months have more postings, as a growing board would.
    const offset = Math.floor(Math.sqrt(rnd()) * totalDays);
    const datePosted = addDays(SAMPLE_START, offset);
    const t = offset / totalDays;
    const role = ROLES[pickWeighted(rnd, ROLE_WEIGHTS)] as Role;
    const level = SENIORITY[
      pickWeighted(
        rnd,
        SENIORITY.map((s) => s[1]),
      )
    ] as (typeof SENIORITY)[number];
    const [city, region, country, currency] = pick(rnd, PLACES);
    const company = pick(rnd, COMPANIES);
    const remote = pick(rnd, ['remote', 'hybrid', 'hybrid', 'onsite'] as const);
    const nonTech = variety() < NON_TECH_SHARE ? pick(variety, NON_TECH_ROLES) : null;
    const variants = TITLE_VARIANTS[role.title] ?? { family: 'software-engineer', titles: [role.title] };
    const roleTitle = nonTech ? pick(variety, nonTech.titles) : pick(variety, variants.titles);
    const title = `${level[0] ? `${level[0]} ` : ''}${roleTitle}${remote === 'remote' ? ' (Remote)' : ''}`;
    const chosen = (pool: Ingredient[], min: number) => {
      const hits = pool.filter((item) => rnd() < item.weight(t));
      while (hits.length < min && pool.length > 0) {
        const item = pick(rnd, pool);
        if (!hits.includes(item)) hits.push(item);
      }
      return hits.map((item) => pick(rnd, item.forms));
    };
    const languages = chosen(role.languages, 1);
    const frameworks = chosen(role.frameworks, 0);
    const data = chosen(role.data, 0);
    const infra = chosen(role.infra, 1);
    const testing = chosen(role.testing, 0);
    const extras = chosen(role.extras, 0);
    const soft = chosen(SOFT, 1);
    const years = level[0] === 'Junior' ? 1 : level[0] === '' ? 3 : 5 + Math.floor(rnd() * 3);

    // Split the chosen skills into must-haves and nice-to-haves.
    const required = [...languages, ...frameworks.slice(0, 2), ...data.slice(0, 2)];
    const niceToHave = [...frameworks.slice(2), ...data.slice(2), ...infra.slice(3)];
    const requirements = [
      `${years}+ years of professional experience with ${listSentence(languages)}`,
      ...(frameworks.length > 0 ? [`Solid knowledge of ${listSentence(frameworks.slice(0, 2))}`] : []),
      ...(data.length > 0 ? [`Hands-on experience with ${listSentence(data.slice(0, 2))}`] : []),
      `Experience with ${listSentence(infra.slice(0, 3))}`,
      ...(testing.length > 0 ? [`You write tests with ${listSentence(testing)}`] : []),
      ...extras.map((extra) => `Experience with ${extra}`),
      ...soft.map((skill) => `Strong ${skill}`),
    ];
    const duties = nonTech ? nonTech.duties : shuffled(rnd, role.duties).slice(0, 3);
    if (nonTech) shuffled(rnd, role.duties); // the same draws as a tech posting
    const benefits = shuffled(rnd, BENEFITS).slice(0, 3);
    const html = [
      `<p>${escapeHtml(company)} is hiring ${/^[AEIOU]/.test(title) ? 'an' : 'a'} ${escapeHtml(title.replace(' (Remote)', ''))} in ${escapeHtml(city)}${remote === 'remote' ? ' (fully remote)' : remote === 'hybrid' ? ' (hybrid, two days a week in the office)' : ''}.</p>`,
      "<h3>What you'll do</h3>",
      `<ul>${duties.map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ul>`,
      '<h3>Requirements</h3>',
      `<ul>${(nonTech ? nonTech.requirements : requirements).map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>`,
      ...(niceToHave.length > 0 && !nonTech
        ? ['<h3>Nice to have</h3>', `<ul>${niceToHave.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`]
        : []),
      '<h3>What we offer</h3>',
      `<ul>${benefits.map((b) => `<li>${escapeHtml(b)}</li>`).join('')}</ul>`,
    ].join('\n');
    const base = 40000 + Math.floor(rnd() * 30) * 1000;
    const employmentType = rnd() < 0.9 ? 'FULL_TIME' : 'CONTRACTOR';
    const spread = 15000 + Math.floor(rnd() * 10) * 1000;
    // Yearly pay in the place's currency, then stated by the month or the hour, or hidden.
    const scale = (CURRENCY_SCALE[currency] ?? 1) * level[2] * (nonTech?.pay ?? 1);
    const period =
      PAY_PERIODS[
        pickWeighted(
          variety,
          PAY_PERIODS.map((p) => p[1]),
        )
      ]?.[0] ?? 'year';
    const stated = (annual: number) =>
      period === 'hour'
        ? Math.round((annual / 2080) * 2) / 2
        : period === 'month'
          ? Math.round(annual / 1200) * 100
          : Math.round(annual / 1000) * 1000;
    const salaryMin = period === 'hidden' ? null : stated(base * scale);
    const salaryMax = period === 'hidden' ? null : stated((base + spread) * scale);
    postings.push({
      slug: `${String(i + 1).padStart(4, '0')}-${title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')}`,
      title,
      company,
      city,
      region,
      country,
      remote,
      employmentType,
      datePosted,
      validThrough: addDays(datePosted, 60),
      roleFamily: nonTech ? nonTech.family : variants.family,
      salaryMin,
      salaryMax,
      salaryPeriod: period === 'hidden' ? 'year' : period,
      currency,
      descriptionHtml: html,
      microdataOnly: rnd() < 0.12,
      skillsWritten: nonTech
        ? [...nonTech.requirements]
        : [...new Set([...required, ...niceToHave, ...infra.slice(0, 3), ...testing, ...extras, ...soft])],
    });
  }
  postings.sort((a, b) => a.datePosted.localeCompare(b.datePosted) || a.slug.localeCompare(b.slug));
  return postings;
}
