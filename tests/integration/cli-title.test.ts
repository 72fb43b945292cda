import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../packages/cli/dist/main.js', import.meta.url));
const DATA_DIR = mkdtempSync(join(tmpdir(), 'skillpulse-title-'));

function cli(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', SKILLPULSE_DATA_DIR: DATA_DIR, SKILLPULSE_LOG_LEVEL: 'error' },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('skillpulse title', () => {
  it('prints the role, seniority, ESCO occupation with its ISCO-08 code, and a confidence', () => {
    const { code, stdout } = cli(['title', 'Sr. Data Engineer (Remote, EU) | Acme']);
    expect(code).toBe(0);
    const got = JSON.parse(stdout);
    expect(got).toMatchObject({
      title: 'Sr. Data Engineer (Remote, EU) | Acme',
      role: { id: 'data-engineer', name: 'Data engineer' },
      seniority: 'senior',
      occupation: { isco: '2511', label: 'data scientist' },
    });
    expect(got.occupation.uri).toMatch(/^http:\/\/data\.europa\.eu\/esco\/occupation\//);
    expect(got.confidence).toBeGreaterThan(0.5);
  });

  it('--jsonl answers one line per {"id","title"} line, uses a line\'s text as skill evidence, and names bad lines', () => {
    const input = [
      JSON.stringify({ id: 'a', title: 'Registered Nurse - ICU' }),
      JSON.stringify({ id: 'b', title: 'Software Engineer', text: 'Requirements: Swift, Kotlin, iOS and Android experience.' }),
      'not json',
      JSON.stringify({ id: 'c' }),
      JSON.stringify({ id: 'd', title: 'Consultant' }),
    ].join('\n');
    const { code, stdout, stderr } = cli(['title', '--jsonl'], input);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => [l.id, l.role.id])).toEqual([
      ['a', 'healthcare'],
      ['b', 'mobile'],
      ['d', 'unknown'],
    ]);
    expect(stderr).toContain('line 3: not valid JSON, skipped');
    expect(stderr).toContain('line 4: needs a "title" string, skipped');
    expect(code).toBe(1);
  });

  it('asks for a title when given none', () => {
    const { code, stderr } = cli(['title']);
    expect(code).toBe(2);
    expect(stderr).toContain('give one job title in quotes');
  });
});
