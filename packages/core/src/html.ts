/** Plain text made from HTML, with the character ranges of its headings. */
export interface TextDocument {
  text: string;
  /** [start, end) ranges of heading lines in `text`. */
  headings: Array<[number, number]>;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  bull: '•',
  middot: '·',
  copy: '©',
  reg: '®',
  trade: '™',
  eacute: 'é',
  euro: '€',
  pound: '£',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

const BLOCK_TAGS = new Set([
  'p',
  'div',
  'section',
  'article',
  'header',
  'footer',
  'ul',
  'ol',
  'table',
  'tr',
  'br',
  'hr',
  'blockquote',
  'pre',
  'dl',
  'dt',
  'dd',
]);
const HEADING_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/**
 * Text built in parts. Trimming the end of one growing string (a regex over the whole text, and
 * a copy) on every tag made conversion quadratic: 256 KB took 5 s and 1 MB four minutes. Only
 * the last parts are ever trimmed, so each step here is constant work.
 */
class TextBuilder {
  private readonly parts: string[] = [];
  length = 0;

  append(chunk: string): void {
    if (chunk === '') return;
    this.parts.push(chunk);
    this.length += chunk.length;
  }

  /** The last character, or '' when empty. */
  last(): string {
    const part = this.parts[this.parts.length - 1];
    return part === undefined ? '' : (part[part.length - 1] ?? '');
  }

  /** Removes trailing characters matching `trailing` (a pattern anchored at the end). */
  trimEnd(trailing: RegExp): void {
    for (let part = this.parts.pop(); part !== undefined; part = this.parts.pop()) {
      const kept = part.replace(trailing, '');
      this.length -= part.length - kept.length;
      if (kept !== '') {
        this.parts.push(kept);
        return;
      }
    }
  }

  toString(): string {
    return this.parts.join('');
  }
}

/**
 * Turns posting HTML into text that keeps its structure: headings and list items on lines of
 * their own, so that sections and requirement levels survive. Scripts and styles are dropped.
 * Linear in the input.
 */
export function htmlToText(html: string): TextDocument {
  const source = html.replace(/<(script|style|noscript|template)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ').replace(/<!--[\s\S]*?-->/g, ' ');
  const text = new TextBuilder();
  const headings: Array<[number, number]> = [];
  let headingStart = -1;
  const tagPattern = /<\/?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>/g;
  let last = 0;
  const newline = () => {
    text.trimEnd(/[ \t]+$/);
    if (text.length > 0 && text.last() !== '\n') text.append('\n');
  };
  const appendText = (raw: string) => {
    const chunk = decodeEntities(raw).replace(/\s+/g, ' ');
    if (chunk === ' ' || chunk === '') {
      if (chunk === ' ' && text.length > 0 && !/\s/.test(text.last())) text.append(' ');
      return;
    }
    text.append(text.last() === '\n' || text.length === 0 ? chunk.trimStart() : chunk);
  };
  for (let match = tagPattern.exec(source); match !== null; match = tagPattern.exec(source)) {
    appendText(source.slice(last, match.index));
    last = match.index + match[0].length;
    const tag = (match[1] ?? '').toLowerCase();
    const closing = match[0][1] === '/';
    if (HEADING_TAGS.has(tag)) {
      newline();
      if (!closing) headingStart = text.length;
      else if (headingStart >= 0) {
        text.trimEnd(/\s+$/);
        if (text.length > headingStart) headings.push([headingStart, text.length]);
        headingStart = -1;
        newline();
      }
    } else if (tag === 'li') {
      newline();
      if (!closing) text.append('- ');
    } else if (BLOCK_TAGS.has(tag)) {
      newline();
    }
  }
  appendText(source.slice(last));
  const result = text.toString();
  return { text: result.trim() === '' ? '' : result.replace(/\s+$/, ''), headings };
}

/** Cheap test for HTML input: a tag-like construct near the start. */
export function looksLikeHtml(input: string): boolean {
  return /<(?:p|div|ul|ol|li|h[1-6]|br|span|strong|b|em|section|article|html|body)\b[^>]*>/i.test(input.slice(0, 4096));
}
