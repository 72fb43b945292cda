import { describe, expect, it } from 'vitest';
import { parseRoleCatalogue } from '../../src/families.js';
import { TitleClassifier, titleSegments } from '../../src/title.js';

const classifier = new TitleClassifier();
const role = (title: string, skills: string[] = []) => classifier.classify(title, skills).role.id;

describe('titleSegments', () => {
  it('drops gender markers, pictographs and seniority, and splits company and place off', () => {
    expect(titleSegments('Sr. Data Engineer (Remote, EU) | Acme 🚀 (m/f/d)').map((s) => s.words.join(' '))).toEqual([
      'data engineer',
      'eu',
      'acme',
    ]);
  });
});

describe('TitleClassifier', () => {
  it('prints the shape the CLI promises', () => {
    const got = classifier.classify('Sr. Data Engineer (Remote, EU) | Acme');
    expect(got).toMatchObject({
      title: 'Sr. Data Engineer (Remote, EU) | Acme',
      role: { id: 'data-engineer', name: 'Data engineer' },
      seniority: 'senior',
      occupation: { isco: expect.stringMatching(/^\d{4}$/), uri: expect.stringContaining('esco/occupation/') },
    });
    expect(got.confidence).toBeGreaterThan(0.5);
  });

  it('finds the role in any part of the title, not only the first (Hacker News puts the company first)', () => {
    expect(role('Acme Corp | Senior Backend Engineer | Berlin | Remote')).toBe('backend');
  });

  it('prefers a named role over a generic head, and full-stack over the language', () => {
    expect(role('Full Stack Software Developer')).toBe('full-stack');
    expect(role('Full-Stack JavaScript Developer (Node.js / React)')).toBe('full-stack');
  });

  it('refines a generic software title with a qualifier in the title, in its own part first', () => {
    expect(role('Senior Java Developer')).toBe('backend');
    expect(role('Software Engineer - React')).toBe('frontend');
    expect(role('Node.js Developer (Web & Mobile Team)')).toBe('backend');
    expect(role('Java / React Developer')).toBe('full-stack');
  });

  it('takes no role from the company part before a generic head, nor from links', () => {
    expect(role('Gobii AI | Senior Software Engineer | REMOTE (US) | gobii.ai')).toBe('software-engineer');
    expect(role('Software Engineer | https://acme.ai/careers')).toBe('software-engineer');
  });

  it('makes the manager of an engineering role an engineering manager', () => {
    expect(role('Site Reliability Engineering Manager')).toBe('engineering-manager');
    expect(role('Head of Backend Engineering')).toBe('engineering-manager');
    expect(role('Security Manager')).toBe('security');
  });

  it('uses the posting skills only for generic titles', () => {
    expect(role('Software Engineer')).toBe('software-engineer');
    expect(role('Software Engineer', ['swift', 'ios', 'kotlin'])).toBe('mobile');
    expect(role('Data Analyst', ['swift', 'ios', 'kotlin'])).toBe('data-analyst');
  });

  it('answers unknown rather than guess when a title names no role', () => {
    expect(role('Engineer')).toBe('unknown');
    expect(role('Consultant')).toBe('unknown');
    expect(classifier.classify('Consultant').confidence).toBe(0);
  });

  it('keeps non-tech postings out of tech roles', () => {
    expect(role('Registered Nurse - ICU')).toBe('healthcare');
    expect(role('Sous Chef | The Ivy | London')).toBe('hospitality');
    expect(role('Mechanical Design Engineer')).toBe('engineering-other');
    expect(role('Account Executive, Mid-Market')).toBe('sales');
  });

  it('attaches an ESCO occupation only from a compatible ISCO group', () => {
    // ESCO lists "data engineer" under data scientist (ISCO 2511); a devops title gets its family's default.
    expect(classifier.classify('Data Engineer').occupation.isco).toBe('2511');
    expect(classifier.classify('DevOps Engineer').occupation.label).toBe('ICT system administrator');
  });
});

describe('parseRoleCatalogue', () => {
  it('refuses a phrase claimed by two families, naming both', () => {
    const yaml = `version: 1\nfamilies:\n  - {id: a, name: A, titles: [data engineer]}\n  - {id: b, name: B, titles: [Data Engineers]}\n`;
    expect(() => parseRoleCatalogue(yaml, 'x.yaml')).toThrow(/"data engineer" is also a title of a/);
  });

  it('refuses a family without an id', () => {
    expect(() => parseRoleCatalogue('version: 1\nfamilies:\n  - {name: A}\n', 'x.yaml')).toThrow(
      /families\[0\]\.id must be a non-empty string/,
    );
  });
});
