/**
 * Roster import: read the file, show every row with its errors (next to the row number, so a
 * wide file never pushes them out of view), and write either every row — only when all are
 * valid — or, when the planner chooses it, the valid rows alone, reporting the lines left out.
 * Each is one API call, one transaction. Cancel writes nothing. The values the fixed-list
 * columns allow are listed in the reader's language.
 */
import { useMemo, useState, type ReactNode } from 'react';
import type { Unit } from '../../../../shared/domain/directory.js';
import { parseRoster, ROSTER_CHOICES, validRosterDrafts, type RosterKind } from '../../../../shared/import/roster-csv.js';
import type { MessageKey } from '../../../../shared/i18n/index.js';
import { LIMITS } from '../../../../shared/domain/bounds.js';
import { api } from '../../api/client.js';
import { readSmallFile } from '../../api/files.js';
import { useT } from '../../app/i18n.store.js';
import { describeError } from '../../ui/AsyncView.js';
import { Dialog } from '../../ui/Dialog.js';
import { Field } from '../../ui/Field.js';
import { useAgencies } from './agencies.js';

/** Column → the label the app's forms show for it. */
const COLUMN_LABEL: Record<string, MessageKey> = {
  agency: 'setup.agency', unit: 'setup.unit', fullName: 'dir.fullName', position: 'dir.position', rank: 'dir.rank',
  phone: 'dir.phone', email: 'dir.email', callsign: 'dir.callsign', skills: 'dir.skills', clearance: 'dir.clearance',
  name: 'dir.resName', kind: 'dir.resKind', capacity: 'dir.capacity', identifier: 'dir.identifier', notes: 'common.notes',
};

export function RosterImportDialog(props: { units: Unit[]; onClose(): void; onImported(count: number): void }) {
  const { t, td, lang } = useT();
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
  const goodDrafts = parsed ? validRosterDrafts(parsed) : [];
  const [skipped, setSkipped] = useState<{ imported: number; lines: number[] } | null>(null);
  const columnLabel = (c: string) => (COLUMN_LABEL[c] ? t(COLUMN_LABEL[c]) : c);

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
  const write = async (drafts: unknown[]) => {
    if (kind === 'people') return api.directory.importPeople({ people: drafts as never });
    return api.directory.importResources({ resources: drafts as never });
  };
  const submit = async () => {
    if (!parsed || !canImport) return;
    setBusy(true);
    try {
      const written = await write(parsed.rows.map((r) => r.draft!));
      props.onImported(written.length);
      props.onClose();
    } catch (e) {
      setFailure(describeError(e, t));
    } finally {
      setBusy(false);
    }
  };
  /** The valid rows only; the dialog stays open on the report of the lines left out. */
  const importValid = async () => {
    if (!parsed || goodDrafts.length === 0) return;
    setBusy(true);
    setFailure(null);
    try {
      const written = await write(goodDrafts);
      props.onImported(written.length);
      setSkipped({ imported: written.length, lines: parsed.rows.filter((r) => r.issues.length > 0).map((r) => r.line) });
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
      settled={skipped !== null}
      testId="import-dialog"
      footerExtra={failure ? <span className="form-failure" role="alert">{failure}</span> : skipped ? null : parsed && !canImport ? (
        <>
          <span className="form-failure">{t('imp.blocked')}</span>
          {goodDrafts.length > 0 ? (
            <button type="button" onClick={() => void importValid()} disabled={busy} data-testid="import-valid">
              {t('imp.importValid', { count: goodDrafts.length, bad })}
            </button>
          ) : null}
        </>
      ) : null}
    >
      {skipped ? (
        <div className="alert ok" role="status" data-testid="import-partial">
          {t('imp.partialDone', { count: skipped.imported, lines: skipped.lines.join(', ') })}
        </div>
      ) : null}
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
      <details className="small" data-testid="import-allowed">
        <summary>{t('imp.allowed')}</summary>
        <dl>
          <dt>{columnLabel('agency')}</dt>
          <dd>{agencies.map((a) => (lang === 'uk' ? a.shortUk : a.shortEn) || a.code).join(', ')}</dd>
          {(kind === 'people' ? (['skills', 'clearance'] as const) : (['kind'] as const)).map((c) => (
            <div key={c}>
              <dt>{columnLabel(c)}</dt>
              <dd>{ROSTER_CHOICES[c].codes.map((code) => td(`${ROSTER_CHOICES[c].labelPrefix}.${code}`)).join(', ')}</dd>
            </div>
          ))}
        </dl>
      </details>
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
                    <th>{t('imp.errors')}</th>
                    {parsed.columns.map((c) => <th key={c}>{columnLabel(c)}</th>)}
                  </tr>
                </thead>
                <tbody>
                  {parsed.rows.map((r) => (
                    <tr key={r.line} className={r.issues.length ? 'invalid' : ''}>
                      <td className="num">{r.line}</td>
                      <td>
                        {r.issues.length === 0 ? t('imp.ok') : (
                          <ul className="row-errors">
                            {r.issues.map((i, k) => (
                              <li key={k}>{i.field ? `${columnLabel(i.field)}: ` : ''}{td(i.message)}{i.params?.['value'] ? ` «${i.params['value']}»` : ''}</li>
                            ))}
                          </ul>
                        )}
                      </td>
                      {parsed.columns.map((c) => <td key={c}>{r.values[c]}</td>)}
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
