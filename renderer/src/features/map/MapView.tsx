/**
 * The map of one operation (its tab) or of every operation held here (the Map page): the map,
 * its legend, the selected place in decimal degrees and MGRS with a way to its task, the
 * offline map file, and for one operation the geo exports (per agency, through the core's
 * need-to-know rule) and the import of points.
 */
import { useCallback, useLayoutEffect, useMemo, useState } from 'react';
import type { FileChoice } from '../../../../shared/api/files.js';
import { GEO_FORMATS, type GeoFormat } from '../../../../shared/api/geo.js';
import type { Agency } from '../../../../shared/domain/directory.js';
import { formatDegrees, toMgrs } from '../../../../shared/geo/mgrs.js';
import { api } from '../../api/client.js';
import { chooseInShell, shellDialogs, uploadFile } from '../../api/files.js';
import { fetchApi, prefetchApi, useApiQuery } from '../../api/queries.js';
import { useT } from '../../app/i18n.store.js';
import { describeError, ErrorState, Loading } from '../../ui/AsyncView.js';
import { agencyShortName } from '../directory/agencies.js';
import { downloadExportedFile } from '../exports/download.js';
import { GeoImportDialog } from './GeoImportDialog.js';
import { GeoMap, NEUTRAL_COLOR } from './GeoMap.js';
import { countPlaces, findPlace, placeKey, placeOf, refOf, type MapPlaceRef } from './map-places.js';
import type { MapPlaceDetails } from '../../../../shared/api/geo.js';
import { useMapUi } from './map.store.js';

/** Asked for nothing: the selected place's query while none is selected (disabled). */
const NO_PLACE = { operationId: '-', kind: 'location', at: 0 } as const;

