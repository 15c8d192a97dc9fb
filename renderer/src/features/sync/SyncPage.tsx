/**
 * Sync between units: this unit's identity and fingerprint, peers (trusted only after the
 * fingerprint read by the other unit is typed back), bundle export and import with a preview,
 * the outbox/inbox folder exchange, the conflict inbox (winner shown until a planner picks) and
 * the quarantine of refused changes.
 * The page never names a path (issue 15): files are chosen in the desktop shell's dialogs or
 * picked in the browser and sent to the core (api/files.ts); what the core writes for the page
 * comes back as a download.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { FileChoice } from '../../../../shared/api/files.js';
import type { ConflictView, ImportPreview, PeerView } from '../../../../shared/api/sync.js';
import { LIMITS } from '../../../../shared/domain/bounds.js';
import { api } from '../../api/client.js';
import { chooseInShell, downloadStaged, readSmallFile, saveBlob, shellDialogs } from '../../api/files.js';
import { useT } from '../../app/i18n.store.js';
import type { PageProps } from '../../app/routes.js';
import { useHashQuery } from '../../app/router.js';
import { describeError, ErrorState, Loading } from '../../ui/AsyncView.js';
import { Dialog } from '../../ui/Dialog.js';
import { Field } from '../../ui/Field.js';
import { useApiState } from '../../api/queries.js';
import { agencyShort } from '../../../../shared/domain/directory.js';
import { describeQuarantine } from '../../../../shared/sync/describe-quarantine.js';
import { agencyShortName, useAgencies } from '../directory/agencies.js';
import { BundleFileField } from './BundleFileField.js';
import { AutoSyncSection } from './AutoSyncSection.js';
import { FolderExchangeSection } from './FolderExchangeSection.js';
import { JobProgress, useJobProgress } from './JobProgress.js';
import { candidateText, conflictKey, setByText } from './SyncConflictMark.js';
import './sync.css';

type T = ReturnType<typeof useT>;

/** `working`: show the generic busy line (off where a progress bar shows the work). */
function useAction(t: T['t'], working = true) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<ReactNode>(null);
  const [failure, setFailure] = useState<ReactNode>(null);
  const run = async (fn: () => Promise<ReactNode>) => {
    setBusy(true);
    setFailure(null);
    setMessage(null);
    try {
      setMessage(await fn());
    } catch (e) {
      setFailure(describeError(e, t));
    } finally {
      setBusy(false);
    }
  };
  const view = (
    <>
      {busy && working ? <div className="sync-progress" role="status"><progress />{t('sync.working')}</div> : null}
      {failure ? <div className="alert danger" role="alert">{failure}</div> : null}
      {message ? <div className="alert ok" role="status">{message}</div> : null}
    </>
  );
  return { busy, run, view };
}

