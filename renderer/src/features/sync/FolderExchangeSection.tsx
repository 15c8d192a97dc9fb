/**
 * Folder exchange on the Sync page: one run writes a bundle for every trusted peer to the outbox
 * and goes through the inbox (see electron/sync/folders.ts), with a step-by-step progress bar.
 * Bundles the run would not import on its own are left where they are and handed to the page's
 * import form, which previews them in full, so a bundle with quarantined changes is always
 * imported by a person who has read what it does.
 * The page never names a folder: the desktop app asks for each in its own dialog; in browser
 * mode they are the two named on `spilno web --outbox DIR --inbox DIR` (files.folders).
 */
import { useState, type ReactNode } from 'react';
import type { FileChoice, FolderRole } from '../../../../shared/api/files.js';
import type { FolderSyncResult, ImportPreview, PeerView } from '../../../../shared/api/sync.js';
import { api, ApiCallError } from '../../api/client.js';
import { chooseInShell, shellDialogs } from '../../api/files.js';
import { useApiState } from '../../api/queries.js';
import { useT, type Translator } from '../../app/i18n.store.js';
import { hasMessage, type MessageKey } from '../../../../shared/i18n/index.js';
import { describeError } from '../../ui/AsyncView.js';
import { useFolderExchange } from './folder-exchange.store.js';
import { JobProgress, useJobProgress } from './JobProgress.js';

function previewSummary(p: ImportPreview, { t, fmt }: Translator): string {
  if (p.status === 'replay') return t('sync.replay');
  return [
    t('sync.previewOf', { unit: p.senderUnit, at: fmt(p.createdAt), count: p.changeCount, added: p.added }),
    t('sync.newConflicts', { count: p.newConflictCount }),
    t('sync.quarantinedCount', { count: p.quarantinedCount }),
  ].join(' · ');
}

const fileName = (file: string) => file.split(/[\\/]/).pop() ?? file;

function FolderResult(props: { result: FolderSyncResult; peers: readonly PeerView[]; onReview(file: FileChoice): void }) {
  const tr = useT();
  const { t } = tr;
  const { exported, imported, awaitingReview, refused } = props.result;
  if (exported.length + imported.length + awaitingReview.length + refused.length === 0) {
    return <div className="state" data-testid="folder-nothing">{t('sync.folder.nothing')}</div>;
  }
  const peerName = (siteId: string) => {
    const p = props.peers.find((x) => x.siteId === siteId);
    return p ? `${p.unitName} (${p.agencyId})` : siteId;
  };
  return (
    <div className="folder-result" data-testid="folder-result">
      <ResultGroup title={t('sync.folder.written', { count: exported.length })} items={exported} render={(e) => (
        <li key={e.file} data-testid="folder-exported" data-peer={e.peer} data-changes={e.changes}>
          <strong>{peerName(e.peer)}</strong> — {t('sync.folder.changes', { count: e.changes })}
          <div><code>{e.file}</code></div>
        </li>
      )} />
      <ResultGroup title={t('sync.folder.imported', { count: imported.length })} note={t('sync.folder.importedNote')} items={imported} render={(i) => (
        <li key={i.file} data-testid="folder-imported" data-added={i.preview.added}>
          <strong title={i.file}>{fileName(i.file)}</strong> — {previewSummary(i.preview, tr)}
        </li>
      )} />
      <ResultGroup title={t('sync.folder.awaiting', { count: awaitingReview.length })} note={t('sync.folder.awaitingNote')} items={awaitingReview} render={(w) => (
        <li key={w.file} data-testid="folder-awaiting" data-quarantined={w.preview.quarantinedCount}>
          <div>{previewSummary(w.preview, tr)}</div>
          <div className="folder-file">
            <code>{w.file}</code>
            <button type="button" onClick={() => props.onReview(w.choice)}>{t('sync.folder.openInImport')}</button>
          </div>
        </li>
      )} />
      <ResultGroup title={t('sync.folder.refused', { count: refused.length })} note={t('sync.folder.refusedNote')} items={refused} render={(f) => (
        <li key={f.file} data-testid="folder-refused">
          <strong title={f.file}>{fileName(f.file)}</strong> — {f.messageKey && hasMessage(f.messageKey) ? t(f.messageKey as MessageKey, f.params ?? {}) : f.reason}
          <div><code>{f.file}</code></div>
        </li>
      )} />
    </div>
  );
}

