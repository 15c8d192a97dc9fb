/**
 * Moving a task on the calendar from the keyboard: what drag and resize do with the mouse, for
 * planners who work without one (and for screen-reader users, who cannot drag). A focused task
 * event takes arrow keys; each press is one step, saved through the same guarded update as a
 * drop, so a step that would create a blocking conflict is refused the same way.
 */
import { instantToWall, wallToInstant } from './time-zones.js';

export const CALENDAR_STEPS = ['earlier', 'later', 'previousDay', 'nextDay', 'shorter', 'longer'] as const;
export type CalendarStep = (typeof CALENDAR_STEPS)[number];

const HOUR = 3_600_000;

/**
 * ↑/↓ an hour earlier or later (the week view's slot), ←/→ the same time a day before or after,
 * Shift+↑/↓ an hour shorter or longer. Keys with Alt, Ctrl or Meta are left to the browser
 * (Alt+← is "back").
 */
export function stepForKey(e: { key: string; shiftKey: boolean; altKey: boolean; ctrlKey: boolean; metaKey: boolean }): CalendarStep | null {
  if (e.altKey || e.ctrlKey || e.metaKey) return null;
  switch (e.key) {
    case 'ArrowUp': return e.shiftKey ? 'shorter' : 'earlier';
    case 'ArrowDown': return e.shiftKey ? 'longer' : 'later';
    case 'ArrowLeft': return e.shiftKey ? null : 'previousDay';
    case 'ArrowRight': return e.shiftKey ? null : 'nextDay';
    default: return null;
  }
}

/** The same wall-clock time `days` later in `zone` (a day is not always 24 hours). */
function shiftDays(iso: string, days: number, zone: string): string {
  const wall = instantToWall(iso, zone);
  const date = new Date(`${wall.slice(0, 10)}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return wallToInstant(`${date.toISOString().slice(0, 10)}${wall.slice(10)}`, zone);
}

/**
 * The task's window after one step, with day steps kept on the wall clock of `zone` (the zone
 * the calendar shows). Null when the step would leave the task no duration.
 */
export function stepWindow(
  window: { startsAt: string; endsAt: string }, step: CalendarStep, zone: string,
): { startsAt: string; endsAt: string } | null {
  const start = Date.parse(window.startsAt);
  const end = Date.parse(window.endsAt);
  const iso = (ms: number) => new Date(ms).toISOString();
  switch (step) {
    case 'earlier': return { startsAt: iso(start - HOUR), endsAt: iso(end - HOUR) };
    case 'later': return { startsAt: iso(start + HOUR), endsAt: iso(end + HOUR) };
    case 'previousDay':
    case 'nextDay': {
      const days = step === 'nextDay' ? 1 : -1;
      return { startsAt: shiftDays(window.startsAt, days, zone), endsAt: shiftDays(window.endsAt, days, zone) };
    }
    case 'shorter': return end - HOUR > start ? { startsAt: window.startsAt, endsAt: iso(end - HOUR) } : null;
    case 'longer': return { startsAt: window.startsAt, endsAt: iso(end + HOUR) };
  }
}
