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
});
