/**
 * Ukrainian → Latin by the official rules (Resolution of the Cabinet of Ministers of Ukraine
 * No. 55 of 27 January 2010, «Питання упорядкування транслітерації українського алфавіту
 * латиницею»), the table passports, road signs and foreign partners' systems use.
 *
 * The table is positional: Є, Ї, Й, Ю, Я are written Ye, Yi, Y, Yu, Ya at the start of a word and
 * ie, i, i, iu, ia elsewhere; «зг» is written «zgh» so that it is not read as «жг»; the soft sign
 * and the apostrophe are not written. Letters outside the table (Latin, digits, punctuation,
 * Russian Ё/Ы/Э/Ъ, which the rules do not cover) pass through unchanged, so the function never
 * loses text a caller did not expect it to touch.
 */

type Pair = readonly [initial: string, inside: string];

const TABLE: Readonly<Record<string, Pair | string>> = {
  а: 'a', б: 'b', в: 'v', г: 'h', ґ: 'g', д: 'd', е: 'e', є: ['ye', 'ie'], ж: 'zh', з: 'z',
  и: 'y', і: 'i', ї: ['yi', 'i'], й: ['y', 'i'], к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p',
  р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ь: '', ю: ['yu', 'iu'], я: ['ya', 'ia'],
};

/** Apostrophes inside a Ukrainian word (Знам'янка, Знам’янка, Знамʼянка): not written, not a word break. */
const APOSTROPHES = new Set(["'", '\u2019', '\u02BC', '`']);

const isLetter = (ch: string | undefined): boolean => ch !== undefined && /\p{L}/u.test(ch);
const isUkrainian = (ch: string | undefined): boolean => ch !== undefined && ch.toLowerCase() in TABLE;
const isUpper = (ch: string): boolean => ch !== ch.toLowerCase() && ch === ch.toUpperCase();

/** Writes Ukrainian text in Latin letters by the 2010 Cabinet rules; other characters unchanged. */
export function transliterateUk(text: string): string {
  const chars = [...text];
  let out = '';
  for (let i = 0; i < chars.length; i += 1) {
    const ch = chars[i]!;
    if (APOSTROPHES.has(ch) && isUkrainian(chars[i - 1]) && isUkrainian(chars[i + 1])) continue;
    const lower = ch.toLowerCase();
    const entry = TABLE[lower];
    if (entry === undefined) { out += ch; continue; }
    const prev = previousWordChar(chars, i);
    const initial = prev === undefined;
    let latin = typeof entry === 'string' ? entry : initial ? entry[0] : entry[1];
    // «зг» → «zgh»: the г after з is written gh.
    if (lower === 'г' && prev?.toLowerCase() === 'з') latin = 'gh';
    if (latin === '' || !isUpper(ch)) { out += latin; continue; }
    out += wordIsUpperCase(chars, i) ? latin.toUpperCase() : latin[0]!.toUpperCase() + latin.slice(1);
  }
  return out;
}

/** The letter before position i within the same word (apostrophes skipped), if any. */
function previousWordChar(chars: readonly string[], i: number): string | undefined {
  for (let j = i - 1; j >= 0; j -= 1) {
    const c = chars[j]!;
    if (APOSTROPHES.has(c)) continue;
    return isLetter(c) ? c : undefined;
  }
  return undefined;
}

/**
 * Whether a capital stands in an all-capitals word (ЩУКА → SHCHUKA, but Щука → Shchuka): the next
 * letter is a capital too, or, for the word's last letter, the one before it is.
 */
function wordIsUpperCase(chars: readonly string[], i: number): boolean {
  const next = chars[i + 1];
  if (isLetter(next)) return isUpper(next!);
  const prev = previousWordChar(chars, i);
  return prev !== undefined && isUpper(prev);
}

/**
 * A file-name part any file system and tar/zip reader takes: the text transliterated, anything
 * outside A–Z a–z 0–9 . _ - turned into one hyphen, trimmed, at most `max` characters.
 */
export function fileNamePart(text: string, max = 48): string {
  const latin = transliterateUk(text.normalize('NFC'))
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return latin.slice(0, max).replace(/[-.]+$/, '');
}
