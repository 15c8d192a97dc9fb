/**
 * Check digits against real published identifiers: container numbers from the ISO 6346 article
 * and container photos, EDRPOU codes of Ukrainian banks and state companies from the Unified
 * State Register. Altering any digit must fail the check.
 */
import { describe, expect, it } from 'vitest';
import {
  edrpouCheckDigit, iso6346CheckDigit, isValidContainerNumber, isValidEdrpou,
} from '../../../shared/domain/identifiers.js';

const CONTAINERS = ['CSQU3054383', 'TOLU4734787', 'MSKU9070323'];
const EDRPOU = {
  '14360570': 'АТ КБ «ПриватБанк»',
  '00032112': 'АТ «Укрексімбанк»',
  '00032129': 'АТ «Ощадбанк»',
  '20077720': 'НАК «Нафтогаз України»',
  '40075815': 'АТ «Укрзалізниця»',
  '00135390': 'ПАТ «Укрнафта»',
};

describe('ISO 6346', () => {
  it.each(CONTAINERS)('accepts %s', (n) => {
    expect(isValidContainerNumber(n)).toBe(true);
    expect(iso6346CheckDigit(n.slice(0, 10))).toBe(Number(n[10]));
  });
  it('accepts separators and lower case', () => {
    expect(isValidContainerNumber('csqu 305438-3')).toBe(true);
  });
  it.each(CONTAINERS)('rejects %s with a wrong check digit or a transposition', (n) => {
    const wrong = `${n.slice(0, 10)}${(Number(n[10]) + 1) % 10}`;
    expect(isValidContainerNumber(wrong)).toBe(false);
    const swapped = `${n.slice(0, 4)}${n[5]}${n[4]}${n.slice(6)}`;
    if (swapped !== n) expect(isValidContainerNumber(swapped)).toBe(false);
  });
  it('rejects a non-freight category letter', () => {
    expect(isValidContainerNumber('CSQX3054383')).toBe(false);
  });
});

describe('EDRPOU', () => {
  it.each(Object.entries(EDRPOU))('accepts %s (%s)', (code) => {
    expect(isValidEdrpou(code)).toBe(true);
    expect(edrpouCheckDigit(code.slice(0, 7))).toBe(Number(code[7]));
  });
  it.each(Object.keys(EDRPOU))('rejects %s with its last digit changed', (code) => {
    for (let d = 0; d <= 9; d++) {
      if (d === Number(code[7])) continue;
      expect(isValidEdrpou(`${code.slice(0, 7)}${d}`)).toBe(false);
    }
  });
  it('rejects codes of the wrong length', () => {
    expect(isValidEdrpou('1436057')).toBe(false);
    expect(isValidEdrpou('143605701')).toBe(false);
  });
});
