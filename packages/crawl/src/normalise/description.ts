/** The description text a posting contributes: capped, so extraction time per posting is bounded. */

/** Description text a posting contributes at most (UTF-8 bytes), so extraction time per posting is bounded. */
export const MAX_DESCRIPTION_BYTES = 256 * 1024;

/**
 * Description text within `max` UTF-8 bytes: longer text is cut at the last whitespace before the
 * cap (or at the cap when a single word is longer), and `cutFrom` says how long it was.
 */
export function capDescription(text: string, max = MAX_DESCRIPTION_BYTES): { text: string; cutFrom: number | null } {
  // A UTF-16 unit is at most 3 UTF-8 bytes: text this short is always within the cap.
  if (text.length * 3 <= max) return { text, cutFrom: null };
  const bytes = Buffer.byteLength(text);
  if (bytes <= max) return { text, cutFrom: null };
  // Decoding the first `max` bytes drops a character cut in half (as U+FFFD, removed here).
  let cut = Buffer.from(text)
    .subarray(0, max)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  const space = cut.search(/\s\S*$/);
  if (space > 0) cut = cut.slice(0, space);
  return { text: cut.trimEnd(), cutFrom: bytes };
}

/** Why a posting's description was cut. */
export function descriptionCutProblem(url: string, bytes: number, max = MAX_DESCRIPTION_BYTES): string {
  return `description of ${url} cut to ${Math.round(max / 1024)} KiB from ${bytes} bytes (postings contribute at most ${Math.round(max / 1024)} KiB of text)`;
}