function IdentitySection(props: { onChange(): void }) {
  const { t, td, lang } = useT();
  const agencies = useAgencies();
  const identity = useApiState('sync', 'identity', {});
  const protection = useApiState('sync', 'keyProtection', {});
  const keychain = protection.state.data?.osKeychain === true;
  const [pass, setPass] = useState('');
  const [repeat, setRepeat] = useState('');
  const action = useAction(t);
  const info = identity.state.data;
  const done = async (p: Promise<unknown>) => {
    await p;
    setPass('');
    setRepeat('');
    await identity.reload();
    props.onChange();
    return null;
  };
  return (
    <section className="card sync-section" data-testid="sync-identity">
      <h2>{t('sync.identity')}</h2>
      {identity.state.status === 'error' ? <ErrorState error={identity.state.error} onRetry={identity.reload} /> : null}
      {protection.state.status === 'error' ? <ErrorState error={protection.state.error} onRetry={protection.reload} /> : null}
      {identity.state.status === 'loading' && info === undefined ? <Loading /> : null}
      {info === null && keychain ? (
        <form className="sync-form" onSubmit={(e) => {
          e.preventDefault();
          void action.run(() => done(api.sync.createIdentity({})));
        }}>
          <p>{t('sync.noIdentityKeychain')}</p>
          <button className="primary" disabled={action.busy}>{t('sync.create')}</button>
        </form>
      ) : null}
      {info === null && protection.state.data?.osKeychain === false ? (
        <form className="sync-form" onSubmit={(e) => {
          e.preventDefault();
          if (pass !== repeat) return void action.run(() => Promise.reject(new Error(t('sync.passphraseMismatch'))));
          void action.run(() => done(api.sync.createIdentity({ passphrase: pass })));
        }}>
          <p>{t('sync.noIdentity')}</p>
          <Field label={t('sync.passphrase')} hint={t('sync.passphraseRule')}><input type="password" autoComplete="new-password" value={pass} onChange={(e) => setPass(e.target.value)} /></Field>
          <Field label={t('sync.passphraseRepeat')}><input type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} /></Field>
          <button className="primary" disabled={action.busy || pass.length < 8}>{t('sync.create')}</button>
        </form>
      ) : null}
      {info ? (
        <>
          <dl className="sync-facts">
            <dt>{t('sync.site')}</dt><dd>{info.siteId}</dd>
            <dt>{t('sync.unit')}</dt><dd>{info.unitName || '—'}</dd>
            <dt>{t('sync.agency')}</dt><dd>{agencyShortName(agencies.byId.get(info.agencyId), lang)}</dd>
            <dt>{t('sync.keyId')}</dt><dd><code>{info.keyId}</code></dd>
            <dt>{t('sync.fingerprint')}</dt><dd><code className="fingerprint" data-testid="own-fingerprint">{info.fingerprint}</code></dd>
            <dt>{t('sync.protectedBy')}</dt><dd data-testid="protected-by">{td(`sync.protectedBy.${info.protectedBy}`)}</dd>
          </dl>
          <p className="hint">{t('sync.fingerprintHint')}</p>
          {!info.unlocked && info.protectedBy === 'os-keychain' ? (
            <form className="sync-form" onSubmit={(e) => {
              e.preventDefault();
              void action.run(() => done(api.sync.unlock({})));
            }}>
              <p>{t('sync.lockedKeychain')}</p>
              <button className="primary" disabled={action.busy}>{t('sync.unlock')}</button>
            </form>
          ) : null}
          {!info.unlocked && info.protectedBy !== 'os-keychain' ? (
            <form className="sync-form" onSubmit={(e) => {
              e.preventDefault();
              void action.run(() => done(api.sync.unlock({ passphrase: pass })));
            }}>
              <p>{t('sync.locked')}</p>
              <Field label={t('sync.passphrase')}><input type="password" autoComplete="current-password" value={pass} onChange={(e) => setPass(e.target.value)} /></Field>
              <button className="primary" disabled={action.busy || pass.length < 8}>{t('sync.unlock')}</button>
            </form>
          ) : null}
          {info.unlocked ? (
            <form className="sync-form inline" onSubmit={(e) => {
              e.preventDefault();
              void action.run(async () => {
                const c = await api.sync.exportCard({});
                saveBlob(new Blob([c.text], { type: 'application/json' }), c.fileName);
                return t('sync.cardSaved', { path: c.fileName });
              });
            }}>
              <button disabled={action.busy}>{t('sync.exportCard')}</button>
              <button type="button" disabled={action.busy} onClick={() => void action.run(() => done(api.sync.lock({})))}>{t('sync.lock')}</button>
            </form>
          ) : null}
        </>
      ) : null}
      {action.view}
    </section>
  );
}

function TrustDialog(props: { peer: PeerView; onClose(): void; onDone(): void }) {
  const { t } = useT();
  const [fp, setFp] = useState('');
  const action = useAction(t);
  return (
    <Dialog title={t('sync.trustTitle', { unit: props.peer.unitName })} onClose={props.onClose} submitLabel={t('sync.trust')} busy={action.busy}
      onSubmit={() => void action.run(async () => {
        await api.sync.trustPeer({ siteId: props.peer.siteId, fingerprint: fp });
        props.onDone();
        return null;
      })}>
      <p>{t('sync.fingerprintHint')}</p>
      <Field label={t('sync.confirmFingerprint')}><input value={fp} autoComplete="off" onChange={(e) => setFp(e.target.value)} /></Field>
      {action.view}
    </Dialog>
  );
}

