import { describe, expect, it } from 'vitest';
import { TitleClassifier } from '../../src/title.js';

// Each block is one rule of docs/roles.md ("Rules for the shapes real titles take"); the titles are
// shaped like those of eval/titles-blind.jsonl but are not copied from it.
const classifier = new TitleClassifier();
const role = (title: string) => classifier.classify(title).role.id;

describe('a part after a generic head refines it only when it is a kind, not a team', () => {
  it('ignores team and product names after the head', () => {
    expect(role('Software Development Engineer, Fleet Vehicle Testing')).toBe('software-engineer');
    expect(role('Staff Software Engineer, AI & Automation')).toBe('software-engineer');
    expect(role('Senior Software Engineer - Platform')).toBe('software-engineer');
    expect(role('Acme | Senior Software Engineer | $90k-$120k (can go higher)')).toBe('software-engineer');
  });

  it('still takes a kind or a stack named on its own', () => {
    expect(role('Software Engineer - Java')).toBe('backend');
    expect(role('Software Engineer - SRE')).toBe('sre');
    expect(role('Software Engineers (Python, Full-Stack)')).toBe('full-stack');
  });
});

describe('a list of kinds is not one kind', () => {
  it('keeps a generic head generic when several kinds are listed after it', () => {
    expect(role('Acme | Software Engineers (SRE, backend, full-stack, mobile) | Remote')).toBe('software-engineer');
    expect(role('Staff Software Engineer (Frontend, Backend, Platform)')).toBe('software-engineer');
  });

  it('reads backend and frontend stacks together as full-stack, but not with other kinds', () => {
    expect(role('Acme | Senior Engineers (Kotlin/Java/React/Typescript) | NYC')).toBe('full-stack');
    expect(role('Acme | Senior + Staff Engineers (Elixir, React, ML/AI) | Remote')).toBe('unknown');
  });
});

describe('a line naming several jobs names none', () => {
  it('is software work when every job listed is a kind of software development', () => {
    expect(role('Acme | Backend Engineer, Full Stack Engineer | NYC')).toBe('software-engineer');
  });

  it('is unknown when the jobs are of different families', () => {
    expect(role('Acme | Machine Learning Engineer, Data Engineer | Berlin')).toBe('unknown');
    expect(role('Acme | Engineering Manager (Firmware), Software Engineer (Cloud) | Hybrid')).toBe('unknown');
  });
});

describe('a head put first ("Engineer, Manufacturing") is read with its field', () => {
  it('inverts a bare head and the part after it', () => {
    expect(role('Engineer, Manufacturing')).toBe('engineering-other');
    expect(role('Manager, Software Development')).toBe('engineering-manager');
    expect(role('Director, Manager')).toBe('management');
  });
});

describe('the first part of a Hacker News line is the company', () => {
  it('gives way to a later part that names a job when it names only a field', () => {
    expect(role('Acme Communications | Software Engineer | Remote')).toBe('software-engineer');
    expect(role('Acme Logistics | Data Engineer | Remote')).toBe('data-engineer');
  });

  it('is kept when no later part names a job', () => {
    expect(role('Acme Logistics | Michigan, USA | REMOTE')).toBe('operations-logistics');
  });
});

describe('an ambiguous head is refined only by the kinds right after it', () => {
  it('does not take a stack listed after the place and the pay', () => {
    expect(role('Acme | Senior Systems Engineer | Remote (EU) | $150k | Go, Rust, Kubernetes')).toBe('unknown');
    expect(role('Senior Systems Engineer - Java')).toBe('backend');
  });
});

describe('an ESCO label found without a role phrase must share a telling word', () => {
  it('does not guess from head and rank words alone', () => {
    expect(role('TEAM MANAGER')).toBe('unknown');
    expect(role('Acme | General Engineer | Singapore')).toBe('unknown');
    expect(role('Acme | Multiple Senior Eng | London')).toBe('unknown');
  });

  it('still names the occupation when a telling word is shared', () => {
    expect(role('Social Services Worker')).toBe('public-social');
  });
});

describe('context changes what a phrase names', () => {
  it('puts a manager or support engineer of a non-software branch in that branch', () => {
    expect(role('Civil Engineering Manager')).toBe('engineering-other');
    expect(role('HVAC Technical Support Engineer')).toBe('engineering-other');
    expect(role('IT Support Engineer')).toBe('support');
    expect(role('Engineering Manager')).toBe('engineering-manager');
  });

  it('makes a project or programme manager with a technology in the title an IT project manager', () => {
    expect(role('SAP Project Manager')).toBe('project-delivery');
    expect(role('ICT Programme Director')).toBe('project-delivery');
    expect(role('Project Manager')).toBe('management');
  });
});

describe('a refined generic head takes the occupation of its kind', () => {
  it('gives the kind its unit group, not the generic head one', () => {
    expect(classifier.classify('Senior Software Engineer, iOS').occupation.isco).toBe('2514');
    expect(classifier.classify('Software Engineer - SRE').occupation.isco).toBe('2522');
  });
});

describe('catalogue entries of version 2026.12.1', () => {
  it('treats a bare "Architect" as ambiguous (building or IT)', () => {
    expect(role('Architect')).toBe('unknown');
    expect(role('Solutions Architect')).toBe('architect');
  });

  it('knows common titles it used to misread', () => {
    expect(role('Night Auditor, Hotel Maria')).toBe('hospitality');
    expect(role('ML Platform Engineer')).toBe('ml-engineer');
    expect(role('AI Scientist - Computer Vision')).toBe('ml-engineer');
    expect(role('Web Analytics Consultant')).toBe('data-analyst');
    expect(role('R&D Engineer, Acme')).toBe('engineering-other');
  });
});
