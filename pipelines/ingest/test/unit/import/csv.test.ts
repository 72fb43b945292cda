import { describe, expect, it } from 'vitest';
import { type CsvRecord, csvRecords } from '../../../src/import/csv.js';

async function read(chunks: string[], delimiter = ','): Promise<CsvRecord[]> {
  async function* from() {
    yield* chunks;
  }
  const records: CsvRecord[] = [];
  for await (const record of csvRecords(from(), delimiter)) records.push(record);
  return records;
}

describe('csvRecords', () => {
  it('reads quoted fields with delimiters, escaped quotes and line breaks, telling the line each record starts on', async () => {
    const text = '\ufeffa,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\nlines\r\nhere",z\n\n3,,\n';
    expect(await read([text])).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x, y', 'say "hi"'] },
      { line: 3, fields: ['2', 'two\nlines\r\nhere', 'z'] },
      { line: 7, fields: ['3', '', ''] },
    ]);
  });

  it('gives the same records however the text is cut into chunks', async () => {
    const text = 'a;b\r\n"1;1";"q""q"\r\n2;"multi\r\nline"\r\nlast;row';
    const whole = await read([text], ';');
    for (let cut = 1; cut < text.length; cut++)
      expect(await read([text.slice(0, cut), text.slice(cut)], ';'), `cut at ${cut}`).toEqual(whole);
    expect(whole.at(-1)).toEqual({ line: 5, fields: ['last', 'row'] });
  });
});
