/** Every operation held here on one map; a task opens on its operation's page. */
import { prefetchApi } from '../../api/queries.js';
import { useT } from '../../app/i18n.store.js';
import { openTask } from '../calendar/open-task.js';
import { useAgencies } from '../directory/agencies.js';
import { MapView } from './MapView.js';

/** The map of every operation, asked for by a click on the page's link (routes.tsx). */
export function askForMap(): void {
  prefetchApi('geo', 'map', { operationId: null });
}

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
