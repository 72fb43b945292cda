import { createInterface } from 'node:readline';
import { TitleClassifier } from '@skillpulse/roles';
import { configuredExtractor } from '../config.js';
import type { Command, Io } from '../runtime.js';
import { parseCommand, UsageError } from '../usage.js';

async function writeLine(io: Io, value: unknown): Promise<void> {
  if (!io.stdout.write(`${JSON.stringify(value)}\n`)) await new Promise((resolve) => io.stdout.once('drain', resolve));
}

export const title: Command = {
  summary: 'print the role family, ESCO occupation and ISCO-08 code of a job title',
  usage: `skillpulse title "TITLE" [--skills ID,ID]
skillpulse title --jsonl < titles.jsonl

  TITLE           a job title as posted, e.g. "Sr. Data Engineer (Remote, EU) | Acme"
  --skills        taxonomy skill ids of the posting: evidence for generic titles ("Software Engineer")
  --jsonl         read JSON lines {"id","title"} (optionally "skills": [ids], or the posting's
                  "text"/"html" whose skills are extracted as evidence); write one JSON line each:
                  {"id","title","role":{"id","name"},"seniority","occupation":{"uri","label","isco"},"confidence",…}

Method and role families: docs/roles.md.`,
  async run(args, io) {
    const { values, positionals } = parseCommand(args, { skills: { type: 'string' }, jsonl: { type: 'boolean' } });
    const classifier = new TitleClassifier();
    if (!values.jsonl) {
      if (positionals.length !== 1 || positionals[0]?.trim() === '') {
        throw new UsageError('title: give one job title in quotes, e.g. skillpulse title "Senior Backend Engineer", or use --jsonl');
      }
      const skills = (values.skills ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      io.stdout.write(`${JSON.stringify(classifier.classify(positionals[0] as string, skills), null, 2)}\n`);
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`title: --jsonl reads standard input; unexpected argument "${positionals[0]}"`);
    let extractor: ReturnType<typeof configuredExtractor> | undefined;
    const lines = createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY });
    let lineNumber = 0;
    let failures = 0;
    const skip = (reason: string) => {
      failures++;
      io.stderr.write(`skillpulse title: line ${lineNumber}: ${reason}, skipped\n`);
    };
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === '') continue;
      let record: { id?: unknown; title?: unknown; skills?: unknown; text?: unknown; html?: unknown };
      try {
        record = JSON.parse(line);
      } catch {
        skip('not valid JSON');
        continue;
      }
      if (typeof record.title !== 'string') {
        skip('needs a "title" string');
        continue;
      }
      let skills: string[] = Array.isArray(record.skills) ? record.skills.filter((s): s is string => typeof s === 'string') : [];
      const posting =
        typeof record.html === 'string' ? { html: record.html } : typeof record.text === 'string' ? { text: record.text } : null;
      if (skills.length === 0 && posting) {
        extractor ??= configuredExtractor(io.config);
        skills = extractor.extract(posting).skills.map((s) => s.id);
      }
      await writeLine(io, { id: record.id ?? null, ...classifier.classify(record.title, skills) });
    }
    return failures > 0 ? 1 : 0;
  },
};
