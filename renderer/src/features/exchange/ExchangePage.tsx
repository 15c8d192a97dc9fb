/**
 * The exchange log: Article 558 obligations and the six forms' exchanges. Overdue mandatory
 * entries (not sent or not acknowledged by their due time) are counted at the top and shown in
 * red; the state comes from the shared rule `exchangeState`.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState, type ReactNode } from 'react';
import { ExchangeDraft, exchangeState, isMandatoryExchange, type ExchangeEntry } from '../../../../shared/domain/exchange.js';
import {
  EXCHANGE_KINDS, FORMALITIES, HANDLING_CODES, INFO_ACCURACY, INTERACTION_FORMS, SOURCE_RELIABILITY,
} from '../../../../shared/domain/enums.js';
import { api } from '../../api/client.js';
import { useT } from '../../app/i18n.store.js';
import type { PageProps } from '../../app/routes.js';
import { href } from '../../app/router.js';
import { AgencyBadge } from '../../ui/AgencyBadge.js';
import { describeError, ErrorState, Loading } from '../../ui/AsyncView.js';
import { Dialog } from '../../ui/Dialog.js';
import { Field } from '../../ui/Field.js';
import { useFormSubmit } from '../../ui/use-form-submit.js';
import { useApiState } from '../../api/queries.js';
import { HOME_ZONE, isoToWallOrEmpty, wallToIsoOrNull } from '../../ui/zoned-time.js';
import { agencyName, agencyShortName, useAgencies } from '../directory/agencies.js';
import { WallDateTimeInput } from '../../ui/WallTimeInput.js';


const ROW = 44;

export function ExchangePage(_props: PageProps) {
  const { t, td, fmt, lang } = useT();
  const dir = useAgencies();
  const [kind, setKind] = useState('');
  const [agencyId, setAgencyId] = useState('');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [editing, setEditing] = useState<ExchangeEntry | 'new' | null>(null);
  const [failure, setFailure] = useState<ReactNode>(null);
  const { state, reload } = useApiState('exchange', 'list', { kinds: kind ? [kind as ExchangeEntry['kind']] : [], agencyId: agencyId || null, overdueOnly, operationId: null });
  const ops = useApiState('operations', 'list', {});
  const opName = new Map((ops.state.data ?? []).map((o) => [o.id, o.codeName]));
  const parent = useRef<HTMLDivElement>(null);
  const rows = state.data ?? [];
  const v = useVirtualizer({ count: rows.length, getScrollElement: () => parent.current, estimateSize: () => ROW, overscan: 10 });
  const now = new Date();
  const overdueMandatory = rows.filter((e) => isMandatoryExchange(e.kind) && exchangeState(e, now) === 'overdue').length;

  const act = async (fn: () => Promise<unknown>) => {
    setFailure(null);
    try {
      await fn();
      await reload();
    } catch (e) {
      setFailure(describeError(e, t));
    }
  };

  return (
    <div className="page exchange-page">
      <div className="page-header">
        <h1>{t('ex.title')}</h1>
        <span className="spacer" />
        <button className="primary" onClick={() => setEditing('new')}>{t('ex.new')}</button>
      </div>
      {overdueMandatory > 0 ? <div className="alert danger" role="alert" data-testid="exchange-overdue">{t('ex.overdueBanner', { count: overdueMandatory })}</div> : null}
      {failure ? <div className="alert danger" role="alert">{failure}</div> : null}
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label className="filter">
          <span>{t('ex.kind')}</span>
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">{t('ex.allKinds')}</option>
            {EXCHANGE_KINDS.map((k) => <option key={k} value={k}>{td(`exchangeKind.${k}`)}</option>)}
          </select>
        </label>
        <label className="filter">
          <span>{t('ex.agencyFilter')}</span>
          <select value={agencyId} onChange={(e) => setAgencyId(e.target.value)}>
            <option value="">{t('common.all')}</option>
            {dir.agencies.map((a) => <option key={a.id} value={a.id}>{agencyShortName(a, lang)} — {agencyName(a, lang)}</option>)}
          </select>
        </label>
        <label className="check"><input type="checkbox" checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} />{t('ex.overdueOnly')}</label>
      </form>
      {state.status === 'error' ? <ErrorState error={state.error} onRetry={reload} /> : null}
      {!state.data && state.status === 'loading' ? <Loading /> : null}
      {state.data && rows.length === 0 ? <div className="state">{t('ex.empty')}</div> : null}
      {rows.length > 0 ? (
        <div className="vtable" role="table" data-testid="exchange-table">
          <div className="vrow vhead exchange-grid" role="row">
            <span role="columnheader">{t('ex.state')}</span><span role="columnheader">{t('ex.subject')}</span>
            <span role="columnheader">{t('ex.kind')}</span><span role="columnheader">{t('ex.from')} → {t('ex.to')}</span>
            <span role="columnheader">{t('ex.dueAt')}</span><span role="columnheader">{t('ex.operation')}</span>
            <span role="columnheader">{t('ex.handlingCode')}</span><span role="columnheader">{t('common.actions')}</span>
          </div>
          <div className="vbody" ref={parent}>
            <div style={{ height: v.getTotalSize(), position: 'relative' }}>
              {v.getVirtualItems().map((item) => {
                const e = rows[item.index]!;
                const st = exchangeState(e, now);
                const mandatory = isMandatoryExchange(e.kind);
                return (
                  <div key={e.id} role="row" data-testid="exchange-row" data-state={st}
                    className={`vrow exchange-grid${st === 'overdue' && mandatory ? ' overdue' : ''}`}
                    style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW, transform: `translateY(${item.start}px)` }}>
                    <span role="cell"><span className={`badge state-${st}`}>{td(`exchangeState.${st}`)}</span></span>
                    <span role="cell"><button className="link cell-link" onClick={() => setEditing(e)} title={e.subject}>{e.subject}</button></span>
                    <span role="cell" className="small" title={`${mandatory ? `${t('ex.mandatory')} ` : ''}${td(`exchangeKind.${e.kind}`)}`}>
                      {mandatory ? <span className="badge warn">{t('ex.mandatory')}</span> : null} {td(`exchangeKind.${e.kind}`)}
                    </span>
                    <span role="cell" className="agencies"><AgencyBadge agency={dir.byId.get(e.fromAgencyId)} />→<AgencyBadge agency={dir.byId.get(e.toAgencyId)} /></span>
                    <span role="cell" className="small">{e.dueAt ? fmt(e.dueAt, 'd MMM yyyy HH:mm') : ''}</span>
                    <span role="cell" className="small">{e.operationId ? <a href={href(`/operations/${e.operationId}`)}>{opName.get(e.operationId) ?? '…'}</a> : ''}</span>
                    <span role="cell"><span className={`handling handling-${e.handlingCode}`}>{e.handlingCode}</span></span>
                    <span role="cell" className="row-actions">
                      {!e.sentAt ? <button className="small" onClick={() => act(() => api.exchange.markSent({ id: e.id, at: new Date().toISOString() }))}>{t('ex.markSent')}</button> : null}
                      {e.sentAt && !e.acknowledgedAt ? <button className="small" onClick={() => act(() => api.exchange.acknowledge({ id: e.id, at: new Date().toISOString() }))}>{t('ex.acknowledge')}</button> : null}
                    </span>
                  </div>
                );
              })}
            </div>
          </div>
        </div>
      ) : null}
      {editing ? (
        <ExchangeFormDialog entry={editing === 'new' ? undefined : editing} operations={(ops.state.data ?? []).map((o) => ({ id: o.id, codeName: o.codeName, timeZone: o.timeZone }))}
          onClose={() => setEditing(null)} onSaved={reload} />
      ) : null}
    </div>
  );
}

function ExchangeFormDialog(props: { entry: ExchangeEntry | undefined; operations: { id: string; codeName: string; timeZone: string }[]; onClose(): void; onSaved(): Promise<void> }) {
  const { t, td, lang } = useT();
  const { agencies } = useAgencies();
  const e = props.entry;
  // Times are read and shown in the zone of the operation the entry belongs to (zoned-time.ts).
  const zoneOf = (operationId: string | null | undefined) => props.operations.find((o) => o.id === operationId)?.timeZone ?? HOME_ZONE;
  const startZone = zoneOf(e?.operationId);
  const [m, setM] = useState({
    kind: e?.kind ?? 'art558_notification', form: e?.form ?? 'information_exchange', formality: e?.formality ?? 'formal',
    legalBasis: e?.legalBasis ?? (e ? '' : 'ст. 558 Митного кодексу України'), fromAgencyId: e?.fromAgencyId ?? 'DMS', toAgencyId: e?.toAgencyId ?? 'NPU',
    operationId: e?.operationId ?? '', subject: e?.subject ?? '', body: e?.body ?? '', handlingCode: e?.handlingCode ?? 'H2',
    handlingNote: e?.handlingNote ?? '', sourceReliability: e?.sourceReliability ?? 'X', infoAccuracy: e?.infoAccuracy ?? '4',
    sentAt: isoToWallOrEmpty(e?.sentAt ?? null, startZone), dueAt: isoToWallOrEmpty(e?.dueAt ?? null, startZone),
    acknowledgedAt: isoToWallOrEmpty(e?.acknowledgedAt ?? null, startZone),
  });
  const zone = zoneOf(m.operationId);
  const form = useFormSubmit();
  const { errors, busy } = form;
  const set = (p: Partial<typeof m>) => setM((x) => ({ ...x, ...p }));
  const submit = () => {
    const input = {
      ...m, operationId: m.operationId || null,
      sentAt: wallToIsoOrNull(m.sentAt, zone), dueAt: wallToIsoOrNull(m.dueAt, zone), acknowledgedAt: wallToIsoOrNull(m.acknowledgedAt, zone),
    };
    return form.submit(ExchangeDraft, input, async () => {
      if (e) await api.exchange.update({ id: e.id, patch: input });
      else await api.exchange.create(input);
      await props.onSaved();
      props.onClose();
    });
  };
  const agencyOptions = agencies.map((a) => <option key={a.id} value={a.id}>{agencyShortName(a, lang)} — {agencyName(a, lang)}</option>);
  return (
    <Dialog title={t('ex.formTitle')} onClose={props.onClose} onSubmit={submit} busy={busy} wide testId="exchange-form"
      footerExtra={form.footer}>
      <div className="grid">
        <Field label={t('ex.kind')} error={errors.kind} wide>
          <select value={m.kind} onChange={(x) => set({ kind: x.target.value as typeof m.kind })} name="kind" data-autofocus>
            {EXCHANGE_KINDS.map((k) => <option key={k} value={k}>{td(`exchangeKind.${k}`)}</option>)}
          </select>
        </Field>
        <Field label={t('ex.form')} error={errors.form}>
          <select value={m.form} onChange={(x) => set({ form: x.target.value as typeof m.form })} name="form">
            {INTERACTION_FORMS.map((k) => <option key={k} value={k}>{td(`form.${k}`)}</option>)}
          </select>
        </Field>
        <Field label={t('ex.formality')} error={errors.formality}>
          <select value={m.formality} onChange={(x) => set({ formality: x.target.value as typeof m.formality })} name="formality">
            {FORMALITIES.map((k) => <option key={k} value={k}>{td(`formality.${k}`)}</option>)}
          </select>
        </Field>
        <Field label={t('ex.legalBasis')} error={errors.legalBasis}>
          <input value={m.legalBasis} onChange={(x) => set({ legalBasis: x.target.value })} name="legalBasis" />
        </Field>
        <Field label={t('ex.from')} error={errors.fromAgencyId}>
          <select value={m.fromAgencyId} onChange={(x) => set({ fromAgencyId: x.target.value })} name="fromAgencyId">{agencyOptions}</select>
        </Field>
        <Field label={t('ex.to')} error={errors.toAgencyId}>
          <select value={m.toAgencyId} onChange={(x) => set({ toAgencyId: x.target.value })} name="toAgencyId">{agencyOptions}</select>
        </Field>
        <Field label={t('ex.operation')} error={errors.operationId}>
          <select value={m.operationId} onChange={(x) => set({ operationId: x.target.value })} name="operationId">
            <option value="">{t('ex.noOperation')}</option>
            {props.operations.map((o) => <option key={o.id} value={o.id}>{o.codeName}</option>)}
          </select>
        </Field>
        <Field label={t('ex.subject')} error={errors.subject} wide>
          <input value={m.subject} onChange={(x) => set({ subject: x.target.value })} name="subject" />
        </Field>
        <Field label={t('ex.body')} error={errors.body} wide>
          <textarea rows={4} value={m.body} onChange={(x) => set({ body: x.target.value })} name="body" />
        </Field>
        <Field label={t('ex.handlingCode')} error={errors.handlingCode}>
          <select value={m.handlingCode} onChange={(x) => set({ handlingCode: x.target.value as typeof m.handlingCode })} name="handlingCode">
            {HANDLING_CODES.map((k) => <option key={k} value={k}>{td(`handling.${k}`)}</option>)}
          </select>
        </Field>
        {m.handlingCode === 'H3' || m.handlingNote ? (
          <Field label={t('ex.handlingNote')} error={errors.handlingNote}>
            <input value={m.handlingNote} onChange={(x) => set({ handlingNote: x.target.value })} name="handlingNote" />
          </Field>
        ) : null}
        <Field label={t('ex.reliability')} error={errors.sourceReliability}>
          <select value={m.sourceReliability} onChange={(x) => set({ sourceReliability: x.target.value as typeof m.sourceReliability })} name="sourceReliability">
            {SOURCE_RELIABILITY.map((k) => <option key={k} value={k}>{td(`reliability.${k}`)}</option>)}
          </select>
        </Field>
        <Field label={t('ex.accuracy')} error={errors.infoAccuracy}>
          <select value={m.infoAccuracy} onChange={(x) => set({ infoAccuracy: x.target.value as typeof m.infoAccuracy })} name="infoAccuracy">
            {INFO_ACCURACY.map((k) => <option key={k} value={k}>{td(`accuracy.${k}`)}</option>)}
          </select>
        </Field>
        <Field label={t('ex.sentAt')} error={errors.sentAt} hint={t('ex.timesHint', { zone })}>
          <WallDateTimeInput value={m.sentAt} onChange={(v) => set({ sentAt: v })} name="sentAt" />
        </Field>
        <Field label={t('ex.dueAt')} error={errors.dueAt}>
          <WallDateTimeInput value={m.dueAt} onChange={(v) => set({ dueAt: v })} name="dueAt" />
        </Field>
        <Field label={t('ex.acknowledgedAt')} error={errors.acknowledgedAt}>
          <WallDateTimeInput value={m.acknowledgedAt} onChange={(v) => set({ acknowledgedAt: v })} name="acknowledgedAt" />
        </Field>
      </div>
    </Dialog>
  );
}
