/**
 * Identifiers of subjects of interest, normalised so that two units typing the same plate, VIN,
 * container or company code differently still match in deconfliction, and validated by their
 * published check digits so that a typo is caught at entry, not after a missed match.
 */

/** ISO 6346 letter values: A=10 upward, skipping multiples of 11 (11, 22, 33). */
function iso6346LetterValue(letter: string): number {
  let value = 10;
  for (let c = 'A'.charCodeAt(0); c < letter.charCodeAt(0); c++) {
    value++;
    if (value % 11 === 0) value++;
  }
  return value;
}

export function normalizeContainerNumber(raw: string): string {
  return raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** ISO 6346 check digit of the first ten characters (owner code, category, serial). */
export function iso6346CheckDigit(firstTen: string): number | null {
  if (!/^[A-Z]{3}[UJZR][0-9]{6}$/.test(firstTen)) return null;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const ch = firstTen[i]!;
    const v = i < 4 ? iso6346LetterValue(ch) : Number(ch);
    sum += v * 2 ** i;
  }
  return (sum % 11) % 10;
}

export function isValidContainerNumber(raw: string): boolean {
  const n = normalizeContainerNumber(raw);
  if (n.length !== 11) return false;
  const check = iso6346CheckDigit(n.slice(0, 10));
  return check !== null && check === Number(n[10]);
}

/** EDRPOU (ЄДРПОУ) check digit per the State Statistics Service algorithm. */
export function edrpouCheckDigit(firstSeven: string): number | null {
  if (!/^[0-9]{7}$/.test(firstSeven)) return null;
  const code = Number(firstSeven) * 10;
  const shifted = code >= 30000000 && code <= 60000000;
  const base = shifted ? [7, 1, 2, 3, 4, 5, 6] : [1, 2, 3, 4, 5, 6, 7];
  const digits = [...firstSeven].map(Number);
  const weighted = (weights: number[]) =>
    digits.reduce((s, d, i) => s + d * weights[i]!, 0) % 11;
  let r = weighted(base);
  if (r === 10) {
    r = weighted(base.map((w) => w + 2));
    if (r === 10) r = 0;
  }
  return r;
}

export function normalizeEdrpou(raw: string): string {
  return raw.replace(/\D/g, '');
}

export function isValidEdrpou(raw: string): boolean {
  const n = normalizeEdrpou(raw);
  return n.length === 8 && edrpouCheckDigit(n.slice(0, 7)) === Number(n[7]);
}

/**
 * Ukrainian plates mix Cyrillic letters that look Latin (АВ 1234 СЕ); the same plate typed on a
 * Latin keyboard must match. Map the twelve look-alikes to Latin and drop separators.
 */
const CYRILLIC_LOOKALIKES: Record<string, string> = {
  А: 'A', В: 'B', Е: 'E', І: 'I', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X',
};
export function normalizePlate(raw: string): string {
  return [...raw.toUpperCase()]
    .map((ch) => CYRILLIC_LOOKALIKES[ch] ?? ch)
    .join('')
    .replace(/[^A-Z0-9]/g, '');
}

/** VINs never contain I, O or Q; 17 characters. */
export function normalizeVin(raw: string): string {
  return raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
}
export function isValidVin(raw: string): boolean {
  return /^[A-HJ-NPR-Z0-9]{17}$/.test(normalizeVin(raw));
}

export function normalizePersonName(raw: string): string {
  return raw.normalize('NFC').toLocaleLowerCase('uk').replace(/[’'`ʼ]/g, '').replace(/\s+/g, ' ').trim();
}

export function normalizeAddress(raw: string): string {
  return raw
    .normalize('NFC')
    .toLocaleLowerCase('uk')
    // Street-type words are dropped as whole tokens; `\b` is ASCII-only, so Cyrillic needs lookarounds.
    .replace(/(?<![\p{L}\p{N}])(вул|вулиця|str|street|пр|просп|проспект|буд|б|м|місто)(?![\p{L}\p{N}])\.?/gu, '')
    .replace(/[.,;:'’ʼ"«»№#-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
