import { describe, expect, it } from 'vitest';
import { documentId } from '../../../src/index.js';

describe('documentId', () => {
  it('is the posting id, or a stable hash when the id is too long for Elasticsearch', () => {
    expect(documentId('board:123')).toBe('board:123');
    const long = `board:${'x'.repeat(600)}`;
    expect(documentId(long)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(documentId(long)).toBe(documentId(long));
  });
});
