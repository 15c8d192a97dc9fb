import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VcardRequest } from '../../../shared/api/exports.js';
import { getOperation } from '../../../electron/db/repos/operations.repo.js';
import { getPerson } from '../../../electron/db/repos/directory.repo.js';
import { listTasksByOperation } from '../../../electron/db/repos/tasks.repo.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { exportVcard } from '../../../electron/services/exports.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';

let tc: TempContext;
let operationId: string;

beforeAll(() => {
  tc = openTempContext();
  operationId = loadDemo(tc.ctx).operationId;
});
afterAll(() => tc.cleanup());

describe('vCard 4.0 export', () => {
  it('holds every person assigned and every comms-plan callsign, and ical.js parses each card', () => {
    const text = Buffer.from(exportVcard(tc.ctx, VcardRequest.parse({ operationId })).bytes).toString('utf8');
    const jcards = ICAL.parse(text) as unknown[];
    const cards = (Array.isArray(jcards[0]) ? jcards : [jcards]).map((j) => new ICAL.Component(j as unknown[]));
    const personIds = [...new Set(listTasksByOperation(tc.ctx.db, operationId).flatMap((x) => x.personIds))];
    const people = personIds.map((id) => getPerson(tc.ctx.db, id)!);
    const comms = getOperation(tc.ctx.db, operationId)!.comms.filter((c) => c.callsign || c.phone);
    expect(cards.length).toBe(people.length + comms.length);
    for (const card of cards) {
      expect(card.name).toBe('vcard');
      expect(card.getFirstPropertyValue('version')).toBe('4.0');
      expect(String(card.getFirstPropertyValue('uid'))).toMatch(/^urn:spilno:(person|comms):/);
    }
    const byUid = new Map(cards.map((c) => [String(c.getFirstPropertyValue('uid')), c]));
    for (const p of people) {
      const card = byUid.get(`urn:spilno:person:${p.id}`)!;
      expect(card.getFirstPropertyValue('fn')).toBe(p.fullName);
      expect(card.getFirstPropertyValue('n')).toEqual([...p.fullName.split(' ').slice(0, 3), '', '']);
      expect(card.getFirstPropertyValue('tel')).toBe(`tel:${p.phone.replace(/[^\d+]/g, '')}`);
      if (p.callsign) expect(card.getFirstPropertyValue('nickname')).toBe(p.callsign);
    }
    const fns = cards.map((c) => String(c.getFirstPropertyValue('fn')));
    for (const c of comms) expect(fns).toContain(`${c.callsign} (${c.channel})`);
  });
});
