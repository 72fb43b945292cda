/**
 * Name keys: one spelling per place name, so that "München", "MUNCHEN" and "Munchen"
 * meet in the same index slot. Accents are folded, case and punctuation dropped, and
 * "saint"/"sainte" shortened the way GeoNames often writes them ("St. Louis").
 */

const LETTER_FOLDS: Record<string, string> = { ß: 'ss', æ: 'ae', ø: 'o', œ: 'oe', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

export function nameKey(text: string): string {
  const folded = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßæøœłđðþı]/g, (ch) => LETTER_FOLDS[ch] ?? ch)
    .replace(/&/g, ' and ')
    .replace(/['’`.]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return folded
    .split(' ')
    .map((word) => (word === 'saint' ? 'st' : word === 'sainte' ? 'ste' : word))
    .join(' ');
}

/** A metro id slug: "San Francisco" → "san-francisco", "Zürich" → "zurich". */
export function slug(text: string): string {
  return nameKey(text).replace(/ /g, '-');
}
