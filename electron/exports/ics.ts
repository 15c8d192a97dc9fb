/**
 * iCalendar (RFC 5545) of an operation's tasks, for the whole operation, one agency or one
 * person. Choices:
 * - UIDs come from task ids (`<task id>@spilno`), so re-importing a later export updates the
 *   same events instead of duplicating them;
 * - times are written in UTC (`…Z`). A VTIMEZONE would have to restate the zone's DST rules,
 *   which differ between tzdata versions; UTC instants are unambiguous in every client, which
 *   shows them in its own zone. The operation's zone is named in X-WR-TIMEZONE and in each
 *   description for readers;
 * - the accountable agency goes into SUMMARY (its short name in the pack's language), CATEGORIES and DESCRIPTION, and an
 *   X-SPILNO-AGENCY property: ORGANIZER needs a mail address agencies do not have here.
 */
import { agencyShort, type Agency, type Person, type Resource } from '../../shared/domain/directory.js';
import type { Operation, Phase } from '../../shared/domain/operation.js';
import type { Task } from '../../shared/domain/task.js';
import { tDynamic, type Lang } from '../../shared/i18n/index.js';
import { contentDocument, escapeText } from './content-lines.js';

export interface IcsInput {
  operation: Operation;
  phases: Phase[];
  tasks: Task[];
  agencies: Map<string, Agency>;
  people: Map<string, Person>;
  resources: Map<string, Resource>;
  calendarName: string;
  generatedAt: Date;
  lang: Lang;
}

/** 20261130T040000Z */
export function icsUtc(iso: string | Date): string {
  return new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function taskUid(taskId: string): string {
  return `${taskId}@spilno`;
}

export function buildIcs(input: IcsInput): string {
  const { operation: op, lang } = input;
  const stamp = icsUtc(input.generatedAt);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Spilno//Briefing export//UK',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(input.calendarName)}`,
    `X-WR-TIMEZONE:${op.timeZone}`,
  ];
  const phaseName = new Map(input.phases.map((p) => [p.id, p.name]));
  for (const task of input.tasks) {
    const agency = task.accountableAgencyId ? input.agencies.get(task.accountableAgencyId) : undefined;
    const agencyName = agency ? (lang === 'uk' ? agency.nameUk : agency.nameEn) : '';
    const people = task.personIds.map((id) => input.people.get(id)).filter((p) => p !== undefined);
    const resources = task.resourceIds.map((id) => input.resources.get(id)).filter((r) => r !== undefined);
    const description = [
      `${op.codeName} · ${op.handlingCode}`,
      `${tDynamic(lang, 'brief.col.agency')}: ${agency ? `${agencyShort(agency, lang)} — ${agencyName}` : '—'}`,
      `${tDynamic(lang, 'brief.col.kind')}: ${tDynamic(lang, `taskType.${task.type}`)}`,
      task.phaseId && phaseName.has(task.phaseId) ? `${tDynamic(lang, 'brief.col.phase')}: ${phaseName.get(task.phaseId)}` : '',
      people.length ? `${tDynamic(lang, 'brief.col.people')}: ${people.map((p) => `${p.fullName}${p.callsign ? ` (${p.callsign})` : ''}`).join('; ')}` : '',
      resources.length ? `${tDynamic(lang, 'brief.col.resources')}: ${resources.map((r) => r.name).join('; ')}` : '',
      task.checklist.length ? `${tDynamic(lang, 'brief.col.checklist')}:\n${task.checklist.map((c) => `- ${c.text}`).join('\n')}` : '',
      task.notes,
      tDynamic(lang, 'brief.allTimesIn', { zone: op.timeZone }),
    ].filter(Boolean).join('\n');
    lines.push(
      'BEGIN:VEVENT',
      `UID:${taskUid(task.id)}`,
      `DTSTAMP:${stamp}`,
      `LAST-MODIFIED:${icsUtc(task.updatedAt)}`,
      `DTSTART:${icsUtc(task.startsAt)}`,
      `DTEND:${icsUtc(task.endsAt)}`,
      `SUMMARY:${escapeText(`${agency ? `[${agencyShort(agency, lang)}] ` : ''}${task.title}`)}`,
      `DESCRIPTION:${escapeText(description)}`,
      `STATUS:${task.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
      `CATEGORIES:${[op.codeName, agency ? agencyShort(agency, lang) : '', tDynamic(lang, `taskType.${task.type}`)].filter(Boolean).map(escapeText).join(',')}`,
      'CLASS:CONFIDENTIAL',
    );
    if (agency) lines.push(`X-SPILNO-AGENCY:${escapeText(agency.code)}`);
    if (task.place.label) lines.push(`LOCATION:${escapeText(task.place.label)}`);
    if (task.place.point) lines.push(`GEO:${task.place.point.lat.toFixed(6)};${task.place.point.lon.toFixed(6)}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return contentDocument(lines);
}
