import { describe, expect, it } from 'vitest';
import { nodeVersionProblem } from '../../src/node-version.js';

describe('nodeVersionProblem', () => {
  it.each(['22.0.0', '22.12.1', '24.21.0', '30.1.0'])('accepts %s', (version) => {
    expect(nodeVersionProblem(version)).toBeUndefined();
  });

  it.each(['20.20.2', '18.19.0', '21.7.3', 'garbage'])('refuses %s with the sentence of the README', (version) => {
    expect(nodeVersionProblem(version)).toBe(`SkillPulse needs Node.js 22 or newer (found ${version}); see README "Requirements"`);
  });
});
