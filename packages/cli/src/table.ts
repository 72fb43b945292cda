/** Rows as aligned columns, two spaces apart, one line each without trailing spaces (the first row is the header). */
export function renderTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length))) ?? [];
  return rows
    .map(
      (row) =>
        `${row
          .map((cell, col) => cell.padEnd(widths[col] ?? 0))
          .join('  ')
          .trimEnd()}\n`,
    )
    .join('');
}
