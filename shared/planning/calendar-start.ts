/**
 * Where the calendar opens when no link says where: on the week of the next work, not on an
 * empty "today" while the plan sits two weeks ahead. The next work is the earliest operation
 * still running or to come (tasks live inside their operation's window); today when there is
 * none, or when one is running now.
 */
export function calendarStartDate(operations: readonly { startsAt: string; endsAt: string; status?: string }[], now: Date): Date {
  let next: number | null = null;
  for (const o of operations) {
    if (o.status === 'completed' || o.status === 'aborted') continue;
    const end = Date.parse(o.endsAt);
    if (!(end > now.getTime())) continue;
    const start = Math.max(Date.parse(o.startsAt), now.getTime());
    if (next === null || start < next) next = start;
  }
  return new Date(next ?? now.getTime());
}
