/**
 * A streaming CSV reader (RFC 4180: quoted fields with `""` escapes and line breaks, CRLF or LF, a
 * leading BOM dropped). It holds one record at a time, so a file of any size reads in flat memory,
 * and it tells the line each record starts on, for error messages.
 */

export interface CsvRecord {
  /** 1-based line of the file the record starts on. */
  line: number;
  fields: string[];
}

/** Records of a CSV stream of text chunks, in order; `delimiter` is one character. */
export async function* csvRecords(chunks: AsyncIterable<string>, delimiter = ','): AsyncGenerator<CsvRecord> {
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  /** Inside a quoted field. */
  let inQuotes = false;
  /** The previous character closed a quote (a `"` next is an escaped quote). */
  let quoteClosed = false;
  let line = 1;
  let recordLine = 1;
  let first = true;
  let pendingCr = false;
  /** The previous character was a CR inside a quoted field. */
  let quotedCr = false;
  const endField = () => {
    fields.push(field);
    field = '';
    quoted = false;
    quoteClosed = false;
  };
  for await (let chunk of chunks) {
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = false;
    }
    const records: CsvRecord[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i] as string;
      if (pendingCr) {
        pendingCr = false;
        if (c === '\n') continue;
      }
      if (inQuotes) {
        const afterCr = quotedCr;
        quotedCr = false;
        if (c === '"') {
          inQuotes = false;
          quoteClosed = true;
        } else {
          // A CRLF inside a quoted field is one line break, even when a chunk ends between the two.
          if (c === '\r') {
            line++;
            quotedCr = true;
          } else if (c === '\n' && !afterCr) line++;
          field += c;
        }
        continue;
      }
      if (c === '"') {
        if (quoteClosed) {
          // `""` inside a quoted field: one quote.
          field += '"';
          inQuotes = true;
          quoteClosed = false;
        } else if (field === '' && !quoted) {
          inQuotes = true;
          quoted = true;
        } else field += c;
      } else if (c === delimiter) endField();
      else if (c === '\n' || c === '\r') {
        endField();
        records.push({ line: recordLine, fields });
        fields = [];
        line++;
        recordLine = line;
        if (c === '\r') {
          if (i + 1 < chunk.length) {
            if (chunk[i + 1] === '\n') i++;
          } else pendingCr = true;
        }
      } else {
        quoteClosed = false;
        field += c;
      }
    }
    for (const record of records) {
      // A blank line is no record.
      if (record.fields.length === 1 && record.fields[0] === '') continue;
      yield record;
    }
  }
  if (field !== '' || fields.length > 0 || quoted) {
    endField();
    yield { line: recordLine, fields };
  }
}

/** The header's column names, trimmed and lower-cased, for look-ups by name. */
export const headerKeys = (header: readonly string[]): string[] => header.map((name) => name.trim().toLowerCase());
