import { Readable } from 'node:stream';

export type CsvValue = string | number | boolean | null | undefined;

/**
 * One RFC 4180 field. Cells that a spreadsheet would run as a formula (= + - @, tab, CR) get a
 * leading apostrophe; plain negative numbers stay numbers.
 */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** A CSV body streamed row by row, so an export never holds all its rows in memory. */
export function csvStream(
  header: readonly string[],
  rows: Iterable<readonly CsvValue[]> | AsyncIterable<readonly CsvValue[]>,
  bom = false,
): Readable {
  async function* lines() {
    yield (bom ? '\uFEFF' : '') + csvRow(header);
    for await (const row of rows) yield csvRow(row);
  }
  return Readable.from(lines());
}
