import ICAL from 'ical.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IcsRequest } from '../../../shared/api/exports.js';
import type { Task } from '../../../shared/domain/task.js';
import { SEED_AGENCIES } from '../../../shared/domain/agencies-seed.js';
import { hasForbiddenChars, withoutForbiddenChars } from '../../../shared/domain/bounds.js';
import { agencyShort } from '../../../shared/domain/directory.js';
import { listTasksByOperation } from '../../../electron/db/repos/tasks.repo.js';
import { contentDocument, escapeText, foldLine } from '../../../electron/exports/content-lines.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { exportIcs } from '../../../electron/services/exports.js';
import { updateTask } from '../../../electron/services/tasks.js';
import { buildLargeOperation } from '../../helpers/large-operation.js';
import { tasksAgencySees } from '../../helpers/need-to-know.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';

let tc: TempContext;
let demoId: string;
let large: { operationId: string; tasks: Task[] };

function events(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  return cal.getAllSubcomponents('vevent').map((v) => ({ comp: v, event: new ICAL.Event(v) }));
}

function ics(req: Parameters<typeof IcsRequest.parse>[0]): string {
  return Buffer.from(exportIcs(tc.ctx, IcsRequest.parse(req)).bytes).toString('utf8');
}

beforeAll(() => {
  tc = openTempContext({ now: () => new Date('2026-11-28T08:00:00Z') });
  demoId = loadDemo(tc.ctx).operationId;
  large = buildLargeOperation(tc.ctx, { agencies: 12, tasks: 500 });
});
afterAll(() => tc.cleanup());

describe('iCalendar export', () => {
  it('round-trips every task of a 500-task operation through ical.js: UID, times, summary, location, agency', () => {
    const text = ics({ operationId: large.operationId });
    const parsed = events(text);
    expect(parsed.length).toBe(large.tasks.length);
    const byUid = new Map(parsed.map((p) => [p.event.uid, p]));
    for (const task of large.tasks) {
      const p = byUid.get(`${task.id}@spilno`);
      expect(p, task.title).toBeDefined();
      expect(p!.event.startDate.toJSDate().toISOString()).toBe(task.startsAt);
      expect(p!.event.endDate.toJSDate().toISOString()).toBe(task.endsAt);
      expect(p!.event.startDate.zone.tzid).toBe('UTC');
      const code = task.accountableAgencyId!;
      // People read the agency's short name in the calendar's language; the code stays the key.
      const short = agencyShort(SEED_AGENCIES.find((a) => a.id === code)!, 'uk');
      expect(p!.event.summary).toBe(`[${short}] ${task.title}`);
      expect(p!.event.location).toBe(task.place.label);
      expect(p!.comp.getFirstPropertyValue('x-spilno-agency')).toBe(code);
      expect(p!.comp.getAllProperties('categories').flatMap((c) => c.getValues())).toContain(short);
      expect(p!.event.description).toContain(`: ${short} — `);
    }
  });

  it('writes CRLF lines of at most 75 octets', () => {
    const text = ics({ operationId: demoId });
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.split('\r\n').slice(0, -1);
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
    for (const l of lines) expect(Buffer.byteLength(l, 'utf8'), l).toBeLessThanOrEqual(75);
    expect(lines.some((l) => l.startsWith(' '))).toBe(true);
  });

  it('keeps UIDs stable across exports and edits, and names the operation\'s zone', () => {
    const before = events(ics({ operationId: demoId })).map((p) => p.event.uid).sort();
    const task = listTasksByOperation(tc.ctx.db, demoId)[0]!;
    updateTask(tc.ctx, { id: task.id, patch: { title: `${task.title} (уточнено)` } });
    const after = events(ics({ operationId: demoId }));
    expect(after.map((p) => p.event.uid).sort()).toEqual(before);
    expect(after.find((p) => p.event.uid === `${task.id}@spilno`)!.event.summary).toContain('(уточнено)');
    expect(ics({ operationId: demoId })).toContain('X-WR-TIMEZONE:Europe/Kyiv');
  });

  it('scopes to one agency (the tasks it sees) or one person', () => {
    const tasks = listTasksByOperation(tc.ctx.db, demoId);
    // Customs, a participant of the police-led demo: the briefing, the passage, the specialist.
    const dms = events(ics({ operationId: demoId, scope: { kind: 'agency', agencyId: 'DMS' } }));
    expect(dms.map((p) => p.event.uid).sort())
      .toEqual(tasksAgencySees(tc.ctx.db, demoId, 'DMS').map((x) => `${x.id}@spilno`).sort());
    expect(dms).toHaveLength(3);
    // The briefing's attendee with the most tasks (assignments keep no order worth relying on).
    const taskCount = (id: string) => tasks.filter((x) => x.personIds.includes(id)).length;
    const personId = [...tasks.find((x) => x.type === 'briefing')!.personIds]
      .sort((a, b) => taskCount(b) - taskCount(a))[0]!;
    const mine = events(ics({ operationId: demoId, scope: { kind: 'person', personId } }));
    expect(mine.map((p) => p.event.uid).sort())
      .toEqual(tasks.filter((x) => x.personIds.includes(personId)).map((x) => `${x.id}@spilno`).sort());
    expect(mine.length).toBeGreaterThan(1);
  });

  it('refuses an agency outside the operation and a person not assigned to it', () => {
    expect(() => ics({ operationId: demoId, scope: { kind: 'agency', agencyId: 'NABU' } })).toThrow(/agencyId/);
    expect(() => ics({ operationId: demoId, scope: { kind: 'person', personId: 'nobody' } })).toThrow(/personId/);
  });
});

