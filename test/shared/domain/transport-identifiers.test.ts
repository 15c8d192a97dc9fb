/**
 * Check digits of the means of transport and customs references, against real published
 * numbers (sources beside each). Changing any one digit must fail the check.
 */
import { describe, expect, it } from 'vitest';
import {
  formatHsCode, imoCheckDigit, isValidContainerNumber, isValidDeclarationNumber, isValidHsCode,
  isValidImoNumber, isValidMrn, isValidWagonNumber, mrnCheckCharacter, normalizePassport, wagonCheckDigit,
} from '../../../shared/domain/identifiers.js';

/** Every single-digit change of position `i` (other than the original) must be refused. */
function everyDigitChangeFails(n: string, valid: (s: string) => boolean, positions: number[]): void {
  for (const i of positions) {
    if (!/[0-9]/.test(n[i]!)) continue;
    for (let d = 0; d <= 9; d++) {
      if (String(d) === n[i]) continue;
      expect(valid(`${n.slice(0, i)}${d}${n.slice(i + 1)}`), `${n} with ${d} at ${i}`).toBe(false);
    }
  }
}

describe('IMO ship identification number', () => {
  // 9074729: the worked example of the IMO number article (Wikipedia, «IMO number»);
  // 9619907: Maersk Mc-Kinney Møller (vessel-tracking listing); 9321483: Emma Mærsk.
  const SHIPS = ['9074729', '9619907', '9321483'];
  it.each(SHIPS)('accepts IMO %s', (n) => {
    expect(isValidImoNumber(n)).toBe(true);
    expect(isValidImoNumber(`IMO ${n}`)).toBe(true);
    expect(imoCheckDigit(n.slice(0, 6))).toBe(Number(n[6]));
  });
  it.each(SHIPS)('refuses %s with its check digit changed', (n) => everyDigitChangeFails(n, isValidImoNumber, [6]));
  it('refuses the wrong length', () => {
    expect(isValidImoNumber('907472')).toBe(false);
    expect(isValidImoNumber('90747290')).toBe(false);
  });
});

describe('UIC wagon number', () => {
  // Both worked examples of «UIC wagon numbers» (Wikipedia): 21 81 2471 217-3 and 51 80 0843 001-0.
  const WAGONS = ['21 81 2471 217-3', '51 80 0843 001-0'];
  it.each(WAGONS)('accepts %s', (n) => {
    expect(isValidWagonNumber(n)).toBe(true);
    const digits = n.replace(/\D/g, '');
    expect(wagonCheckDigit(digits.slice(0, 11))).toBe(Number(digits[11]));
  });
  it.each(WAGONS)('refuses %s with any digit changed', (n) => {
    const digits = n.replace(/\D/g, '');
    everyDigitChangeFails(digits, isValidWagonNumber, [...Array(12).keys()]);
  });
  it('refuses eleven digits (the number without its self-check digit)', () => {
    expect(isValidWagonNumber('21812471217')).toBe(false);
  });
});

describe('MRN', () => {
  // 10NL5663962BE1E825: the example MRN of the public MRN check page tribalgod.nl
  // (MRN_Controlecijfer.php), which implements DG XXI/0879/99 Rev.1.
  const MRN = '10NL5663962BE1E825';
  it('accepts a real MRN, with separators and in lower case', () => {
    expect(isValidMrn(MRN)).toBe(true);
    expect(isValidMrn('10nl 5663962be1e82-5')).toBe(true);
    expect(mrnCheckCharacter(MRN.slice(0, 17))).toBe('5');
  });
  it('refuses it with any digit changed', () => everyDigitChangeFails(MRN, isValidMrn, [...Array(18).keys()]));
  it('refuses a letter changed and two characters swapped', () => {
    expect(isValidMrn('10NL5663962BF1E825')).toBe(false);
    expect(isValidMrn('10NL5663962EB1E825')).toBe(false);
  });
  it('is not ISO 7064 MOD 11,10 (the EU specification uses the ISO 6346 rule)', () => {
    // MOD 11,10 over the digits alone would ignore the letters; the letters count here.
    expect(isValidMrn('10NL5663962BE1E826')).toBe(false);
  });
  it('refuses a wrong shape', () => {
    expect(isValidMrn('1NL5663962BE1E8255')).toBe(false);
    expect(isValidMrn('10NL5663962BE1E82')).toBe(false);
  });
});

describe('ISO 6346 container', () => {
  it('accepts CSQU 305438 3, the worked example of the ISO 6346 article (Wikipedia)', () => {
    expect(isValidContainerNumber('CSQU3054383')).toBe(true);
    expect(isValidContainerNumber('CSQU3054384')).toBe(false);
  });
});

describe('УКТ ЗЕД code and customs declaration number', () => {
  it('accepts ten digits in any grouping and prints the tariff\'s grouping', () => {
    // 2402 20 90 00: cigarettes containing tobacco, other (УКТ ЗЕД, Закон № 674-IX).
    expect(isValidHsCode('2402 20 90 00')).toBe(true);
    expect(isValidHsCode('2402209000')).toBe(true);
    expect(formatHsCode('2402209000')).toBe('2402 20 90 00');
  });
  it('refuses a wrong length or a chapter that does not exist', () => {
    expect(isValidHsCode('240220900')).toBe(false);
    expect(isValidHsCode('9999999999')).toBe(false);
    expect(isValidHsCode('0002209000')).toBe(false);
  });
  it('checks the ЄАІС declaration number format (no check character is defined)', () => {
    expect(isValidDeclarationNumber('UA100010/2023/123456')).toBe(true);
    expect(isValidDeclarationNumber('ua100010 / 2023 / 123456')).toBe(true);
    expect(isValidDeclarationNumber('UA10001/2023/123456')).toBe(false);
    expect(isValidDeclarationNumber('UA100010/23/123456')).toBe(false);
  });
});

describe('passport', () => {
  it('matches a Cyrillic booklet series typed on a Latin keyboard', () => {
    expect(normalizePassport('СН 123456')).toBe(normalizePassport('CH123456'));
  });
});
