import { describe, expect, it } from 'vitest';
import { cleanText, distinct, fieldText, list, textOf } from '../../../src/normalise/text.js';

describe('cleanText', () => {
  it('decodes named entities the common table lacks, and entities escaped twice', () => {
    expect(cleanText('M&uuml;nchen &amp;amp; K&oslash;benhavn')).toBe('München & København');
    expect(cleanText('  a\u00a0\n b  ')).toBe('a b');
    expect(cleanText('&lt;script&gt;')).toBe('<script>');
  });
});

describe('fieldText', () => {
  it('reads HTML, HTML escaped once more, and plain text, keeping line breaks', () => {
    expect(fieldText('<p>Go &amp; Rust</p><p>Kafka</p>')).toBe('Go & Rust\nKafka');
    expect(fieldText('&lt;p&gt;Go&lt;/p&gt;&lt;p&gt;Rust&lt;/p&gt;')).toBe('Go\nRust');
    expect(fieldText('Line one\n\n\n\n  Line   two ')).toBe('Line one\n\nLine two');
  });
});

describe('textOf', () => {
  it('reads strings, numbers, the first of a list and the name or value of an object', () => {
    expect(textOf(' Acme &amp; Co ')).toBe('Acme & Co');
    expect(textOf(42)).toBe('42');
    expect(textOf(['First', 'Second'])).toBe('First');
    expect(textOf({ '@type': 'Organization', name: 'Acme' })).toBe('Acme');
    expect(textOf({ '@type': 'PropertyValue', value: 'R-12' })).toBe('R-12');
    expect(textOf({ '@value': '2026-10-01' })).toBe('2026-10-01');
  });

  it('gives null for empty text and for what has no text', () => {
    expect(textOf('   ')).toBeNull();
    expect(textOf(null)).toBeNull();
    expect(textOf(true)).toBeNull();
    expect(textOf({ url: 'https://acme.example' })).toBeNull();
  });
});

describe('list and distinct', () => {
  it('make one value or none a list', () => {
    expect(list(undefined)).toEqual([]);
    expect(list(null)).toEqual([]);
    expect(list('a')).toEqual(['a']);
    expect(list(['a', 'b'])).toEqual(['a', 'b']);
  });

  it('keep the first of values equal but for case and spaces, and drop empty ones', () => {
    expect(distinct(['Berlin', 'berlin', 'New  York', 'new york', '', 'Paris'])).toEqual(['Berlin', 'New  York', 'Paris']);
  });
});
