/**
 * Coordinates in a form, beside its latitude and longitude fields: the point in MGRS as typed,
 * and a map to choose it on — a click sets the point, the marker can be dragged. The fields
 * stay the source of truth (the form's own validation applies); the map writes degrees with
 * six decimals (about 0.1 m).
 */
import { useCallback, useMemo, useState } from 'react';
import { toMgrs } from '../../../../shared/geo/mgrs.js';
import { useT } from '../../app/i18n.store.js';
import { GeoMap, NEUTRAL_COLOR } from './GeoMap.js';
import { useMapUi } from './map.store.js';

const NO_OPERATIONS: [] = [];

function pointOf(lat: string, lon: string): { lat: number; lon: number } | null {
  if (lat.trim() === '' || lon.trim() === '') return null;
  const a = Number(lat.replace(',', '.'));
  const o = Number(lon.replace(',', '.'));
  return Number.isFinite(a) && Number.isFinite(o) && Math.abs(a) <= 90 && Math.abs(o) <= 180 ? { lat: a, lon: o } : null;
}

export function PointPicker(props: { lat: string; lon: string; onPick(lat: string, lon: string): void; testId?: string }) {
  const { t } = useT();
  const [open, setOpen] = useState(false);
  const tiles = useMapUi((s) => s.tiles);
  const point = useMemo(() => pointOf(props.lat, props.lon), [props.lat, props.lon]);
  const { onPick } = props;
  const pick = useMemo(() => ({
    point,
    onPick: (p: { lat: number; lon: number }) => onPick(p.lat.toFixed(6), p.lon.toFixed(6)),
  }), [point, onPick]);
  const neutral = useCallback(() => NEUTRAL_COLOR, []);
  const mgrs = point ? toMgrs(point.lat, point.lon) : '';
  return (
    <div className="point-picker" data-testid={props.testId ?? 'point-picker'}>
      <div className="map-toolbar">
        <button type="button" className="link" aria-expanded={open} onClick={() => setOpen(!open)}>{open ? t('map.pickHide') : t('map.pick')}</button>
        {mgrs ? <span className="small map-coords" data-testid="point-mgrs">MGRS {mgrs}</span> : null}
      </div>
      {open ? (
        <>
          <p className="small muted">{t('map.pickHint')}</p>
          <GeoMap
            className="small"
            operations={NO_OPERATIONS}
            agencyColor={neutral}
            radiusMeters={0}
            showRadius={false}
            tiles={tiles}
            pick={pick}
            label={t('map.pickLabel')}
          />
        </>
      ) : null}
    </div>
  );
}
