/** Every operation held here on one map; a task opens on its operation's page. */
import { useT } from '../../app/i18n.store.js';
import { openTask } from '../calendar/open-task.js';
import { useAgencies } from '../directory/agencies.js';
import { MapView } from './MapView.js';

export function MapPage() {
  const { t } = useT();
  const { agencies } = useAgencies();
  return (
    <div className="page">
      <h1>{t('nav.map')}</h1>
      <MapView operationId={null} agencies={agencies} onOpenTask={openTask} />
    </div>
  );
}
