import { readFileSync } from 'node:fs';
import { closestMatch, InvalidInputError } from '@skillpulse/core';
import { parse as parseYaml } from 'yaml';
import { CSV_FIELDS, type CsvField, type CsvMapping } from './formats.js';

/**
 * The column mapping of `skillpulse import --format csv`: a map file (YAML: `columns:` field → column,
 * `delimiter`, `locationSeparator`), then each `--column FIELD=COLUMN` over it. A field not mapped
 * reads the column of its own name.
 */
export function csvMapping({ mapFile, columns, delimiter }: { mapFile?: string; columns: string[]; delimiter?: string }): CsvMapping {
  const mapping: CsvMapping = { columns: {}, delimiter: ',', locationSeparator: ';|' };
  const field = (name: string, where: string): CsvField => {
    if ((CSV_FIELDS as readonly string[]).includes(name)) return name as CsvField;
    const match = closestMatch(name, CSV_FIELDS);
    throw new InvalidInputError(
      `${where}: unknown field "${name}"${match ? `; did you mean ${match}?` : ''} (fields: ${CSV_FIELDS.join(', ')})`,
    );
  };
  if (mapFile !== undefined) {
    let doc: unknown;
    let text: string;
    try {
      text = readFileSync(mapFile, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder' : `cannot be read (${(error as Error).message})`;
      throw new InvalidInputError(`--map ${mapFile} ${why}; give the YAML file that maps columns, e.g. columns: { title: Job Title }`);
    }
    try {
      doc = parseYaml(text);
    } catch (error) {
      // The YAML parser's first line ends in a colon before its excerpt: the position is what matters.
      const first = (error as Error).message.split('\n')[0]?.replace(/:\s*$/, '');
      throw new InvalidInputError(`--map ${mapFile} is not valid YAML: ${first}`);
    }
    const { columns, delimiter: d, locationSeparator, ...rest } = (doc ?? {}) as Record<string, unknown>;
    const unknown = Object.keys(rest)[0];
    if (unknown !== undefined)
      throw new InvalidInputError(`--map ${mapFile}: unknown key "${unknown}" (keys: columns, delimiter, locationSeparator)`);
    if (columns !== undefined && (typeof columns !== 'object' || columns === null || Array.isArray(columns))) {
      throw new InvalidInputError(`--map ${mapFile}: "columns" must map fields to column names, e.g. columns: { title: Job Title }`);
    }
    for (const [name, column] of Object.entries((columns ?? {}) as Record<string, unknown>)) {
      if (typeof column !== 'string') throw new InvalidInputError(`--map ${mapFile}: columns.${name} must be a column name (text)`);
      mapping.columns[field(name, `--map ${mapFile}: columns`)] = column;
    }
    if (typeof d === 'string') {
      if ([...d].length !== 1) throw new InvalidInputError(`--map ${mapFile}: delimiter "${d}": give one character, e.g. delimiter: ";"`);
      mapping.delimiter = d;
    }
    if (typeof locationSeparator === 'string') mapping.locationSeparator = locationSeparator;
  }
  for (const pair of columns) {
    const at = pair.indexOf('=');
    if (at < 1) throw new InvalidInputError(`--column "${pair}": write FIELD=COLUMN, e.g. --column "title=Job Title"`);
    mapping.columns[field(pair.slice(0, at).trim(), '--column')] = pair.slice(at + 1);
  }
  if (delimiter !== undefined) mapping.delimiter = delimiter === '\\t' ? '\t' : delimiter;
  if ([...mapping.delimiter].length !== 1)
    throw new InvalidInputError(`--delimiter "${mapping.delimiter}": give one character, e.g. --delimiter ";"`);
  return mapping;
}
