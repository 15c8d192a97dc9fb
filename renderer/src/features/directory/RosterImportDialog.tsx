/**
 * Roster import: read the file, show every row with its errors, and write only when every row
 * is valid — one API call, one transaction. Cancel writes nothing.
 */
import { useMemo, useState, type ReactNode } from 'react';
import type { Unit } from '../../../../shared/domain/directory.js';
import { parseRoster, type RosterKind } from '../../../../shared/import/roster-csv.js';
import { LIMITS } from '../../../../shared/domain/bounds.js';
import { api } from '../../api/client.js';
import { readSmallFile } from '../../api/files.js';
import { useT } from '../../app/i18n.store.js';
import { describeError } from '../../ui/AsyncView.js';
import { Dialog } from '../../ui/Dialog.js';
import { Field } from '../../ui/Field.js';
import { useAgencies } from './agencies.js';

export function RosterImportDialog(props: { units: Unit[]; onClose(): void; onImported(count: number): void }) {
  const { t, td } = useT();
  const { agencies } = useAgencies();
  const [kind, setKind] = useState<RosterKind>('people');
  const [text, setText] = useState('');
  const [failure, setFailure] = useState<ReactNode>(null);
  const [busy, setBusy] = useState(false);
  const parsed = useMemo(
    () => (text.trim() ? parseRoster(kind as 'people', text, { agencies, units: props.units }) : null),
    [kind, text, agencies, props.units],
  );
  const bad = parsed ? parsed.rows.filter((r) => r.issues.length > 0).length : 0;
  const canImport = parsed !== null && parsed.valid && parsed.fileIssues.length === 0;

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    setFailure(null);
    try {
      // Refused above the limit before a byte is read; the parser bounds fields and rows too.
      setText(await readSmallFile(file, LIMITS.rosterFileBytes));
    } catch (e) {
      setFailure(describeError(e, t));
    }
  };
  const submit = async () => {
    if (!parsed || !canImport) return;
    setBusy(true);
    try {
      const drafts = parsed.rows.map((r) => r.draft!);
      const written = kind === 'people'
        ? await api.directory.importPeople({ people: drafts })
        : await api.directory.importResources({ resources: drafts as never });
      props.onImported(written.length);
      props.onClose();
    } catch (e) {
      setFailure(describeError(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={t('imp.title')}
      onClose={props.onClose}
      onSubmit={submit}
      submitLabel={t('imp.import', { count: parsed?.rows.length ?? 0 })}
      busy={busy || !canImport}
      wide
      testId="import-dialog"
      footerExtra={failure ? <span className="form-failure" role="alert">{failure}</span> : parsed && !canImport ? <span className="form-failure">{t('imp.blocked')}</span> : null}
    >
      <div className="grid">
        <Field label={t('imp.kind')}>
          <select value={kind} onChange={(e) => setKind(e.target.value as RosterKind)} name="kind">
            <option value="people">{t('imp.kindPeople')}</option>
            <option value="resources">{t('imp.kindResources')}</option>
          </select>
        </Field>
        <Field label={t('imp.file')}>
          <input type="file" accept=".csv,text/csv" onChange={(e) => void readFile(e.target.files?.[0])} name="file" />
        </Field>
      </div>
      <p className="muted small">{kind === 'people' ? t('imp.columnsPeople') : t('imp.columnsResources')}</p>
      <Field label={t('imp.orPaste')}>
        <textarea rows={4} value={text} onChange={(e) => setText(e.target.value)} name="csv" spellCheck={false} />
      </Field>
      {parsed ? (
        <>
          {parsed.fileIssues.length > 0 ? (
            <div className="alert danger" role="alert">
              {parsed.fileIssues.map((i, k) => <div key={k}>{t('imp.fileLine', { line: i.line, message: td(i.message, i.params) })}</div>)}
            </div>
          ) : (
            <div className={bad > 0 ? 'alert danger' : 'alert warn'} role="status" data-testid="import-summary">
              {t('imp.preview', { rows: parsed.rows.length, bad })}
            </div>
          )}
          {parsed.rows.length > 0 ? (
            <div className="import-preview">
              <table className="plain" data-testid="import-preview">
                <thead>
                  <tr>
                    <th>{t('imp.line')}</th>
                    {parsed.columns.map((c) => <th key={c}>{c}</th>)}
                    <th>{t('imp.errors')}</th>
                  </tr>
                </thead>
                <tbody>
                  {parsed.rows.map((r) => (
                    <tr key={r.line} className={r.issues.length ? 'invalid' : ''}>
                      <td className="num">{r.line}</td>
                      {parsed.columns.map((c) => <td key={c}>{r.values[c]}</td>)}
                      <td>
                        {r.issues.length === 0 ? t('imp.ok') : (
                          <ul className="row-errors">
                            {r.issues.map((i, k) => <li key={k}>{i.field ? `${i.field}: ` : ''}{td(i.message)}</li>)}
                          </ul>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      ) : null}
    </Dialog>
  );
}
