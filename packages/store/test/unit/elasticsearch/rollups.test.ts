import { describe, expect, it } from 'vitest';
import { dayRuns, nextMonth, rollupMappings } from '../../../src/elasticsearch/rollups.js';
import { windowQuery } from '../../../src/elasticsearch/rollups-queries.js';

type Part = { bool: { filter: [{ term: { kind: string } }, { range: { day: Record<string, string | undefined> } }] } };
const parts = (query: ReturnType<typeof windowQuery>) =>
  ((query.bool?.should ?? []) as Part[]).map((p) => [p.bool.filter[0].term.kind, p.bool.filter[1].range.day]);

describe('rollup windows', () => {
  it('take whole months from month documents and the ragged ends from day documents', () => {
    expect(parts(windowQuery({ from: '2025-01-15', to: '2025-04-10' }, true))).toEqual([
      ['day', { gte: '2025-01-15', lt: '2025-02-01' }],
      ['month', { gte: '2025-02-01', lte: '2025-03-01' }],
      ['day', { gte: '2025-04-01', lte: '2025-04-10' }],
    ]);
    expect(parts(windowQuery({ from: '2025-02-01', to: '2025-02-28' }, true))).toEqual([
      ['month', { gte: '2025-02-01', lte: '2025-02-01' }],
    ]);
    // Open ends reach every month on that side.
    expect(parts(windowQuery({}, true))).toEqual([['month', { gte: undefined, lte: undefined }]]);
    expect(parts(windowQuery({ to: '2025-03-05' }, true))).toEqual([
      ['month', { gte: undefined, lte: '2025-02-01' }],
      ['day', { gte: '2025-03-01', lte: '2025-03-05' }],
    ]);
  });

  it('use day documents only when no whole month fits, or for day and week periods', () => {
    expect(parts(windowQuery({ from: '2025-01-15', to: '2025-02-10' }, true))).toEqual([['day', { gte: '2025-01-15', lte: '2025-02-10' }]]);
    expect(parts(windowQuery({ from: '2025-01-15', to: '2025-04-10' }, false))).toEqual([
      ['day', { gte: '2025-01-15', lte: '2025-04-10' }],
    ]);
    expect(parts(windowQuery({ from: '2025-03-01', to: '2025-01-01' }, true))).toEqual([['day', { gte: '2025-03-01', lte: '2025-01-01' }]]);
  });

  it('skip the documents of emptied days', () => {
    expect(windowQuery({}, true).bool?.filter).toEqual([{ range: { total: { gte: 1 } } }]);
  });
});

describe('rollup recompute helpers', () => {
  it('merge consecutive days into one range each', () => {
    expect(dayRuns(['2025-01-03', '2025-01-01', '2025-01-02', '2025-02-28', '2025-03-01', '2025-03-03'])).toEqual([
      ['2025-01-01', '2025-01-03'],
      ['2025-02-28', '2025-03-01'],
      ['2025-03-03', '2025-03-03'],
    ]);
    expect(dayRuns([])).toEqual([]);
  });

  it('step months across year ends', () => {
    expect(nextMonth('2024-12-01')).toBe('2025-01-01');
    expect(nextMonth('2024-01-01')).toBe('2024-02-01');
  });

  it('map skill counts nested, so a window sums each skill over its documents', () => {
    const properties = rollupMappings().properties ?? {};
    expect(properties.counts).toMatchObject({ type: 'nested' });
    expect(rollupMappings().dynamic).toBe('strict');
  });
});
