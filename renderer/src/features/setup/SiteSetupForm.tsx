/**
 * This installation's agency, unit and operator: asked once on a new store (FirstRunGate), and
 * editable later on the Settings page. The agency select is disabled once the core says it is
 * fixed (shared/api/system.ts says why) and the form says so.
 */
import { useState } from 'react';
import { SiteSetupInput, type SiteSetup } from '../../../../shared/api/system.js';
import { api } from '../../api/client.js';
import { queryClient, useApiState } from '../../api/queries.js';
import { useT } from '../../app/i18n.store.js';
import { navigate } from '../../app/router.js';
import { ErrorState, Loading } from '../../ui/AsyncView.js';
import { Field } from '../../ui/Field.js';
import { useFormSubmit } from '../../ui/use-form-submit.js';
import { agencyName, agencyShortName, useAgencies } from '../directory/agencies.js';

interface Draft { agencyId: string; unitName: string; operatorName: string; loadDemo: boolean }

function SetupFields(props: { setup: SiteSetup; firstRun: boolean; onDone?: () => void }) {
  const { t, lang } = useT();
  const dir = useAgencies();
  const { errors, busy, footer, submit } = useFormSubmit();
  const [saved, setSaved] = useState(false);
  const [draft, setDraft] = useState<Draft>({
    agencyId: props.setup.agencyId, unitName: props.setup.unitName, operatorName: props.setup.operatorName, loadDemo: false,
  });
  const set = (patch: Partial<Draft>) => {
    setSaved(false);
    setDraft((d) => ({ ...d, ...patch }));
  };
  const agency = dir.byId.get(props.setup.agencyId);
  return (
    <form
      className="setup-form"
      data-testid="site-setup"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit(SiteSetupInput, draft, async (input) => {
          const done = await api.system.completeSetup(input);
          // The agency decides what every view shows: ask everything again.
          await queryClient.invalidateQueries();
          setSaved(true);
          props.onDone?.();
          if (done.demoOperationId) navigate(`/operations/${done.demoOperationId}`);
        });
      }}
    >
      <Field label={t('setup.agency')} error={errors['agencyId']}>
        <select value={draft.agencyId} disabled={props.setup.agencyFixed} onChange={(e) => set({ agencyId: e.target.value })} name="agencyId">
          {dir.agencies.map((a) => <option key={a.id} value={a.id}>{agencyShortName(a, lang)} — {agencyName(a, lang)}</option>)}
        </select>
      </Field>
      {props.setup.agencyFixed ? (
        <p className="muted small" data-testid="setup-agency-fixed">{t('setup.agencyFixedNote', { agency: agencyShortName(agency, lang) })}</p>
      ) : null}
      <Field label={t('setup.unit')} error={errors['unitName']} hint={t('setup.unitHint')}>
        <input name="unitName" value={draft.unitName} maxLength={200} onChange={(e) => set({ unitName: e.target.value })} />
      </Field>
      <Field label={t('setup.operator')} error={errors['operatorName']} hint={t('setup.operatorHint')}>
        <input name="operatorName" value={draft.operatorName} maxLength={120} onChange={(e) => set({ operatorName: e.target.value })} />
      </Field>
      {props.firstRun ? (
        <label className="check">
          <input type="checkbox" name="loadDemo" checked={draft.loadDemo} onChange={(e) => set({ loadDemo: e.target.checked })} />
          {t('setup.loadDemo')}
        </label>
      ) : null}
      <div className="row-actions">
        <button type="submit" className="primary" disabled={busy}>{t(props.firstRun ? 'setup.start' : 'setup.save')}</button>
        {saved && !props.firstRun ? <span role="status" className="muted">{t('setup.saved')}</span> : null}
      </div>
      {footer}
    </form>
  );
}

/** The Settings section: the same questions, and the demo on demand. */
export function SiteSetupSection() {
  const { t } = useT();
  const { state, reload } = useApiState('system', 'setup', {});
  const [demo, setDemo] = useState<{ busy: boolean; id: string | null; error: unknown }>({ busy: false, id: null, error: null });
  if (state.status === 'error') return <ErrorState error={state.error} onRetry={reload} />;
  if (!state.data) return <Loading />;
  const loadDemo = async () => {
    setDemo({ busy: true, id: null, error: null });
    try {
      const { operationId } = await api.system.loadDemo({ withCompleted: true });
      setDemo({ busy: false, id: operationId, error: null });
    } catch (e) {
      setDemo({ busy: false, id: null, error: e });
    }
  };
  return (
    <div>
      <SetupFields setup={state.data} firstRun={false} />
      <h4>{t('setup.demo')}</h4>
      <p className="muted small">{t('setup.demoHint')}</p>
      <div className="row-actions">
        <button type="button" onClick={() => void loadDemo()} disabled={demo.busy} data-testid="settings-load-demo">{t('ops.loadDemo')}</button>
        {demo.id ? (
          <span role="status">{t('setup.demoLoaded')} <button type="button" className="link" onClick={() => navigate(`/operations/${demo.id}`)}>{t('setup.openDemo')}</button></span>
        ) : null}
      </div>
      {demo.error ? <ErrorState error={demo.error} /> : null}
    </div>
  );
}

/** Shows the setup instead of the app until this installation says who it is. */
export function FirstRunGate(props: { children: React.ReactNode }) {
  const { t } = useT();
  const { state, reload } = useApiState('system', 'setup', {});
  if (state.status === 'error') return <div className="page"><ErrorState error={state.error} onRetry={reload} /></div>;
  if (!state.data) return <Loading />;
  if (!state.data.needed) return <>{props.children}</>;
  return (
    <div className="page setup-page">
      <div className="page-header"><h1>{t('setup.title')}</h1></div>
      <p className="setup-intro">{t('setup.intro')}</p>
      <section className="panel">
        <SetupFields setup={state.data} firstRun />
      </section>
    </div>
  );
}
