/**
 * Identifiers of subjects of interest, normalised so that two units typing the same plate, VIN,
 * container or company code differently still match in deconfliction, and validated by their
 * published check digits so that a typo is caught at entry, not after a missed match.
 */

/** ISO 6346 letter values: A=10 upward, skipping multiples of 11 (11, 22, 33). */
function iso6346LetterValue(letter: string): number {
  if (letter >= '0' && letter <= '9') return Number(letter);
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

/**
 * IMO ship identification number (SOLAS XI-1/3, IMO resolution A.1078(28)): seven digits, the
 * last the rightmost digit of the first six weighted 7, 6, 5, 4, 3, 2. Written «IMO 9074729».
 */
export function normalizeImoNumber(raw: string): string {
  return raw.toUpperCase().replace(/^\s*IMO/, '').replace(/\D/g, '');
}
export function imoCheckDigit(firstSix: string): number | null {
  if (!/^[0-9]{6}$/.test(firstSix)) return null;
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += Number(firstSix[i]) * (7 - i);
  return sum % 10;
}
export function isValidImoNumber(raw: string): boolean {
  const n = normalizeImoNumber(raw);
  return n.length === 7 && imoCheckDigit(n.slice(0, 6)) === Number(n[6]);
}

/**
 * UIC wagon number (UIC leaflet 920-1 / OTIF uniform technical prescriptions): twelve digits,
 * the last a self-check digit by the Luhn rule — the first eleven weighted 2, 1, 2, … from the
 * left, the digits of the products summed, the check bringing the sum to a multiple of ten.
 * Written «21 81 2471 217-3».
 */
export function normalizeWagonNumber(raw: string): string {
  return raw.replace(/\D/g, '');
}
export function wagonCheckDigit(firstEleven: string): number | null {
  if (!/^[0-9]{11}$/.test(firstEleven)) return null;
  let sum = 0;
  for (let i = 0; i < 11; i++) {
    const p = Number(firstEleven[i]) * (i % 2 === 0 ? 2 : 1);
    sum += p > 9 ? p - 9 : p;
  }
  return (10 - (sum % 10)) % 10;
}
export function isValidWagonNumber(raw: string): boolean {
  const n = normalizeWagonNumber(raw);
  return n.length === 12 && wagonCheckDigit(n.slice(0, 11)) === Number(n[11]);
}

/**
 * Movement Reference Number of a transit (NCTS, which Ukraine joined in 2022) or export/import
 * declaration: 18 characters — two digits of the year, the ISO country code, thirteen letters
 * or digits, and a check character. The check character is NOT ISO 7064 MOD 11,10: the EU's
 * own specification (DG XXI/0879/99 Rev.1, «Check character algorithm for the MRN and GRN»)
 * takes the ISO 6346 algorithm — each of the first 17 characters valued as in ISO 6346
 * (digits as themselves, A=10 … skipping multiples of 11), weighted 2^0 … 2^16, the sum
 * modulo 11, a remainder of 10 written 0.
 */
export function normalizeMrn(raw: string): string {
  return raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
}
export function mrnCheckCharacter(firstSeventeen: string): string | null {
  if (!/^[0-9]{2}[A-Z]{2}[A-Z0-9]{13}$/.test(firstSeventeen)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += iso6346LetterValue(firstSeventeen[i]!) * 2 ** i;
  return String((sum % 11) % 10);
}
export function isValidMrn(raw: string): boolean {
  const n = normalizeMrn(raw);
  return n.length === 18 && mrnCheckCharacter(n.slice(0, 17)) === n[17];
}

/**
 * УКТ ЗЕД code (the Ukrainian classification of goods, built on the Harmonized System and the
 * EU Combined Nomenclature): ten digits, written in groups «2402 20 90 00». No check digit; the
 * chapter (first two digits) runs 01–97.
 */
export function normalizeHsCode(raw: string): string {
  return raw.replace(/[\s.]/g, '');
}
export function isValidHsCode(raw: string): boolean {
  const n = normalizeHsCode(raw);
  if (!/^[0-9]{10}$/.test(n)) return false;
  const chapter = Number(n.slice(0, 2));
  return chapter >= 1 && chapter <= 97;
}
/** «2402209000» → «2402 20 90 00», as the tariff prints it. */
export function formatHsCode(raw: string): string {
  const n = normalizeHsCode(raw);
  return /^[0-9]{10}$/.test(n) ? `${n.slice(0, 4)} ${n.slice(4, 6)} ${n.slice(6, 8)} ${n.slice(8)}` : raw;
}

/**
 * Number of a Ukrainian customs declaration (МД) as the ЄАІС prints it: «UA» and the six-digit
 * code of the customs office, the year, and the six-digit number within that office and year —
 * «UA100010/2023/123456». No check character. Declarations lodged through NCTS carry an MRN
 * instead (isValidMrn); a field that takes either tries both.
 */
export function normalizeDeclarationNumber(raw: string): string {
  return raw.toUpperCase().replace(/\s/g, '');
}
export function isValidDeclarationNumber(raw: string): boolean {
  const m = /^UA([0-9]{6})\/([0-9]{4})\/([0-9]{6})$/.exec(normalizeDeclarationNumber(raw));
  if (!m) return false;
  const year = Number(m[2]);
  return year >= 1991 && year <= 2100;
}

/**
 * A passport number as written (letters and digits; Ukrainian booklet passports «СН123456»
 * keep their Cyrillic series, ID cards and foreign passports are Latin). Normalised like a
 * plate so that look-alike letters typed on either keyboard match.
 */
export function normalizePassport(raw: string): string {
  return normalizePlate(raw);
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
