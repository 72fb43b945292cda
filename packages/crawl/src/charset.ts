import type { IncomingMessage } from 'node:http';
import { Transform } from 'node:stream';
import { CheerioCrawler } from '@crawlee/cheerio';
import iconv from 'iconv-lite';

/**
 * How many leading bytes are searched for a declared charset (`<meta charset>`, `<meta http-equiv>`,
 * `<?xml encoding>`). Browsers look at 1024; pages with long inline scripts put it later.
 */
export const SNIFF_BYTES = 16 * 1024;

/**
 * The encoding a charset label names, as browsers read it (WHATWG Encoding): `latin1`,
 * `iso-8859-1` and `us-ascii` all mean windows-1252; an unknown label is null.
 */
export function encodingOf(label: string | null | undefined): string | null {
  const name = (label ?? '')
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, '');
  if (name === '') return null;
  if (/^(utf-?8|unicode-1-1-utf-8|x-unicode20utf8)$/.test(name)) return 'utf-8';
  if (
    /^(latin-?1|iso[-_]?8859-1|iso_8859-1:1987|l1|cp1252|windows-1252|x-cp1252|ascii|us-ascii|ansi_x3\.4-1968|cp819|ibm819)$/.test(name)
  ) {
    return 'windows-1252';
  }
  return iconv.encodingExists(name) ? name : null;
}

/** The charset a document declares in its first bytes: byte order mark, XML declaration or HTML meta tag. */
export function declaredCharset(head: Buffer): string | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  // The declaration itself is ASCII in every encoding a page can declare it in.
  const text = head.subarray(0, SNIFF_BYTES).toString('latin1');
  const xml = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']?([\w.:-]+)/i.exec(text);
  if (xml) return encodingOf(xml[1]);
  const source = text.replace(/<!--[\s\S]*?-->/g, '');
  for (const tag of source.match(/<meta\s[^>]*>/gi) ?? []) {
    const direct = /\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(tag);
    if (direct && (/\scharset\s*=/i.test(tag) || /http-equiv\s*=\s*["']?content-type/i.test(tag))) {
      const encoding = encodingOf(direct[1]);
      // A page cannot declare itself UTF-16 in ASCII-compatible bytes (WHATWG: read it as UTF-8).
      if (encoding) return /^utf-16/.test(encoding) ? 'utf-8' : encoding;
    }
  }
  return null;
}

function isValidUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * The encoding to read a body in: the HTTP header's charset when it names a known one, else what the
 * document declares, else UTF-8 when the bytes are valid UTF-8, else windows-1252 (what browsers fall back to).
 */
export function chooseEncoding(bytes: Buffer, headerCharset?: string | null): string {
  return encodingOf(headerCharset) ?? declaredCharset(bytes) ?? (isValidUtf8(bytes) ? 'utf-8' : 'windows-1252');
}

/** A body as text, decoded per {@link chooseEncoding}; a byte order mark is dropped. */
export function decodeBody(bytes: Buffer, headerCharset?: string | null): { text: string; encoding: string } {
  const encoding = chooseEncoding(bytes, headerCharset);
  return { text: iconv.decode(bytes, encoding), encoding };
}

/** The response re-encoded as UTF-8, with the status, headers and URL crawlee reads from it. */
function utf8Response(response: IncomingMessage, headerCharset: string | undefined): IncomingMessage {
  const chunks: Buffer[] = [];
  const out = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
    flush(done) {
      const bytes = Buffer.concat(chunks);
      const encoding = chooseEncoding(bytes, headerCharset);
      done(null, encoding === 'utf-8' ? bytes : Buffer.from(iconv.decode(bytes, encoding), 'utf8'));
    },
  });
  response.on('error', (error) => out.destroy(error));
  const piped = response.pipe(out) as unknown as IncomingMessage & { url?: string };
  piped.statusCode = response.statusCode;
  piped.headers = response.headers;
  piped.url = (response as { url?: string }).url;
  return piped;
}

/**
 * crawlee's CheerioCrawler, reading every body in the right encoding: crawlee uses only the HTTP
 * header's charset (and decodes HTML as UTF-8 even when the header says `latin1`), so a page whose
 * charset is only in `<meta charset>` was stored as U+FFFD garbage.
 */
export class CharsetAwareCheerioCrawler extends CheerioCrawler {
  protected override _encodeResponse(
    _request: unknown,
    response: IncomingMessage,
    encoding: BufferEncoding,
  ): { encoding: BufferEncoding; response: IncomingMessage } {
    // A body the header says is UTF-8 streams through untouched, as before.
    if (encodingOf(encoding) === 'utf-8') return { response, encoding: 'utf8' };
    return { response: utf8Response(response, encoding), encoding: 'utf8' };
  }
}
