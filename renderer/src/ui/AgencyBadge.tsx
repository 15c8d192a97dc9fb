import type { Agency } from '../../../shared/domain/directory.js';
import { useT } from '../app/i18n.store.js';
import { agencyName, agencyShortName } from '../features/directory/agencies.js';

/** An agency's short name in its colour, full name on hover: dense tables stay readable. */
export function AgencyBadge(props: { agency: Agency | undefined; full?: boolean; lead?: boolean }) {
  const { lang } = useT();
  const a = props.agency;
  if (!a) return <span className="badge">?</span>;
  const name = agencyName(a, lang);
  return (
    <span className={`agency-badge${props.lead ? ' lead' : ''}${props.full ? ' full' : ''}`} style={{ borderColor: a.color, ['--agency' as string]: a.color }} title={name}>
      <span className="dot" style={{ background: a.color }} aria-hidden="true" />
      {props.full ? name : agencyShortName(a, lang)}
    </span>
  );
}
