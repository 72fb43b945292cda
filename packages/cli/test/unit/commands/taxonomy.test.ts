import { beforeAll, describe, expect, it } from 'vitest';
import { taxonomy } from '../../../src/commands/taxonomy.js';
import { configuredExtractor } from '../../../src/config.js';
import { UsageError } from '../../../src/usage.js';
import { testIo } from '../io.js';

describe('taxonomy', () => {
  // Loading the taxonomy and the extractor takes seconds on a busy machine: once, outside the tests' time.
  beforeAll(() => {
    configuredExtractor(testIo().io.config);
  }, 60_000);

  it('looks a skill up by alias', async () => {
    const { io, stdout, flush } = testIo();
    expect(await taxonomy.run(['lookup', 'golang'], io)).toBe(0);
    await flush();
    expect(JSON.parse(stdout.text())).toMatchObject({ id: 'go', name: 'Go' });
  });

  it('exits 1 naming the text when no skill matches', async () => {
    const { io, stderr, flush } = testIo();
    expect(await taxonomy.run(['lookup', 'no', 'such', 'skill'], io)).toBe(1);
    await flush();
    expect(stderr.text()).toBe('skillpulse taxonomy lookup: no skill named "no such skill"\n');
  });

  it.each([
    [[], 'taxonomy: missing subcommand (lookup or emerging)'],
    [['find'], 'taxonomy: unknown subcommand "find" (lookup or emerging)'],
    [['lookup'], 'taxonomy lookup: missing TEXT'],
    [['emerging', 'x'], 'taxonomy emerging: unexpected argument "x"'],
    [['emerging', '--limit', '0'], '--limit: "0" is not a whole number from 1 to 100000'],
    [['emerging', '--min-postings', '2.5'], '--min-postings: "2.5" is not a whole number from 1 to 100000'],
  ])('%j is bad usage, before any store is opened', async (args, message) => {
    // A data directory that cannot exist: opening a store there would fail differently.
    await expect(taxonomy.run([...args, '--data-dir', '/dev/null/x'], testIo().io)).rejects.toThrow(new UsageError(message));
  });
});
