/**
 * vCard 4.0 (RFC 6350) of an operation's contacts: the people assigned to its tasks and the
 * communications plan's entries (a callsign on a channel is whom a field officer actually calls).
 * Names are stored in Ukrainian order (family, given, patronymic), which N follows. Phones are
 * `tel:` URIs as RFC 6350 §6.4.1 recommends for 4.0.
 */
import { agencyShort, type Agency, type Person, type Unit } from '../../shared/domain/directory.js';
import type { CommsEntry, Operation } from '../../shared/domain/operation.js';
import { tDynamic, type Lang } from '../../shared/i18n/index.js';
import { contentDocument, escapeText } from './content-lines.js';

export interface VcardInput {
  operation: Operation;
  people: Person[];
  comms: CommsEntry[];
  agencies: Map<string, Agency>;
  units: Map<string, Unit>;
  generatedAt: Date;
  lang: Lang;
}

/** A compound value's component (N, ORG): TEXT escaping keeps `;` and `,` literal. */
const component = escapeText;

function telUri(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

function rev(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function buildVcards(input: VcardInput): string {
  const { operation: op, lang } = input;
  const lines: string[] = [];
  const agencyShortOf = (id: string) => {
    const a = input.agencies.get(id);
    return a ? agencyShort(a, lang) : '';
  };
  const agencyName = (id: string | null) => {
    const a = id ? input.agencies.get(id) : undefined;
    return a ? (lang === 'uk' ? a.nameUk : a.nameEn) : '';
  };
  for (const p of input.people) {
    const [family = '', given = '', ...rest] = p.fullName.split(/\s+/);
    const unit = p.unitId ? input.units.get(p.unitId) : undefined;
    lines.push(
      'BEGIN:VCARD',
      'VERSION:4.0',
      'KIND:individual',
      `UID:urn:spilno:person:${p.id}`,
      `FN:${escapeText(p.fullName)}`,
      `N:${[family, given, rest.join(' '), '', ''].map(component).join(';')}`,
      `ORG:${[agencyName(p.agencyId), unit?.name ?? ''].filter(Boolean).map(component).join(';')}`,
    );
    if (p.position) lines.push(`TITLE:${escapeText(p.position)}`);
    if (p.rank) lines.push(`ROLE:${escapeText(p.rank)}`);
    if (p.callsign) lines.push(`NICKNAME:${escapeText(p.callsign)}`);
    if (p.phone) lines.push(`TEL;VALUE=uri;TYPE="voice,cell":${telUri(p.phone)}`);
    if (p.email) lines.push(`EMAIL:${p.email}`);
    lines.push(
      `CATEGORIES:${[op.codeName, agencyShortOf(p.agencyId)].filter(Boolean).map(escapeText).join(',')}`,
      `NOTE:${escapeText([
        `${op.codeName} · ${op.handlingCode}`,
        p.callsign ? `${tDynamic(lang, 'brief.col.callsign')}: ${p.callsign}` : '',
        p.skills.length ? p.skills.map((s) => tDynamic(lang, `skill.${s}`)).join(', ') : '',
      ].filter(Boolean).join('\n'))}`,
      `REV:${rev(input.generatedAt)}`,
      'END:VCARD',
    );
  }
  for (const [i, c] of input.comms.entries()) {
    if (!c.callsign && !c.phone) continue;
    const name = c.callsign ? `${c.callsign} (${c.channel})` : c.channel;
    lines.push(
      'BEGIN:VCARD',
      'VERSION:4.0',
      'KIND:org',
      `UID:urn:spilno:comms:${op.id}:${c.id ?? i}`,
      `FN:${escapeText(name)}`,
      `ORG:${component(agencyName(c.agencyId) || op.codeName)}`,
    );
    if (c.phone) lines.push(`TEL;VALUE=uri;TYPE=voice:${telUri(c.phone)}`);
    lines.push(
      `CATEGORIES:${escapeText(op.codeName)}`,
      `NOTE:${escapeText([
        `${tDynamic(lang, 'brief.col.channel')}: ${c.channel}`,
        c.frequencyOrTalkGroup ? `${tDynamic(lang, 'brief.col.talkGroup')}: ${c.frequencyOrTalkGroup}` : '',
        c.callsign ? `${tDynamic(lang, 'brief.col.callsign')}: ${c.callsign}` : '',
        c.notes,
      ].filter(Boolean).join('\n'))}`,
      `REV:${rev(input.generatedAt)}`,
      'END:VCARD',
    );
  }
  return contentDocument(lines);
}