export function MapView(props: {
  operationId: string | null;
  /** The operation's code name (its tab), for the map's accessible name. */
  codeName?: string;
  agencies: Agency[];
  /** The agencies of the operation (lead first): who a geo export can be made for. */
  participants?: readonly string[];
  /** Opens a task where it is edited (the tab: its dialog; the page: the operation's tasks). */
  onOpenTask(operationId: string, taskId: string): void;
}) {
  const tr = useT();
  const { t, td, lang, zoned } = tr;
  // Asked before the map below sets itself up in its effect (children's effects run first), so
  // Leaflet's setup runs while the core answers instead of delaying the question.
  useLayoutEffect(() => prefetchApi('geo', 'map', { operationId: props.operationId }), [props.operationId]);
  const q = useApiQuery('geo', 'map', { operationId: props.operationId });
  const { tiles, setTiles, showRadius, setShowRadius } = useMapUi();
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [importing, setImporting] = useState(false);
  const [exportAgency, setExportAgency] = useState('');
  const byId = useMemo(() => new Map(props.agencies.map((a) => [a.id, a])), [props.agencies]);
  const agencyColor = useCallback((id: string | null) => (id ? byId.get(id)?.color ?? NEUTRAL_COLOR : NEUTRAL_COLOR), [byId]);
  const operations = q.data?.operations;
  const shownAgencies = useMemo(() => {
    const ids = new Set<string>();
    for (const op of operations ?? []) {
      if (op.locations.length + op.addresses.length + op.lastSeen.length > 0) ids.add(op.leadAgencyId);
      for (const id of op.taskAgencyIds) ids.add(id);
    }
    return [...ids].map((id) => byId.get(id)).filter((a): a is Agency => a !== undefined);
  }, [operations, byId]);
  const op = props.operationId !== null ? operations?.[0] : undefined;
  // The selected place as the newest answer has it (a save moves it; a delete drops it).
  const selected = useMemo(() => (selectedKey && operations ? findPlace(operations, selectedKey) : null), [operations, selectedKey]);
  const onSelect = useCallback((r: MapPlaceRef) => setSelectedKey(placeKey(r.operation, r.kind, r.index)), []);
  // The selected place's words, asked when it is selected (the map's answer carries none).
  const details = useApiQuery('geo', 'place', selected ? refOf(selected) : NO_PLACE, { enabled: selected !== null });
  const shown = selected ? details.data : undefined;
  /** When a last known place was seen, on the operation's clock. */
  const seenAt = useCallback((d: MapPlaceDetails) => (d.seenAt ? zoned(d.timeZone).at(d.seenAt) : null), [zoned]);
  // The hover text: what the place is, when it was seen, and on the map of every operation,
  // whose. Its words come from the core (cached per place: a second hover asks nothing).
  const describe = useCallback(async (r: MapPlaceRef) => {
    const p = placeOf(r);
    const d = await fetchApi('geo', 'place', refOf(p)).catch(() => null);
    const at = d ? seenAt(d) : null;
    return [d?.label, td(`map.kind.${p.kind}`), at ? t('map.seenAt', { at }) : null, props.operationId === null ? d?.codeName : null]
      .filter(Boolean).join(' · ');
  }, [t, td, seenAt, props.operationId]);

  const openTiles = async (get: () => Promise<FileChoice | null>) => {
    setFailure(null);
    setBusy(true);
    try {
      const file = await get();
      if (file) setTiles({ file, info: await api.geo.openTiles({ file: file.handle }) });
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  };
  const exportAs = async (format: GeoFormat) => {
    if (props.operationId === null) return;
    setFailure(null);
    setBusy(true);
    try {
      downloadExportedFile(await api.geo.export({ operationId: props.operationId, agencyId: exportAgency || null, format, lang }));
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  };

  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  // While the core answers, the page is laid out and the map set up around an empty map (the
  // first visit's answer takes a few hundred milliseconds for a thousand operations).
  const data = q.data;

  return (
    <div className="map-layout">
      <div>
        <div className="map-toolbar">
          {data ? (
            <label className="check">
              <input type="checkbox" checked={showRadius} onChange={(e) => setShowRadius(e.target.checked)} />
              {t('map.radius', { m: data.radiusMeters })}
            </label>
          ) : null}
          {shellDialogs() ? (
            <button type="button" disabled={busy} onClick={() => void openTiles(() => chooseInShell({ mode: 'open', purpose: 'mapTiles' }))}>{t('map.openTiles')}</button>
          ) : (
            <label className="check">
              {t('map.openTiles')}
              <input type="file" accept=".mbtiles" name="mbtiles" disabled={busy} onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) void openTiles(() => uploadFile(file));
              }} />
            </label>
          )}
          {tiles ? (
            <>
              <span className="small" data-testid="map-tiles-name">{t('map.tilesShown', { name: tiles.info.name })}</span>
              <button type="button" className="link" onClick={() => setTiles(null)}>{t('map.builtInOnly')}</button>
            </>
          ) : <span className="small muted">{t('map.builtIn')}</span>}
        </div>
        {failure ? <div className="alert danger" role="alert">{describeError(failure, t)}</div> : null}
        <GeoMap
          operations={data?.operations ?? null}
          agencyColor={agencyColor}
          radiusMeters={data?.radiusMeters ?? 0}
          showRadius={showRadius}
          tiles={tiles}
          selectedKey={selected?.key ?? null}
          onSelect={onSelect}
          describe={describe}
          label={props.operationId !== null && props.codeName ? t('map.ofOperation', { name: props.codeName }) : t('map.allOperations')}
        />
        {data ? (
          <p className="small muted">
            {t('map.summary', { places: data.operations.reduce((n, o) => n + countPlaces(o), 0), operations: data.operations.length })} {t('map.basemapNote')}
          </p>
        ) : <Loading />}
      </div>
      <aside className="map-side">
        <section className="panel" aria-label={t('map.legend')}>
          <h3>{t('map.legend')}</h3>
          <ul className="map-legend">
            {shownAgencies.map((a) => (
              <li key={a.id}><span className="swatch" style={{ background: a.color }} />{agencyShortName(a, lang)}</li>
            ))}
          </ul>
          <p className="small muted">{t('map.legendKinds')}</p>
        </section>
        <section className="panel" aria-live="polite" data-testid="map-selected">
          <h3>{t('map.selected')}</h3>
          {selected ? (
            <>
              <div><strong>{shown?.label ?? ''}</strong></div>
              <div className="small">{td(`map.kind.${selected.kind}`)}{selected.order !== null ? ` · ${t('map.waypoint', { n: selected.order })}` : ''}</div>
              {shown?.seenAt ? <div className="small" data-testid="map-seen-at">{t('map.seenAt', { at: seenAt(shown) ?? '' })}</div> : null}
              {shown?.source ? <div className="small">{t('map.seenSource', { source: shown.source })}</div> : null}
              <div className="map-coords small">{formatDegrees(selected.lat, selected.lon)}</div>
              <div className="map-coords small">MGRS {toMgrs(selected.lat, selected.lon) || '—'}</div>
              {selected.taskId ? (
                <button type="button" onClick={() => props.onOpenTask(selected.operation.id, selected.taskId!)}>{t('map.openTask')}</button>
              ) : null}
            </>
          ) : <p className="small muted">{t('map.selectHint')}</p>}
        </section>
        {props.operationId !== null && op ? (
          <section className="panel">
            <h3>{t('map.exports')}</h3>
            <label className="field">
              <span>{t('brief.recipient')}</span>
              <select value={exportAgency} onChange={(e) => setExportAgency(e.target.value)} name="geo-agency">
                <option value="">{t('map.allAgencies')}</option>
                {(props.participants ?? []).map((id) => (
                  <option key={id} value={id}>{agencyShortName(byId.get(id), lang)}</option>
                ))}
              </select>
            </label>
            <div className="map-toolbar">
              {GEO_FORMATS.map((f) => (
                <button type="button" key={f} disabled={busy} onClick={() => void exportAs(f)}>{td(`exports.kind.${f}`)}</button>
              ))}
            </div>
            <button type="button" onClick={() => setImporting(true)}>{t('map.import')}</button>
          </section>
        ) : null}
      </aside>
      {importing && props.operationId !== null ? (
        <GeoImportDialog operationId={props.operationId} onClose={() => setImporting(false)} />
      ) : null}
    </div>
  );
}