describe('hostile text in exports (issue 15)', () => {
  // Text stored before the text policy, or brought by an older peer, may still hold control and
  // direction characters: written here straight into the store, as such data would sit there.
  const HOSTILE = 'Огляд\u0000\u001b[31m\u000b\u0085\u2028\u202Eкпп\u2066';

  it('never writes a control or bidi character raw into the calendar', () => {
    const task = listTasksByOperation(tc.ctx.db, demoId)[0]!;
    tc.ctx.db.prepare('UPDATE tasks SET title = ?, notes = ? WHERE id = ?').run(HOSTILE, `рядок\r\n${HOSTILE}`, task.id);
    const text = ics({ operationId: demoId });
    expect(text).toContain('Огляд[31mкпп');
    // Line ends are the format's own (CRLF); nothing else forbidden remains.
    expect(hasForbiddenChars(text.replace(/\r\n/g, ''), true)).toBe(false);
    const ev = events(text).find((e) => e.event.uid === `${task.id}@spilno`)!;
    expect(ev.event.summary).toContain('Огляд[31mкпп');
    expect(ev.event.description).toContain('рядок\nОгляд[31mкпп');
  });

  it('escapeText drops what the policy forbids and keeps newlines and tabs', () => {
    expect(escapeText('a\u0000b\tc\u202Ed\ne')).toBe('ab\tcd\\ne');
  });
});

describe('content lines', () => {
  const unfold = (doc: string) => doc.replace(/\r\n /g, '').replace(/\r\n$/, '');

  it('folding never exceeds 75 octets, never splits a character, and unfolds to the original', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (s) => {
      const line = `SUMMARY:${s.replace(/[\r\n]/g, '')}`;
      const physical = foldLine(line);
      for (const p of physical) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
      expect(unfold(contentDocument([line]))).toBe(line);
      expect(physical.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    }));
  });

  it('escapes TEXT so that ical.js reads back commas, semicolons, backslashes and newlines', () => {
    fc.assert(fc.property(fc.string({ maxLength: 120 }), (s) => {
      // Control and direction characters are dropped (the hostile-text test above), the rest kept.
      const value = withoutForbiddenChars(s.replace(/\r/g, ''), true);
      const doc = contentDocument([
        'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', 'BEGIN:VEVENT', 'UID:x', 'DTSTAMP:20260101T000000Z',
        `DESCRIPTION:${escapeText(value)}`, 'END:VEVENT', 'END:VCALENDAR',
      ]);
      const ev = new ICAL.Component(ICAL.parse(doc)).getFirstSubcomponent('vevent')!;
      expect(ev.getFirstPropertyValue('description') ?? '').toBe(value);
    }), { numRuns: 300 });
  });
});
