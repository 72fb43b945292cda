import { describe, expect, it } from 'vitest';
import { renderTable } from '../../src/table.js';

describe('renderTable', () => {
  it('pads every column to its widest cell, two spaces apart, with no trailing spaces', () => {
    expect(
      renderTable([
        ['ID', 'SOURCE', 'LAST'],
        ['sample-board', 'sample-board', 'never'],
        ['hn', 'hacker-news', ''],
      ]),
    ).toBe(['ID            SOURCE        LAST', 'sample-board  sample-board  never', 'hn            hacker-news', ''].join('\n'));
  });

  it('writes nothing for no rows, and a header alone for no jobs', () => {
    expect(renderTable([])).toBe('');
    expect(renderTable([['ID', 'SOURCE']])).toBe('ID  SOURCE\n');
  });
});
