import { describe, expect, it } from 'vitest';
import { headingKind, SkillExtractor } from '../../src/index.js';
import { smallTaxonomy } from './fixture.js';

const extractor = new SkillExtractor({ taxonomy: smallTaxonomy });
const counted = (text: string) => extractor.extract(text).skills.map((s) => s.id);
const kinds = (text: string) => extractor.extract(text).mentions.map((m) => `${m.skillId}:${m.sectionKind}`);

describe('section kinds', () => {
  it('classifies headings', () => {
    expect(headingKind('What we offer')).toBe('benefits');
    expect(headingKind('About us')).toBe('about-company');
    expect(headingKind('Who we are looking for')).toBe('requirements');
    expect(headingKind('Nice to have')).toBe('nice-to-have');
    expect(headingKind('Your responsibilities')).toBe('responsibilities');
    expect(headingKind('Job description')).toBeNull();
  });

  it('does not count skills named only in company or benefits text, but keeps the mentions', () => {
    const text = 'About us\nWe build Java services on AWS.\nRequirements\nPython\nBenefits\nFree Docker courses';
    expect(counted(text)).toEqual(['python']);
    expect(kinds(text)).toEqual(['java:about-company', 'aws:about-company', 'python:requirements', 'docker:benefits']);
  });

  it('counts a skill named both in company text and in the requirements', () => {
    expect(counted('About us:\nWe run Python everywhere.\nRequirements:\n- Python')).toEqual(['python']);
  });

  it('reads headingless cues: field lines, company sentences, benefits sentences', () => {
    expect(counted('Industry:\nJava Consulting\nJob description\nYou know Python.')).toEqual(['python']);
    expect(counted('<ORGANIZATION> builds Java tools for banks.\nYou know Python.')).toEqual(['python']);
    expect(counted('We offer Docker training and a pension.\nYou know Python.')).toEqual(['python']);
  });

  it('keeps a sentence that addresses the candidate under an about-us heading', () => {
    expect(counted('About the team\nYou will work with Java every day.')).toEqual(['java']);
  });

  it('does not take a skill list item for a heading', () => {
    expect(counted('Benefits\nPension\nSkills we need\nPython')).toEqual(['python']);
  });
});

describe('parent roll-up where the text names the parent', () => {
  it('counts the ancestor named inside the surface form, at the same span', () => {
    const result = extractor.extract('Experience with AWS Lambda, AWS-EC2 and Spring Boot.');
    // Spring Boot names Spring but not Java: the roll-up stops where the text stops naming.
    expect(result.skills.map((s) => s.id).sort()).toEqual(['aws', 'aws-ec2', 'aws-lambda', 'spring', 'spring-boot']);
    const aws = result.mentions.filter((m) => m.skillId === 'aws').map((m) => m.text);
    expect(aws).toEqual(['AWS Lambda', 'AWS-EC2']);
  });

  it('does not roll up when the parent is not named', () => {
    expect(counted('Experience with EC2 and Node.js.').sort()).toEqual(['aws-ec2', 'nodejs']);
    expect(counted('We use Node . js')).toEqual(['nodejs']);
  });
});
