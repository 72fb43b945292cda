import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvalSet, SpanPosting } from './score.js';

/** The evaluation data is missing or unreadable: `npm run eval` says which file and exits 2. */
export class EvalDataError extends Error {}

interface RawSpan {
  char_start?: number;
  char_end?: number;
}
interface RawPosting {
  posting_id: string;
  sentences: Array<{ text: string; knowledge_spans?: RawSpan[]; skill_spans?: RawSpan[] }>;
}

function readText(file: string): string {
  if (!existsSync(file)) throw new EvalDataError(`${file} does not exist`);
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new EvalDataError(`${file} cannot be read: ${(error as Error).message}`);
  }
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readText(file)) as T;
  } catch (error) {
    if (error instanceof EvalDataError) throw error;
    throw new EvalDataError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/** A SkillSpan-shaped JSONL file: text is the sentences joined by newlines, spans in its offsets. */
export function readSpanPostings(file: string): SpanPosting[] {
  const postings: SpanPosting[] = [];
  readText(file)
    .split('\n')
    .forEach((line, index) => {
      if (line.trim() === '') return;
      let raw: RawPosting;
      try {
        raw = JSON.parse(line) as RawPosting;
      } catch (error) {
        throw new EvalDataError(`${file} line ${index + 1} is not valid JSON: ${(error as Error).message}`);
      }
      const spans: Array<[number, number]> = [];
      let offset = 0;
      for (const sentence of raw.sentences) {
        for (const span of [...(sentence.knowledge_spans ?? []), ...(sentence.skill_spans ?? [])]) {
          if (typeof span.char_start === 'number' && typeof span.char_end === 'number') {
            spans.push([offset + span.char_start, offset + span.char_end]);
          }
        }
        offset += sentence.text.length + 1;
      }
      postings.push({ id: raw.posting_id, text: raw.sentences.map((s) => s.text).join('\n'), spans });
    });
  return postings;
}

const textsOf = (postings: SpanPosting[]) => new Map(postings.map((p) => [p.id, p.text]));

/** The TECH dev split with its gold sets (../shared/eval/skillspan-tech-dev). */
export function readDevSet(dir: string): EvalSet {
  return {
    texts: textsOf(readSpanPostings(join(dir, 'postings_dev.jsonl'))),
    gold: readJson(join(dir, 'gold_dev.json')),
    vocabulary: readJson(join(dir, 'vocabulary_dev.json')),
    unannotated: readJson(join(dir, 'unannotated_dev.json')),
  };
}

/** The TECH train split's ads without their Technologies line, and the tags taken from it. */
export function readTagSet(dir: string): { texts: Map<string, string>; tags: Record<string, string[]> } {
  return {
    texts: textsOf(readSpanPostings(join(dir, 'postings_train_tagless.jsonl'))),
    tags: readJson(join(dir, 'employer_tags_train.json')),
  };
}

/** The HOUSE train split: ads outside tech, with the annotators' spans. */
export function readHouseSet(dir: string): SpanPosting[] {
  return readSpanPostings(join(dir, 'postings_house_train.jsonl'));
}
