import { Readable } from 'node:stream';
import { type Info, parse } from 'csv-parse';

/**
 * CSV records through csv-parse (RFC 4180: quoted fields with `""` escapes and line breaks, CRLF or
 * LF, a leading BOM dropped), streamed: one record at a time, so a file of any size reads in flat
 * memory. Each record says the line it starts on, for error messages. Lenient where real exports
 * are sloppy: a stray quote inside an unquoted field is text, and a row's field count is checked by
 * the caller (so it can reject that row and go on).
 */

export interface CsvRecord {
  /** 1-based line of the file the record starts on. */
  line: number;
  fields: string[];
}

/** Records of a CSV stream of text chunks, in order; `delimiter` is one character. */
export async function* csvRecords(chunks: AsyncIterable<string>, delimiter = ','): AsyncGenerator<CsvRecord> {
  const parser = Readable.from(chunks).pipe(
    parse({
      delimiter,
      record_delimiter: ['\r\n', '\n', '\r'],
      bom: true,
      info: true,
      raw: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }),
  );
  // A record starts after the line breaks of the records before it (its raw text: a CRLF is one
  // break, inside quotes too) and the blank lines skipped since.
  let line = 1;
  let blankLines = 0;
  for await (const { record, info, raw } of parser as AsyncIterable<{ record: string[]; info: Info; raw: string }>) {
    line += info.empty_lines - blankLines;
    blankLines = info.empty_lines;
    yield { line, fields: record };
    line += raw.match(/\r\n|\r|\n/g)?.length ?? 0;
  }
}

/** The header's column names, trimmed and lower-cased, for look-ups by name. */
export const headerKeys = (header: readonly string[]): string[] => header.map((name) => name.trim().toLowerCase());
