import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SkillExtractor } from '../../src/index.js';

const extractor = new SkillExtractor();
const ids = (text: string) => extractor.extract(text).skills.map((s) => s.id);
const mention = (text: string, skillId: string) => extractor.extract(text).mentions.find((m) => m.skillId === skillId);

describe('tokens that must stay whole', () => {
  it.each([
    ['We write C++ and C# daily.', ['cpp', 'csharp']],
    ['Our stack: .NET 8, Node.js, T-SQL.', ['dotnet', 'nodejs', 't-sql']],
    ['You run CI/CD pipelines on k8s.', ['ci-cd', 'kubernetes']],
    ['ASP.NET Core and Vue.js experience.', ['dotnet', 'vue']],
  ])('%s', (text, expected) => {
    expect(ids(text)).toEqual(expect.arrayContaining(expected));
  });

  it('gives spans that point at the matched text', () => {
    const result = extractor.extract('Strong Node.js and C++ skills required.');
    for (const m of result.mentions) expect(result.text.slice(m.start, m.end)).toBe(m.text);
    expect(result.mentions.map((m) => m.text)).toEqual(['Node.js', 'C++']);
  });

  it('does not find a skill inside a longer word or name', () => {
    expect(ids('Experience with JavaScript and TypeScript.')).not.toContain('java');
    expect(ids('Senior Goalkeeper coach')).not.toContain('go');
    expect(ids('We use Node.js')).not.toContain('javascript');
  });

  it('folds case and plurals', () => {
    expect(ids('Designing RESTful APIs and relational databases')).toEqual(expect.arrayContaining(['rest', 'rdbms']));
    expect(ids('POSTGRES and mongodb')).toEqual(expect.arrayContaining(['postgresql', 'mongodb']));
  });
});

describe('fuzzy matching, only where safe', () => {
  it('finds misspelt long names', () => {
    expect(ids('Experience with Kubernets, Elasticserch and PostgrSQL.')).toEqual(['kubernetes', 'elasticsearch', 'postgresql']);
    expect(mention('We run Kubernets in production.', 'kubernetes')?.confidence).toBeLessThan(0.95);
  });

  it('never guesses short names or ordinary lower-case words', () => {
    expect(ids('We use Jav and Pythn.')).toEqual([]);
    expect(ids('kubernets is misspelt in lower case, and experience is not a skill.')).toEqual([]);
  });
});

describe('ambiguous names need supporting context', () => {
  it('counts Go in a tech sentence and Golang anywhere', () => {
    expect(ids('Backend services written in Go and Python.')).toContain('go');
    expect(ids('We love Golang.')).toContain('go');
  });

  it('ignores the ordinary words', () => {
    expect(ids('We go the extra mile for our customers.')).not.toContain('go');
    expect(ids('Our office has a lovely Spring garden.')).not.toContain('spring');
    expect(ids('Express your ideas freely.')).not.toContain('express');
    expect(ids('Rust and dust are our enemies in the warehouse.')).not.toContain('rust');
  });

  it('accepts a bare ambiguous name listed under a skills heading', () => {
    expect(ids('Nice to have:\n- Rust\n- Swift')).toEqual(expect.arrayContaining(['rust', 'swift']));
  });

  it('matches case-sensitive single letters only as written', () => {
    expect(ids('Statistical programming in R or Python.')).toContain('r');
    expect(ids('Grade r of the exam.')).not.toContain('r');
  });
});

describe('negation', () => {
  it('drops "no X experience needed" but keeps the rest of the sentence', () => {
    const found = ids('No Java experience needed, but Python is a must.');
    expect(found).not.toContain('java');
    expect(found).toContain('python');
  });

  it('drops "X is not required"', () => {
    expect(ids('Kubernetes is not required for this role.')).not.toContain('kubernetes');
  });

  it('keeps negated mentions for inspection', () => {
    expect(mention('No Java experience needed.', 'java')?.negated).toBe(true);
  });
});

describe('requirement level and years', () => {
  const posting = `Senior Backend Engineer

Requirements:
- 5+ years of experience with Python and Django
- PostgreSQL

Nice to have:
- Terraform

About us: we sometimes use Excel for budgeting.`;

  it('reads levels from section headings', () => {
    expect(mention(posting, 'python')?.level).toBe('required');
    expect(mention(posting, 'postgresql')?.level).toBe('required');
    expect(mention(posting, 'terraform')?.level).toBe('preferred');
    expect(mention(posting, 'terraform')?.section).toBe('Nice to have');
  });

  it('reads levels from cue words', () => {
    expect(mention('Experience with Docker is a plus.', 'docker')?.level).toBe('preferred');
    expect(mention('You must know Redis.', 'redis')?.level).toBe('required');
    expect(mention('Our team uses Slack and Redis.', 'redis')?.level).toBe('mentioned');
  });

  it('reads stated years of experience', () => {
    expect(mention(posting, 'python')?.years).toBe(5);
    expect(mention(posting, 'django')?.years).toBe(5);
    expect(mention('Python (3+ years) and Go.', 'python')?.years).toBe(3);
  });

  it('counts a skill once per posting however often it is named', () => {
    const result = extractor.extract('Python. More Python. Python everywhere, with Django and Python.');
    const python = result.skills.find((s) => s.id === 'python');
    expect(python?.count).toBe(4);
    expect(result.skills.filter((s) => s.id === 'python')).toHaveLength(1);
  });
});

describe('HTML input', () => {
  it('keeps headings and list items as structure', () => {
    const html = '<h3>What you bring</h3><ul><li>Solid Java &amp; Spring Boot</li><li>Kafka</li></ul><h3>Bonus</h3><p>Scala</p>';
    const result = extractor.extract({ html });
    expect(result.text).toContain('What you bring\n- Solid Java & Spring Boot\n- Kafka');
    expect(result.mentions.find((m) => m.skillId === 'kafka')?.level).toBe('required');
    expect(result.mentions.find((m) => m.skillId === 'scala')?.level).toBe('preferred');
  });
});

describe('seed articles', () => {
  // The five articles the project started from (../shared/seeds): every skill they name is found.
  const seedsDir = join(import.meta.dirname, '../../../../../shared/seeds');
  const text = readdirSync(seedsDir)
    .map((f) => readFileSync(join(seedsDir, f), 'utf8'))
    .join('\n');
  const found = new Set(ids(text));
  it.each([
    'python',
    'java',
    'ruby',
    'php',
    'go',
    'rust',
    'csharp',
    'nodejs',
    'mysql',
    'postgresql',
    'mongodb',
    'cassandra',
    'redis',
    'rest',
    'graphql',
    'aws',
    'azure',
    'gcp',
    'kubernetes',
    'docker',
    'terraform',
    'cloudformation',
    'git',
    'junit',
    'mocha',
    'rspec',
    'django',
    'flask',
    'spring-boot',
    'express',
    'tensorflow',
    'pytorch',
    'ethereum',
    'hyperledger',
    'microservices',
    'serverless',
    'ci-cd',
    'scrum',
    'kanban',
    'communication',
    'mentoring',
    'problem-solving',
  ])('finds %s', (id) => {
    expect(found.has(id)).toBe(true);
  });
});
