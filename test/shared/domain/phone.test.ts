import { describe, expect, it } from 'vitest';
import { Person, PersonDraft, UnitDraft } from '../../../shared/domain/directory.js';

describe('phone numbers a planner types', () => {
  const person = (phone: string) => PersonDraft.safeParse({ agencyId: 'DMS', fullName: 'Коваленко Олена', phone });

  it('takes numbers as people write them, and none', () => {
    for (const phone of ['+380 67 100 20 30', '067-100-20-30', '(0332) 72-45-10', '+48.22.123.45.67', '']) {
      expect(person(phone).success, phone).toBe(true);
    }
  });

  it('refuses what is not a number, with the phone message next to the field', () => {
    for (const phone of ['дзвонити черговому', '12345', '+380 67 100 20 30 40 50', '380+671002030', 'tel:+380671002030', '+++']) {
      const r = person(phone);
      expect(r.success, phone).toBe(false);
      expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['phone', 'v.phone']]);
    }
    expect(UnitDraft.safeParse({ agencyId: 'DMS', name: 'Пост', phone: 'N/A' }).success).toBe(false);
  });

  it('a row from a peer keeps the looser text bound: an older unit\'s record still applies', () => {
    expect(Person.safeParse({ id: 'p1', agencyId: 'DMS', fullName: 'Коваленко Олена', phone: 'внутр. 2030' }).success).toBe(true);
  });
});
