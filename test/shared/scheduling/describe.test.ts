import { describe, expect, it } from 'vitest';
import { detectConflicts } from '../../../shared/scheduling/engine.js';
import { describeConflict } from '../../../shared/scheduling/describe.js';
import { at, plan, task } from './fixtures.js';

describe('conflict texts', () => {
  it('say what is wrong and how to fix it in both languages, with powers translated and times readable', () => {
    const [c] = detectConflicts(plan({ tasks: [task({ title: 'Затримання', type: 'detention', accountableAgencyId: 'DMS' })] }));
    const uk = describeConflict('uk', c!);
    expect(uk.message).toBe('«Затримання» доручено DMS, який не має повноважень: Процесуальні дії у кримінальному провадженні');
    expect(uk.fix).toContain('NPU, SBU, BEB, NABU, DBR');
    expect(describeConflict('en', c!).rule).toBe('Procedural power missing');
    const [w] = detectConflicts(plan({ tasks: [task({ startsAt: at(70), endsAt: at(73) })] }));
    expect(describeConflict('en', w!).message).toContain('(2026-06-01 00:00 UTC — 2026-06-04 00:00 UTC)');
  });

  it('read times on the operation clock and name it once, given the zone (the time policy)', () => {
    const [w] = detectConflicts(plan({ tasks: [task({ startsAt: at(70), endsAt: at(73) })] }));
    // 00:00 UTC on 1 June is 03:00 in Kyiv (summer time).
    const uk = describeConflict('uk', w!, undefined, 'Europe/Kyiv');
    expect(uk.message).toContain('(1 черв. 2026 р., 03:00 — 4 черв. 2026 р., 03:00)');
    expect(uk.message).not.toContain('UTC');
    expect(uk.message.endsWith('(за київським часом)')).toBe(true);
    expect(describeConflict('en', w!, undefined, 'Europe/Warsaw').fix).toMatch(/1 Jun 2026, 02:00 .*\(Warsaw time \(UTC\+2\)\)$/);
  });
});
