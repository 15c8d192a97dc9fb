/**
 * Points from a KML, GPX or GeoJSON file into the operation's locations: the core reads the
 * file (api.geo.previewImport) and says what it found and what it leaves out, the planner
 * keeps the points wanted, and one call adds them in one save. Cancel writes nothing.
 */
import { useState, type ReactNode } from 'react';
import type { GeoImportPreview } from '../../../../shared/api/geo.js';
import { LIMITS } from '../../../../shared/domain/bounds.js';
import { formatDegrees, toMgrs } from '../../../../shared/geo/mgrs.js';
import { api } from '../../api/client.js';
import { readSmallFile } from '../../api/files.js';
import { useT } from '../../app/i18n.store.js';
import { describeError } from '../../ui/AsyncView.js';
import { Dialog } from '../../ui/Dialog.js';

export function GeoImportDialog(props: { operationId: string; onClose(): void }) {
  const { t, td } = useT();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [preview, setPreview] = useState<GeoImportPreview | null>(null);
  const [keep, setKeep] = useState<ReadonlySet<number>>(new Set());
  const [failure, setFailure] = useState<ReactNode>(null);
  const [busy, setBusy] = useState(false);

  const read = async (f: File | undefined) => {
    if (!f) return;
    setFailure(null);
    setPreview(null);
    setBusy(true);
    try {
      const text = await readSmallFile(f, LIMITS.geoFileChars);
      const p = await api.geo.previewImport({ operationId: props.operationId, fileName: f.name, text });
      setFile({ name: f.name, text });
      setPreview(p);
      setKeep(new Set(p.points.map((_, i) => i).slice(0, p.room)));
    } catch (e) {
      setFailure(describeError(e, t));
    } finally {
      setBusy(false);
    }
  };
  const submit = async () => {
    if (!file || keep.size === 0) return;
    setBusy(true);
    try {
      await api.geo.importLocations({ operationId: props.operationId, fileName: file.name, text: file.text, pick: [...keep].sort((a, b) => a - b) });
      props.onClose();
    } catch (e) {
      setFailure(describeError(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('map.importTitle')} onClose={props.onClose} onSubmit={() => void submit()} submitLabel={t('map.importSubmit', { n: keep.size })} busy={busy} wide testId="geo-import">
      <div className="field">
        <label htmlFor="geo-import-file">{t('map.importFile')}</label>
        <input id="geo-import-file" type="file" accept=".kml,.gpx,.geojson,.json" name="geofile" disabled={busy} onChange={(e) => void read(e.target.files?.[0])} />
      </div>
      {failure ? <div className="alert danger" role="alert">{failure}</div> : null}
      {preview ? (
        <>
          <p className="small">{t('map.importFound', { n: preview.points.length, room: preview.room })}</p>
          <table className="table">
            <thead><tr><th>{t('map.importKeep')}</th><th>{t('loc.label')}</th><th>{t('map.coordinates')}</th><th>MGRS</th></tr></thead>
            <tbody>
              {preview.points.map((p, i) => (
                <tr key={i}>
                  <td><input type="checkbox" aria-label={p.label} checked={keep.has(i)} onChange={(e) => {
                    const next = new Set(keep);
                    if (e.target.checked) next.add(i);
                    else next.delete(i);
                    setKeep(next);
                  }} /></td>
                  <td>{p.label}</td>
                  <td className="map-coords">{formatDegrees(p.lat, p.lon)}</td>
                  <td className="map-coords">{toMgrs(p.lat, p.lon)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.skipped.length > 0 ? (
            <>
              <h4>{t('map.importSkipped', { n: preview.skipped.length })}</h4>
              <ul className="small">
                {preview.skipped.map((s) => <li key={s.index}>{s.label} — {td(s.reasonKey)}</li>)}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
    </Dialog>
  );
}
