import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fileNamePart, transliterateUk } from '../../../shared/i18n/transliteration.js';

// The examples published with the table in Resolution No. 55 of 27 January 2010.
const OFFICIAL: ReadonlyArray<readonly [string, string]> = [
  ['Алушта', 'Alushta'], ['Андрій', 'Andrii'], ['Борщагівка', 'Borshchahivka'], ['Борисенко', 'Borysenko'],
  ['Вінниця', 'Vinnytsia'], ['Володимир', 'Volodymyr'], ['Гадяч', 'Hadiach'], ['Богдан', 'Bohdan'],
  ['Згурський', 'Zghurskyi'], ['Ґалаґан', 'Galagan'], ['Ґорґани', 'Gorgany'], ['Донецьк', 'Donetsk'],
  ['Дмитро', 'Dmytro'], ['Рівне', 'Rivne'], ['Олег', 'Oleh'], ['Есмань', 'Esman'],
  ['Єнакієве', 'Yenakiieve'], ['Гаєвич', 'Haievych'], ['Короп\u2019є', 'Koropie'], ['Житомир', 'Zhytomyr'],
  ['Жанна', 'Zhanna'], ['Жежелів', 'Zhezheliv'], ['Закарпаття', 'Zakarpattia'], ['Казимирчук', 'Kazymyrchuk'],
  ['Медвин', 'Medvyn'], ['Михайленко', 'Mykhailenko'], ['Іванків', 'Ivankiv'], ['Іващенко', 'Ivashchenko'],
  ['Їжакевич', 'Yizhakevych'], ['Кадиївка', 'Kadyivka'], ['Мар\u2019їне', 'Marine'], ['Йосипівка', 'Yosypivka'],
  ['Стрий', 'Stryi'], ['Олексій', 'Oleksii'], ['Київ', 'Kyiv'], ['Коваленко', 'Kovalenko'],
  ['Лебедин', 'Lebedyn'], ['Леонід', 'Leonid'], ['Миколаїв', 'Mykolaiv'], ['Маринич', 'Marynych'],
  ['Ніжин', 'Nizhyn'], ['Наталія', 'Nataliia'], ['Одеса', 'Odesa'], ['Онищенко', 'Onyshchenko'],
  ['Полтава', 'Poltava'], ['Петро', 'Petro'], ['Решетилівка', 'Reshetylivka'], ['Рибчинський', 'Rybchynskyi'],
  ['Суми', 'Sumy'], ['Соломія', 'Solomiia'], ['Тернопіль', 'Ternopil'], ['Троць', 'Trots'],
  ['Ужгород', 'Uzhhorod'], ['Уляна', 'Uliana'], ['Фастів', 'Fastiv'], ['Філіпчук', 'Filipchuk'],
  ['Харків', 'Kharkiv'], ['Христина', 'Khrystyna'], ['Біла Церква', 'Bila Tserkva'], ['Стеценко', 'Stetsenko'],
  ['Чернівці', 'Chernivtsi'], ['Шевченко', 'Shevchenko'], ['Шостка', 'Shostka'], ['Кишеньки', 'Kyshenky'],
  ['Щербухи', 'Shcherbukhy'], ['Гоща', 'Hoshcha'], ['Гаращенко', 'Harashchenko'], ['Юрій', 'Yurii'],
  ['Корюківка', 'Koriukivka'], ['Яготин', 'Yahotyn'], ['Ярошенко', 'Yaroshenko'], ['Костянтин', 'Kostiantyn'],
  ['Знам\u2019янка', 'Znamianka'], ['Феодосія', 'Feodosiia'], ['Розгон', 'Rozghon'], ['Згорани', 'Zghorany'],
];

describe('transliteration by the 2010 Cabinet rules', () => {
  it.each(OFFICIAL)('%s → %s', (uk, latin) => {
    expect(transliterateUk(uk)).toBe(latin);
  });

  it('writes capitals as the word is written and leaves other text alone', () => {
    expect(transliterateUk('ЩУКА')).toBe('SHCHUKA');
    expect(transliterateUk('ОЛЕКСАНДР ГРИЦЕНКО')).toBe('OLEKSANDR HRYTSENKO');
    expect(transliterateUk('Операція «Янтар-2», ДМС')).toBe('Operatsiia «Yantar-2», DMS');
    expect(transliterateUk('Знам\'янка і Знамʼянка')).toBe('Znamianka i Znamianka');
    expect(transliterateUk('John O\'Neil, 12:00')).toBe('John O\'Neil, 12:00');
  });

  it('yields only Latin for any Ukrainian text', () => {
    const letters = [...'абвгґдеєжзиіїйклмнопрстуфхцчшщьюяАБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ \'-'];
    fc.assert(fc.property(fc.array(fc.constantFrom(...letters), { maxLength: 40 }), (cs) => {
      expect(transliterateUk(cs.join(''))).toMatch(/^[A-Za-z '-]*$/);
    }));
  });

  it('makes file-name parts a tar or zip reader takes', () => {
    expect(fileNamePart('Янтар / Ковель: ДМС')).toBe('Yantar-Kovel-DMS');
    expect(fileNamePart('..\\..//etc')).toBe('etc');
    expect(fileNamePart('Київ'.repeat(30), 10)).toBe('KyivKyivKy');
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (s) => {
      expect(fileNamePart(s)).toMatch(/^(?:[A-Za-z0-9_]|[A-Za-z0-9_][A-Za-z0-9._-]*[A-Za-z0-9_])?$/);
    }));
  });
});
