import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../src/html.js';

describe('htmlToText', () => {
  it('puts headings and list items on lines of their own and records heading ranges', () => {
    const doc = htmlToText('<h2> Requirements </h2><ul><li>Python &amp; Go</li><li>Docker</li></ul><p>We  offer\tsnacks.</p>');
    expect(doc.text).toBe('Requirements\n- Python & Go\n- Docker\nWe offer snacks.');
    expect(doc.headings.map(([s, e]) => doc.text.slice(s, e))).toEqual(['Requirements']);
  });

  it('drops scripts, styles and comments, and trims trailing white space before block breaks', () => {
    const doc = htmlToText('<div>Rust   <script>alert(1)</script></div><!-- x --><p>Go \t</p><br><h3>Nice to have \n</h3>Kafka');
    expect(doc.text).toBe('Rust\nGo\nNice to have\nKafka');
    expect(doc.headings.map(([s, e]) => doc.text.slice(s, e))).toEqual(['Nice to have']);
  });

  it('keeps a space between inline elements and none at the start of a line', () => {
    expect(htmlToText('<p> <b>Java</b> <i>Spring</i></p><li> <b>SQL</b></li>').text).toBe('Java Spring\n- SQL');
  });

  it('gives empty text for markup without text', () => {
    expect(htmlToText('<div> <p> </p> </div>')).toEqual({ text: '', headings: [] });
  });

  it('keeps heading ranges right in a large document', () => {
    const html = '<h2>Skills</h2><p>Python and Docker.</p>'.repeat(20_000);
    const doc = htmlToText(html);
    expect(doc.headings).toHaveLength(20_000);
    for (const [start, end] of doc.headings.slice(-3)) expect(doc.text.slice(start, end)).toBe('Skills');
  });
});
