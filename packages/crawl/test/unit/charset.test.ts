import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, declaredCharset, decodeBody, encodingOf } from '../../src/charset.js';

const page = (head: string, body: string, encoding = 'windows-1252') =>
  iconv.encode(`<!doctype html><html><head>${head}<title>Job</title></head><body>${body}</body></html>`, encoding);

describe('charset', () => {
  it('reads labels as browsers do: latin-1 and ASCII mean windows-1252, unknown labels nothing', () => {
    expect(encodingOf('ISO-8859-1')).toBe('windows-1252');
    expect(encodingOf('latin1')).toBe('windows-1252');
    expect(encodingOf('"UTF8"')).toBe('utf-8');
    expect(encodingOf('Shift_JIS')).toBe('shift_jis');
    expect(encodingOf('no-such-charset')).toBeNull();
    expect(encodingOf(undefined)).toBeNull();
  });

  it('finds the charset in <meta charset>, <meta http-equiv>, the XML declaration and the BOM', () => {
    expect(declaredCharset(page('<meta charset="windows-1252">', ''))).toBe('windows-1252');
    expect(declaredCharset(page('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">', ''))).toBe('windows-1252');
    expect(declaredCharset(Buffer.from('<?xml version="1.0" encoding="ISO-8859-15"?><rss/>'))).toBe('iso-8859-15');
    expect(declaredCharset(Buffer.from('\uFEFF<html>', 'utf8'))).toBe('utf-8');
    // A commented-out tag and a meta about something else declare nothing.
    expect(declaredCharset(page('<!-- <meta charset="koi8-r"> --><meta name="x" content="charset=koi8-r">', ''))).toBeNull();
  });

  it('decodes a windows-1252 page declared only in its HTML, and trusts the HTTP header first', () => {
    const bytes = page('<meta charset="windows-1252">', 'Développeur – Zürich, 60 000 €');
    expect(decodeBody(bytes).text).toContain('Développeur – Zürich, 60 000 €');
    expect(decodeBody(bytes, 'utf-8').encoding).toBe('utf-8');
    // latin1 in the header: Node's name for it, which crawlee read as UTF-8.
    expect(decodeBody(bytes, 'latin1').text).toContain('Zürich');
  });

  it('falls back to UTF-8 for valid UTF-8 and to windows-1252 for bytes that are not', () => {
    expect(chooseEncoding(Buffer.from('<p>Zürich</p>', 'utf8'))).toBe('utf-8');
    expect(chooseEncoding(iconv.encode('<p>Zürich</p>', 'windows-1252'))).toBe('windows-1252');
    expect(decodeBody(iconv.encode('<p>Zürich</p>', 'windows-1252')).text).toBe('<p>Zürich</p>');
  });
});
