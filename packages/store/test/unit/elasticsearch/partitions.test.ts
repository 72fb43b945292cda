import { describe, expect, it } from 'vitest';
import { parsePartitionIndex, partitionIndex, partitionKey, UNDATED } from '../../../src/elasticsearch/partitions.js';
import { partitionQuery } from '../../../src/elasticsearch/reindex.js';
import { indexNames } from '../../../src/elasticsearch/setup.js';

describe('partitionKey: the index suffix of a posting date', () => {
  it('is the month, the year, or nothing', () => {
    expect(partitionKey('2025-03-31', 'month')).toBe('2025-03');
    expect(partitionKey('2025-03-31T23:59:59Z', 'month')).toBe('2025-03');
    expect(partitionKey('2025-12-01', 'year')).toBe('2025');
    expect(partitionKey('2025-12-01', 'none')).toBe('');
  });

  it('puts a date that has no year and month into the undated partition', () => {
    for (const bad of ['', null, undefined, 'not-a-date', '25-03-01', '2025/03/01']) {
      expect(partitionKey(bad, 'month')).toBe(UNDATED);
      expect(partitionKey(bad, 'year')).toBe(UNDATED);
      expect(partitionKey(bad, 'none')).toBe('');
    }
  });
});

describe('partition index names', () => {
  it('are <prefix>-postings-v<generation>[-<key>], matched by the template pattern <prefix>-postings-v*', () => {
    expect(partitionIndex('sp', 3, '2025-03')).toBe('sp-postings-v3-2025-03');
    expect(partitionIndex('sp', 1, '2025')).toBe('sp-postings-v1-2025');
    expect(partitionIndex('sp', 1, '')).toBe('sp-postings-v1');
    expect(indexNames('sp').postings(2, '2024-11')).toBe('sp-postings-v2-2024-11');
    expect(indexNames('sp').postings(2)).toBe('sp-postings-v2');
    for (const name of ['sp-postings-v3-2025-03', 'sp-postings-v1', 'sp-postings-v12-undated'])
      expect(name.startsWith('sp-postings-v')).toBe(true);
  });

  it('parse back to their generation and key, and nothing else does', () => {
    expect(parsePartitionIndex('sp', 'sp-postings-v3-2025-03')).toEqual({ generation: 3, key: '2025-03' });
    expect(parsePartitionIndex('sp', 'sp-postings-v12-2025')).toEqual({ generation: 12, key: '2025' });
    expect(parsePartitionIndex('sp', 'sp-postings-v1')).toEqual({ generation: 1, key: '' });
    expect(parsePartitionIndex('sp', 'sp-postings-v2-undated')).toEqual({ generation: 2, key: UNDATED });
    for (const other of ['sp-postings', 'sp-runs', 'other-postings-v1', 'sp-postings-v1-2025-3', 'sp-postings-vx', 'sp-postings-v1-foo']) {
      expect(parsePartitionIndex('sp', other)).toBeNull();
    }
    // A prefix that contains "-postings-v" is still told apart.
    expect(parsePartitionIndex('a-postings-v1', 'a-postings-v1-postings-v2-2025-01')).toEqual({ generation: 2, key: '2025-01' });
  });
});

describe('partitionQuery: what one partition of the source is, for the month-by-month re-index', () => {
  it('is a half-open date range of the month or year', () => {
    expect(partitionQuery('2025-03')).toEqual({ range: { date_posted: { gte: '2025-03-01', lt: '2025-04-01', format: 'yyyy-MM-dd' } } });
    expect(partitionQuery('2025-12')).toEqual({ range: { date_posted: { gte: '2025-12-01', lt: '2026-01-01', format: 'yyyy-MM-dd' } } });
    expect(partitionQuery('2024')).toEqual({ range: { date_posted: { gte: '2024-01-01', lt: '2025-01-01', format: 'yyyy-MM-dd' } } });
  });

  it('is everything for a single index, and postings without a date for the undated partition', () => {
    expect(partitionQuery('')).toEqual({ match_all: {} });
    expect(partitionQuery(UNDATED)).toEqual({ bool: { must_not: { exists: { field: 'date_posted' } } } });
  });
});
