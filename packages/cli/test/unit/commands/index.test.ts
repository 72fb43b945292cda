import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/commands/index.js';

describe('COMMANDS', () => {
  it('maps the command names, in the order --help lists them, each with a summary and usage naming it', () => {
    // Other commands may join; these ten keep their names and their order.
    const ten = ['extract', 'taxonomy', 'crawl', 'jobs', 'scheduler', 'serve', 'start', 'export', 'reindex', 'store'];
    expect(Object.keys(COMMANDS).filter((name) => ten.includes(name))).toEqual(ten);
    for (const [name, command] of Object.entries(COMMANDS)) {
      expect(command.summary.length).toBeGreaterThan(10);
      expect(command.usage.startsWith(`skillpulse ${name}`)).toBe(true);
    }
  });
});