/** One kind of outcome of a run, with its count and what happened to the files; nothing when empty. */
function ResultGroup<T>(props: { title: string; note?: string; items: readonly T[]; render(item: T): ReactNode }) {
  if (props.items.length === 0) return null;
  return (
    <>
      <h3>{props.title}</h3>
      {props.note ? <p className="hint">{props.note}</p> : null}
      <ul>{props.items.map(props.render)}</ul>
    </>
  );
}

/** One side of the exchange: the folder granted to this session, and (desktop) a dialog to choose it. */
export function FolderChoice(props: { role: FolderRole; label: string; chosen: Pick<FileChoice, 'name'> | null | undefined; onChosen(): void }) {
  const { t } = useT();
  const [failure, setFailure] = useState<unknown>(null);
  return (
    <div className="field" data-testid={`folder-${props.role}`}>
      <span>{props.label}</span>
      <div>
        {props.chosen ? <code>{props.chosen.name}</code> : <span className="muted">{t('files.noFolder')}</span>}{' '}
        {shellDialogs() ? (
          <button type="button" onClick={() => {
            setFailure(null);
            chooseInShell({ mode: 'folder', role: props.role }).then((c) => c && props.onChosen(), setFailure);
          }}>{t('files.chooseFolder')}</button>
        ) : null}
      </div>
      {failure ? <div className="alert danger" role="alert">{describeError(failure, t)}</div> : null}
    </div>
  );
}

/** `peers` is undefined while the page is still loading them. */
export function FolderExchangeSection(props: { peers: readonly PeerView[] | undefined; onDone(): void; onReview(file: FileChoice): void }) {
  const { t } = useT();
  const { autoImport, setAutoImport } = useFolderExchange();
  const folders = useApiState('files', 'folders', {});
  const outbox = folders.state.data?.outbox ?? null;
  const inbox = folders.state.data?.inbox ?? null;
  const job = useJobProgress();
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<FolderSyncResult | null>(null);
  const noTrusted = props.peers !== undefined && !props.peers.some((p) => p.status === 'trusted');
  const run = async () => {
    setRunning(true);
    setError(null);
    setResult(null);
    try {
      if (!outbox || !inbox) return;
      setResult(await job.track((progressId) => api.sync.syncFolders({ progressId, outbox: outbox.handle, inbox: inbox.handle, autoImport })));
      props.onDone();
    } catch (e) {
      setError(e);
    } finally {
      setRunning(false);
    }
  };
  return (
    <section className="card sync-section" data-testid="sync-folders">
      <h2>{t('sync.folder.title')}</h2>
      <p className="hint">{t('sync.folder.intro')}</p>
      <form className="sync-form" onSubmit={(e) => {
        e.preventDefault();
        void run();
      }}>
        <FolderChoice role="outbox" label={t('sync.folder.outbox')} chosen={folders.state.data?.outbox} onChosen={() => void folders.reload()} />
        <FolderChoice role="inbox" label={t('sync.folder.inbox')} chosen={folders.state.data?.inbox} onChosen={() => void folders.reload()} />
        {!shellDialogs() && folders.state.data && (!outbox || !inbox) ? (
          <div className="alert warn" data-testid="folder-browser-hint">{t('files.browserFolders')}</div>
        ) : null}
        <label className="check">
          <input type="checkbox" checked={autoImport} onChange={(e) => setAutoImport(e.target.checked)} />{t('sync.folder.autoImport')}
        </label>
        <div className="hint">{t('sync.folder.autoImportHint')}</div>
        {noTrusted ? <div className="alert warn" data-testid="folder-no-trusted">{t('sync.folder.noTrusted')}</div> : null}
        <button className="primary" disabled={running || !outbox || !inbox}>{t('sync.folder.run')}</button>
      </form>
      {running && !job.progress ? <div className="sync-progress" role="status"><progress />{t('sync.working')}</div> : null}
      <JobProgress progress={job.progress} />
      {error ? <div className="alert danger" role="alert">{describeError(error, t)}</div> : null}
      {/* The typed error names the code; where to fix it is this page's to say. */}
      {error instanceof ApiCallError && error.code === 'locked' ? (
        <div className="alert warn" data-testid="folder-need-keys">{t('sync.folder.needKeys')}</div>
      ) : null}
      {result ? <FolderResult result={result} peers={props.peers ?? []} onReview={props.onReview} /> : null}
    </section>
  );
}
