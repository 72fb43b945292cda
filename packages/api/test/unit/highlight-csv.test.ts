import type { Readable } from 'node:stream';
import { getDefaultTaxonomy, type Skill } from '@skillpulse/taxonomy';
import { describe, expect, it } from 'vitest';
import { csvField, csvStream } from '../../src/csv.js';
import { highlight } from '../../src/reports/postings.js';

const taxonomy = getDefaultTaxonomy();
const skills = (...ids: string[]) => ids.map((id) => taxonomy.byId.get(id) as Skill);

describe('highlight', () => {
  it('marks names and aliases as whole words, and escapes the rest', () => {
    const result = highlight(
      '<b>K8s</b> & C++ with Python3, not Pythonic or TypeScriptish',
      skills('kubernetes', 'cpp', 'python', 'typescript'),
    );
    expect(result.html).toBe(
      '&lt;b&gt;<mark data-skill="kubernetes">K8s</mark>&lt;/b&gt; &amp; <mark data-skill="cpp">C++</mark> with <mark data-skill="python">Python3</mark>, not Pythonic or TypeScriptish',
    );
    for (const mark of result.marks) expect(result.text.slice(mark.start, mark.end)).toMatch(/^(K8s|C\+\+|Python3)$/);
  });

  it('keeps the stretch around the first mention of a long text, on word boundaries', () => {
    const text = `${'lorem ipsum '.repeat(100)}we use Rust daily ${'dolor sit '.repeat(100)}`;
    const result = highlight(text, skills('rust'), 120);
    expect(result.text.length).toBeLessThanOrEqual(124 + 4);
    expect(result.text.startsWith('… ')).toBe(true);
    expect(result.text.endsWith(' …')).toBe(true);
    expect(result.marks).toHaveLength(1);
    const mark = result.marks[0] as { start: number; end: number };
    expect(result.text.slice(mark.start, mark.end)).toBe('Rust');
  });

  it('returns the text unmarked when no skill is mentioned', () => {
    expect(highlight('Nothing here', skills('go'))).toEqual({ text: 'Nothing here', marks: [], html: 'Nothing here' });
  });
});

describe('CSV', () => {
  it('quotes per RFC 4180 and neutralises formulas but keeps negative numbers', () => {
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-1+2')).toBe("'-1+2");
    expect(csvField(-1.5)).toBe('-1.5');
    expect(csvField(null)).toBe('');
  });

  it('streams: rows are pulled only as the reader reads, so an endless source never fills memory', async () => {
    let produced = 0;
    function* endless() {
      for (;;) {
        produced++;
        yield [produced, 'row'];
      }
    }
    const stream: Readable = csvStream(['n', 'text'], endless());
    let received = 0;
    for await (const chunk of stream) {
      received += String(chunk).length;
      if (received > 100_000) break;
    }
    stream.destroy();
    expect(produced).toBeGreaterThan(1000);
    // Readable.from buffers a small high-water mark of rows ahead, never the source.
    expect(produced).toBeLessThan(20_000);
  });
});