function PeersSection(props: { peers: PeerView[]; reload(): void }) {
  const { t, td, lang } = useT();
  const agencies = useAgencies();
  const [card, setCard] = useState<File | null>(null);
  const [trusting, setTrusting] = useState<PeerView | null>(null);
  const action = useAction(t);
  return (
    <section className="card sync-section" data-testid="sync-peers">
      <h2>{t('sync.peers')}</h2>
      <form className="sync-form inline" onSubmit={(e) => {
        e.preventDefault();
        if (!card) return;
        void action.run(async () => {
          // A card is small: its text travels in the call, read here (at most 64 KB).
          await api.sync.addPeer({ card: await readSmallFile(card, LIMITS.contactCardBytes) });
          props.reload();
          return null;
        });
      }}>
        <Field label={t('sync.cardPath')}><input type="file" accept=".card,.json" name="card" onChange={(e) => setCard(e.target.files?.[0] ?? null)} /></Field>
        <button disabled={action.busy || !card}>{t('sync.addPeer')}</button>
      </form>
      {action.view}
      {props.peers.length === 0 ? <div className="state">{t('sync.noPeers')}</div> : (
        <table className="table">
          <thead><tr><th>{t('sync.unit')}</th><th>{t('sync.agency')}</th><th>{t('sync.fingerprint')}</th><th>{t('sync.status')}</th><th /></tr></thead>
          <tbody>
            {props.peers.map((p) => (
              <tr key={p.siteId} data-testid="peer-row" data-status={p.status}>
                <td>{p.unitName}<div className="small">{p.siteId}</div></td>
                <td>{agencyShortName(agencies.byId.get(p.agencyId), lang)}</td>
                <td><code className="fingerprint">{p.fingerprint}</code></td>
                <td><span className={`badge peer-${p.status}`}>{td(`sync.status.${p.status}`)}</span></td>
                <td className="actions">
                  {p.status !== 'trusted' ? <button onClick={() => setTrusting(p)}>{t('sync.trust')}</button> : null}
                  {p.status !== 'revoked' ? <button className="danger" onClick={() => void action.run(async () => {
                    await api.sync.revokePeer({ siteId: p.siteId });
                    props.reload();
                    return null;
                  })}>{t('sync.revoke')}</button> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {trusting ? <TrustDialog peer={trusting} onClose={() => setTrusting(null)} onDone={() => { setTrusting(null); props.reload(); }} /> : null}
    </section>
  );
}

function ExportSection(props: { peers: PeerView[]; onDone(): void }) {
  const { t, lang } = useT();
  const agencies = useAgencies();
  const trusted = props.peers.filter((p) => p.status === 'trusted');
  const [to, setTo] = useState<string[]>([]);
  const [full, setFull] = useState(false);
  const [courier, setCourier] = useState('');
  const action = useAction(t, false);
  const job = useJobProgress();
  return (
    <section className="card sync-section" data-testid="sync-export">
      <h2>{t('sync.export')}</h2>
      {trusted.length === 0 ? <div className="state">{t('sync.noTrusted')}</div> : (
        <form className="sync-form" onSubmit={(e) => {
          e.preventDefault();
          void action.run(async () => {
            // The desktop app asks where to save first; browser mode saves a download after.
            let target: FileChoice | null = null;
            if (shellDialogs()) {
              target = await chooseInShell({ mode: 'save', purpose: 'bundle', suggestedName: 'bundle.spilno' });
              if (!target) return null;
            }
            const r = await job.track((progressId) => api.sync.exportBundle({
              progressId, peers: to, full, ...(target ? { to: target.handle } : {}), ...(courier ? { courierPassphrase: courier } : {}),
            }));
            if (r.download) await downloadStaged(r.download);
            props.onDone();
            return t('sync.exported', { id: r.bundleId, count: r.changeCount, bytes: r.bytes, path: r.fileName });
          });
        }}>
          <fieldset><legend>{t('sync.recipients')}</legend>
            {trusted.map((p) => (
              <label key={p.siteId} className="check">
                <input type="checkbox" checked={to.includes(p.siteId)}
                  onChange={(e) => setTo(e.target.checked ? [...to, p.siteId] : to.filter((x) => x !== p.siteId))} />
                {p.unitName} ({agencyShortName(agencies.byId.get(p.agencyId), lang)})
              </label>
            ))}
          </fieldset>
          <label className="check"><input type="checkbox" checked={full} onChange={(e) => setFull(e.target.checked)} />{t('sync.full')}</label>
          <Field label={t('sync.courier')}><input type="password" autoComplete="off" value={courier} onChange={(e) => setCourier(e.target.value)} /></Field>
          <button className="primary" disabled={action.busy || to.length === 0}>{t('sync.doExport')}</button>
        </form>
      )}
      <JobProgress progress={job.progress} />
      {action.view}
    </section>
  );
}

function PreviewView(props: { preview: ImportPreview }) {
  const { t, td, fmt } = useT();
  const p = props.preview;
  if (p.status === 'replay') return <p>{t('sync.replay')}</p>;
  return (
    <div className="sync-preview" data-testid="import-preview">
      <p>{t('sync.previewOf', { unit: p.senderUnit, at: fmt(p.createdAt), count: p.changeCount, added: p.added })}</p>
      <h3>{t('sync.perOperation')}</h3>
      <ul>{p.perOperation.map((o) => <li key={o.operationId ?? '-'}>{o.codeName ?? o.operationId ?? t('sync.directory')}: {o.changes}</li>)}</ul>
      <p>{t('sync.newConflicts', { count: p.newConflictCount })}</p>
      <ul>{p.newConflicts.map((c) => <li key={`${c.entity}:${c.rowId}:${c.field}`}>{td(`sync.kind.${c.kind}`)} — {c.entity}.{c.field}</li>)}</ul>
      <p>{t('sync.quarantinedCount', { count: p.quarantinedCount })}</p>
      <ul>{p.quarantined.map((q, i) => <li key={i}>{q.reason}</li>)}</ul>
      {p.pendingRows > 0 ? <p>{t('sync.pendingRows', { count: p.pendingRows })}</p> : null}
      {p.leftView.operations + p.leftView.tasks + p.leftView.records > 0
        ? <p data-testid="left-view">{t('sync.leftView', { ...p.leftView })}</p> : null}
    </div>
  );
}

/** The chosen file is the page's: the folder exchange hands a bundle awaiting review over to here. */
function ImportSection(props: { file: FileChoice | null; onFileChange(file: FileChoice | null): void; version: number; onDone(): void }) {
  const { t } = useT();
  const { file } = props;
  const [courier, setCourier] = useState('');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const action = useAction(t, false);
  const job = useJobProgress();
  // A preview is a dry run of one file against the plan as it was: another file, or any sync
  // action since (a folder run may even have moved the file), makes it stale.
  useEffect(() => setPreview(null), [file, props.version]);
  const req = () => ({ file: file!.handle, ...(courier ? { courierPassphrase: courier } : {}) });
  return (
    <section className="card sync-section" data-testid="sync-import">
      <h2>{t('sync.import')}</h2>
      <form className="sync-form" onSubmit={(e) => {
        e.preventDefault();
        void action.run(async () => {
          setPreview(await job.track((progressId) => api.sync.previewImport({ ...req(), progressId })));
          return null;
        });
      }}>
        <BundleFileField label={t('sync.inPath')} chosen={file} onChosen={props.onFileChange} disabled={action.busy} />
        <Field label={t('sync.courier')}><input type="password" autoComplete="off" value={courier} onChange={(e) => setCourier(e.target.value)} /></Field>
        <button disabled={action.busy || !file}>{t('sync.preview')}</button>
      </form>
      {preview ? <PreviewView preview={preview} /> : null}
      {preview && preview.status === 'new' ? (
        <button className="primary" disabled={action.busy} onClick={() => void action.run(async () => {
          const r = await job.track((progressId) => api.sync.importBundle({ ...req(), progressId }));
          setPreview(null);
          props.onDone();
          return t('sync.imported', { added: r.added });
        })}>{t('sync.doImport')}</button>
      ) : null}
      <JobProgress progress={job.progress} />
      {action.view}
    </section>
  );
}

function InboxSection() {
  const tr = useT();
  const { t, td } = tr;
  const { byId } = useAgencies();
  // Values as the plan shows them, each with the unit that set it.
  const conflicts = useApiState('sync', 'planConflicts', {});
  const action = useAction(t);
  const pick = (c: ConflictView, candidate: number) => void action.run(async () => {
    await api.sync.resolveConflict({ entity: c.entity, rowId: c.rowId, field: c.field, candidate });
    await conflicts.reload();
    return null;
  });
  const list = conflicts.state.data ?? [];
  // `#/sync?conflict=KEY`: a plan marker links to its entry here.
  const focus = useHashQuery().get('conflict');
  useEffect(() => {
    if (focus) document.querySelector(`[data-conflict-key="${CSS.escape(focus)}"]`)?.scrollIntoView({ block: 'center' });
  }, [focus, conflicts.state.data]);
  return (
    <section className="card sync-section" data-testid="sync-inbox">
      <h2>{t('sync.inbox')}</h2>
      {conflicts.state.status === 'error' ? <ErrorState error={conflicts.state.error} onRetry={conflicts.reload} /> : null}
      {conflicts.state.data && list.length === 0 ? <div className="state">{t('sync.noConflicts')}</div> : null}
      {list.map((c) => (
        <div key={conflictKey(c)} className={`sync-conflict${focus === conflictKey(c) ? ' focused' : ''}`} data-testid="conflict" data-conflict-key={conflictKey(c)}>
          <div>
            <strong>{td(`sync.kind.${c.kind}`)}</strong> — {td(`syncMark.field.${c.field}`)} · {td(`syncMark.entity.${c.entity}`)}{' '}
            {c.where.title ? <>«{c.where.title}»</> : <code>{c.rowId}</code>}
            {c.entity !== 'operation' && c.where.operationCode ? <> {t('syncMark.inOperation', { code: c.where.operationCode })}</> : null}
            {c.operationId ? <>{' · '}<a href={`#/operations/${c.operationId}`}>{t('syncMark.openOperation')}</a></> : null}
          </div>
          <ol>
            {c.candidates.map((v, i) => (
              <li key={`${v.hlc}-${i}`}>
                <strong>{candidateText(c.field, v.value, tr, byId)}</strong>{' '}
                <span className="small" title={t('sync.setBy', { site: v.siteId })}>{setByText(v, tr, byId)}</span>{' '}
                {i === 0 ? <span className="badge">{t('sync.winner')}</span> : null}{' '}
                <button disabled={action.busy} onClick={() => pick(c, i)}>{t('sync.pick')}</button>
              </li>
            ))}
          </ol>
        </div>
      ))}
      {action.view}
    </section>
  );
}

function QuarantineSection() {
  const { t, lang } = useT();
  const { byId } = useAgencies();
  const q = useApiState('sync', 'quarantine', { limit: 500 });
  const rows = q.state.data ?? [];
  const agencyName = (id: string) => {
    const a = byId.get(id);
    return a ? agencyShort(a, lang) : id;
  };
  return (
    <section className="card sync-section" data-testid="sync-quarantine">
      <h2>{t('sync.quarantine')}</h2>
      {q.state.data && rows.length === 0 ? <div className="state">{t('sync.noQuarantine')}</div> : null}
      {rows.length > 0 ? (
        <table className="table">
          <thead><tr><th>{t('quarantine.what')}</th><th>{t('quarantine.fields')}</th><th>{t('sync.reason')}</th><th>{t('sync.from')}</th><th>{t('quarantine.state')}</th></tr></thead>
          <tbody>
            {rows.map((r) => {
              const d = describeQuarantine(lang, r, agencyName);
              return (
                <tr key={`${r.entity}:${r.rowId}:${r.reason}`} data-testid="quarantine-row" data-waiting={r.waiting}>
                  <td>{d.what}</td>
                  <td className="small">{d.fields}</td>
                  <td>{d.reason}</td>
                  <td>{d.from}</td>
                  <td className="small">{d.state}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

export function SyncPage(_props: PageProps) {
  const { t } = useT();
  const peers = useApiState('sync', 'peers', {});
  // Lists refresh on the core's change events; this only tells the import section that a
  // preview it shows was made before the last sync action of this page.
  const [version, setVersion] = useState(0);
  const [importFile, setImportFile] = useState<FileChoice | null>(null);
  const bump = () => setVersion((v) => v + 1);
  const reviewInImport = (file: FileChoice) => {
    setImportFile(file);
    // After the form has re-rendered with the file (its preview button is enabled only then).
    setTimeout(() => document.querySelector<HTMLElement>('[data-testid="sync-import"] button:not(:disabled)')?.focus(), 0);
  };
  return (
    <div className="page sync-page">
      <div className="page-header"><h1>{t('sync.title')}</h1></div>
      <p className="hint">{t('sync.pathsNote')}</p>
      <IdentitySection onChange={bump} />
      <PeersSection peers={peers.state.data ?? []} reload={() => void peers.reload()} />
      <div className="sync-columns">
        <ExportSection peers={peers.state.data ?? []} onDone={bump} />
        <ImportSection file={importFile} onFileChange={setImportFile} version={version} onDone={bump} />
      </div>
      <AutoSyncSection />
      <FolderExchangeSection peers={peers.state.data} onDone={bump} onReview={reviewInImport} />
      <InboxSection />
      <QuarantineSection />
    </div>
  );
}
