import { describe, expect, it } from 'vitest';
import { oneOf, parseCommand, UsageError } from '../../src/usage.js';

const OPTIONS = { format: { type: 'string' }, jsonl: { type: 'boolean' }, 'data-dir': { type: 'string' } } as const;

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('no UsageError');
}

describe('parseCommand', () => {
  it.each([
    [['--fromat', 'json'], 'unknown flag --fromat; did you mean --format?'],
    [['--data-dri', 'x'], 'unknown flag --data-dri; did you mean --data-dir?'],
    [['--bogus'], 'unknown flag --bogus (known: --format, --jsonl, --data-dir, --help)'],
    [['-x'], 'unknown flag -x (known: --format, --jsonl, --data-dir, --help, -h)'],
    [['--format'], '--format needs a value (--format VALUE; see --help)'],
    [['--jsonl=yes'], '--jsonl takes no value (got "yes")'],
  ])('%j: %s', (args, message) => {
    expect(usageMessage(() => parseCommand(args, OPTIONS))).toBe(message);
  });

  it('parses good flags', () => {
    expect(parseCommand(['--format', 'json', 'file.txt'], OPTIONS)).toMatchObject({
      values: { format: 'json' },
      positionals: ['file.txt'],
    });
  });
});

describe('oneOf', () => {
  it('names the flag, the allowed values and what it got', () => {
    expect(usageMessage(() => oneOf('--format', 'xml', ['json', 'text'], 'json'))).toBe('--format must be one of: json, text (got "xml")');
    expect(usageMessage(() => oneOf('--format', 'jsno', ['json', 'text'], 'json'))).toBe(
      '--format must be one of: json, text (got "jsno"); did you mean json?',
    );
    expect(oneOf('--format', undefined, ['json', 'text'], 'text')).toBe('text');
  });
});
