import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { taxonomyWithOverlay } from '@skillpulse/taxonomy';
import { afterEach, describe, expect, it } from 'vitest';
import { readSpanPostings } from '../../src/eval/sets.js';
import { SkillExtractor } from '../../src/extractor.js';
import { batchExtractor, defaultPoolSize, ExtractionError, ExtractionPool, type ExtractTask } from '../../src/pool.js';

/**
 * The extraction pool (workers run the built dist/worker.js: build the package first) gives the
 * results the extractor gives in this thread, in the order asked, and says which posting failed.
 */

/** The SkillSpan TECH dev split (npm run eval's set), when the shared evaluation folder is there. */
const DEV_SET = fileURLToPath(new URL('../../../../../shared/eval/skillspan-tech-dev/postings_dev.jsonl', import.meta.url));
const devTexts = existsSync(DEV_SET) ? readSpanPostings(DEV_SET).map((p) => ({ text: p.text, posting: p.id })) : [];

const handMade: ExtractTask[] = [
  { text: 'Requirements: 5+ years of Python and PostgreSQL. Nice to have: Kubernetes, Go.', posting: 'a' },
  {
    html: '<h2>What you bring</h2><ul><li>TypeScript and React</li><li>No Java experience needed</li></ul><h2>Benefits</h2><p>AWS credits</p>',
    posting: 'b',
  },
  { text: '', posting: 'empty' },
  { text: `We use Docker, Terraform and AWS Lambda. ${'Plain words with no skill at all. '.repeat(2000)}Rust is a plus.`, posting: 'long' },
];
const tasks: ExtractTask[] = [...handMade, ...devTexts];
/** A task the extractor throws on (its text is not a string). */
const broken = (posting: string): ExtractTask => ({ text: 42 as unknown as string, posting });

const pools: ExtractionPool[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.close();
});
const newPool = (size: number, options: { taxonomyOverlay?: string } = {}) => {
  const pool = new ExtractionPool({ size, ...options });
  pools.push(pool);
  return pool;
};

describe('ExtractionPool', () => {
  const inline = new SkillExtractor();
  const expected = tasks.map((task) => inline.extract(task.html !== undefined ? { html: task.html } : { text: task.text }));

  it('gives the results of the extractor in this thread, in the order of the tasks (2 workers and inline)', async () => {
    expect(devTexts.length === 0 || devTexts.length > 20).toBe(true);
    for (const size of [2, 0]) {
      const pool = newPool(size);
      expect(pool.taxonomyVersion).toBe(inline.taxonomy.version);
      expect(await pool.extractAll(tasks)).toEqual(expected);
    }
  }, 60_000);

  it('skillsOnly: the same skill sets without text and mentions, from the workers and inline', async () => {
    const compact = expected.map((r) => ({ ...r, text: '', mentions: [], skills: r.skills.map((k) => ({ ...k, mentions: [] })) }));
    expect(await newPool(1).extractAll(tasks, { skillsOnly: true })).toEqual(compact);
    expect(await newPool(0).extractAll(tasks, { skillsOnly: true })).toEqual(compact);
    expect(await batchExtractor(inline).extractAll(tasks, { skillsOnly: true })).toEqual(compact);
    expect(compact.some((r) => r.skills.length > 3)).toBe(true);
  }, 60_000);

  it('keeps the order when a long posting is asked for first', async () => {
    const pool = newPool(2);
    const order = [handMade[3], handMade[0], handMade[1], handMade[2]] as ExtractTask[];
    const results = await pool.extractAll(order);
    expect(results.map((r) => r.text)).toEqual([expected[3]?.text, expected[0]?.text, expected[1]?.text, expected[2]?.text]);
    expect(await pool.extract(handMade[0] as ExtractTask)).toEqual(expected[0]);
  }, 30_000);

  it('names the posting that failed, and goes on with the others', async () => {
    for (const size of [1, 0]) {
      const pool = newPool(size);
      const results = await Promise.allSettled([pool.extract(handMade[0] as ExtractTask), pool.extract(broken('bad-one'))]);
      expect(results[0]).toEqual({ status: 'fulfilled', value: expected[0] });
      const failure = (results[1] as PromiseRejectedResult).reason;
      expect(failure).toBeInstanceOf(ExtractionError);
      expect(failure).toMatchObject({ posting: 'bad-one', code: 'SKILLPULSE_ERR_EXTRACT' });
      expect(failure.message).toMatch(/^skill extraction failed for posting bad-one: /);
      // The worker survives its task's error.
      expect(await pool.extractAll([handMade[1] as ExtractTask])).toEqual([expected[1]]);
    }
    // Without a name, the task's place in the batch.
    await expect(newPool(1).extractAll([handMade[0] as ExtractTask, { text: 42 as unknown as string }])).rejects.toThrow(/posting #1: /);
  }, 30_000);

  it('batchExtractor runs a SkillExtractor in this thread with the same results and errors', async () => {
    const batch = batchExtractor(inline);
    expect(batch.taxonomyVersion).toBe(inline.taxonomy.version);
    expect(await batch.extractAll(tasks.slice(0, 4))).toEqual(expected.slice(0, 4));
    await expect(batch.extractAll([broken('x')])).rejects.toMatchObject({ posting: 'x', code: 'SKILLPULSE_ERR_EXTRACT' });
    const pool = newPool(0);
    expect(batchExtractor(pool)).toBe(pool);
  });

  it('close() ends the workers: tasks in flight and later ones reject, and closing twice is fine', async () => {
    const pool = newPool(1);
    const long = { text: 'Python and Go developer. '.repeat(10_000), posting: 'in-flight' };
    const pending = expect(pool.extractAll([long, long, long])).rejects.toMatchObject({ code: 'SKILLPULSE_ERR_EXTRACT' });
    await pool.close();
    await pending;
    await expect(pool.extract(handMade[0] as ExtractTask)).rejects.toThrow(/the extraction pool is closed/);
    await pool.close();
  }, 30_000);

  it('workers load the taxonomy overlay the pool is given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skillpulse-pool-'));
    const overlay = join(dir, 'overlay.yaml');
    writeFileSync(overlay, 'skills:\n  - id: frobnicate-db\n    name: FrobnicateDB\n    category: database\n');
    const taxonomy = taxonomyWithOverlay(overlay);
    const pool = newPool(1, { taxonomyOverlay: overlay });
    expect(pool.taxonomyVersion).toBe(taxonomy.version);
    const [result] = await pool.extractAll([{ text: 'Requirements: FrobnicateDB and Python.' }]);
    expect(result?.taxonomyVersion).toBe(taxonomy.version);
    expect(result?.skills.map((s) => s.id)).toContain('frobnicate-db');
  }, 30_000);

  it('refuses a size that is not a whole number from 0 to 64, and defaults to 1 or 2 workers', () => {
    expect(() => new ExtractionPool({ size: -1 })).toThrow(/extraction pool size: -1 is not a whole number from 0 to 64/);
    expect(() => new ExtractionPool({ size: 1.5 })).toThrow(RangeError);
    expect([1, 2]).toContain(defaultPoolSize());
  });
});
