import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { SkillExtractor } from '@skillpulse/extract';
import { configuredExtractor } from '../config.js';
import type { Command, Io } from '../runtime.js';
import { oneOf, parseCommand, UsageError } from '../usage.js';

/** The posting: FILE, or standard input for - or no FILE. */
export function readInput(file: string | undefined, io: Io): Promise<string> {
  if (file === undefined || file === '-') {
    return new Promise((resolve, reject) => {
      let text = '';
      io.stdin.setEncoding('utf8');
      io.stdin.on('data', (chunk: string) => (text += chunk));
      io.stdin.on('end', () => resolve(text));
      io.stdin.on('error', reject);
    });
  }
  try {
    return Promise.resolve(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`FILE: cannot read "${file}" (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** `--jsonl`: one {"id","skills"} line per input line; a line that is not a posting is skipped with a message (exit 1). */
async function extractJsonLines(io: Io, extractor: SkillExtractor): Promise<number> {
  const lines = createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  let failures = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    let record: { id?: unknown; text?: unknown; html?: unknown };
    try {
      record = JSON.parse(line);
    } catch {
      failures++;
      io.stderr.write(`skillpulse extract: line ${lineNumber}: not valid JSON, skipped\n`);
      continue;
    }
    const input = typeof record.html === 'string' ? { html: record.html } : typeof record.text === 'string' ? { text: record.text } : null;
    if (!input) {
      failures++;
      io.stderr.write(`skillpulse extract: line ${lineNumber}: needs a "text" or "html" string, skipped\n`);
      continue;
    }
    const result = extractor.extract(input);
    const out = JSON.stringify({ id: record.id ?? null, skills: result.skills.map((s) => ({ id: s.id, name: s.name })) });
    if (!io.stdout.write(`${out}\n`)) await new Promise((resolve) => io.stdout.once('drain', resolve));
  }
  return failures > 0 ? 1 : 0;
}

export const extract: Command = {
  summary: 'print the skills in a posting (text or HTML)',
  usage: `skillpulse extract [FILE|-] [--format json|text]
skillpulse extract --jsonl < postings.jsonl

  FILE            posting text or HTML; - or nothing reads standard input
  --format        json (default) or text
  --jsonl         read JSON lines {"id","text"} or {"id","html"}; write {"id","skills":[{"id","name"}]} per line`,
  async run(args, io) {
    const { values, positionals } = parseCommand(args, { format: { type: 'string' }, jsonl: { type: 'boolean' } });
    const format = oneOf('--format', values.format, ['json', 'text'] as const, 'json');
    if (positionals.length > 1) throw new UsageError(`extract: unexpected argument "${positionals[1]}"`);
    const extractor = configuredExtractor(io.config);
    if (values.jsonl) return extractJsonLines(io, extractor);
    const result = extractor.extract(await readInput(positionals[0], io));
    if (format === 'text') {
      for (const skill of result.skills) io.stdout.write(`${skill.name}\t${skill.category}\t${skill.count}\t${skill.level}\n`);
      return 0;
    }
    io.stdout.write(
      `${JSON.stringify(
        {
          skills: result.skills.map((s) => ({
            id: s.id,
            name: s.name,
            category: s.category,
            count: s.count,
            level: s.level,
            years: s.years,
            mentions: s.mentions.map((m) => ({
              start: m.start,
              end: m.end,
              text: m.text,
              section: m.section,
              level: m.level,
              confidence: m.confidence,
            })),
          })),
          taxonomyVersion: result.taxonomyVersion,
          extractorVersion: result.extractorVersion,
        },
        null,
        2,
      )}\n`,
    );
    return 0;
  },
};
